package spec

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

const example = "../../examples/ai-gateway/aigateway.yaml"

func parseExample(t testing.TB) *Document {
	t.Helper()
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("aigateway.yaml", b)
	if err != nil {
		t.Fatalf("example does not parse: %v", err)
	}
	return doc
}

func TestExampleEnvironments(t *testing.T) {
	doc := parseExample(t)
	if got, want := doc.Environments(), []string{"dev", "prod", "staging"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("environments = %v, want %v", got, want)
	}
	tests := []struct {
		env            string
		tier           string
		domain         string
		minAPI, maxAPI int32
		dbInstances    int32
		protected      bool
		capacity       []string
	}{
		{"dev", TierDevelopment, "dev.ai.example.com", 1, 2, 1, false, []string{"spot", "on-demand"}},
		{"staging", TierStaging, "staging.ai.example.com", 2, 4, 2, false, []string{"on-demand"}},
		{"prod", TierProduction, "ai.example.com", 3, 12, 3, true, []string{"on-demand"}},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			env, err := doc.Environment(tt.env)
			if err != nil {
				t.Fatal(err)
			}
			s := env.Settings
			if s.Tier != tt.tier || s.Domain != tt.domain {
				t.Errorf("tier, domain = %s, %s; want %s, %s", s.Tier, s.Domain, tt.tier, tt.domain)
			}
			if s.API.Replicas.Min != tt.minAPI || s.API.Replicas.Max != tt.maxAPI {
				t.Errorf("api replicas = %+v", s.API.Replicas)
			}
			if s.Database.Instances != tt.dbInstances || *s.Database.DeletionProtection != tt.protected || *s.Database.Retain != tt.protected {
				t.Errorf("database = %+v", s.Database)
			}
			if !reflect.DeepEqual(s.Nodes.CapacityTypes, tt.capacity) {
				t.Errorf("capacity types = %v, want %v (lists replace)", s.Nodes.CapacityTypes, tt.capacity)
			}
			// Maps merge: the environment's database block keeps the base's
			// other fields; the base's instanceClass stays unless overridden.
			if s.Database.EngineVersion == "" || s.Nodes.NodeRole != "KarpenterNodeRole-platform-eks" {
				t.Errorf("base fields lost in merge: %+v %+v", s.Database, s.Nodes)
			}
			if s.Secrets.Prefix != "aigw/ai-gateway/"+tt.env {
				t.Errorf("secrets prefix = %q", s.Secrets.Prefix)
			}
		})
	}
}

func TestMergeDoesNotLeakBetweenEnvironments(t *testing.T) {
	doc := parseExample(t)
	for range 2 {
		dev, err := doc.Environment("dev")
		if err != nil {
			t.Fatal(err)
		}
		prod, err := doc.Environment("prod")
		if err != nil {
			t.Fatal(err)
		}
		if dev.Database.InstanceClass != "db.t4g.medium" || prod.Database.InstanceClass != "db.r7g.xlarge" {
			t.Fatalf("instance classes dev=%s prod=%s", dev.Database.InstanceClass, prod.Database.InstanceClass)
		}
		if doc.Gateway.Spec.Database.InstanceClass != "db.r7g.large" {
			t.Fatalf("base changed by a merge: %s", doc.Gateway.Spec.Database.InstanceClass)
		}
	}
}

func TestErrorPositions(t *testing.T) {
	src := strings.Join([]string{
		"apiVersion: aigw.dev/v1alpha1",
		"kind: AIGateway",
		"metadata: {name: gw}",
		"spec:",
		"  region: nowhere",
		"  environments:",
		"    dev:",
		"      regoin: eu-west-1",
	}, "\n")
	_, err := Parse("a.yaml", []byte(src))
	errs := Errors(err)
	if len(errs) != 1 {
		t.Fatalf("want 1 error, got %v", err)
	}
	if e := errs[0]; e.Line != 8 || e.Column != 7 || e.Path != "spec.environments.dev.regoin" || !strings.Contains(e.Msg, `did you mean "region"?`) {
		t.Errorf("error = %+v", e)
	}
}

// TestOverrideErrorPositions: a value an environment replaces is reported
// where the environment writes it, not at the base's key.
func TestOverrideErrorPositions(t *testing.T) {
	tests := []struct{ override, path string }{
		{"{region: nowhere}", "spec.environments.dev.region"},
		{"{network: {vpcId: vpc-x}}", "spec.environments.dev.network.vpcId"},
		{"{network: {subnetIds: [subnet-x, subnet-0123456789abcdef2]}}", "spec.environments.dev.network.subnetIds[0]"},
	}
	for _, tt := range tests {
		src := strings.Replace(minimalSpec, "    dev: {}\n", "    dev: "+tt.override+"\n", 1)
		errs := environmentErrors(t, src, "dev")
		if len(errs) != 1 || errs[0].Path != tt.path || errs[0].Line != strings.Count(minimalSpec, "\n") {
			t.Errorf("%s: errors %v, want one at line %d, %s", tt.override, errs, strings.Count(minimalSpec, "\n"), tt.path)
		}
	}
}

// mustEnvironment parses src and returns environment name, which must be
// valid.
func mustEnvironment(t testing.TB, src, name string) *Environment {
	t.Helper()
	doc, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	env, err := doc.Environment(name)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// environmentErrors parses src and validates environment name.
func environmentErrors(t *testing.T, src, name string) []*Error {
	t.Helper()
	doc, err := Parse("x.yaml", []byte(src))
	if err == nil {
		_, err = doc.Environment(name)
	}
	if err != nil && Errors(err) == nil {
		t.Fatalf("not a spec error: %v", err)
	}
	return Errors(err)
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		word string
		want string
	}{
		{"regoin", "region"},
		{"subnetIDs", "subnetIds"},
		{"adminAllowList", "adminAllowlist"},
		{"zzz", ""},
		{"deletionProtecton", "deletionProtection"},
	}
	cands := []string{"region", "subnetIds", "adminAllowlist", "deletionProtection", "domain"}
	for _, tt := range tests {
		if got := suggest(tt.word, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestGeneratedDocs keeps docs/aigateway.schema.json and docs/spec.md in step
// with the Go types (go test ./internal/spec -update rewrites them).
func TestGeneratedDocs(t *testing.T) {
	schema, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("..", "..", "docs", "aigateway.schema.json"), schema)
	golden.Assert(t, filepath.Join("..", "..", "docs", "spec.md"), Reference())
}
