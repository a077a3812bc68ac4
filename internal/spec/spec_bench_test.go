package spec

// Benchmarks of decoding and validation (go test -bench . -benchmem); they do
// not run in go test without -bench.

import (
	"os"
	"testing"

	"github.com/aigw-dev/aigw/internal/testutil/scalespec"
)

// BenchmarkParse is the strict decode of the document and the checks that do
// not depend on an environment.
func BenchmarkParse(b *testing.B) {
	for _, c := range benchSpecs(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, err := Parse("aigateway.yaml", c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEnvironment is one environment's merge over the base, defaults
// and validation.
func BenchmarkEnvironment(b *testing.B) {
	for _, c := range benchSpecs(b) {
		doc, err := Parse("aigateway.yaml", c.data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := doc.Environment(c.env); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchSpec struct {
	name, env string
	data      []byte
}

// benchSpecs are the example and the scale spec (scalespec.Models models,
// scalespec.Environments environments).
func benchSpecs(b *testing.B) []benchSpec {
	b.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		b.Fatal(err)
	}
	return []benchSpec{
		{name: "example", env: "prod", data: data},
		{name: "scale", env: "prod", data: scalespec.Spec(scalespec.Models, scalespec.Environments)},
	}
}
