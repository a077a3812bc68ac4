package assemble

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

const resources = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: ns
data:
  a: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ns
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
`

func TestAssemble(t *testing.T) {
	tests := []struct {
		name    string
		app     fstest.MapFS
		wantErr string
		check   func(t *testing.T, objs []map[string]any)
	}{
		{
			name: "no user kustomization",
			check: func(t *testing.T, objs []map[string]any) {
				if len(objs) != 2 {
					t.Fatalf("got %d objects", len(objs))
				}
				for _, o := range objs {
					labels := o["metadata"].(map[string]any)["labels"].(map[string]any)
					if labels["aigw.dev/tier"] != "production" || labels["env"] != "prod" {
						t.Errorf("%s labels %v", o["kind"], labels)
					}
				}
				sel := objs[1]["spec"].(map[string]any)["selector"].(map[string]any)["matchLabels"].(map[string]any)
				if len(sel) != 1 {
					t.Errorf("labels leaked into the selector: %v", sel)
				}
			},
		},
		{
			name: "patch from a file and an image override",
			app: fstest.MapFS{
				"kustomization.yaml": {Data: []byte("images:\n- name: nginx\n  newTag: \"1.27\"\npatches:\n- path: p/cm.yaml\n")},
				"p/cm.yaml":          {Data: []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {b: \"2\"}\n")},
			},
			check: func(t *testing.T, objs []map[string]any) {
				if d := objs[0]["data"].(map[string]any); d["a"] != "1" || d["b"] != "2" {
					t.Errorf("patched data %v", d)
				}
				c := objs[1]["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)
				if c["image"] != "nginx:1.27" {
					t.Errorf("image %v", c["image"])
				}
			},
		},
		{name: "resources refused", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("resources: [x.yaml]\n")}}, wantErr: "kustomization.yaml:1:1: resources: not allowed in a last-mile kustomization: it would add objects that do not come from aigateway.yaml"},
		{name: "secret generator refused", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("secretGenerator:\n- name: s\n  literals: [a=b]\n")}}, wantErr: "secretGenerator"},
		{name: "helm charts refused", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("helmCharts:\n- name: x\n")}}, wantErr: "helmCharts"},
		{name: "escaping patch path", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches:\n- path: ../x.yaml\n")}}, wantErr: `kustomization.yaml:2:9: "../x.yaml" must be a relative path inside the application folder`},
		{name: "missing patch file", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches:\n- path: gone.yaml\n")}}, wantErr: "kustomization.yaml:2:9: reading gone.yaml"},
		{name: "invalid yaml", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches: [\n")}}, wantErr: "kustomization.yaml:1:1: invalid YAML"},
		{name: "unknown kustomization field", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches: []\ncommonLabel: {a: b}\n")}}, wantErr: `kustomization.yaml:2:1: commonLabel: "commonLabel" is not a field a last-mile kustomization may use (did you mean "commonLabels"?)`},
		{name: "namePrefix refused", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("namePrefix: x-\n")}}, wantErr: "kustomization.yaml:1:1: namePrefix: not allowed in a last-mile kustomization: it would rename aigw's objects but not what External Secrets and Crossplane objects refer to them by; names come from aigateway.yaml"},
		{name: "nameSuffix refused", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches: []\nnameSuffix: -x\n")}}, wantErr: "kustomization.yaml:2:1: nameSuffix: not allowed in a last-mile kustomization: it would rename"},
		{name: "colon keys", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("::\n")}}, wantErr: `kustomization.yaml:1:1: :: ":" is not a field a last-mile kustomization may use`},
		{name: "empty key", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("\"\": x\n")}}, wantErr: `kustomization.yaml:1:1: "" is not a field a last-mile kustomization may use`},
		{name: "not a mapping", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("- a\n")}}, wantErr: "kustomization.yaml:1:1: expected a mapping of kustomization fields, got a list"},
		{name: "mapping key", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("{a: 1}: x\n")}}, wantErr: "kustomization.yaml:1:1: field names must be strings, not a mapping"},
		{name: "unknown nested field", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("patches:\n- pathh: x.yaml\n")}}, wantErr: `kustomization.yaml:2:3: not a valid kustomization: unknown field "pathh"`},
		{name: "wrong type", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("commonLabels: [a]\n")}}, wantErr: "not a valid kustomization: cannot unmarshal array into field Kustomization.commonLabels"},
		{name: "empty file", app: fstest.MapFS{"kustomization.yaml": {Data: []byte("")}}, wantErr: "kustomization.yaml: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Embedded: aigw.Files, Resources: []byte(resources), Overlay: "production", Labels: map[string]string{"env": "prod"}}
			if tt.app != nil {
				in.AppFS = tt.app
			}
			objs, err := Assemble(in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, objs)
		})
	}
}
