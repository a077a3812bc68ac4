package assemble

import (
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw"
)

// FuzzUserKustomization feeds arbitrary last-mile kustomizations (and a
// patch file they may name) over aigw-like objects: the result is objects
// or an error, never a panic, and no output ever holds a Secret or aigw's
// bookkeeping annotation.
func FuzzUserKustomization(f *testing.F) {
	for _, seed := range [][2]string{
		{"patches:\n- path: p.yaml\n  target: {kind: ConfigMap}\n", "- {op: replace, path: /kind, value: Secret}\n"},
		{"patches:\n- path: p.yaml\n", "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es, namespace: ns}\nspec: {target: {template: {data: {a: b}}}}\n"},
		{"namePrefix: x-\nconfigMapGenerator:\n- name: g\n  literals: [a=b]\n", ""},
		{"replacements:\n- source: {kind: ConfigMap, name: cm, fieldPath: data.a}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths: [metadata.name]\n", ""},
		{"::\n", ""},
		{"patchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: web}\n  path: p.yaml\n", "- {op: move, from: /metadata, path: /spec/x}\n"},
	} {
		f.Add([]byte(seed[0]), []byte(seed[1]))
	}
	f.Fuzz(func(t *testing.T, kustomization, patch []byte) {
		app := fstest.MapFS{"kustomization.yaml": {Data: kustomization}, "p.yaml": {Data: patch}}
		objs, err := Assemble(Input{Embedded: aigw.Files, Resources: []byte(guarded), Overlay: "development", AppFS: app})
		if err != nil {
			return
		}
		for _, o := range objs {
			if o["kind"] == "Secret" {
				t.Fatalf("a Secret left aigw: %v", o)
			}
			md, _ := o["metadata"].(map[string]any)
			ann, _ := md["annotations"].(map[string]any)
			if _, ok := ann[originAnnotation]; ok {
				t.Fatalf("bookkeeping annotation left aigw: %v", o)
			}
		}
	})
}
