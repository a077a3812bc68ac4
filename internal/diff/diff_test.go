package diff_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

func fixtureReport(t *testing.T) *diff.Report {
	t.Helper()
	r, err := diff.Compare(readStream(t, "testdata/base.yaml"), readStream(t, "testdata/head.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r.Environment, r.Base, r.Head = "dev", "origin/main (1a2b3c4)", diff.WorkTreeLabel
	return r
}

// TestFormats pins the three formats (and text in colour) on a fixture
// that has every kind of change and danger.
func TestFormats(t *testing.T) {
	r := fixtureReport(t)
	formats := []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"testdata/report.txt", func(b *bytes.Buffer) error { return r.Text(b, diff.TextOptions{}) }},
		{"testdata/report-color.txt", func(b *bytes.Buffer) error { return r.Text(b, diff.TextOptions{Color: true}) }},
		{"testdata/report.md", func(b *bytes.Buffer) error { return r.Markdown(b, diff.MarkdownOptions{}) }},
		{"testdata/report.json", func(b *bytes.Buffer) error { return r.JSON(b) }},
	}
	for _, f := range formats {
		t.Run(f.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, f.golden, b.Bytes())
		})
	}
	var plain bytes.Buffer
	if err := r.Text(&plain, diff.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("text without colour holds ANSI escapes")
	}
}

func TestFixtureFindings(t *testing.T) {
	r := fixtureReport(t)
	want := map[string]diff.DangerKind{
		"AuroraPostgreSQL gw-dev/gw-database": diff.DangerReplacement,
		"ValkeyCache gw-dev/gw-valkey":        diff.DangerProtection,
		"HostedDomain gw-dev/gw-domain":       diff.DangerImmutable,
		"Deployment gw-dev/gw-api":            diff.DangerImmutable,
	}
	got := map[string]diff.DangerKind{}
	for _, d := range r.Danger {
		got[d.Ref.String()] = d.Kind
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("danger findings:\n got %v\nwant %v", got, want)
	}
	s := r.Summary
	if s.Added != 2 || s.Removed != 2 || s.Changed != 6 || s.Unchanged != 0 || s.Danger != 4 {
		t.Errorf("summary %+v", s)
	}
	// The Deployment's containers are matched by name: the reorder is one
	// change, the image of litellm another.
	for _, o := range r.Objects {
		if o.Ref.Kind != "Deployment" {
			continue
		}
		paths := map[string]diff.Op{}
		for _, c := range o.Changes {
			paths[c.Path] = c.Op
		}
		for p, op := range map[string]diff.Op{
			"spec.template.spec.containers":                                           diff.OpReordered,
			"spec.template.spec.containers[name=litellm].image":                       diff.OpChanged,
			"spec.template.spec.containers[name=litellm].env[name=USE_DDTRACE]":       diff.OpAdded,
			"spec.template.spec.containers[name=litellm].env[name=STORE_MODEL_IN_DB]": diff.OpRemoved,
			"spec.selector.matchLabels[\"app.kubernetes.io/component\"]":              diff.OpAdded,
		} {
			if paths[p] != op {
				t.Errorf("Deployment change %s = %q, want %q (all: %v)", p, paths[p], op, paths)
			}
		}
	}
}

func TestCompareCases(t *testing.T) {
	ns := func(name string) string {
		return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n"
	}
	tests := []struct {
		name       string
		base, head string
		changed    bool
		danger     map[string]diff.DangerKind
		wantErr    string
	}{
		{name: "no change", base: ns("a"), head: ns("a")},
		{name: "apiVersion upgrade is a change of the same object",
			base: "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: a}\n",
			head: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: a}\n", changed: true},
		{name: "switched namespace replaces it", base: ns("gw-staging"), head: ns("gw-dev"), changed: true,
			danger: map[string]diff.DangerKind{"Namespace gw-staging": diff.DangerReplacement}},
		{name: "removed volume claim",
			base: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\nspec: {storageClassName: gp3}\n", changed: true,
			danger: map[string]diff.DangerKind{"PersistentVolumeClaim a/data": diff.DangerDeletion}},
		{name: "volume claim grows in place",
			base:    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\nspec: {resources: {requests: {storage: 1Gi}}}\n",
			head:    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\nspec: {resources: {requests: {storage: 2Gi}}}\n",
			changed: true},
		{name: "volume claim class is immutable",
			base:    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\nspec: {storageClassName: gp2}\n",
			head:    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\nspec: {storageClassName: gp3}\n",
			changed: true, danger: map[string]diff.DangerKind{"PersistentVolumeClaim a/data": diff.DangerImmutable}},
		{name: "kept by sync options",
			base:    "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t, namespace: a, annotations: {argocd.argoproj.io/sync-options: Delete=confirm}}\n",
			changed: true, danger: map[string]diff.DangerKind{"Thing a/t": diff.DangerDeletion}},
		{name: "stateless removal is no danger",
			base: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n", changed: true},
		{name: "push secret that deletes",
			base:    "apiVersion: external-secrets.io/v1alpha1\nkind: PushSecret\nmetadata: {name: p, namespace: a}\nspec: {deletionPolicy: None}\n",
			head:    "apiVersion: external-secrets.io/v1alpha1\nkind: PushSecret\nmetadata: {name: p, namespace: a}\nspec: {deletionPolicy: Delete}\n",
			changed: true, danger: map[string]diff.DangerKind{"PushSecret a/p": diff.DangerProtection}},
		{name: "immutable config map",
			base:    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\nimmutable: true\ndata: {k: v1}\n",
			head:    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\nimmutable: true\ndata: {k: v2}\n",
			changed: true, danger: map[string]diff.DangerKind{"ConfigMap a/c": diff.DangerImmutable}},
		{name: "stateful set template is mutable, its claims are not",
			base:    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: a}\nspec: {replicas: 1, volumeClaimTemplates: [{metadata: {name: d}, spec: {storageClassName: gp2}}]}\n",
			head:    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, namespace: a}\nspec: {replicas: 2, volumeClaimTemplates: [{metadata: {name: d}, spec: {storageClassName: gp3}}]}\n",
			changed: true, danger: map[string]diff.DangerKind{"StatefulSet a/s": diff.DangerImmutable}},
		{name: "management policies gain Delete",
			base:    "apiVersion: rds.aws.m.upbound.io/v1beta1\nkind: Cluster\nmetadata: {name: c, namespace: a}\nspec: {managementPolicies: [Observe, Create, Update, LateInitialize]}\n",
			head:    "apiVersion: rds.aws.m.upbound.io/v1beta1\nkind: Cluster\nmetadata: {name: c, namespace: a}\nspec: {managementPolicies: ['*']}\n",
			changed: true, danger: map[string]diff.DangerKind{"Cluster a/c": diff.DangerProtection}},
		{name: "job template is immutable",
			base:    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a}\nspec: {template: {metadata: {labels: {v: '1'}}}}\n",
			head:    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a}\nspec: {template: {metadata: {labels: {v: '2'}}}}\n",
			changed: true, danger: map[string]diff.DangerKind{"Job a/j": diff.DangerImmutable}},
		{name: "hooks are re-created on every sync",
			base:    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a, annotations: {argocd.argoproj.io/hook: Sync}}\nspec: {template: {metadata: {labels: {v: '1'}}}}\n",
			head:    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: a, annotations: {argocd.argoproj.io/hook: Sync}}\nspec: {template: {metadata: {labels: {v: '2'}}}}\n",
			changed: true},
		{name: "duplicate object", base: ns("a") + "---\n" + ns("a"), wantErr: "appears twice"},
		{name: "object without a kind", head: "apiVersion: v1\nmetadata: {name: x}\n", wantErr: "without apiVersion, kind or name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := diff.Compare(parseStream(t, tt.base), parseStream(t, tt.head))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.HasChanges() != tt.changed {
				t.Errorf("HasChanges = %v, want %v", r.HasChanges(), tt.changed)
			}
			got := map[string]diff.DangerKind{}
			for _, d := range r.Danger {
				got[d.Ref.String()] = d.Kind
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.danger) && len(got)+len(tt.danger) > 0 {
				t.Errorf("danger %v, want %v", got, tt.danger)
			}
		})
	}
}

// TestMarkdownLimit makes a report far over GitHub's comment limit and
// wants it cut with a summary, the danger section whole, and every
// collapsible section closed.
func TestMarkdownLimit(t *testing.T) {
	var base, head strings.Builder
	big := strings.Repeat("line of a large configuration file\n", 800)
	for i := range 150 {
		fmt.Fprintf(&base, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%03d, namespace: a}\ndata:\n  config.yaml: |\n%s", i, indent(big+"old\n"))
		fmt.Fprintf(&head, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c%03d, namespace: a}\ndata:\n  config.yaml: |\n%s", i, indent("new\n"+big))
	}
	for i := range 40 {
		fmt.Fprintf(&base, "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data-%02d, namespace: a}\n", i)
	}
	r, err := diff.Compare(parseStream(t, base.String()), parseStream(t, head.String()))
	if err != nil {
		t.Fatal(err)
	}
	r.Environment, r.Base, r.Head = "prod", "main", "feature"
	for _, limit := range []int{0, 20000} {
		var b bytes.Buffer
		if err := r.Markdown(&b, diff.MarkdownOptions{Limit: limit}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		max := limit
		if max == 0 {
			max = diff.DefaultMarkdownLimit
		}
		if len(out) > max || len([]rune(out)) >= 65536 {
			t.Errorf("limit %d: output is %d bytes", limit, len(out))
		}
		if !strings.Contains(out, "Cut to stay under GitHub's comment limit") {
			t.Errorf("limit %d: no cut summary", limit)
		}
		if !strings.Contains(out, "[!CAUTION]") || !strings.Contains(out, "PersistentVolumeClaim a/data-00") {
			t.Errorf("limit %d: danger section missing", limit)
		}
		if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
			t.Errorf("limit %d: unbalanced <details>", limit)
		}
		if !strings.HasPrefix(out, diff.Marker("prod")) {
			t.Errorf("limit %d: no marker", limit)
		}
	}
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

func TestNoChanges(t *testing.T) {
	objs := readStream(t, "testdata/base.yaml")
	r, err := diff.Compare(objs, objs)
	if err != nil {
		t.Fatal(err)
	}
	r.Environment, r.Base, r.Head = "dev", "a", "b"
	var txt, md bytes.Buffer
	if err := r.Text(&txt, diff.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Markdown(&md, diff.MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if r.HasChanges() || !strings.Contains(txt.String(), "No changes") || !strings.Contains(md.String(), "no changes") {
		t.Errorf("no-change report:\n%s\n%s", txt.String(), md.String())
	}
}

func TestStateful(t *testing.T) {
	for _, tt := range []struct {
		obj  string
		want bool
	}{
		{"apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n", true},
		{"apiVersion: platform.aigw.dev/v1alpha1\nkind: AuroraPostgreSQL\nmetadata: {name: a, namespace: b}\n", true},
		{"apiVersion: platform.aigw.dev/v1alpha1\nkind: WebFirewall\nmetadata: {name: a, namespace: b}\n", false},
		{"apiVersion: kms.aws.upbound.io/v1beta1\nkind: Key\nmetadata: {name: a}\n", true},
		{"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: b}\n", false},
		{"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: b, annotations: {argocd.argoproj.io/sync-options: 'ServerSideApply=true,Prune=false'}}\n", true},
	} {
		objs := parseStream(t, tt.obj)
		reason, err := diff.Stateful(objs[0])
		if err != nil {
			t.Fatal(err)
		}
		if (reason != "") != tt.want {
			t.Errorf("Stateful(%s) = %q, want stateful=%v", strings.TrimSpace(tt.obj), reason, tt.want)
		}
	}
}
