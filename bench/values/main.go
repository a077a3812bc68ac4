// Command values lays out, for bench/run.sh, the inputs of the pipeline aigw
// replaces: the Helm values aigw passes to each LiteLLM release, the objects
// of the other builders, and a Kustomize tree with aigw's embedded base and
// overlay. It writes a script, cli.sh, that produces the environment's
// objects the way most config management plugins do: `helm template` twice
// (the embedded chart, the same values, capabilities and namespace) and
// `kustomize build` over the same base and overlay with the same labels;
// and helm-<release>.sh and kustomize.sh, its steps one by one.
//
// The values are taken from the LiteLLM builder itself: it renders, instead
// of the embedded chart, a chart whose only template is a ConfigMap holding
// toYaml .Values. So they are exactly what aigw gives Helm, with no debug
// hook in the product.
//
//	go run ./bench/values -dir examples/ai-gateway -env dev -out DIR \
//	    -helm PATH -kustomize PATH -chart base/charts/litellm
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/chartsource"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// valuesSuffix names the ConfigMap of the values chart: <release>-values.
const valuesSuffix = "-values"

// valuesChart renders the values it is given into a ConfigMap.
var valuesChart = fstest.MapFS{
	"Chart.yaml": {Data: []byte("apiVersion: v2\nname: litellm\nversion: 0.0.0\n")},
	"templates/values.yaml": {Data: []byte(`apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}` + valuesSuffix + `
data:
  values.yaml: |
{{ toYaml .Values | indent 4 }}
`)},
}

type options struct {
	dir, env, out          string
	helm, kustomize, chart string
}

func main() {
	var o options
	flag.StringVar(&o.dir, "dir", "examples/ai-gateway", "application folder (aigateway.yaml)")
	flag.StringVar(&o.env, "env", "dev", "environment")
	flag.StringVar(&o.out, "out", "", "output folder (created; must not exist or be empty)")
	flag.StringVar(&o.helm, "helm", "helm", "helm CLI")
	flag.StringVar(&o.kustomize, "kustomize", "kustomize", "kustomize CLI")
	flag.StringVar(&o.chart, "chart", chartsource.EmbeddedDir, "chart folder (the embedded chart's source)")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "values:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.out == "" {
		return errors.New("-out is required")
	}
	chart, err := filepath.Abs(o.chart)
	if err != nil {
		return err
	}
	doc, root, err := render.Load(o.dir, "")
	if err != nil {
		return err
	}
	defer root.Close()
	g, err := resolve.Resolve(doc, resolve.Options{Environment: o.env})
	if err != nil {
		return err
	}
	r := &render.Renderer{Embedded: aigw.Files}
	in, err := r.Input(ctx, g, root.FS(), component.Capabilities{})
	if err != nil {
		return err
	}

	// The other builders' objects: what the CLI pipeline keeps as files.
	var docs []string
	for _, b := range render.BuildersFor(g) {
		if b.Name() == "litellm" {
			continue
		}
		objs, err := b.Build(ctx, in)
		if err != nil {
			return fmt.Errorf("%s: %w", b.Name(), err)
		}
		for _, obj := range objs {
			y, err := toYAML(obj)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name(), err)
			}
			docs = append(docs, y)
		}
	}

	// The values of both releases, from the LiteLLM builder.
	valuesIn := *in
	if valuesIn.Chart, err = (&chartsource.Loader{Embedded: valuesChart}).Load(ctx, resolve.ChartSource{Kind: resolve.ChartEmbedded}, nil); err != nil {
		return err
	}
	objs, err := litellm.New().Build(ctx, &valuesIn)
	if err != nil {
		return fmt.Errorf("litellm with the values chart: %w", err)
	}
	values := map[string]string{}
	for _, obj := range objs {
		if name, ok := strings.CutSuffix(obj.GetName(), valuesSuffix); ok && obj.GetObjectKind().GroupVersionKind().Kind == "ConfigMap" {
			u, ok := obj.(*unstructured.Unstructured)
			if !ok {
				return fmt.Errorf("ConfigMap %s is a %T", obj.GetName(), obj)
			}
			v, _, err := unstructured.NestedString(u.Object, "data", "values.yaml")
			if err != nil {
				return err
			}
			values[name] = v
		}
	}
	releases := []string{litellm.ReleaseName(g, litellm.RoleAPI), litellm.ReleaseName(g, litellm.RoleAdmin)}
	for _, r := range releases {
		if values[r] == "" {
			return fmt.Errorf("no values for release %s", r)
		}
	}

	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		"kustomize/base/resources.yaml": strings.Join(docs, "---\n"),
		"kustomize/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n" +
			"- resources.yaml\n- " + releases[0] + ".yaml\n- " + releases[1] + ".yaml\n",
	}
	for _, r := range releases {
		files["values-"+r+".yaml"] = values[r]
	}
	overlay := path.Join("overlays", g.Tier)
	if err := fs.WalkDir(aigw.Files, overlay, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(aigw.Files, p)
		files["kustomize/"+p] = string(b)
		return err
	}); err != nil {
		return err
	}
	env := map[string]any{
		"apiVersion": "kustomize.config.k8s.io/v1beta1",
		"kind":       "Kustomization",
		"resources":  []string{"../" + overlay},
		"labels":     []map[string]any{{"pairs": g.Labels(), "includeSelectors": false, "includeTemplates": true}},
	}
	y, err := yaml.Marshal(env)
	if err != nil {
		return err
	}
	files["kustomize/env/kustomization.yaml"] = string(y)

	// cli.sh is the pipeline; helm-<release>.sh and kustomize.sh are its
	// steps, for timing them one by one.
	header := "#!/bin/sh\n# Written by bench/values for bench/run.sh.\nset -e\nd=" + shellQuote(mustAbs(o.out)) + "\n"
	helmCmd := func(r string) string {
		return fmt.Sprintf("%s template %s %s --namespace %s --kube-version %s -f \"$d/values-%s.yaml\" > \"$d/kustomize/base/%s.yaml\"\n",
			shellQuote(o.helm), r, shellQuote(chart), g.Namespace, litellm.DefaultKubeVersion, r, r)
	}
	kustomizeCmd := fmt.Sprintf("%s build \"$d/kustomize/env\"\n", shellQuote(o.kustomize))
	cli := header
	for _, r := range releases {
		cli += helmCmd(r)
		files["helm-"+r+".sh"] = header + helmCmd(r)
	}
	files["cli.sh"] = cli + kustomizeCmd
	files["kustomize.sh"] = header + kustomizeCmd

	for name, content := range files {
		p := filepath.Join(o.out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			return err
		}
	}
	return nil
}

// toYAML encodes a builder's object the way a file in a repository holds it.
func toYAML(obj component.Object) (string, error) {
	var m map[string]any
	if u, ok := obj.(*unstructured.Unstructured); ok {
		m = u.Object
	} else {
		var err error
		if m, err = runtime.DefaultUnstructuredConverter.ToUnstructured(obj); err != nil {
			return "", err
		}
	}
	b, err := yaml.Marshal(m)
	return string(b), err
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
