package argocd_test

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aigw-dev/aigw/internal/argocd"
)

// previewPermits is a test oracle: it reports whether the previews' AppProject of gateway lets a
// preview Application sync obj (one rendered object), matching the way Argo
// CD does: group and kind patterns with filepath.Match, the name pattern of
// the cluster-scoped allowlist, and the destination namespace pattern. An
// object without metadata.namespace counts as cluster-scoped (the render
// pipeline sets the namespace of every namespaced object). Tests of the
// preview render use it to keep previews within their project.
func previewPermits(gateway string, obj map[string]any) error {
	p := argocd.PreviewProject(gateway, argocd.Options{})
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	group := ""
	if g, _, ok := strings.Cut(apiVersion, "/"); ok {
		group = g
	}
	what := fmt.Sprintf("%s %s", kind, name)
	if ns == "" {
		for _, r := range p.Spec.ClusterResourceWhitelist {
			if match(r.Group, group) && match(r.Kind, kind) && (r.Name == "" || match(r.Name, name)) {
				return nil
			}
		}
		return fmt.Errorf("%s: cluster-scoped, and the previews' project allows only Namespaces named %s", what, p.Spec.ClusterResourceWhitelist[0].Name)
	}
	what = fmt.Sprintf("%s %s/%s", kind, ns, name)
	allowed := false
	for _, d := range p.Spec.Destinations {
		allowed = allowed || match(d.Namespace, ns)
	}
	if !allowed {
		return fmt.Errorf("%s: namespace %s is not a preview namespace (%s)", what, ns, p.Spec.Destinations[0].Namespace)
	}
	for _, r := range p.Spec.NamespaceResourceBlacklist {
		if match(r.Group, group) && match(r.Kind, kind) {
			return fmt.Errorf("%s: the previews' project denies %s (group %q)", what, kind, group)
		}
	}
	return nil
}

func match(pattern, s string) bool {
	ok, err := filepath.Match(pattern, s)
	return err == nil && ok
}
