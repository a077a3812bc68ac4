package scalespec_test

import (
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
	"github.com/aigw-dev/aigw/internal/testutil/scalespec"
)

// TestSpecIsValid checks that every environment of the scale spec decodes,
// merges and validates, with the models it announces.
func TestSpecIsValid(t *testing.T) {
	doc, err := spec.Parse("aigateway.yaml", scalespec.Spec(scalespec.Models, scalespec.Environments))
	if err != nil {
		t.Fatal(err)
	}
	names := scalespec.EnvironmentNames(scalespec.Environments)
	if got := len(doc.Environments()); got != len(names) {
		t.Fatalf("%d environments, want %d", got, len(names))
	}
	for _, name := range names {
		env, err := doc.Environment(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := len(env.LiteLLM.Models); got != scalespec.Models {
			t.Errorf("%s: %d models, want %d", name, got, scalespec.Models)
		}
		if strings.HasSuffix(name, "prod") != (env.Tier == spec.TierProduction) {
			t.Errorf("%s: tier %s", name, env.Tier)
		}
	}
}
