package diff_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/gitrepo/gittest"
	"github.com/aigw-dev/aigw/internal/render"
)

const (
	exampleSpec = "../../examples/ai-gateway/aigateway.yaml"
	appDir      = "gateways/ai"
	specPath    = appDir + "/aigateway.yaml"
)

func renderer() *render.Renderer {
	return &render.Renderer{Embedded: aigw.Files}
}

// newGatewayRepo is a repository whose main branch holds the example
// gateway in gateways/ai.
func newGatewayRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	spec, err := os.ReadFile(exampleSpec)
	if err != nil {
		t.Fatal(err)
	}
	g := gittest.New(t)
	g.Write(specPath, string(spec))
	g.Commit("add the ai gateway")
	return g
}

func run(t *testing.T, g *gittest.Repo, env, base, head string) *diff.Report {
	t.Helper()
	r, err := diff.Run(context.Background(), diff.Options{Renderer: renderer(), Dir: g.Path(appDir), Environment: env, Base: base, Head: head})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunBetweenBranchesAndWorkingTree(t *testing.T) {
	g := newGatewayRepo(t)
	g.Git("checkout", "--quiet", "-b", "feature")
	g.Edit(specPath, "    team: platform", "    team: ai")
	g.Commit("relabel")

	r := run(t, g, "dev", "main", "feature")
	if !r.HasChanges() || len(r.Danger) != 0 {
		t.Fatalf("a label change: changes=%v danger=%v", r.HasChanges(), r.Danger)
	}
	// The label is on every object (generic: whatever the builders render).
	for _, o := range r.Objects {
		found := false
		for _, c := range o.Changes {
			if c.Path == "metadata.labels.team" && c.Old == "platform" && c.New == "ai" {
				found = true
			}
		}
		if o.Action != diff.Changed || !found {
			t.Errorf("%s: %s without the label change: %+v", o.Ref, o.Action, o.Changes)
		}
	}
	if r.Summary.Unchanged != 0 || r.Base != "main ("+g.Git("rev-parse", "--short", "main")+")" {
		t.Errorf("summary %+v, base %q", r.Summary, r.Base)
	}

	// The working tree is the default head.
	if r := run(t, g, "dev", "feature", ""); r.HasChanges() || r.Head != diff.WorkTreeLabel {
		t.Errorf("clean working tree against its own commit: changes=%v head=%q", r.HasChanges(), r.Head)
	}
	g.Edit(specPath, "    team: ai", "    team: ml")
	if r := run(t, g, "dev", "feature", ""); !r.HasChanges() {
		t.Error("an uncommitted change is not seen")
	}
}

// TestRenamedGatewayIsDanger: renaming the gateway renames every object, so
// the danger section must list every stateful object of the base as
// replaced or deleted (the namespace today, the database, cache and domain
// once the data builders are in).
func TestRenamedGatewayIsDanger(t *testing.T) {
	g := newGatewayRepo(t)
	g.Git("checkout", "--quiet", "-b", "rename")
	g.Edit(specPath, "  name: ai-gateway\n", "  name: ai-gw\n")
	g.Commit("rename the gateway")
	for _, env := range []string{"dev", "staging", "prod"} {
		base, err := diff.RenderTree(context.Background(), renderer(), readTree(t, g, "main"), env)
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, g, env, "main", "rename")
		assertStatefulInDanger(t, base.Objects, r)
		var md bytes.Buffer
		if err := r.Markdown(&md, diff.MarkdownOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(md.String(), "[!CAUTION]") {
			t.Errorf("%s: the Markdown report has no danger section", env)
		}
	}
}

// TestSwitchedEnvironmentIsDanger renders staging where dev was (an
// Application whose environment parameter is switched) and a spec change
// that moves staging into another namespace: both replace every stateful
// object, and both must say so.
func TestSwitchedEnvironmentIsDanger(t *testing.T) {
	g := newGatewayRepo(t)
	tree := readTree(t, g, "main")
	staging, err := diff.RenderTree(context.Background(), renderer(), tree, "staging")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := diff.RenderTree(context.Background(), renderer(), tree, "dev")
	if err != nil {
		t.Fatal(err)
	}
	r, err := diff.CompareSides("staging", staging, dev)
	if err != nil {
		t.Fatal(err)
	}
	assertStatefulInDanger(t, staging.Objects, r)

	g.Git("checkout", "--quiet", "-b", "move")
	g.Edit(specPath, "    staging:\n", "    staging:\n      namespace: gateway-staging\n")
	g.Commit("move staging")
	assertStatefulInDanger(t, staging.Objects, run(t, g, "staging", "main", "move"))
}

func assertStatefulInDanger(t *testing.T, base []map[string]any, r *diff.Report) {
	t.Helper()
	inDanger := map[string]diff.DangerKind{}
	for _, d := range r.Danger {
		inDanger[d.Ref.String()] = d.Kind
	}
	stateful := 0
	for _, o := range base {
		reason, err := diff.Stateful(o)
		if err != nil {
			t.Fatal(err)
		}
		if reason == "" {
			continue
		}
		stateful++
		meta := o["metadata"].(map[string]any)
		ref := diff.Ref{Kind: o["kind"].(string), Name: meta["name"].(string)}
		if ns, ok := meta["namespace"].(string); ok {
			ref.Namespace = ns
		}
		if k := inDanger[ref.String()]; k != diff.DangerReplacement && k != diff.DangerDeletion {
			t.Errorf("%s: stateful (%s) but not in the danger section as deleted or replaced (got %q)", ref, reason, k)
		}
	}
	if stateful == 0 {
		t.Fatal("the base renders no stateful object: the namespace at least is one")
	}
}

func readTree(t *testing.T, g *gittest.Repo, rev string) *gitrepoTree {
	t.Helper()
	return loadTree(t, g.Path(appDir), rev)
}

// TestShallowClone runs a diff in a CI-like clone: the pull request's branch
// checked out with depth 1, and the base branch fetched with depth 1.
func TestShallowClone(t *testing.T) {
	origin := newGatewayRepo(t)
	origin.Git("checkout", "--quiet", "-b", "feature")
	origin.Edit(specPath, "replicas: {min: 2, max: 4}", "replicas: {min: 2, max: 5}")
	origin.Edit(specPath, "    team: platform", "    team: ai")
	origin.Commit("change")
	clone := origin.Clone("--depth=1", "--branch=feature")
	if _, err := diff.Run(context.Background(), diff.Options{Renderer: renderer(), Dir: clone.Path(appDir), Environment: "staging", Base: "main"}); err == nil {
		t.Fatal("the base is not fetched yet: want an error")
	}
	clone.Git("fetch", "--quiet", "--depth=1", "origin", "main:refs/remotes/origin/main")
	r := run(t, clone, "staging", "main", "")
	if !r.HasChanges() || !strings.HasPrefix(r.Base, "origin/main (") {
		t.Errorf("shallow clone: changes=%v base=%q", r.HasChanges(), r.Base)
	}
}

func TestEnvironmentOnOneSideOnly(t *testing.T) {
	g := newGatewayRepo(t)
	g.Git("checkout", "--quiet", "-b", "qa")
	g.Edit(specPath, "    staging:\n", "    qa:\n      domain: qa.ai.example.com\n    staging:\n")
	g.Commit("add qa")
	r := run(t, g, "qa", "main", "qa")
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], `environment "qa" is not defined`) || r.Summary.Added == 0 || r.Summary.Removed+r.Summary.Changed != 0 {
		t.Errorf("new environment: notes %q, summary %+v", r.Notes, r.Summary)
	}
	if len(r.Danger) != 0 {
		t.Errorf("adding an environment is no danger: %v", r.Danger)
	}
	if _, err := diff.Run(context.Background(), diff.Options{Renderer: renderer(), Dir: g.Path(appDir), Environment: "nowhere", Base: "main"}); err == nil || !strings.Contains(err.Error(), "nothing to compare") {
		t.Errorf("an environment defined nowhere: %v", err)
	}
}

func TestRunErrors(t *testing.T) {
	g := newGatewayRepo(t)
	g.Git("checkout", "--quiet", "-b", "broken")
	g.Edit(specPath, "  region: eu-west-1", "  regoin: eu-west-1")
	g.Commit("typo")
	g.Git("checkout", "--quiet", "main")
	for _, tt := range []struct{ base, head, want string }{
		{"nope", "", `revision "nope" is not in the repository`},
		{"main", "broken", "broken:gateways/ai/aigateway.yaml:"},
		{"-x", "", "must not start with '-'"},
	} {
		_, err := diff.Run(context.Background(), diff.Options{Renderer: renderer(), Dir: g.Path(appDir), Environment: "dev", Base: tt.base, Head: tt.head})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("base %q head %q: err = %v, want %q", tt.base, tt.head, err, tt.want)
		}
	}
}
