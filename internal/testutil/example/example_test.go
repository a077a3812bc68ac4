package example_test

import (
	"slices"
	"testing"

	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
)

// TestEnvironments keeps Environments in step with the example's file.
func TestEnvironments(t *testing.T) {
	got := slices.Sorted(slices.Values(example.Environments()))
	if want := example.Document(t).Environments(); !slices.Equal(got, want) {
		t.Errorf("Environments() = %v, the example defines %v", example.Environments(), want)
	}
}
