package litellm

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	goyaml "go.yaml.in/yaml/v2"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/release"
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
		for _, doc := range splitManifests(files[p]) {
			o, err := parseObject(doc)
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

// parseObject decodes one YAML document (nil for an empty one) into what
// sigs.k8s.io/yaml.YAMLToJSON followed by Unstructured.UnmarshalJSON gives
// (integers as int64, like every Kubernetes decoder), without the JSON text
// in between: go-yaml's tree is converted as YAMLToJSON converts it, and
// numbers as that JSON would decode. Documents the conversion does not
// cover exactly (not a mapping, no kind, unusual keys, NaN) take the JSON
// route, so that their result and errors stay the same.
func parseObject(doc string) (*unstructured.Unstructured, error) {
	var y any
	if err := goyaml.Unmarshal([]byte(doc), &y); err != nil {
		return nil, fmt.Errorf("parsing rendered manifest: %w", err)
	}
	if y == nil {
		return nil, nil
	}
	m, ok := y.(map[any]any)
	if !ok {
		return parseObjectJSON(doc)
	}
	v, ok := jsonValue(m)
	if !ok {
		return parseObjectJSON(doc)
	}
	obj := v.(map[string]any)
	if len(obj) == 0 {
		return nil, nil
	}
	if kind, _ := obj["kind"].(string); kind == "" {
		return parseObjectJSON(doc)
	}
	return named(&unstructured.Unstructured{Object: obj})
}

// parseObjectJSON is parseObject through JSON text.
func parseObjectJSON(doc string) (*unstructured.Unstructured, error) {
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
	return named(o)
}

func named(o *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	if o.GetName() == "" {
		return nil, fmt.Errorf("rendered %s has no metadata.name", o.GetKind())
	}
	return o, nil
}

// jsonValue converts a go-yaml value as YAMLToJSON does (keys to strings)
// and then as Unstructured.UnmarshalJSON would read its JSON: whole numbers
// that JSON writes without exponent and that fit become int64, other
// numbers float64. It reports false where that JSON would differ or fail.
func jsonValue(v any) (any, bool) {
	switch v := v.(type) {
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			key, ok := jsonKey(k)
			if !ok {
				return nil, false
			}
			if out[key], ok = jsonValue(x); !ok {
				return nil, false
			}
		}
		return out, true
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			var ok bool
			if out[i], ok = jsonValue(x); !ok {
				return nil, false
			}
		}
		return out, true
	case nil, string, bool, int64:
		return v, true
	case int:
		return int64(v), true
	case uint64:
		return float64(v), true // beyond int64: JSON reads it back as a float
	case float64:
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return nil, false
		case v == math.Trunc(v) && v >= math.MinInt64 && v < math.MaxInt64 && math.Abs(v) < 1e21:
			return int64(v), true
		}
		return v, true
	}
	return nil, false
}

// jsonKey is YAMLToJSON's key conversion for the common key types.
func jsonKey(k any) (string, bool) {
	switch k := k.(type) {
	case string:
		return k, true
	case int:
		return strconv.Itoa(k), true
	case bool:
		return strconv.FormatBool(k), true
	}
	return "", false
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
