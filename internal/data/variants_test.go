package data

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	"github.com/aigw-dev/aigw/internal/xrender"
)

func resourceNames(out *xrender.Output) []string {
	var names []string
	for _, r := range out.Resources {
		names = append(names, r.GetAnnotations()["crossplane.io/composition-resource-name"])
	}
	slices.Sort(names)
	return names
}

func set(t *testing.T, o *unstructured.Unstructured, value any, path ...string) {
	t.Helper()
	if err := unstructured.SetNestedField(o.Object, value, path...); err != nil {
		t.Fatal(err)
	}
}

func cidrs(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.20.%d.0/24", 64+i)
	}
	return out
}

// TestRenderVariants renders composites aigw's example does not produce (the
// largest counts, an API allowlist with IPv6) and changes that shrink a
// composite: the slots function must then drop the surplus resources so that
// Crossplane deletes them.
func TestRenderVariants(t *testing.T) {
	srv := kube.Server(t)
	runner := fns.get(t)
	dev := exampleEnvs(t)[0]
	byKind := map[string]*unstructured.Unstructured{}
	for _, o := range dev.objs {
		byKind[o.GetKind()] = o
	}
	ctx := context.Background()

	// rerender renders the changed composite once against the state a
	// previous convergence left.
	rerender := func(t *testing.T, r reconcile, changed *unstructured.Unstructured) *xrender.Output {
		t.Helper()
		xrdFile, compFile := apiFiles(t, changed.GetKind())
		cur := changed.DeepCopy()
		cur.Object["status"] = r.final.Composite.Object["status"]
		out, err := runner.Render(ctx, xrender.Input{Composite: cur, Composition: compFile, XRD: xrdFile, Observed: r.observed})
		if err != nil {
			t.Fatalf("%v\n%s", err, runner.Logs())
		}
		return out
	}

	t.Run("alarms to a given topic", func(t *testing.T) {
		const arn = "arn:aws:sns:eu-west-1:123456789012:pager"
		src := strings.Replace(string(example.Data(t)), "  previews:\n", "  monitoring: {alarms: {topicArn: \""+arn+"\"}}\n  previews:\n", 1)
		g := example.GatewayFrom(t, []byte(src), "prod")
		for _, xr := range build(t, g) {
			if _, ok := wantAlarms[xr.GetKind()]; !ok {
				continue
			}
			r := converge(t, srv, runner, xr)
			byName := map[string]*unstructured.Unstructured{}
			for _, res := range r.final.Resources {
				byName[res.GetAnnotations()["crossplane.io/composition-resource-name"]] = res
			}
			checkAlarms(t, g, xr, byName)
		}
	})

	t.Run("database at the largest counts", func(t *testing.T) {
		xr := byKind[KindDatabase].DeepCopy()
		set(t, xr, int64(15), "spec", "instances")
		set(t, xr, cidrs(8), "spec", "network", "clientCidrs")
		r := converge(t, srv, runner, xr)
		names := resourceNames(r.final)
		for i := 1; i <= 15; i++ {
			if !slices.Contains(names, fmt.Sprintf("instance-%d", i)) {
				t.Errorf("no instance-%d in %v", i, names)
			}
		}
		for i := range 8 {
			if !slices.Contains(names, fmt.Sprintf("ingress-%d", i)) {
				t.Errorf("no ingress-%d in %v", i, names)
			}
		}
	})

	t.Run("database scaled down", func(t *testing.T) {
		xr := byKind[KindDatabase].DeepCopy()
		set(t, xr, int64(3), "spec", "instances")
		set(t, xr, cidrs(2), "spec", "network", "clientCidrs")
		r := converge(t, srv, runner, xr)
		set(t, xr, int64(2), "spec", "instances")
		set(t, xr, cidrs(1), "spec", "network", "clientCidrs")
		names := resourceNames(rerender(t, r, xr))
		for _, gone := range []string{"instance-3", "ingress-1"} {
			if slices.Contains(names, gone) {
				t.Errorf("%s is still desired after the count went down: %v", gone, names)
			}
		}
		for _, kept := range []string{"cluster", "instance-1", "instance-2", "ingress-0", "endpoint"} {
			if !slices.Contains(names, kept) {
				t.Errorf("%s is no longer desired: %v", kept, names)
			}
		}
	})

	t.Run("firewall with an API allowlist", func(t *testing.T) {
		xr := byKind[KindFirewall].DeepCopy()
		set(t, xr, map[string]any{"ipv4": []any{"198.51.100.0/24"}, "ipv6": []any{"2001:db8:1::/48"}}, "spec", "allowlists", "api")
		r := converge(t, srv, runner, xr)
		var acl, v6 *unstructured.Unstructured
		for _, res := range r.final.Resources {
			switch res.GetAnnotations()["crossplane.io/composition-resource-name"] {
			case "web-acl":
				acl = res
			case "ipset-api-ipv6":
				v6 = res
			}
		}
		if acl == nil || v6 == nil {
			t.Fatalf("no web ACL or API IPv6 IP set: %v", resourceNames(r.final))
		}
		var rules []struct {
			Name   string
			Action map[string]any
		}
		if err := json.Unmarshal([]byte(str(acl, "spec", "forProvider", "ruleJson")), &rules); err != nil {
			t.Fatal(err)
		}
		if _, ok := rules[1].Action["Block"]; !ok || rules[1].Name != "api-allowlist" {
			t.Errorf("rule 1 is %s %v, want api-allowlist blocking", rules[1].Name, rules[1].Action)
		}
		if got := str(v6, "spec", "forProvider", "addresses"); got != "[2001:db8:1::/48]" {
			t.Errorf("API IPv6 IP set addresses %s", got)
		}
	})

	t.Run("firewall logging switched off", func(t *testing.T) {
		xr := byKind[KindFirewall].DeepCopy()
		set(t, xr, true, "spec", "logging", "enabled")
		r := converge(t, srv, runner, xr)
		if names := resourceNames(r.final); !slices.Contains(names, "logging") || !slices.Contains(names, "log-group") {
			t.Fatalf("logging on: %v", names)
		}
		set(t, xr, false, "spec", "logging", "enabled")
		names := resourceNames(rerender(t, r, xr))
		if slices.Contains(names, "logging") || slices.Contains(names, "log-group") {
			t.Errorf("logging off still desires %v", names)
		}
		if !slices.Contains(names, "web-acl") || !slices.Contains(names, "load-balancer-configuration") {
			t.Errorf("logging off lost the ACL or its hand-over: %v", names)
		}
	})
}

// TestDryRunRejectsBadComposedResource makes sure the dry-runs above can
// fail: a replication group with the boolean at-rest encryption flag that
// older provider versions took is refused by this provider's CRD (a string).
func TestDryRunRejectsBadComposedResource(t *testing.T) {
	srv := kube.Server(t)
	ctx := context.Background()
	if err := srv.EnsureNamespace(ctx, "aigw-negative", nil); err != nil {
		t.Fatal(err)
	}
	rg := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "elasticache.aws.m.upbound.io/v1beta1",
		"kind":       "ReplicationGroup",
		"metadata":   map[string]any{"name": "bad", "namespace": "aigw-negative"},
		"spec": map[string]any{
			"forProvider": map[string]any{
				"region": "eu-west-1", "description": "x", "atRestEncryptionEnabled": true,
			},
			"providerConfigRef": map[string]any{"kind": "ClusterProviderConfig", "name": "default"},
		},
	}}
	if err := srv.DryRunApply(ctx, rg); err == nil || !kubetest.IsRejected(err) {
		t.Fatalf("DryRunApply of atRestEncryptionEnabled: true (a boolean) = %v, want a rejection", err)
	}
}
