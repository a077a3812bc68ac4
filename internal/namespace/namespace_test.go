package namespace_test

import (
	"context"
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/namespace"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// TestNamespace: an environment's Namespace is never pruned or deleted by
// Argo CD; a preview's is (it holds nothing to keep), and carries the label
// its source environment's Gateway admits routes by.
func TestNamespace(t *testing.T) {
	data, err := os.ReadFile("../../examples/ai-gateway/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse("aigateway.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		opts        resolve.Options
		wantName    string
		wantOptions string
		wantOf      string
	}{
		{name: "environment", opts: resolve.Options{Environment: "dev"}, wantName: "ai-gateway-dev", wantOptions: "Prune=false,Delete=false"},
		{name: "preview", opts: resolve.Options{Preview: "42"}, wantName: "ai-gateway-pr-42", wantOf: "ai-gateway-dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := resolve.Resolve(doc, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			objs, err := namespace.New().Build(context.Background(), &component.Input{Gateway: g})
			if err != nil || len(objs) != 1 {
				t.Fatalf("Build = %d objects, %v", len(objs), err)
			}
			ns := objs[0].(*corev1.Namespace)
			if ns.Name != tt.wantName || ns.Annotations["argocd.argoproj.io/sync-options"] != tt.wantOptions {
				t.Errorf("Namespace %s, annotations %v", ns.Name, ns.Annotations)
			}
			if ns.Labels[resolve.PreviewOfLabel] != tt.wantOf || ns.Labels["pod-security.kubernetes.io/enforce"] != namespace.PodSecurityLevel {
				t.Errorf("labels %v", ns.Labels)
			}
			if ns.Annotations[component.WaveAnnotation] != "-10" {
				t.Errorf("sync wave %q", ns.Annotations[component.WaveAnnotation])
			}
		})
	}
}
