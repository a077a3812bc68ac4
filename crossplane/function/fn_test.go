package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"

	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
)

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newRequest builds a RunFunctionRequest whose desired state holds the named
// resources, as function-patch-and-transform would leave it.
func newRequest(t *testing.T, input map[string]any, xrSpec map[string]any, desired ...string) *fnv1.RunFunctionRequest {
	t.Helper()
	res := map[string]*fnv1.Resource{}
	for _, n := range desired {
		res[n] = &fnv1.Resource{Resource: mustStruct(t, map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": n}})}
	}
	xr := map[string]any{"apiVersion": "platform.aigw.dev/v1alpha1", "kind": "AuroraPostgreSQL", "metadata": map[string]any{"name": "db"}, "spec": xrSpec}
	return &fnv1.RunFunctionRequest{
		Input:    mustStruct(t, input),
		Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: mustStruct(t, xr)}},
		Desired:  &fnv1.State{Resources: res},
	}
}

func input(groups ...any) map[string]any {
	return map[string]any{"apiVersion": InputAPIVersion, "kind": InputKind, "groups": groups}
}

func instances(slots int) map[string]any {
	return map[string]any{"prefix": "instance-", "first": 1, "slots": slots, "countFieldPath": "spec.instances"}
}

func TestRunFunction(t *testing.T) {
	all := []string{"cluster", "instance-1", "instance-2", "instance-3", "ingress-0", "ingress-1", "log-group", "logging", "instance-group"}
	tests := []struct {
		name  string
		input map[string]any
		spec  map[string]any
		want  []string
		fatal string
	}{
		{
			name:  "integer count keeps the first slots",
			input: input(instances(3)),
			spec:  map[string]any{"instances": 2},
			want:  []string{"cluster", "instance-1", "instance-2", "ingress-0", "ingress-1", "log-group", "logging", "instance-group"},
		},
		{
			name:  "list length counts from first",
			input: input(map[string]any{"prefix": "ingress-", "slots": 8, "countFieldPath": "spec.cidrs"}),
			spec:  map[string]any{"cidrs": []any{"10.0.0.0/16"}},
			want:  []string{"cluster", "instance-1", "instance-2", "instance-3", "ingress-0", "log-group", "logging", "instance-group"},
		},
		{
			name:  "boolean false drops an optional part",
			input: input(map[string]any{"names": []any{"log-group", "logging"}, "countFieldPath": "spec.logging.enabled"}),
			spec:  map[string]any{"logging": map[string]any{"enabled": false}},
			want:  []string{"cluster", "instance-1", "instance-2", "instance-3", "ingress-0", "ingress-1", "instance-group"},
		},
		{
			name:  "boolean true keeps it",
			input: input(map[string]any{"names": []any{"log-group", "logging"}, "countFieldPath": "spec.logging.enabled"}),
			spec:  map[string]any{"logging": map[string]any{"enabled": true}},
			want:  all,
		},
		{
			name:  "zero drops every slot",
			input: input(map[string]any{"prefix": "ingress-", "slots": 8, "countFieldPath": "spec.cidrs"}),
			spec:  map[string]any{"cidrs": []any{}},
			want:  []string{"cluster", "instance-1", "instance-2", "instance-3", "log-group", "logging", "instance-group"},
		},
		{name: "count beyond the slots", input: input(instances(3)), spec: map[string]any{"instances": 4}, fatal: "holds 3 slots"},
		{name: "missing count", input: input(instances(3)), spec: map[string]any{}, fatal: "reading the count at spec.instances"},
		{name: "negative count", input: input(instances(3)), spec: map[string]any{"instances": -1}, fatal: "not a count"},
		{name: "fractional count", input: input(instances(3)), spec: map[string]any{"instances": 1.5}, fatal: "not a count"},
		{name: "string count", input: input(instances(3)), spec: map[string]any{"instances": "2"}, fatal: "expected an integer"},
		{name: "wrong input kind", input: map[string]any{"apiVersion": "x/v1", "kind": "Other"}, spec: map[string]any{}, fatal: "expected slots.fn.aigw.dev/v1alpha1 Slots"},
		{
			name:  "group with both prefix and names",
			input: input(map[string]any{"prefix": "a-", "names": []any{"b"}, "slots": 1, "countFieldPath": "spec.n"}),
			spec:  map[string]any{"n": 1},
			fatal: "set either prefix or names",
		},
		{name: "prefix group without slots", input: input(map[string]any{"prefix": "a-", "countFieldPath": "spec.n"}), spec: map[string]any{"n": 1}, fatal: "slots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rsp, err := (&Function{}).RunFunction(context.Background(), newRequest(t, tt.input, tt.spec, all...))
			if err != nil {
				t.Fatalf("RunFunction returned a gRPC error: %v", err)
			}
			var fatal string
			for _, r := range rsp.GetResults() {
				if r.GetSeverity() == fnv1.Severity_SEVERITY_FATAL {
					fatal = r.GetMessage()
				}
			}
			if tt.fatal != "" {
				if !strings.Contains(fatal, tt.fatal) {
					t.Fatalf("fatal result %q, want one containing %q", fatal, tt.fatal)
				}
				return
			}
			if fatal != "" {
				t.Fatalf("unexpected fatal result: %s", fatal)
			}
			var got []string
			for n := range rsp.GetDesired().GetResources() {
				got = append(got, n)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("desired resources %v, want %v", got, want)
			}
		})
	}
}

// TestRunFunctionKeepsReadiness: the resources kept are passed on untouched,
// readiness included.
func TestRunFunctionKeepsReadiness(t *testing.T) {
	req := newRequest(t, input(instances(2)), map[string]any{"instances": 1}, "instance-1", "instance-2")
	req.Desired.Resources["instance-1"].Ready = fnv1.Ready_READY_TRUE
	rsp, err := (&Function{}).RunFunction(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	got := rsp.GetDesired().GetResources()
	if len(got) != 1 || got["instance-1"].GetReady() != fnv1.Ready_READY_TRUE {
		t.Errorf("desired = %v", got)
	}
	if _, ok := got[string(resource.Name("instance-2"))]; ok {
		t.Error("instance-2 kept")
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	if err := run([]string{"--no-such-flag"}); err == nil {
		t.Error("run accepted an unknown flag")
	}
	if err := run([]string{"--address=127.0.0.1:0"}); err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Errorf("run without --insecure or certificates: %v, want a credentials error", err)
	}
}
