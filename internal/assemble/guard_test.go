package assemble

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw"
)

// guarded are aigw-like objects: a ConfigMap, an ExternalSecret with a
// template and a Deployment.
const guarded = `apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: ns}
data: {a: "1"}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: es, namespace: ns}
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: aws}
  target:
    name: es
    template:
      data: {url: "{{ .password }}"}
  data:
  - secretKey: password
    remoteRef: {key: aigw/gw/dev/db}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
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

// TestUserKustomizationGuard: what the last-mile kustomization produces is
// checked, and a rule it breaks is reported at the patch that breaks it.
func TestUserKustomizationGuard(t *testing.T) {
	const cmToSecret = `- op: replace
  path: /kind
  value: Secret
- op: add
  path: /stringData
  value: {password: hunter2}
`
	tests := []struct {
		name    string
		files   map[string]string
		wantErr []string
		check   func(t *testing.T, objs []map[string]any)
	}{
		{
			name: "JSON patch turns a ConfigMap into a Secret",
			files: map[string]string{
				"kustomization.yaml": "commonAnnotations: {a: b}\npatches:\n- path: ok.yaml\n- path: p.yaml\n  target: {kind: ConfigMap, name: cm}\n",
				"ok.yaml":            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ns}\nspec: {replicas: 3}\n",
				"p.yaml":             cmToSecret,
			},
			wantErr: []string{"kustomization.yaml:4:3: patches[1]: turns ConfigMap ns/cm (v1) into a Secret: no Secret ever leaves aigw"},
		},
		{
			name: "ExternalSecret turned into a Secret",
			files: map[string]string{
				"kustomization.yaml": "patchesJson6902:\n- target: {group: external-secrets.io, version: v1, kind: ExternalSecret, name: es}\n  path: p.yaml\n",
				"p.yaml":             "- {op: replace, path: /apiVersion, value: v1}\n- {op: replace, path: /kind, value: Secret}\n- {op: add, path: /data, value: {password: aHVudGVyMg==}}\n",
			},
			wantErr: []string{"kustomization.yaml:2:3: patchesJson6902[0]: turns ExternalSecret ns/es (external-secrets.io/v1) into a Secret"},
		},
		{
			name: "rename by a JSON patch",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"replace\", \"path\": \"/metadata/name\", \"value\": \"other\"}]'\n",
			},
			wantErr: []string{`kustomization.yaml:2:3: patches[0]: changes the name to "other" of Deployment ns/web (apps/v1): a patch may not change an object's apiVersion, kind, name or namespace`},
		},
		{
			name: "namespace and apiVersion moved",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- target: {kind: ConfigMap}\n  patch: '[{\"op\": \"replace\", \"path\": \"/metadata/namespace\", \"value\": \"kube-system\"}, {\"op\": \"replace\", \"path\": \"/apiVersion\", \"value\": \"v2\"}]'\n",
			},
			wantErr: []string{`patches[0]: changes the apiVersion to v2, namespace to "kube-system" of ConfigMap ns/cm (v1)`},
		},
		{
			name: "literal data in an ExternalSecret template",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- patch: |\n    apiVersion: external-secrets.io/v1\n    kind: ExternalSecret\n    metadata: {name: es, namespace: ns}\n    spec:\n      target:\n        template:\n          data: {token: hunter2}\n",
			},
			wantErr: []string{"kustomization.yaml:2:3: patches[0]: changes ExternalSecret ns/es (external-secrets.io/v1) beyond its labels and annotations"},
		},
		{
			name: "two rules broken by two patches, in order",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- path: p.yaml\n  target: {kind: ConfigMap}\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"replace\", \"path\": \"/metadata/name\", \"value\": \"other\"}]'\n",
				"p.yaml":             cmToSecret,
			},
			wantErr: []string{"kustomization.yaml:2:3: patches[0]: turns ConfigMap ns/cm (v1) into a Secret", "kustomization.yaml:4:3: patches[1]: changes the name"},
		},
		{
			name: "kustomize error on one line",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- target: {kind: Deployment}\n  patch: '[{op: replace}]'\n",
			},
			wantErr: []string{"kustomization.yaml:1:1: kustomize: trouble configuring builtin PatchTransformer with config: ` patch:"},
		},
		{
			name: "credential in a generator literal",
			files: map[string]string{
				"kustomization.yaml": "commonAnnotations: {team: ai}\nconfigMapGenerator:\n- name: extra\n  literals: [model=gpt-4o]\n- name: keys\n  literals: [OPENAI=sk-proj-abcdefghijklmnopqrstuvwx]\n",
			},
			wantErr: []string{"kustomization.yaml:5:3: configMapGenerator[1]: writes a value that looks like an OpenAI API key into ConfigMap keys-"},
		},
		{
			name: "secret-looking key in a generator literal",
			files: map[string]string{
				"kustomization.yaml": "configMapGenerator:\n- name: extra\n  literals: [api_key=x]\n",
			},
			wantErr: []string{"kustomization.yaml:2:3: configMapGenerator[0]: adds data.api_key, which looks like a secret by its name, to ConfigMap extra-"},
		},
		{
			name: "credential patched into a container's environment",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0/env\", \"value\": [{\"name\": \"UPSTREAM\", \"value\": \"Bearer abcdefghijklmnop\"}]}]'\n",
			},
			wantErr: []string{"kustomization.yaml:2:3: patches[0]: writes a value that looks like an HTTP Authorization credential into Deployment ns/web (apps/v1) at spec.template.spec.containers[0].env[0].value: secret values live in AWS Secrets Manager"},
		},
		{
			name: "credential in common annotations, on every object",
			files: map[string]string{
				"kustomization.yaml": "patches: []\ncommonAnnotations: {db: 'postgres://admin:hunter2@db.internal/app'}\n",
			},
			wantErr: []string{
				"kustomization.yaml:1:1: writes a value that looks like a URL with a user name or password into ConfigMap ns/cm (v1) at metadata.annotations.db",
				"kustomization.yaml:1:1: writes a value that looks like a URL with a user name or password into Deployment ns/web (apps/v1) at metadata.annotations.db",
				"kustomization.yaml:1:1: writes a value that looks like a URL with a user name or password into Deployment ns/web (apps/v1) at spec.template.metadata.annotations.db",
				"kustomization.yaml:1:1: writes a value that looks like a URL with a user name or password into ExternalSecret ns/es (external-secrets.io/v1) at metadata.annotations.db",
			},
		},
		{
			name: "an object deleted by a strategic-merge patch",
			files: map[string]string{
				"kustomization.yaml": "commonLabels: {a: b}\npatches:\n- patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web, namespace: ns}\n    $patch: delete\n",
			},
			wantErr: []string{"kustomization.yaml:3:3: patches[0]: removes Deployment ns/web (apps/v1): a last-mile kustomization may change aigw's objects, not remove them"},
		},
		{
			name: "a patch that moves aigw's own values is not blamed for them",
			files: map[string]string{
				"kustomization.yaml": "patches:\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"add\", \"path\": \"/spec/template/spec/containers/0\", \"value\": {\"name\": \"sidecar\", \"image\": \"busybox\"}}]'\n",
			},
			check: func(t *testing.T, objs []map[string]any) {},
		},
		{
			name: "labels, annotations, image and a generated ConfigMap render",
			files: map[string]string{
				"kustomization.yaml": "commonAnnotations: {team: ai}\nimages: [{name: nginx, newTag: \"1.27\"}]\nconfigMapGenerator:\n- name: extra\n  literals: [a=b]\npatches:\n- patch: |\n    apiVersion: external-secrets.io/v1\n    kind: ExternalSecret\n    metadata: {name: es, namespace: ns, labels: {tier: gold}}\n",
			},
			check: func(t *testing.T, objs []map[string]any) {
				var names []string
				for _, o := range objs {
					md := o["metadata"].(map[string]any)
					names = append(names, md["name"].(string))
					ann := md["annotations"].(map[string]any)
					if _, ok := ann[originAnnotation]; ok || ann["team"] != "ai" {
						t.Errorf("%s annotations %v", md["name"], ann)
					}
				}
				if got := strings.Join(names, ","); !strings.Contains(got, "cm") || !strings.Contains(got, "es") || !strings.Contains(got, "extra-") {
					t.Errorf("names %s", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := fstest.MapFS{}
			for n, c := range tt.files {
				app[n] = &fstest.MapFile{Data: []byte(c)}
			}
			objs, err := Assemble(Input{Embedded: aigw.Files, Resources: []byte(guarded), Overlay: "development", AppFS: app})
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, objs)
				return
			}
			if err == nil {
				t.Fatalf("no error; want %q", tt.wantErr)
			}
			msg := err.Error()
			for _, secret := range []string{"abcdefghijklmnop", "hunter2"} {
				if strings.Contains(msg, secret) {
					t.Errorf("the error quotes the secret value %q:\n%s", secret, msg)
				}
			}
			if n := strings.Count(msg, "\n") + 1; n != len(tt.wantErr) {
				t.Errorf("%d lines, want %d:\n%s", n, len(tt.wantErr), msg)
			}
			rest := msg
			for _, w := range tt.wantErr {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
