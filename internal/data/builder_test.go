package data

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/xrender"
)

// TestBuildDeterministic: two builds of every example environment are
// byte-identical (the composites themselves are pinned by the render
// goldens, internal/render/testdata; what Crossplane composes from them by
// the *.rendered.yaml goldens here).
func TestBuildDeterministic(t *testing.T) {
	for _, e := range exampleEnvs(t) {
		t.Run(e.name, func(t *testing.T) {
			got, err := xrender.MarshalObjects(e.objs)
			if err != nil {
				t.Fatal(err)
			}

			again, err := xrender.MarshalObjects(build(t, e.g))
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(got) {
				t.Error("two builds of the same environment differ")
			}
		})
	}
}

func TestBuildContract(t *testing.T) {
	for _, e := range exampleEnvs(t) {
		t.Run(e.name, func(t *testing.T) {
			g := e.g
			want := []struct {
				kind, name string
				// retain: the composite has spec.retain (stateful AWS
				// resources); every composite is kept by Argo CD.
				retain bool
			}{
				{KindDatabase, g.Gateway + "-database", true},
				{KindCache, g.Gateway + "-valkey", true},
				{KindFirewall, g.Gateway + "-waf", false},
				{KindDomain, g.Gateway + "-domain", true},
			}
			if len(e.objs) != len(want) {
				t.Fatalf("got %d objects, want %d", len(e.objs), len(want))
			}
			prod := g.Tier == spec.TierProduction
			for i, w := range want {
				o := e.objs[i]
				if o.GetAPIVersion() != APIVersion || o.GetKind() != w.kind || o.GetName() != w.name || o.GetNamespace() != g.Namespace {
					t.Errorf("object %d is %s %s %s/%s, want %s %s %s/%s", i, o.GetAPIVersion(), o.GetKind(), o.GetNamespace(), o.GetName(), APIVersion, w.kind, g.Namespace, w.name)
				}
				a := o.GetAnnotations()
				if a[component.WaveAnnotation] != fmt.Sprint(component.WaveInfra) {
					t.Errorf("%s: sync wave %q, want %d", w.kind, a[component.WaveAnnotation], component.WaveInfra)
				}
				if a[SyncOptionsAnnotation] != KeepSyncOptions {
					t.Errorf("%s: sync options %q, want %q", w.kind, a[SyncOptionsAnnotation], KeepSyncOptions)
				}
				if o.GetLabels()["aigw.dev/gateway"] != g.Gateway {
					t.Errorf("%s: missing the common labels: %v", w.kind, o.GetLabels())
				}
				id, _, _ := unstructured.NestedString(o.Object, "spec", "identifier")
				if id != g.Gateway+"-"+g.Environment.Name {
					t.Errorf("%s: identifier %q", w.kind, id)
				}
				if w.retain {
					r, found, _ := unstructured.NestedBool(o.Object, "spec", "retain")
					if !found || r != prod {
						t.Errorf("%s: retain=%v (set: %v), want %v in a %s environment", w.kind, r, found, prod, g.Tier)
					}
				}
			}
			db := e.objs[0].Object
			if ref, _, _ := unstructured.NestedStringMap(db, "spec", "masterPasswordSecretRef"); ref["name"] != g.Gateway+"-database-master" || ref["key"] != "password" {
				t.Errorf("masterPasswordSecretRef = %v", ref)
			}
			if ref, _, _ := unstructured.NestedStringMap(e.objs[1].Object, "spec", "authTokenSecretRef"); ref["name"] != g.Gateway+"-valkey-auth" || ref["key"] != "token" {
				t.Errorf("authTokenSecretRef = %v", ref)
			}
			if n, _, _ := unstructured.NestedString(e.objs[2].Object, "spec", "loadBalancerConfiguration", "name"); n != g.Gateway+"-alb" {
				t.Errorf("loadBalancerConfiguration.name = %q", n)
			}
			if _, found, _ := unstructured.NestedFieldNoCopy(e.objs[2].Object, "spec", "loadBalancerConfiguration", "spec", "wafV2"); found {
				t.Error("the composite must not carry wafV2: the Composition sets it from the web ACL")
			}
		})
	}
}

func TestIdentifier(t *testing.T) {
	tests := []struct {
		gateway, env, want string
	}{
		{"ai-gateway", "prod", "ai-gateway-prod"},
		{"gw", "pr-123", "gw-pr-123"},
		// 41 characters: shortened, hash-suffixed, still unique and stable.
		{"abcdefghij-abcdefghi", "abcdefghij-abcdefghi", "abcdefghij-abcdefghi-abcdefghij-9802162a"},
		{"a--b", "dev", "a-b-dev-8ccc9442"},
		{"1gw", "dev", "g1gw-dev-8d26ddc5"},
	}
	for _, tt := range tests {
		t.Run(tt.gateway+"/"+tt.env, func(t *testing.T) {
			g := &resolve.Gateway{Environment: &spec.Environment{Name: tt.env, Gateway: tt.gateway}}
			got := Identifier(g)
			if len(got) > 40 || !regexp.MustCompile(`^[a-z](-?[a-z0-9])*$`).MatchString(got) {
				t.Errorf("Identifier = %q: not a valid identifier", got)
			}
			if got != tt.want {
				t.Errorf("Identifier = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBuildRejectsTooManyClientCidrs(t *testing.T) {
	e := exampleEnvs(t)[0]
	g := *e.g
	env := *g.Environment
	g.Environment = &env
	for i := range maxClientCidrs + 1 {
		env.Network.ClientCidrs = append(env.Network.ClientCidrs, fmt.Sprintf("10.20.%d.0/24", i))
	}
	_, err := New().Build(context.Background(), &component.Input{Gateway: &g})
	if err == nil || !strings.Contains(err.Error(), "at most 8") {
		t.Fatalf("Build with %d client CIDRs: err = %v, want the limit", len(env.Network.ClientCidrs), err)
	}
}
