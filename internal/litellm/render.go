package litellm

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/releaseutil"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// renderRelease renders one release like `helm template` (what a
// client-only, dry-run action.Install does, without the action package and
// its cluster and storage dependencies): dependencies are resolved from the
// values, values are coalesced and checked against the chart's
// values.schema.json, the templates are rendered with the given
// capabilities, and every rendered document is parsed. Hooks stay, with
// their helm.sh/hook annotations; test hooks, partials and NOTES.txt are
// dropped. No cluster is contacted and nothing is printed.
func renderRelease(ch *chart.Chart, name, namespace string, values map[string]any, caps capabilities) ([]*unstructured.Unstructured, error) {
	if err := chartutil.ValidateReleaseName(name); err != nil {
		return nil, fmt.Errorf("release %s: %w", name, err)
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, values); err != nil {
		return nil, fmt.Errorf("release %s: dependencies: %w", name, err)
	}
	hc := chartutil.DefaultCapabilities.Copy()
	hc.KubeVersion = *caps.kube
	hc.APIVersions = append(hc.APIVersions, caps.apiVersions...)
	if c := ch.Metadata.KubeVersion; c != "" && !chartutil.IsCompatibleRange(c, hc.KubeVersion.String()) {
		return nil, fmt.Errorf("release %s: the chart requires Kubernetes %s, the cluster is %s", name, c, hc.KubeVersion.String())
	}
	opts := chartutil.ReleaseOptions{Name: name, Namespace: namespace, Revision: 1, IsInstall: true}
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(ch, values, opts, hc, false)
	if err != nil {
		return nil, fmt.Errorf("release %s: values: %w", name, err)
	}
	files, err := engine.Render(ch, vals)
	if err != nil {
		return nil, fmt.Errorf("release %s: %w", name, err)
	}
	// Split and parse each rendered file once (Helm's SortManifests would
	// parse every document a second time just to classify it).
	paths := make([]string, 0, len(files))
	for p := range files {
		base := path.Base(p)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" || strings.TrimSpace(files[p]) == "" {
			continue
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var objs []*unstructured.Unstructured
	for _, p := range paths {
		split := releaseutil.SplitManifests(files[p])
		keys := make([]string, 0, len(split))
		for k := range split {
			keys = append(keys, k)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, k := range keys {
			o, err := parseObject(split[k])
			if err != nil {
				return nil, fmt.Errorf("release %s: %s: %w", name, p, err)
			}
			if o == nil || isTestHook(o) {
				continue
			}
			objs = append(objs, o)
		}
	}
	return objs, nil
}

// parseObject decodes one YAML document (nil for an empty one), keeping
// integers as int64 like every Kubernetes decoder.
func parseObject(doc string) (*unstructured.Unstructured, error) {
	j, err := yaml.YAMLToJSON([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("parsing rendered manifest: %w", err)
	}
	if s := strings.TrimSpace(string(j)); s == "null" || s == "" || s == "{}" {
		return nil, nil
	}
	o := &unstructured.Unstructured{}
	if err := o.UnmarshalJSON(j); err != nil {
		return nil, fmt.Errorf("parsing rendered manifest: %w", err)
	}
	if o.GetName() == "" {
		return nil, fmt.Errorf("rendered %s has no metadata.name", o.GetKind())
	}
	return o, nil
}

// isTestHook reports a `helm test` hook (events test, test-success, ...).
func isTestHook(o *unstructured.Unstructured) bool {
	for _, e := range strings.Split(o.GetAnnotations()[release.HookAnnotation], ",") {
		if strings.HasPrefix(strings.TrimSpace(e), string(release.HookTest)) {
			return true
		}
	}
	return false
}
