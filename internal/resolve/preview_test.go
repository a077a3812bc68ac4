package resolve

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/spec"
)

// exampleText returns the text of the example gateway.
func exampleText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/ai-gateway/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// resolveCase resolves doc with opts. With wantErr set it checks that
// resolving fails with an error containing wantErr and returns nil;
// otherwise it fails the test on an error.
func resolveCase(t *testing.T, doc *spec.Document, opts Options, wantErr string) *Gateway {
	t.Helper()
	g, err := Resolve(doc, opts)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("error %v, want %q", err, wantErr)
		}
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func parse(t *testing.T, text string) *spec.Document {
	t.Helper()
	doc, err := spec.Parse("aigateway.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPreview(t *testing.T) {
	example := exampleText(t)
	edit := func(old, new string) *spec.Document {
		t.Helper()
		if !strings.Contains(example, old) {
			t.Fatalf("the example has no %q", old)
		}
		return parse(t, strings.Replace(example, old, new, 1))
	}
	doc := parse(t, example)
	tests := []struct {
		name    string
		doc     *spec.Document
		opts    Options
		wantNS  string
		wantSrc string
		wantErr string
	}{
		{name: "number only", doc: doc, opts: Options{Preview: "42"}, wantNS: "ai-gateway-pr-42", wantSrc: "ai-gateway-dev"},
		{name: "with the source environment", doc: doc, opts: Options{Preview: "42", Environment: "dev"}, wantNS: "ai-gateway-pr-42", wantSrc: "ai-gateway-dev"},
		{name: "Argo CD destination is the preview namespace", doc: doc, opts: Options{Preview: "7", DefaultNamespace: "ai-gateway-pr-7", Namespace: "ai-gateway-pr-7"}, wantNS: "ai-gateway-pr-7", wantSrc: "ai-gateway-dev"},
		{name: "longest number", doc: doc, opts: Options{Preview: "999999999"}, wantNS: "ai-gateway-pr-999999999", wantSrc: "ai-gateway-dev"},
		{name: "spec namespace of the source", doc: edit("    dev:\n", "    dev:\n      namespace: llm-dev\n"), opts: Options{Preview: "42"}, wantNS: "ai-gateway-pr-42", wantSrc: "llm-dev"},
		{name: "another environment", doc: doc, opts: Options{Preview: "42", Environment: "prod"}, wantErr: `previews derive from environment "dev" (spec.previews.from), not "prod"`},
		{name: "no previews section", doc: edit("  previews:\n    from: dev\n", ""), opts: Options{Preview: "42"}, wantErr: "has no spec.previews section"},
		{name: "not a number", doc: doc, opts: Options{Preview: "abc"}, wantErr: `preview "abc": must be a pull request number`},
		{name: "leading zero", doc: doc, opts: Options{Preview: "042"}, wantErr: "no leading zero"},
		{name: "ten digits", doc: doc, opts: Options{Preview: "1234567890"}, wantErr: "1 to 9 digits"},
		{name: "negative", doc: doc, opts: Options{Preview: "-1"}, wantErr: "pull request number"},
		{name: "other namespace override", doc: doc, opts: Options{Preview: "42", Namespace: "ai-gateway-dev"}, wantErr: `renders into namespace "ai-gateway-pr-42", but the namespace override is "ai-gateway-dev"`},
		{name: "other destination namespace", doc: doc, opts: Options{Preview: "42", DefaultNamespace: "previews"}, wantErr: `the Argo CD destination namespace is "previews"`},
		{name: "host label too long", doc: edit("  domain: ai.example.com\n", "  domain: ai.example.com\n  hostnames: {api: "+strings.Repeat("a", 60)+"}\n"), opts: Options{Preview: "42"}, wantErr: "shorten spec.hostnames"},
		{name: "previews prefix is an environment's", doc: edit("    from: dev\n", "    from: dev\n    secretsPrefix: aigw/ai-gateway/dev\n"), opts: Options{Preview: "42"}, wantErr: `overlaps the secrets prefix "aigw/ai-gateway/dev" of environment dev`},
		{name: "previews prefix inside an environment's", doc: edit("    from: dev\n", "    from: dev\n    secretsPrefix: aigw/ai-gateway/prod/previews\n"), opts: Options{Preview: "42"}, wantErr: "of environment prod"},
		{name: "previews store is an environment's", doc: edit("    from: dev\n", "    from: dev\n    store: aws-secrets-manager\n"), opts: Options{Preview: "42"}, wantErr: `spec.previews.store: "aws-secrets-manager" is the secret store of environment dev`},
		{name: "previews prefix above an environment's", doc: edit("    from: dev\n", "    from: dev\n    secretsPrefix: aigw\n"), opts: Options{Preview: "42"}, wantErr: "overlaps the secrets prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := resolveCase(t, tt.doc, tt.opts, tt.wantErr)
			if g == nil {
				return
			}
			n := tt.opts.Preview
			if g.Namespace != tt.wantNS || g.Preview == nil || g.Preview.Number != n || g.Preview.SourceNamespace != tt.wantSrc {
				t.Fatalf("namespace %q preview %+v", g.Namespace, g.Preview)
			}
			if g.Environment.Name != "dev" || g.ServesPreviews {
				t.Errorf("environment %s, serves previews %v", g.Environment.Name, g.ServesPreviews)
			}
			if g.APIHost != "api-pr-"+n+".dev.ai.example.com" || g.AdminHost != "admin-pr-"+n+".dev.ai.example.com" {
				t.Errorf("hosts %s %s", g.APIHost, g.AdminHost)
			}
			if g.Secrets.Prefix != "aigw/ai-gateway/previews" || g.Preview.SecretsPrefix != g.Secrets.Prefix {
				t.Errorf("secrets prefix %q / %q", g.Secrets.Prefix, g.Preview.SecretsPrefix)
			}
			if g.Secrets.Store != (spec.StoreRef{Kind: "ClusterSecretStore", Name: "aigw-previews"}) || g.Preview.Store != "aigw-previews" {
				t.Errorf("secrets store %+v / %q", g.Secrets.Store, g.Preview.Store)
			}
			if g.LiteLLM.RoleArn != "arn:aws:iam::123456789012:role/ai-gateway-litellm" {
				t.Errorf("role %q, want the source environment's", g.LiteLLM.RoleArn)
			}
			if g.API.Replicas.Min != 1 || g.API.Replicas.Max != 1 || g.Admin.Replicas != 1 {
				t.Errorf("replicas %+v, admin %d", g.API.Replicas, g.Admin.Replicas)
			}
			if l := g.Labels(); l[PreviewLabel] != n || l["aigw.dev/environment"] != "dev" {
				t.Errorf("labels %v", l)
			}
			if g.PreviewOf() != "ai-gateway-dev" || g.ClusterName("litellm") != "ai-gateway-dev-litellm" || g.Name("api") != "ai-gateway-api" {
				t.Errorf("names %s %s %s", g.PreviewOf(), g.ClusterName("litellm"), g.Name("api"))
			}
		})
	}
}

// TestPreviewDoesNotChangeTheSource: resolving a preview leaves the source
// environment's settings alone (the preview works on a copy).
func TestPreviewDoesNotChangeTheSource(t *testing.T) {
	example := exampleText(t)
	doc := parse(t, example)
	if _, err := Resolve(doc, Options{Preview: "42"}); err != nil {
		t.Fatal(err)
	}
	withRole := parse(t, strings.Replace(example, "    from: dev\n", "    from: dev\n    roleArn: arn:aws:iam::123456789012:role/ai-gateway-previews\n", 1))
	if p, err := Resolve(withRole, Options{Preview: "42"}); err != nil || p.LiteLLM.RoleArn != "arn:aws:iam::123456789012:role/ai-gateway-previews" {
		t.Errorf("spec.previews.roleArn: %v, %v", err, p)
	}
	g, err := Resolve(doc, Options{Environment: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	if !g.ServesPreviews || g.Preview != nil || g.Secrets.Prefix != "aigw/ai-gateway/dev" || g.API.Replicas.Max != 2 || g.APIHost != "api.dev.ai.example.com" {
		t.Errorf("dev after a preview: serves %v preview %v prefix %s max %d host %s", g.ServesPreviews, g.Preview, g.Secrets.Prefix, g.API.Replicas.Max, g.APIHost)
	}
	if prod, _ := Resolve(doc, Options{Environment: "prod"}); prod.ServesPreviews {
		t.Error("prod serves previews; the example's derive from dev")
	}
}

// TestPreviewHostPattern: the pattern matches the hosts PreviewHost gives,
// for any number, and nothing else.
func TestPreviewHostPattern(t *testing.T) {
	p := PreviewHostPattern("admin", "dev.ai.example.com")
	if p != `^admin-pr-[0-9]{1,9}[.]dev[.]ai[.]example[.]com$` {
		t.Errorf("pattern %s", p)
	}
	if strings.ContainsAny(p, `\"`) {
		t.Error("the pattern must fit a JSON string unescaped")
	}
	rx := regexp.MustCompile(p)
	for host, want := range map[string]bool{
		PreviewHost("admin", "1", "dev.ai.example.com"):         true,
		PreviewHost("admin", "123456789", "dev.ai.example.com"): true,
		"admin.dev.ai.example.com":                              false,
		"admin-pr-1234567890.dev.ai.example.com":                false,
		"admin-pr-1.devxai.example.com":                         false,
		"api-pr-1.dev.ai.example.com":                           false,
		"admin-pr-1.x.dev.ai.example.com":                       false,
	} {
		if rx.MatchString(host) != want {
			t.Errorf("%s: match %v, want %v", host, !want, want)
		}
	}
}
