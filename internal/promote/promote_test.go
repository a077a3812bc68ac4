package promote_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/gitrepo/gittest"
	"github.com/aigw-dev/aigw/internal/promote"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

const (
	appDir   = "gateways/ai"
	specPath = appDir + "/aigateway.yaml"
)

func renderer() *render.Renderer {
	return &render.Renderer{Embedded: aigw.Files}
}

// envRepo is a repository in the branch-per-environment model: the example
// gateway on main, and env/dev, env/staging and env/prod branched from it
// (the spec's default branches). The work tree stays on main.
func envRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	data, err := os.ReadFile("../../examples/ai-gateway/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := gittest.New(t)
	g.Write(specPath, string(data))
	g.Commit("add the ai gateway")
	for _, b := range []string{"env/dev", "env/staging", "env/prod"} {
		g.Git("branch", b)
	}
	return g
}

// commitOn commits edits to the spec on a branch and returns to main.
func commitOn(t *testing.T, g *gittest.Repo, branch string, edits ...[2]string) {
	t.Helper()
	g.Git("checkout", "--quiet", branch)
	for _, e := range edits {
		g.Edit(specPath, e[0], e[1])
	}
	g.Commit("change on " + branch)
	g.Git("checkout", "--quiet", "main")
}

func run(t *testing.T, g *gittest.Repo, from, to string, allow ...string) *promote.Report {
	t.Helper()
	r, err := promote.Run(context.Background(), promote.Options{Renderer: renderer(), Dir: g.Path(appDir), From: from, To: to, Allow: allow})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func statuses(r *promote.Report) map[string]promote.Status {
	m := map[string]promote.Status{}
	for _, g := range r.Guards {
		m[g.Guard] = g.Status
	}
	return m
}

func TestPromotionThatPasses(t *testing.T) {
	g := envRepo(t)
	commitOn(t, g, "env/dev", [2]string{"    team: platform", "    team: ai"})
	r := run(t, g, "dev", "staging")
	if len(r.Blocked) != 0 || !r.Diff.HasChanges() {
		t.Fatalf("blocked %v, changes %v", r.Blocked, r.Diff.HasChanges())
	}
	want := map[string]promote.Status{
		promote.GuardDataLoss: promote.Pass, promote.GuardImmutableField: promote.Pass,
		promote.GuardDeletionProtection: promote.Skipped, promote.GuardAPIReplicas: promote.Skipped,
		promote.GuardDatabaseInstances: promote.Skipped, promote.GuardCacheMultiAZ: promote.Skipped,
		promote.GuardAdminAllowlist: promote.Skipped,
	}
	if got := statuses(r); !mapsEqual(got, want) {
		t.Errorf("guards %v, want %v", got, want)
	}
	if !strings.HasPrefix(r.FromBranch, "env/dev (") || !strings.HasPrefix(r.ToBranch, "env/staging (") {
		t.Errorf("branches %q, %q", r.FromBranch, r.ToBranch)
	}
	// A production target with the example's settings passes every guardrail.
	commitOn(t, g, "env/staging", [2]string{"    team: platform", "    team: ai"})
	for name, st := range statuses(run(t, g, "staging", "prod")) {
		if st != promote.Pass {
			t.Errorf("staging -> prod: guard %s is %s", name, st)
		}
	}
	for _, write := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return r.Text(b, diff.TextOptions{}) },
		func(b *bytes.Buffer) error { return r.Markdown(b) },
		func(b *bytes.Buffer) error { return r.JSON(b) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil || !strings.Contains(b.String(), promote.GuardDataLoss) {
			t.Errorf("report output: %v\n%s", err, b.String())
		}
	}
}

// TestRenamedGatewayBlocksPromotion: a renamed gateway merged into staging
// would replace staging's namespace, database, cache and domain. The
// data-loss guard must block it; naming that guard (only) overrides it.
func TestRenamedGatewayBlocksPromotion(t *testing.T) {
	g := envRepo(t)
	commitOn(t, g, "env/dev", [2]string{"  name: ai-gateway\n", "  name: ai-gw\n"})
	r := run(t, g, "dev", "staging")
	if !slices.Contains(r.Blocked, promote.GuardDataLoss) {
		t.Fatalf("a renamed gateway must block the promotion; guards %v", statuses(r))
	}
	var replaced []string
	for _, d := range r.Diff.Danger {
		if d.Kind == diff.DangerReplacement || d.Kind == diff.DangerDeletion {
			replaced = append(replaced, d.Ref.String())
		}
	}
	if !slices.Contains(replaced, "Namespace ai-gateway-staging") {
		t.Errorf("the staging namespace is not reported as replaced: %v", replaced)
	}
	for _, d := range r.Diff.Danger {
		if d.Ref.Kind == "AuroraPostgreSQL" && d.Kind != diff.DangerReplacement {
			t.Errorf("the database must be reported as replaced, got %s", d.Kind)
		}
	}
	allowed := run(t, g, "dev", "staging", promote.GuardDataLoss)
	assertOnlyAllowed(t, r, allowed, promote.GuardDataLoss)
}

// TestSwitchedNamespaceBlocksPromotion: a merge that moves the target
// environment to another namespace moves every stateful object with it.
func TestSwitchedNamespaceBlocksPromotion(t *testing.T) {
	g := envRepo(t)
	commitOn(t, g, "env/dev", [2]string{"    staging:\n", "    staging:\n      namespace: ai-gateway-dev\n"})
	r := run(t, g, "dev", "staging")
	if !slices.Contains(r.Blocked, promote.GuardDataLoss) {
		t.Fatalf("moving staging's namespace must block the promotion; guards %v", statuses(r))
	}
}

// TestGuardrails trips each production guardrail with a change merged from
// staging into prod, then overrides exactly that guard.
func TestGuardrails(t *testing.T) {
	tests := []struct {
		guard string
		edits [][2]string
	}{
		{promote.GuardAPIReplicas, [][2]string{{"replicas: {min: 3, max: 12}", "replicas: {min: 1, max: 12}"}}},
		{promote.GuardDatabaseInstances, [][2]string{{"        instances: 3\n", "        instances: 1\n"}}},
		{promote.GuardCacheMultiAZ, [][2]string{{"        replicas: 3\n", "        replicas: 1\n"}}},
		{promote.GuardDeletionProtection, [][2]string{{"        instances: 3\n", "        instances: 3\n        deletionProtection: false\n        allowUnprotected: true\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.guard, func(t *testing.T) {
			g := envRepo(t)
			commitOn(t, g, "env/staging", tt.edits...)
			r := run(t, g, "staging", "prod")
			if statuses(r)[tt.guard] != promote.Fail || !slices.Contains(r.Blocked, tt.guard) {
				t.Fatalf("guard %s did not trip: %v", tt.guard, statuses(r))
			}
			assertOnlyAllowed(t, r, run(t, g, "staging", "prod", tt.guard), tt.guard)
		})
	}
}

// assertOnlyAllowed wants guard allowed in after, and every other guard as
// it was in before.
func assertOnlyAllowed(t *testing.T, before, after *promote.Report, guard string) {
	t.Helper()
	b, a := statuses(before), statuses(after)
	for name, st := range b {
		want := st
		if name == guard {
			want = promote.Allowed
		}
		if a[name] != want {
			t.Errorf("with --allow %s: guard %s is %s, want %s", guard, name, a[name], want)
		}
	}
	if slices.Contains(after.Blocked, guard) {
		t.Errorf("--allow %s: still blocked by it", guard)
	}
}

// TestGuardrailsUnit covers every guardrail, including the admin allowlist
// that spec validation already refuses to leave empty (the guard is the
// second line of defence, for instance against a validation change).
func TestGuardrailsUnit(t *testing.T) {
	on, off := true, false
	good := func() *spec.Environment {
		e := &spec.Environment{Name: "prod"}
		e.Tier = spec.TierProduction
		e.Database.DeletionProtection = &on
		e.Database.Instances = 2
		e.API.Replicas.Min = 2
		e.Cache.Replicas = 2
		e.Access.AdminAllowlist = []string{"203.0.113.0/24"}
		return e
	}
	tests := []struct {
		guard  string
		mutate func(*spec.Environment)
	}{
		{promote.GuardDeletionProtection, func(e *spec.Environment) { e.Database.DeletionProtection = &off }},
		{promote.GuardAPIReplicas, func(e *spec.Environment) { e.API.Replicas.Min = 1 }},
		{promote.GuardDatabaseInstances, func(e *spec.Environment) { e.Database.Instances = 1 }},
		{promote.GuardCacheMultiAZ, func(e *spec.Environment) { e.Cache.Replicas = 1 }},
		{promote.GuardAdminAllowlist, func(e *spec.Environment) { e.Access.AdminAllowlist = nil }},
	}
	for _, r := range promote.Guardrails(good()) {
		if r.Status != promote.Pass {
			t.Errorf("good environment: %s is %s", r.Guard, r.Status)
		}
	}
	for _, tt := range tests {
		e := good()
		tt.mutate(e)
		for _, r := range promote.Guardrails(e) {
			want := promote.Pass
			if r.Guard == tt.guard {
				want = promote.Fail
			}
			if r.Status != want {
				t.Errorf("breaking %s: %s is %s (%s)", tt.guard, r.Guard, r.Status, r.Detail)
			}
		}
		e.Tier = spec.TierStaging
		for _, r := range promote.Guardrails(e) {
			if r.Status != promote.Skipped {
				t.Errorf("staging: %s is %s, want skipped", r.Guard, r.Status)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	g := envRepo(t)
	tests := []struct {
		from, to string
		allow    []string
		want     string
	}{
		{"dev", "dev", nil, `--from and --to are both "dev"`},
		{"dev", "staging", []string{"data-los"}, `--allow "data-los": no such guard`},
		{"dev", "qa", nil, `environment "qa" is not defined`},
		{"", "staging", nil, "pass both --from and --to"},
	}
	for _, tt := range tests {
		_, err := promote.Run(context.Background(), promote.Options{Renderer: renderer(), Dir: g.Path(appDir), From: tt.from, To: tt.to, Allow: tt.allow})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s -> %s: err = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
	g.Git("branch", "-D", "env/prod")
	if _, err := promote.Run(context.Background(), promote.Options{Renderer: renderer(), Dir: g.Path(appDir), From: "staging", To: "prod"}); err == nil || !strings.Contains(err.Error(), "git fetch origin env/prod") {
		t.Errorf("missing branch: %v", err)
	}
	g.Edit(specPath, "    staging:\n", "    staging:\n      branch: env/dev\n")
	if _, err := promote.Run(context.Background(), promote.Options{Renderer: renderer(), Dir: g.Path(appDir), From: "dev", To: "staging"}); err == nil || !strings.Contains(err.Error(), "both track branch") {
		t.Errorf("shared branch: %v", err)
	}
}

func mapsEqual(a, b map[string]promote.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
