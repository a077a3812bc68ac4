package crdschema_test

import (
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

func load(t *testing.T) *crdschema.Set {
	t.Helper()
	dir, err := kubetest.CRDsDir()
	if err != nil {
		t.Fatal(err)
	}
	s, err := crdschema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidate(t *testing.T) {
	s := load(t)
	if !s.Has("gateway.networking.k8s.io/v1", "HTTPRoute") || !s.Namespaced("gateway.networking.k8s.io/v1", "HTTPRoute") {
		t.Fatal("HTTPRoute v1 is not loaded as a namespaced kind")
	}
	route := func(path string) map[string]any {
		return map[string]any{
			"apiVersion": "gateway.networking.k8s.io/v1",
			"kind":       "HTTPRoute",
			"metadata":   map[string]any{"name": "r", "namespace": "n"},
			"spec": map[string]any{
				"rules": []any{map[string]any{
					"matches": []any{map[string]any{"path": map[string]any{"type": "PathPrefix", "value": path}}},
				}},
			},
			"status": map[string]any{"parents": nil}, // ignored: status subresource
		}
	}
	if err := s.Validate(route("/v1")); err != nil {
		t.Errorf("valid route: %v", err)
	}
	tests := []struct{ name, path, want string }{
		{"CEL rule", "/a//b", "must not contain '//'"},
		{"schema", "relative", "must be an absolute path"},
	}
	for _, tt := range tests {
		if err := s.Validate(route(tt.path)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
	unknown := route("/")
	unknown["spec"].(map[string]any)["bogus"] = true
	if err := s.Validate(unknown); err == nil || !strings.Contains(err.Error(), "spec.bogus") {
		t.Errorf("unknown field: got %v", err)
	}
	if err := s.Validate(map[string]any{"apiVersion": "example.com/v1", "kind": "Nope"}); err == nil {
		t.Error("an unknown kind validates")
	}
	// Defaults: a match without a type gets PathPrefix.
	r := route("/")
	delete(r["spec"].(map[string]any)["rules"].([]any)[0].(map[string]any)["matches"].([]any)[0].(map[string]any)["path"].(map[string]any), "type")
	d, err := s.Defaulted(r)
	if err != nil {
		t.Fatal(err)
	}
	got := d["spec"].(map[string]any)["rules"].([]any)[0].(map[string]any)["matches"].([]any)[0].(map[string]any)["path"].(map[string]any)["type"]
	if got != "PathPrefix" {
		t.Errorf("defaulted path type %v", got)
	}
	if _, ok := d["status"]; ok {
		t.Error("Defaulted keeps the status of a kind with a status subresource")
	}
}
