package edge_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/data"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

func TestDeterministic(t *testing.T) {
	g := example.Gateway(t, "prod")
	g.Access.APIAllowlist = []string{"198.51.100.0/24", "192.0.2.0/24", "203.0.113.64/26"}
	first := example.YAML(t, append(build(t, g), lbcObject(g)))
	for range 5 {
		if got := example.YAML(t, append(build(t, g), lbcObject(g))); !bytes.Equal(first, got) {
			t.Fatal("two builds of the same gateway differ")
		}
	}
}

// variants are the example environments plus the spec options that change
// the objects' shape.
func variants(t *testing.T) map[string]*resolve.Gateway {
	out := map[string]*resolve.Gateway{}
	for _, env := range example.Environments() {
		out[env] = example.Gateway(t, env)
	}
	g := example.Gateway(t, "staging")
	g.Access.APIAllowlist = []string{"198.51.100.0/24", "192.0.2.16/28", "203.0.113.64/26", "2001:db8::/32"}
	g.Access.AdminAllowlist = []string{"203.0.113.0/26", "203.0.113.128/26", "198.51.100.7/32", "192.0.2.0/28"}
	g.Edge.CreateGatewayClass = true
	g.Edge.TLSPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	g.Edge.AccessLogsBucket = "logs-bucket"
	out["allowlists"] = g
	out["preview"] = example.Preview(t, "42")
	return out
}

// objects are what the edge contributes to the cluster: the builder's
// objects and, for an environment, the LoadBalancerConfiguration the
// Crossplane composition composes from LoadBalancerConfigurationSpec.
func objects(t testing.TB, g *resolve.Gateway) []map[string]any {
	objs := build(t, g)
	if g.Preview == nil {
		objs = append(objs, lbcObject(g))
	}
	return objs
}

// TestValidAgainstCRDs checks every object against its CRD as the API server
// would (unknown fields, OpenAPI schema, list types and CEL rules: Gateway
// API and the AWS Load Balancer Controller), and that it already carries
// every value the API server would default, so Argo CD shows no permanent
// diff.
func TestValidAgainstCRDs(t *testing.T) {
	set := crdschema.Upstream(t)
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			set.Check(t, build(t, g))
			if g.Preview != nil {
				return
			}
			// The LoadBalancerConfiguration is composed by Crossplane, which
			// applies it server side; Argo CD never diffs it, so a value the
			// API server defaults (alpnPolicy: None, which the controller
			// ignores on HTTPS) is no drift. It must still be valid.
			if err := set.Validate(lbcObject(g)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCRDValidationCatchesMistakes makes sure the checks above can fail.
func TestCRDValidationCatchesMistakes(t *testing.T) {
	set := crdschema.Upstream(t)
	g := example.Gateway(t, "dev")
	objs := build(t, g)
	tests := []struct {
		name   string
		kind   string
		obj    string
		mutate func(o map[string]any)
		want   string
	}{
		{"CEL: tls on an HTTP listener", "Gateway", g.Contract().Edge.Gateway, func(o map[string]any) {
			ls, _, _ := unstructured.NestedSlice(o, "spec", "listeners")
			ls[0].(map[string]any)["tls"] = map[string]any{"mode": "Terminate", "options": map[string]any{"a.b/c": "d"}}
			_ = unstructured.SetNestedSlice(o, ls, "spec", "listeners")
		}, "tls must not be specified"},
		{"CEL: fixed response status", "ListenerRuleConfiguration", edge.BlockedRuleConfigName(g), func(o map[string]any) {
			_ = unstructured.SetNestedSlice(o, []any{map[string]any{"type": "fixed-response", "fixedResponseConfig": map[string]any{"statusCode": int64(302)}}}, "spec", "actions")
		}, "StatusCode must be a valid HTTP status code"},
		{"schema: unknown field", "TargetGroupConfiguration", g.Name("api"), func(o map[string]any) {
			_ = unstructured.SetNestedField(o, "x", "spec", "defaultConfiguration", "bogus")
		}, "unknown field"},
		{"schema: enum", "HTTPRoute", edge.APIRouteName(g), func(o map[string]any) {
			rules, _, _ := unstructured.NestedSlice(o, "spec", "rules")
			ms := rules[1].(map[string]any)["matches"].([]any)
			ms[0].(map[string]any)["path"].(map[string]any)["type"] = "Glob"
			_ = unstructured.SetNestedSlice(o, rules, "spec", "rules")
		}, "Glob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := find(t, objs, tt.kind, tt.obj)
			o = deepCopy(o)
			tt.mutate(o)
			err := set.Validate(o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func deepCopy(o map[string]any) map[string]any {
	return (&unstructured.Unstructured{Object: o}).DeepCopy().Object
}

func TestGateway(t *testing.T) {
	g := example.Gateway(t, "staging")
	objs := build(t, g)
	gw := find(t, objs, "Gateway", g.Contract().Edge.Gateway)
	class, _, _ := unstructured.NestedString(gw, "spec", "gatewayClassName")
	if class != "aws-alb" {
		t.Errorf("gatewayClassName %q, want the default aws-alb", class)
	}
	ref, _, _ := unstructured.NestedStringMap(gw, "spec", "infrastructure", "parametersRef")
	want := map[string]string{"group": "gateway.k8s.aws", "kind": "LoadBalancerConfiguration", "name": "ai-gateway-alb"}
	if !reflect.DeepEqual(ref, want) {
		t.Errorf("parametersRef %v, want %v", ref, want)
	}
	listeners, _, _ := unstructured.NestedSlice(gw, "spec", "listeners")
	var got []string
	for _, l := range listeners {
		m := l.(map[string]any)
		got = append(got, fmt.Sprintf("%v %v/%v %v", m["name"], m["protocol"], m["port"], m["hostname"]))
	}
	wantL := []string{"http HTTP/80 <nil>", "https-api HTTPS/443 api.staging.ai.example.com", "https-admin HTTPS/443 admin.staging.ai.example.com"}
	if !slices.Equal(got, wantL) {
		t.Errorf("listeners\n got %q\nwant %q", got, wantL)
	}
	for _, o := range objs {
		if kindOf(o) == "GatewayClass" {
			t.Error("a GatewayClass is emitted though spec.edge.createGatewayClass is false")
		}
	}
	g.Edge.CreateGatewayClass = true
	objs = build(t, g)
	gc := find(t, objs, "GatewayClass", "aws-alb")
	if c, _, _ := unstructured.NestedString(gc, "spec", "controllerName"); c != edge.ControllerName {
		t.Errorf("controllerName %q", c)
	}
}

// TestHTTPListenerOnlyRedirects: the only route of port 80 redirects both
// hosts to HTTPS, for every path.
func TestHTTPListenerOnlyRedirects(t *testing.T) {
	g := example.Gateway(t, "prod")
	objs := build(t, g)
	rules := albRules(t, objs, false)
	if len(rules) != 2 {
		t.Fatalf("%d ALB rules on port 80, want one redirect per host", len(rules))
	}
	for _, r := range rules {
		if r.action.kind != "redirect" || r.action.status != 301 || r.action.location != "https://" || r.path != (edge.Path{Value: "/"}) {
			t.Errorf("port 80 rule for %s: %+v %s, want a 301 to https:// for every path", r.host, r.path, r.action)
		}
	}
	rt := httpRoute(t, objs, edge.RedirectRouteName(g))
	if got := string(*rt.Spec.ParentRefs[0].SectionName); got != resolve.ListenerHTTP {
		t.Errorf("redirect route attached to %q", got)
	}
}

func TestLoadBalancerConfigurationSpec(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			s := data.LoadBalancerConfigurationSpec(g)
			if s["scheme"] != "internet-facing" {
				t.Errorf("scheme %v", s["scheme"])
			}
			if _, ok := s["wafV2"]; ok {
				t.Error("wafV2 is set: the Crossplane composition patches it from the WebACL's ARN")
			}
			ls, _, _ := unstructured.NestedSlice(s, "listenerConfigurations")
			if len(ls) != 1 {
				t.Fatalf("listenerConfigurations %v", ls)
			}
			l := ls[0].(map[string]any)
			if l["protocolPort"] != "HTTPS:443" || l["sslPolicy"] != g.Edge.TLSPolicy || l["sslPolicy"] == "" {
				t.Errorf("HTTPS listener %v, want sslPolicy %s", l, g.Edge.TLSPolicy)
			}
			if _, ok := l["defaultCertificate"]; ok {
				t.Error("a certificate ARN is set: the controller discovers the ACM certificate by host")
			}
			attrs := map[string]string{}
			list, _, _ := unstructured.NestedSlice(s, "loadBalancerAttributes")
			for _, a := range list {
				m := a.(map[string]any)
				attrs[m["key"].(string)] = m["value"].(string)
			}
			if attrs["idle_timeout.timeout_seconds"] != fmt.Sprint(g.Edge.IdleTimeoutSeconds) {
				t.Errorf("idle timeout %q, want %d", attrs["idle_timeout.timeout_seconds"], g.Edge.IdleTimeoutSeconds)
			}
			if (attrs["access_logs.s3.enabled"] == "true") != (g.Edge.AccessLogsBucket != "") || attrs["access_logs.s3.bucket"] != g.Edge.AccessLogsBucket {
				t.Errorf("access logs %v with bucket %q", attrs, g.Edge.AccessLogsBucket)
			}
			if attrs["waf.fail_open.enabled"] != "false" {
				t.Error("the ALB must not fail open when WAF is unavailable")
			}
			tags, _, _ := unstructured.NestedStringMap(s, "tags")
			if tags["aigw.dev/gateway"] != g.Gateway || tags["aigw.dev/environment"] != g.Environment.Name {
				t.Errorf("tags %v", tags)
			}
			ranges, _, _ := unstructured.NestedStringSlice(s, "sourceRanges")
			if len(g.Access.APIAllowlist) == 0 && len(ranges) > 0 {
				t.Errorf("sourceRanges %v though the API is public", ranges)
			}
			for _, c := range slices.Concat(g.Access.APIAllowlist, g.Access.AdminAllowlist) {
				if len(g.Access.APIAllowlist) > 0 && !slices.Contains(ranges, c) {
					t.Errorf("sourceRanges %v lack %s", ranges, c)
				}
			}
		})
	}
	// A fresh map every call: the WAF composition may modify its copy.
	g := example.Gateway(t, "dev")
	a := data.LoadBalancerConfigurationSpec(g)
	a["scheme"] = "internal"
	if data.LoadBalancerConfigurationSpec(g)["scheme"] != "internet-facing" {
		t.Error("LoadBalancerConfigurationSpec returns shared state")
	}
}

func TestTargetGroupsInIPMode(t *testing.T) {
	g := example.Gateway(t, "prod")
	objs := build(t, g)
	for _, svc := range []string{g.Name("api"), g.Name("admin")} {
		o := find(t, objs, "TargetGroupConfiguration", svc)
		if ref, _, _ := unstructured.NestedString(o, "spec", "targetReference", "name"); ref != svc {
			t.Errorf("%s targets %q", svc, ref)
		}
		if tt, _, _ := unstructured.NestedString(o, "spec", "defaultConfiguration", "targetType"); tt != "ip" {
			t.Errorf("%s target type %q, want ip (the network policy admits the VPC CIDR)", svc, tt)
		}
		if p, _, _ := unstructured.NestedString(o, "spec", "defaultConfiguration", "healthCheckConfig", "healthCheckPath"); p != edge.HealthCheckPath {
			t.Errorf("%s health check %q", svc, p)
		}
	}
}

func TestWaves(t *testing.T) {
	g := example.Gateway(t, "dev")
	g.Edge.CreateGatewayClass = true
	for _, o := range build(t, g) {
		wave := (&unstructured.Unstructured{Object: o}).GetAnnotations()[component.WaveAnnotation]
		want := fmt.Sprint(component.WaveRoutes)
		if strings.HasPrefix(o["apiVersion"].(string), edge.LBCGroup+"/") {
			want = fmt.Sprint(component.WaveRoutes - 1)
		}
		if wave != want {
			t.Errorf("%s %s: sync wave %q, want %s", kindOf(o), nameOf(o), wave, want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	cidrs := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("198.51.%d.0/24", i))
		}
		return out
	}
	tests := []struct {
		name   string
		mutate func(g *resolve.Gateway)
		want   string
	}{
		{"too many API CIDRs for the ALB rule quota", func(g *resolve.Gateway) { g.Access.APIAllowlist = cidrs(16) }, "ALB listener rules"},
		{"too many admin CIDRs for one route", func(g *resolve.Gateway) { g.Access.AdminAllowlist = cidrs(60) }, "Gateway API allows"},
		{"too many source ranges for the security group", func(g *resolve.Gateway) {
			g.Access.APIAllowlist = cidrs(2)
			g.Access.AdminAllowlist = cidrs(40)[10:]
		}, "security group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := example.Gateway(t, "dev")
			tt.mutate(g)
			_, err := edge.New().Build(context.Background(), &component.Input{Gateway: g})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
	if _, err := edge.New().Build(context.Background(), &component.Input{}); err == nil {
		t.Error("no error without a gateway")
	}
	// The largest allowlists that fit still build.
	g := example.Gateway(t, "dev")
	g.Access.APIAllowlist = cidrs(12)
	if _, err := edge.New().Build(context.Background(), &component.Input{Gateway: g}); err != nil {
		t.Errorf("12 API CIDRs: %v", err)
	}
}

func BenchmarkBuild(b *testing.B) {
	g := example.Gateway(b, "prod")
	in := &component.Input{Gateway: g}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := edge.New().Build(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
