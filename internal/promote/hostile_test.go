package promote_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/gitrepo/gittest"
	"github.com/aigw-dev/aigw/internal/promote"
)

// TestDirtyWorkTree: uncommitted changes are an error unless --allow dirty,
// and the report then lists them.
func TestDirtyWorkTree(t *testing.T) {
	g := envRepo(t)
	g.Write(appDir+"/notes.txt", "wip\n")
	_, err := promote.Run(context.Background(), promote.Options{Renderer: renderer(), Dir: g.Path(appDir), From: "dev", To: "staging"})
	if err == nil || !strings.Contains(err.Error(), "has uncommitted changes (?? gateways/ai/notes.txt)") || !strings.Contains(err.Error(), "--allow dirty") {
		t.Fatalf("error %v, want the uncommitted changes named and --allow dirty", err)
	}
	r := run(t, g, "dev", "staging", promote.AllowDirty)
	if len(r.Dirty) != 1 || len(r.Blocked) != 0 {
		t.Errorf("dirty %v, blocked %v", r.Dirty, r.Blocked)
	}
}

// TestFirstPromotion: a target branch without a spec is a first promotion,
// said as such, with every guard stated: the comparison guards have
// nothing to compare, the production guardrails are checked.
func TestFirstPromotion(t *testing.T) {
	data, err := os.ReadFile("../../examples/ai-gateway/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := gittest.New(t)
	g.Write("README.md", "gateways\n")
	g.Commit("start")
	g.Git("branch", "env/prod")
	g.Write(specPath, string(data))
	g.Commit("add the ai gateway")
	g.Git("branch", "env/staging")
	r := run(t, g, "staging", "prod")
	if !strings.Contains(r.FirstPromotion, "there is no aigateway.yaml") {
		t.Errorf("first promotion = %q", r.FirstPromotion)
	}
	st := statuses(r)
	for _, name := range promote.GuardNames() {
		if _, ok := st[name]; !ok {
			t.Errorf("guard %s not stated", name)
		}
	}
	for _, gr := range r.Guards {
		switch gr.Guard {
		case promote.GuardDataLoss, promote.GuardImmutableField:
			if gr.Status != promote.Skipped || !strings.Contains(gr.Detail, "first promotion into prod") {
				t.Errorf("%s: %s %q", gr.Guard, gr.Status, gr.Detail)
			}
		default:
			if gr.Status != promote.Pass {
				t.Errorf("%s: %s %q, want the production guardrail checked", gr.Guard, gr.Status, gr.Detail)
			}
		}
	}
	var text strings.Builder
	if err := r.Markdown(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "**First promotion** into `prod`") {
		t.Errorf("markdown lacks the first promotion:\n%.400s", text.String())
	}
}
