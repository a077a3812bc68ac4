package litellm_test

import (
	"context"
	"testing"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestCapabilities: KUBE_VERSION forms Argo CD passes, the pre-1.30
// preStop fallback and a malformed version.
func TestCapabilities(t *testing.T) {
	tests := []struct {
		version string
		sleep   bool
		wantErr bool
	}{
		{"", true, false},
		{"1.34", true, false},
		{"v1.33.5-eks-3025e55", true, false},
		{"1.29", false, false},
		{"not-a-version", false, true},
	}
	g := example.Gateway(t, "dev")
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			in := &component.Input{Gateway: g, AppFS: fstest.MapFS{}, Capabilities: component.Capabilities{KubeVersion: tt.version, APIVersions: []string{"monitoring.coreos.com/v1"}}}
			objs, err := newBuilder(t).Build(context.Background(), in)
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range objs {
				u := o.(*unstructured.Unstructured)
				if u.GetKind() != "Deployment" {
					continue
				}
				list, _, _ := unstructured.NestedSlice(u.Object, "spec", "template", "spec", "containers")
				_, sleep, _ := unstructured.NestedMap(list[0].(map[string]any), "lifecycle", "preStop", "sleep")
				if sleep != tt.sleep {
					t.Errorf("%s: preStop sleep action = %v, want %v", u.GetName(), sleep, tt.sleep)
				}
			}
		})
	}
}
