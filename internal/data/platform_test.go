package data

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	xpv2 "github.com/crossplane/crossplane/apis/v2/apiextensions/v2"
	metapkgv1 "github.com/crossplane/crossplane/apis/v2/pkg/meta/v1"
	pkgv1 "github.com/crossplane/crossplane/apis/v2/pkg/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/xrender"
)

// platformFiles are the objects of crossplane/ a cluster applies: the XRDs
// and Compositions (through the Configuration package), the Functions and
// the RBAC that lets Crossplane compose ConfigMaps and
// LoadBalancerConfigurations.
func platformFiles(t *testing.T) []string {
	t.Helper()
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "crossplane", "apis", "*", "*.yaml"))
	if err != nil || len(files) != 2*len(apiDirs) {
		t.Fatalf("crossplane/apis: %d files (%v), want a definition and a composition per kind", len(files), err)
	}
	return append(files,
		filepath.Join(root, "crossplane", "install", "functions.yaml"),
		filepath.Join(root, "crossplane", "install", "rbac.yaml"))
}

// TestPlatformObjectsAccepted applies the XRDs, Compositions, Functions and
// RBAC with a server-side dry-run on the API server with Crossplane's CRDs.
func TestPlatformObjectsAccepted(t *testing.T) {
	srv := kube.Server(t)
	ctx := context.Background()
	for _, file := range platformFiles(t) {
		objs, err := xrender.ReadObjects(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			if err := srv.DryRunApply(ctx, o); err != nil {
				t.Errorf("%s: %v", filepath.Base(file), err)
			}
		}
	}
	// The upstream CRDs in use have no pkg.crossplane.io Configuration;
	// TestPackageMetadata decodes the install object strictly instead, and
	// this applies it too once the CRD is there.
	install, err := xrender.ReadObjects(filepath.Join(repoRoot(t), "crossplane", "install", "configuration.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range install {
		err := srv.DryRunApply(ctx, o)
		switch {
		case meta.IsNoMatchError(err):
			t.Logf("configuration.yaml not applied: the API server has no %s CRD", o.GroupVersionKind().GroupKind())
		case err != nil:
			t.Errorf("configuration.yaml: %v", err)
		}
	}
}

// TestCompositionsMatchXRDs: every Composition composes the kind of the XRD
// beside it, uses the Pipeline mode and calls only the Functions of
// install/functions.yaml.
func TestCompositionsMatchXRDs(t *testing.T) {
	fnObjs, err := xrender.ReadObjects(filepath.Join(repoRoot(t), "crossplane", "install", "functions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var functions []string
	for _, f := range fnObjs {
		functions = append(functions, f.GetName())
	}
	for kind := range apiDirs {
		xrdFile, compFile := apiFiles(t, kind)
		xrd := readXRD(t, xrdFile)
		objs, err := xrender.ReadObjects(compFile)
		if err != nil || len(objs) != 1 {
			t.Fatalf("%s: %d objects, %v", compFile, len(objs), err)
		}
		comp := objs[0].Object
		ref, _, _ := unstructured.NestedStringMap(comp, "spec", "compositeTypeRef")
		if ref["kind"] != kind || ref["apiVersion"] != APIVersion || xrd.Spec.Names.Kind != kind || xrd.Spec.Group != Group {
			t.Errorf("%s composes %v; its XRD defines %s.%s", kind, ref, xrd.Spec.Names.Kind, xrd.Spec.Group)
		}
		if xrd.Spec.Scope != xpv2.CompositeResourceScopeNamespaced {
			t.Errorf("%s: XRD scope %q, want Namespaced", kind, xrd.Spec.Scope)
		}
		if xrd.Spec.DefaultCompositionRef == nil || xrd.Spec.DefaultCompositionRef.Name != objs[0].GetName() {
			t.Errorf("%s: the XRD's default composition is not %s", kind, objs[0].GetName())
		}
		if mode, _, _ := unstructured.NestedString(comp, "spec", "mode"); mode != "Pipeline" {
			t.Errorf("%s: mode %q", kind, mode)
		}
		steps, _, _ := unstructured.NestedSlice(comp, "spec", "pipeline")
		for _, s := range steps {
			name, _, _ := unstructured.NestedString(s.(map[string]any), "functionRef", "name")
			if !slices.Contains(functions, name) {
				t.Errorf("%s calls Function %q, which install/functions.yaml does not install", kind, name)
			}
		}
	}
}

func readXRD(t *testing.T, file string) *xpv2.CompositeResourceDefinition {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	xrd := &xpv2.CompositeResourceDefinition{}
	if err := yaml.UnmarshalStrict(data, xrd); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return xrd
}

// testedVersion is the version of a tool module the render tests run.
func testedVersion(t *testing.T, modDir, module string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), modDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(module) + `\s+(v\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s/go.mod does not require %s", modDir, module)
	}
	return string(m[1])
}

// TestPackageMetadata decodes the Configuration package's crossplane.yaml,
// the function's and the Configuration install object strictly with
// Crossplane's types, and checks that the function-patch-and-transform the
// cluster installs is the version the render tests ran.
func TestPackageMetadata(t *testing.T) {
	root := repoRoot(t)
	pat := testedVersion(t, ".ci/function-pat", "github.com/crossplane-contrib/function-patch-and-transform")

	var cfg metapkgv1.Configuration
	decodeStrict(t, filepath.Join(root, "crossplane", "crossplane.yaml"), &cfg)
	if cfg.APIVersion != "meta.pkg.crossplane.io/v1" || cfg.Kind != "Configuration" {
		t.Errorf("crossplane.yaml is a %s %s", cfg.APIVersion, cfg.Kind)
	}
	if cfg.Spec.Crossplane == nil || !strings.HasPrefix(cfg.Spec.Crossplane.Version, ">=v2.") {
		t.Errorf("crossplane.yaml must require Crossplane v2: %+v", cfg.Spec.Crossplane)
	}
	deps := map[string]string{}
	for _, d := range cfg.Spec.DependsOn {
		if d.Package == nil || d.Kind == nil || d.Version == "" {
			t.Errorf("dependency without package, kind or version: %+v", d)
			continue
		}
		deps[*d.Package] = d.Version
	}
	for _, want := range []string{"provider-aws-rds", "provider-aws-ec2", "provider-aws-kms", "provider-aws-elasticache",
		"provider-aws-wafv2", "provider-aws-cloudwatchlogs", "provider-aws-route53", "provider-aws-acm"} {
		if v := deps["xpkg.crossplane.io/crossplane-contrib/"+want]; !strings.HasPrefix(v, ">=v2.") {
			t.Errorf("dependency %s: version %q, want a v2 provider", want, v)
		}
	}
	if v := deps["xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform"]; v != pat {
		t.Errorf("function-patch-and-transform dependency %q, want the tested %s", v, pat)
	}

	var fn metapkgv1.Function
	decodeStrict(t, filepath.Join(root, "crossplane", "function", "package", "crossplane.yaml"), &fn)
	if fn.Kind != "Function" || fn.GetName() != "function-slots" {
		t.Errorf("function package metadata: %s %s", fn.Kind, fn.GetName())
	}

	var install pkgv1.Configuration
	decodeStrict(t, filepath.Join(root, "crossplane", "install", "configuration.yaml"), &install)
	if install.Spec.Package == "" {
		t.Error("install/configuration.yaml names no package")
	}

	fnObjs, err := xrender.ReadObjects(filepath.Join(root, "crossplane", "install", "functions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fnObjs {
		pkg, _, _ := unstructured.NestedString(f.Object, "spec", "package")
		if f.GetName() == fnPatchAndTransform && !strings.HasSuffix(pkg, ":"+pat) {
			t.Errorf("install/functions.yaml installs %s, want the tested %s", pkg, pat)
		}
	}
}

func decodeStrict(t *testing.T, file string, into any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(data, into); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// TestPackagesBuild builds the Configuration and function-slots packages
// with the crossplane CLI, which parses and lints every object in them.
func TestPackagesBuild(t *testing.T) {
	root := repoRoot(t)
	tools := xrender.RequireTools(t, root)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--package-root=crossplane", "--examples-root=crossplane/examples", "--ignore=install/*,function/package/*",
			"--package-file=" + filepath.Join(dir, "aigw-platform.xpkg")},
		// The function has no examples; without an explicit root the CLI
		// would read the repository's examples/ folder (gateways, not
		// Crossplane objects).
		{"--package-root=crossplane/function/package", "--examples-root=crossplane/function/package/examples",
			"--package-file=" + filepath.Join(dir, "function-slots.xpkg")},
	} {
		cmd := exec.Command(tools.Crossplane, append([]string{"xpkg", "build"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("crossplane xpkg build %v: %v\n%s", args, err, out)
		}
	}
}

// installCompositeCRDs derives the composite CRDs from the XRDs as Crossplane
// does and installs them.
func installCompositeCRDs(t *testing.T, srv *kubetest.Server) {
	t.Helper()
	dir := t.TempDir()
	if err := xrender.WriteCompositeCRDs(repoRoot(t), dir); err != nil {
		t.Fatal(err)
	}
	if err := srv.InstallCRDs(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
}

// TestCompositesMatchXRDSchemas validates every composite aigw emits for every
// example environment, and the examples in crossplane/examples, against the
// CRDs Crossplane derives from the XRDs: server-side dry-run applies with
// strict field validation (schema, defaults, CEL rules).
func TestCompositesMatchXRDSchemas(t *testing.T) {
	srv := kube.Server(t)
	installCompositeCRDs(t, srv)
	ctx := context.Background()
	var objs []*unstructured.Unstructured
	for _, e := range exampleEnvs(t) {
		objs = append(objs, e.objs...)
	}
	examples, err := filepath.Glob(filepath.Join(repoRoot(t), "crossplane", "examples", "*.yaml"))
	if err != nil || len(examples) != len(apiDirs) {
		t.Fatalf("crossplane/examples: %v %v", examples, err)
	}
	for _, f := range examples {
		ex, err := xrender.ReadObjects(f)
		if err != nil {
			t.Fatal(err)
		}
		objs = append(objs, ex...)
	}
	for _, o := range objs {
		if err := srv.EnsureNamespace(ctx, o.GetNamespace(), nil); err != nil {
			t.Fatal(err)
		}
		if err := srv.DryRunApply(ctx, o); err != nil {
			t.Errorf("%s %s/%s: %v", o.GetKind(), o.GetNamespace(), o.GetName(), err)
		}
	}
}

// TestXRDSchemasReject: the derived CRDs refuse what the Compositions cannot
// handle.
func TestXRDSchemasReject(t *testing.T) {
	srv := kube.Server(t)
	installCompositeCRDs(t, srv)
	e := exampleEnvs(t)[0]
	if err := srv.EnsureNamespace(context.Background(), e.g.Namespace, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		index  int
		mutate func(o map[string]any)
	}{
		{"identifier over 40 characters", 1, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, strings.Repeat("a", 41), "spec", "identifier")
		}},
		{"identifier with two hyphens in a row", 1, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, "ai--gateway", "spec", "identifier")
		}},
		{"more instances than slots", 0, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, int64(16), "spec", "instances")
		}},
		{"more client CIDRs than slots", 0, func(o map[string]any) {
			cidrs := make([]any, 9)
			for i := range cidrs {
				cidrs[i] = "10.20.0.0/24"
			}
			_ = unstructured.SetNestedSlice(o, cidrs, "spec", "network", "clientCidrs")
		}},
		{"empty admin allowlist", 2, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, map[string]any{"ipv4": []any{}, "ipv6": []any{}}, "spec", "allowlists", "admin")
		}},
		{"rate limit beyond six digits", 2, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, int64(1000000), "spec", "rateLimit")
		}},
		{"unknown field", 3, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, "x", "spec", "zone")
		}},
		{"upper-case domain", 3, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, "AI.example.com", "spec", "domain")
		}},
		{"delegation without a parent zone", 3, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, map[string]any{"enabled": true}, "spec", "delegation")
		}},
		{"delegation to a zone ID and a zone reference", 3, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, map[string]any{"enabled": true, "parentZoneId": "Z123",
				"parentZoneRef": map[string]any{"name": "a", "namespace": "b"}}, "spec", "delegation")
		}},
		{"alarm topic that is not an SNS ARN", 0, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, "arn:aws:sqs:eu-west-1:123456789012:q", "spec", "alarms", "topicArn")
		}},
		{"alarm CPU threshold above 100 percent", 1, func(o map[string]any) {
			_ = unstructured.SetNestedField(o, int64(101), "spec", "alarms", "cpuPercent")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := e.objs[tt.index].DeepCopy()
			tt.mutate(o.Object)
			err := srv.DryRunApply(context.Background(), o)
			if err == nil || !kubetest.IsRejected(err) {
				t.Fatalf("DryRunApply = %v, want a rejection", err)
			}
		})
	}
}
