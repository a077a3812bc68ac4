package plugin

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Parameter names announced in plugin.yaml.
const (
	ParamEnvironment = "environment"
	ParamNamespace   = "namespace"
	// ParamPreview is a pull-request number: render the preview of that
	// pull request (derived from spec.previews.from) instead of an
	// environment.
	ParamPreview = "preview"
)

// known lists the parameters aigw accepts; any other is an error, so that a
// misspelled parameter on an Application fails loudly instead of rendering
// the wrong environment.
var known = []string{ParamEnvironment, ParamNamespace, ParamPreview}

// Request is what one `aigw generate` call was asked for.
type Request struct {
	Environment string
	// Namespace is an explicit namespace (parameter or ARGOCD_ENV_AIGW_NAMESPACE).
	Namespace string
	// Preview is a pull-request number (parameter or
	// ARGOCD_ENV_AIGW_PREVIEW); empty for an environment.
	Preview string
	// AppNamespace is the Application's destination namespace, the default
	// when neither Namespace nor the spec sets one.
	AppNamespace string
	// AppName is the Argo CD Application name (for messages).
	AppName     string
	KubeVersion string
	APIVersions []string
}

// parameter is one element of ARGOCD_APP_PARAMETERS.
type parameter struct {
	Name   string            `json:"name"`
	String *string           `json:"string,omitempty"`
	Array  []string          `json:"array,omitempty"`
	Map    map[string]string `json:"map,omitempty"`
}

// FromEnviron reads a request from environment variables in os.Environ form.
func FromEnviron(environ []string) (*Request, error) {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok {
			env[k] = v
		}
	}
	// Argo CD sets ARGOCD_APP_PARAMETERS (the literal null when there are
	// none) whenever the Application has a plugin block; the PARAM_<NAME>
	// variables it sets alongside carry the same values and are not read, so
	// that stray PARAM_ variables of the sidecar's own environment cannot
	// change a render.
	params := map[string]string{}
	if raw := strings.TrimSpace(env["ARGOCD_APP_PARAMETERS"]); raw != "" && raw != "null" {
		var list []parameter
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			return nil, fmt.Errorf("ARGOCD_APP_PARAMETERS is not valid JSON: %w", err)
		}
		for i, p := range list {
			if err := p.check(i); err != nil {
				return nil, err
			}
			if _, dup := params[p.Name]; dup {
				return nil, fmt.Errorf("ARGOCD_APP_PARAMETERS: parameter %q is set twice; set it once in the Application's plugin parameters", p.Name)
			}
			params[p.Name] = *p.String
		}
	}
	var unknown []string
	for name := range params {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown plugin parameter(s) %s (aigw knows: %s)", strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
	pick := func(param string) string {
		if v, ok := params[param]; ok && v != "" {
			return v
		}
		return env["ARGOCD_ENV_AIGW_"+strings.ToUpper(param)]
	}
	r := &Request{
		Environment:  pick(ParamEnvironment),
		Namespace:    pick(ParamNamespace),
		Preview:      pick(ParamPreview),
		AppNamespace: env["ARGOCD_APP_NAMESPACE"],
		AppName:      env["ARGOCD_APP_NAME"],
		KubeVersion:  env["KUBE_VERSION"],
	}
	for _, v := range strings.Split(env["KUBE_API_VERSIONS"], ",") {
		if v = strings.TrimSpace(v); v != "" {
			r.APIVersions = append(r.APIVersions, v)
		}
	}
	sort.Strings(r.APIVersions)
	return r, nil
}

// check reports a malformed parameter, the i-th of ARGOCD_APP_PARAMETERS:
// one without a name, or one that is not exactly a string (every aigw
// parameter is a string; Argo CD sends string, array or map).
func (p parameter) check(i int) error {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("ARGOCD_APP_PARAMETERS: parameter %d has no name", i+1)
	}
	var kinds []string
	if p.String != nil {
		kinds = append(kinds, "string")
	}
	if p.Array != nil {
		kinds = append(kinds, "array")
	}
	if p.Map != nil {
		kinds = append(kinds, "map")
	}
	switch {
	case len(kinds) > 1:
		return fmt.Errorf("ARGOCD_APP_PARAMETERS: parameter %q has both %s values; give it a string only", p.Name, strings.Join(kinds, " and "))
	case p.String == nil:
		return fmt.Errorf("ARGOCD_APP_PARAMETERS: parameter %q must be a string", p.Name)
	}
	return nil
}
