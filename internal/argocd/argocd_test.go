package argocd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/argocd"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

var kube = kubetest.NewShared(kubetest.Options{})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

const exampleDir = "../../examples/ai-gateway"

func exampleObjects(t *testing.T, opts argocd.Options) []map[string]any {
	t.Helper()
	doc, root, err := render.Load(exampleDir, exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	root.Close()
	objs, err := argocd.Build(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := argocd.Encode(objs)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, doc := range strings.Split(string(b), "\n---\n") {
		var m map[string]any
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

var githubOpts = argocd.Options{RepoURL: "https://github.com/example/gateways.git", Path: "gateways/ai-gateway"}

func TestGolden(t *testing.T) {
	doc, root, err := render.Load(exampleDir, exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	root.Close()
	objs, err := argocd.Build(doc, githubOpts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := argocd.Encode(objs)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/ai-gateway.golden.yaml", b)
}

func TestShape(t *testing.T) {
	objs := exampleObjects(t, githubOpts)
	var kinds []string
	apps := map[string]map[string]any{}
	for _, o := range objs {
		kinds = append(kinds, o["kind"].(string))
		if o["kind"] == argocd.KindApplication {
			apps[o["metadata"].(map[string]any)["name"].(string)] = o
		}
	}
	if got := strings.Join(kinds, ","); got != "AppProject,Application,Application,Application,ApplicationSet" {
		t.Fatalf("kinds %s", got)
	}
	for env, branch := range map[string]string{"dev": "env/dev", "staging": "env/staging", "prod": "env/prod"} {
		app := apps["ai-gateway-"+env]
		src := get(app, "spec", "source").(map[string]any)
		if src["targetRevision"] != branch || get(src, "plugin", "name") != "aigw" {
			t.Errorf("%s: source %v", env, src)
		}
		params := get(src, "plugin", "parameters").([]any)
		if len(params) != 1 || params[0].(map[string]any)["name"] != "environment" || params[0].(map[string]any)["string"] != env {
			t.Errorf("%s: parameters %v", env, params)
		}
		if get(app, "spec", "destination", "namespace") != "ai-gateway-"+env {
			t.Errorf("%s: destination %v", env, get(app, "spec", "destination"))
		}
		if get(app, "metadata", "finalizers") != nil {
			t.Errorf("%s: an environment Application must not cascade-delete its environment", env)
		}
	}
}

func get(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func TestProviders(t *testing.T) {
	tests := []struct {
		scm, repo string
		want      string // a fragment of the generator, as JSON
		wantErr   string
	}{
		{scm: "github", repo: "git@github.com:example/gateways.git", want: `"github":{"owner":"example","repo":"gateways"}`},
		{scm: "github", repo: "https://ghe.example.com/platform/gateways", want: `"api":"https://ghe.example.com/api/v3"`},
		{scm: "gitlab", repo: "https://gitlab.example.com/group/sub/gateways.git", want: `"gitlab":{"project":"group/sub/gateways","api":"https://gitlab.example.com/","pullRequestState":"opened"}`},
		{scm: "gitea", repo: "https://git.example.com/platform/gateways.git", want: `"gitea":{"owner":"platform","repo":"gateways","api":"https://git.example.com"}`},
		{scm: "bitbucket-server", repo: "https://bitbucket.example.com/scm/plat/gateways.git", want: `"bitbucketServer":{"project":"PLAT","repo":"gateways","api":"https://bitbucket.example.com/rest"}`},
		{scm: "svn", repo: "https://github.com/a/b", wantErr: `--scm "svn"`},
		{scm: "github", repo: "https://github.com/onlyowner", wantErr: "expected a path"},
		{scm: "github", repo: "ftp://github.com/a/b", wantErr: "is not a repository URL Argo CD reads"},
		{scm: "github", repo: "file:///srv/git/a/b.git", wantErr: "is not a repository URL Argo CD reads"},
		{scm: "github", repo: "git://", wantErr: "is not a repository URL Argo CD reads"},
		// Every form Argo CD reads a repository in.
		{scm: "github", repo: "https://github.com/example/gateways.git", want: `"github":{"owner":"example","repo":"gateways"}`},
		{scm: "github", repo: "ssh://git@github.com/example/gateways.git", want: `"github":{"owner":"example","repo":"gateways"}`},
		{scm: "github", repo: "git://github.com/example/gateways.git", want: `"github":{"owner":"example","repo":"gateways"}`},
		{scm: "github", repo: "git://127.0.0.1:9418/example/gateways.git", want: `"api":"https://127.0.0.1/api/v3"`},
		{scm: "github", repo: "https://ghe.example.com:8443/platform/gateways", want: `"api":"https://ghe.example.com:8443/api/v3"`},
		{scm: "gitea", repo: "http://gitea.gitea.svc:3000/platform/gateways.git", want: `"gitea":{"owner":"platform","repo":"gateways","api":"http://gitea.gitea.svc:3000"}`},
		{scm: "gitea", repo: "git://git.example.com/platform/gateways.git", want: `"api":"https://git.example.com"`},
		{scm: "gitea", repo: "ssh://git@[2001:db8::1]:2222/platform/gateways.git", want: `"api":"https://[2001:db8::1]"`},
		{scm: "gitlab", repo: "git@gitlab.example.com:group/gateways.git", want: `"gitlab":{"project":"group/gateways","api":"https://gitlab.example.com/"`},
		{scm: "bitbucket-server", repo: "ssh://git@bitbucket.example.com:7999/plat/gateways.git", want: `"api":"https://bitbucket.example.com/rest"`},
	}
	doc, root, err := render.Load(exampleDir, exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	root.Close()
	for _, tt := range tests {
		t.Run(tt.scm+" "+tt.repo, func(t *testing.T) {
			objs, err := argocd.Build(doc, argocd.Options{RepoURL: tt.repo, SCM: tt.scm})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(objs[len(objs)-1])
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("generator lacks %s:\n%s", tt.want, b)
			}
		})
	}
}

func crds(t *testing.T) string {
	t.Helper()
	dir, err := kubetest.CRDsDir()
	if err != nil {
		t.Fatalf("no upstream CRDs: %v", err)
	}
	return filepath.Join(dir, "argo-cd")
}

// previewApp renders the ApplicationSet's template for one pull request the
// way the ApplicationSet controller does (Go templates over every string,
// missingkey=error), giving the preview Application Argo CD would create.
func previewApp(t *testing.T, set map[string]any, params map[string]any) map[string]any {
	t.Helper()
	tmpl := get(set, "spec", "template").(map[string]any)
	out := expand(t, tmpl, params).(map[string]any)
	app := map[string]any{"apiVersion": argocd.APIVersion, "kind": argocd.KindApplication, "metadata": out["metadata"], "spec": out["spec"]}
	app["metadata"].(map[string]any)["namespace"] = get(set, "metadata", "namespace")
	return app
}

func expand(t *testing.T, v any, params map[string]any) any {
	switch x := v.(type) {
	case string:
		tp, err := template.New("").Option("missingkey=error").Parse(x)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tp.Execute(&b, params); err != nil {
			t.Fatal(err)
		}
		return b.String()
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[expand(t, k, params).(string)] = expand(t, e, params)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = expand(t, e, params)
		}
		return l
	}
	return v
}

var prParams = map[string]any{
	"number": "42", "branch": "feature/cheaper-models", "branch_slug": "feature-cheaper-models",
	"target_branch": "env/dev", "head_sha": "0123456789abcdef0123456789abcdef01234567", "head_short_sha": "0123456",
	"title": "Cheaper models", "author": "someone", "labels": []string{},
}

func TestPreviewApplication(t *testing.T) {
	objs := exampleObjects(t, githubOpts)
	app := previewApp(t, objs[len(objs)-1], prParams)
	for path, want := range map[string]string{
		"metadata.name":                    "ai-gateway-pr-42",
		"spec.destination.namespace":       "ai-gateway-pr-42",
		"spec.source.targetRevision":       prParams["head_sha"].(string),
		"spec.project":                     "ai-gateway-previews",
		"metadata.labels.aigw.dev/preview": "42",
	} {
		var got any = app
		parts := strings.SplitN(path, ".", 3)
		if parts[0] == "metadata" && parts[1] == "labels" {
			got = get(app, "metadata", "labels").(map[string]any)[parts[2]]
		} else {
			got = get(app, strings.Split(path, ".")...)
		}
		if got != want {
			t.Errorf("%s = %v, want %s", path, got, want)
		}
	}
	params := get(app, "spec", "source", "plugin", "parameters")
	if b, _ := json.Marshal(params); string(b) != `[{"name":"environment","string":"dev"},{"name":"preview","string":"42"}]` {
		t.Errorf("plugin parameters %s", b)
	}
	if f := get(app, "metadata", "finalizers"); f == nil {
		t.Error("a preview must delete its resources when the pull request closes")
	}
}

// TestCRDSchema validates every object, and the preview Application the
// ApplicationSet would create, against Argo CD's CRDs.
func TestCRDSchema(t *testing.T) {
	set, err := crdschema.Load(crds(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []argocd.Options{githubOpts, {RepoURL: "https://gitlab.com/a/b.git", SCM: "gitlab", TokenSecret: "gitlab-token", PreviewLabels: []string{"preview"}}, {RepoURL: "https://bb.example.com/scm/p/r.git", SCM: "bitbucket-server", TokenSecret: "bb"}} {
		objs := exampleObjects(t, opts)
		objs = append(objs, previewApp(t, objs[len(objs)-1], prParams))
		for _, o := range objs {
			if err := set.Validate(o); err != nil {
				t.Errorf("%s: %v", opts.SCM, err)
			}
		}
	}
}

// TestAPIServer dry-run applies the objects and a preview Application on a
// real kube-apiserver with Argo CD's CRDs.
func TestAPIServer(t *testing.T) {
	dir := crds(t)
	srv := kube.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := srv.InstallCRDs(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if err := srv.EnsureNamespace(ctx, argocd.DefaultNamespace, nil); err != nil {
		t.Fatal(err)
	}
	objs := exampleObjects(t, githubOpts)
	objs = append(objs, previewApp(t, objs[len(objs)-1], prParams))
	for _, o := range objs {
		if err := srv.DryRunApply(ctx, &unstructured.Unstructured{Object: o}); err != nil {
			t.Errorf("rejected: %v", err)
		}
	}
}

func TestPathAndRepo(t *testing.T) {
	doc, root, err := render.Load(exampleDir, exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	root.Close()
	for _, tt := range []struct{ path, want, wantErr string }{
		{path: "gateways/ai/", want: "gateways/ai"},
		{path: "", want: "."},
		{path: "../elsewhere", wantErr: "inside it"},
		{path: "/abs", wantErr: "inside it"},
	} {
		objs, err := argocd.Build(doc, argocd.Options{RepoURL: "https://github.com/a/b", Path: tt.path})
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("path %q: err = %v, want %q", tt.path, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := objs[1].(*argocd.Application).Spec.Source.Path; got != tt.want {
			t.Errorf("path %q: source.path %q, want %q", tt.path, got, tt.want)
		}
	}
	if _, err := argocd.Build(doc, argocd.Options{}); err == nil || !strings.Contains(err.Error(), "--repo") {
		t.Errorf("no repository: %v", err)
	}
}

func TestPreviewPermits(t *testing.T) {
	obj := func(apiVersion, kind, ns, name string) map[string]any {
		m := map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": map[string]any{"name": name}}
		if ns != "" {
			m["metadata"].(map[string]any)["namespace"] = ns
		}
		return m
	}
	for _, tt := range []struct {
		obj  map[string]any
		want string
	}{
		{obj("v1", "Namespace", "", "gw-pr-7"), ""},
		{obj("v1", "Namespace", "", "gw-dev"), "cluster-scoped"},
		{obj("karpenter.sh/v1", "NodePool", "", "gw-dev-litellm"), "cluster-scoped"},
		{obj("apps/v1", "Deployment", "gw-pr-7", "gw-api"), ""},
		{obj("apps/v1", "Deployment", "gw-dev", "gw-api"), "not a preview namespace"},
		{obj("platform.aigw.dev/v1alpha1", "AuroraPostgreSQL", "gw-pr-7", "gw-database"), "denies AuroraPostgreSQL"},
		{obj("rds.aws.m.upbound.io/v1beta1", "Cluster", "gw-pr-7", "x"), "denies Cluster"},
		{obj("gateway.networking.k8s.io/v1", "Gateway", "gw-pr-7", "gw"), "denies Gateway"},
		{obj("gateway.networking.k8s.io/v1", "HTTPRoute", "gw-pr-7", "gw-api"), ""},
		{obj("external-secrets.io/v1alpha1", "PushSecret", "gw-pr-7", "p"), "denies PushSecret"},
		{obj("v1", "PersistentVolumeClaim", "gw-pr-7", "data"), "denies PersistentVolumeClaim"},
	} {
		err := previewPermits("gw", tt.obj)
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%v: err = %v, want %q", tt.obj, err, tt.want)
		}
	}
}

// TestPreviewRenderStaysInItsProject renders the example's preview and
// wants every object allowed by the previews' AppProject, in the preview's
// namespace, and without the keep sync options of an environment (or
// deleting the Application would leave it behind).
func TestPreviewRenderStaysInItsProject(t *testing.T) {
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: exampleDir, Resolve: resolve.Options{Preview: "42"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range res.Objects {
		if err := previewPermits("ai-gateway", o); err != nil {
			t.Error(err)
		}
		meta := o["metadata"].(map[string]any)
		ann, _ := meta["annotations"].(map[string]any)
		if opts, _ := ann["argocd.argoproj.io/sync-options"].(string); strings.Contains(opts, "Prune=false") || strings.Contains(opts, "Delete=false") {
			t.Errorf("%s %s: a preview object must go with its Application, has sync options %q", o["kind"], meta["name"], opts)
		}
	}
}
