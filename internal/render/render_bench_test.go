package render

// Stage benchmarks of the pipeline (go test -bench . -benchmem); they do not
// run in go test without -bench. docs/performance.md has the numbers and the
// budget; bench/run.sh times the whole process against the Helm and
// Kustomize CLIs.

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/assemble"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
	"github.com/aigw-dev/aigw/internal/testutil/scalespec"
)

const benchExample = "../../examples/ai-gateway"

// benchEnvs are the example's environments.
var benchEnvs = []string{"dev", "staging", "prod"}

// stageInput is everything the stages after resolve read, for one
// environment of dir.
type stageInput struct {
	doc  *spec.Document
	in   *component.Input
	objs []map[string]any
}

func newStageInput(b *testing.B, dir, env string) *stageInput {
	b.Helper()
	doc, root, err := Load(dir, "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	r := &Renderer{Embedded: aigw.Files}
	ctx := context.Background()
	in, err := r.Prepare(ctx, doc, root.FS(), Options{Resolve: resolve.Options{Environment: env}})
	if err != nil {
		b.Fatal(err)
	}
	objs, err := r.Objects(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	return &stageInput{doc: doc, in: in, objs: objs}
}

// BenchmarkDecodeValidate is spec.Parse (strict decode, document checks)
// plus the environment's merge, defaults and validation.
func BenchmarkDecodeValidate(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(benchExample, SpecFile))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		doc, err := spec.Parse(SpecFile, data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := doc.Environment("prod"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolve merges, defaults and validates one environment and
// derives its names.
func BenchmarkResolve(b *testing.B) {
	s := newStageInput(b, benchExample, "prod")
	for b.Loop() {
		if _, err := resolve.Resolve(s.doc, resolve.Options{Environment: "prod"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuilder runs each component builder of the environment's set on the
// example's prod environment. The litellm builder's time is the Helm SDK
// render of both releases.
func BenchmarkBuilder(b *testing.B) {
	s := newStageInput(b, benchExample, "prod")
	ctx := context.Background()
	for _, bl := range BuildersFor(s.in.Gateway) {
		b.Run(bl.Name(), func(b *testing.B) {
			for b.Loop() {
				if _, err := bl.Build(ctx, s.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkObjects converts the builders' typed objects into the stream
// Kustomize reads (conversion, sync waves, order, encoding).
func BenchmarkObjects(b *testing.B) {
	s := newStageInput(b, benchExample, "prod")
	var built []component.Object
	for _, bl := range BuildersFor(s.in.Gateway) {
		objs, err := bl.Build(context.Background(), s.in)
		if err != nil {
			b.Fatal(err)
		}
		built = append(built, objs...)
	}
	for b.Loop() {
		objs, err := component.Maps(built)
		if err != nil {
			b.Fatal(err)
		}
		if err := order(objs); err != nil {
			b.Fatal(err)
		}
		if _, err := encodeResources(objs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssemble is the Kustomize stage: embedded base and overlay, the
// builders' objects, common labels.
func BenchmarkAssemble(b *testing.B) {
	s := newStageInput(b, benchExample, "prod")
	stream, err := encodeResources(s.objs)
	if err != nil {
		b.Fatal(err)
	}
	g := s.in.Gateway
	b.SetBytes(int64(len(stream)))
	for b.Loop() {
		if _, err := assemble.Assemble(assemble.Input{Embedded: aigw.Files, Resources: stream, Overlay: g.Tier, Labels: g.Labels(), AppFS: s.in.AppFS}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode writes the final stream (what aigw generate prints).
func BenchmarkEncode(b *testing.B) {
	s := newStageInput(b, benchExample, "prod")
	res := &Result{Objects: s.objs}
	out, err := res.YAML()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	for b.Loop() {
		if _, err := res.YAML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPipeline is the whole render of each example environment, from
// reading aigateway.yaml to the YAML stream.
func BenchmarkPipeline(b *testing.B) {
	for _, env := range benchEnvs {
		b.Run(env, func(b *testing.B) { benchPipeline(b, benchExample, env) })
	}
}

// BenchmarkPipelineScale renders every environment of a spec with
// scalespec.Models models and scalespec.Environments environments.
func BenchmarkPipelineScale(b *testing.B) {
	dir := scalespec.Write(b, scalespec.Models, scalespec.Environments)
	for _, env := range scalespec.EnvironmentNames(scalespec.Environments) {
		b.Run(env, func(b *testing.B) { benchPipeline(b, dir, env) })
	}
}

func benchPipeline(b *testing.B, dir, env string) {
	r := &Renderer{Embedded: aigw.Files}
	opts := Options{Dir: dir, Resolve: resolve.Options{Environment: env}}
	ctx := context.Background()
	var objects, size int
	for b.Loop() {
		res, err := r.Render(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		out, err := res.YAML()
		if err != nil {
			b.Fatal(err)
		}
		objects, size = len(res.Objects), len(out)
	}
	b.ReportMetric(float64(objects), "objects")
	b.SetBytes(int64(size))
}
