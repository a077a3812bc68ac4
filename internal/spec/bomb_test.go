package spec

import (
	"strings"
	"testing"
)

// TestAliasBomb: aliases that expand exponentially end in one error, fast.
func TestAliasBomb(t *testing.T) {
	src := `apiVersion: aigw.dev/v1alpha1
kind: AIGateway
metadata: {name: a}
spec:
  network:
    subnetIds: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
    vpcId: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    vpcCidr: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  region: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  domain: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  litellm:
    models: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  access:
    adminAllowlist: [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  environments: {a: {}}
`
	_, err := Parse("x.yaml", []byte(src))
	if err == nil || len(Errors(err)) > maxErrors+1 {
		t.Fatalf("want a bounded list of errors, got %d", len(Errors(err)))
	}
	if !strings.Contains(err.Error(), "expected") {
		t.Errorf("error: %v", err)
	}
}
