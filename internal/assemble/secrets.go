package assemble

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/aigw-dev/aigw/internal/spec"
)

// secretWhere says where a secret value belongs instead.
const secretWhere = "secret values live in AWS Secrets Manager, never in the output"

// addedSecrets reports each value the last-mile kustomization wrote into o
// (prev is aigw's object, nil for a generated ConfigMap) that looks like a
// credential, and each ConfigMap data key with a secret-looking name it
// added: a patch, a label or a generator literal must not carry a secret
// into the output any more than the spec may. Only strings that appear
// nowhere in aigw's object are checked, so a patch that shifts a list does
// not blame aigw's own values. The value itself is never quoted.
func addedSecrets(id identity, o, prev map[string]any) []violation {
	known := map[string]bool{}
	collectStrings(prev, known)
	var vs []violation
	walkStrings(o, "", func(path, s string) {
		if known[s] {
			return
		}
		if what := spec.SecretValue(s); what != "" {
			vs = append(vs, violation(fmt.Sprintf("writes a value that looks like %s into %s at %s: %s", what, id, path, secretWhere)))
		}
	})
	if id.Kind == "ConfigMap" && id.APIVersion == "v1" {
		old, _ := prev["data"].(map[string]any)
		for _, field := range []string{"data", "binaryData"} {
			data, _ := o[field].(map[string]any)
			for _, k := range sortedKeys(data) {
				if _, had := old[k]; had && field == "data" {
					continue
				}
				if spec.SecretKey(k) {
					vs = append(vs, violation(fmt.Sprintf("adds %s.%s, which looks like a secret by its name, to %s: %s", field, k, id, secretWhere)))
				}
			}
		}
	}
	return vs
}

// collectStrings adds every string leaf (and map key) of x to set.
func collectStrings(x any, set map[string]bool) {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			set[k] = true
			collectStrings(v, set)
		}
	case []any:
		for _, v := range x {
			collectStrings(v, set)
		}
	case string:
		set[x] = true
	}
}

// walkStrings calls f with the path and value of every string leaf of x,
// in a stable order.
func walkStrings(x any, path string, f func(path, s string)) {
	switch x := x.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(x[k], p, f)
		}
	case []any:
		for i, v := range x {
			walkStrings(v, path+"["+strconv.Itoa(i)+"]", f)
		}
	case string:
		f(path, x)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
