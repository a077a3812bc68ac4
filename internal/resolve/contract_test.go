package resolve

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestContract pins the cross-component names of an environment and of a
// preview: the Crossplane compositions and running clusters depend on them,
// so a change here is a migration, not a refactor.
func TestContract(t *testing.T) {
	doc := parse(t, exampleText(t))
	env := resolveCase(t, doc, Options{Environment: "dev"}, "")
	pr := resolveCase(t, doc, Options{Preview: "42"}, "")
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"releases", env.Contract().LiteLLM, LiteLLM{API: "ai-gateway-api", Admin: "ai-gateway-admin", AppName: "litellm", Port: 4000}},
		{"secrets", env.Contract().Secrets, Secrets{
			Database:    DatabaseSecret{Name: "ai-gateway-database-master", PasswordKey: "password", UsernameKey: "username"},
			Valkey:      ValkeySecret{Name: "ai-gateway-valkey-auth", TokenKey: "token", ACLKey: "users.acl"},
			LiteLLMKeys: LiteLLMKeysSecret{Name: "ai-gateway-litellm-keys", MasterKey: "masterKey", SaltKey: "saltKey"},
			SSO:         SSOSecret{Name: "ai-gateway-sso", ClientSecretKey: "clientSecret"},
			ModelKeys:   "ai-gateway-model-keys",
			License:     LicenseSecret{Name: "ai-gateway-litellm-license", Key: "license"},
			Generated:   StoredInSecretsManager,
		}},
		{"database", env.Contract().Database, Database{
			Composite: "ai-gateway-database",
			Endpoint:  Endpoint{ConfigMap: "ai-gateway-database-endpoint", HostKey: "host", ReaderHostKey: "readerHost", PortKey: "port", DBNameKey: "dbname"},
			Port:      5432, Name: "litellm", Username: "litellm",
		}},
		{"cache", env.Contract().Cache, Cache{
			Composite: "ai-gateway-valkey",
			Endpoint:  Endpoint{ConfigMap: "ai-gateway-valkey-endpoint", HostKey: "host", PortKey: "port"},
			Port:      6379, TLS: true,
		}},
		{"preview database pod", pr.Contract().Database.Pod, &StorePod{Name: "ai-gateway-postgres", AppName: "postgres", Part: "database"}},
		{"preview cache", pr.Contract().Cache.TLS, false},
		{"preview cache pod", pr.Contract().Cache.Pod.Labels(), map[string]string{NameLabel: "valkey", InstanceLabel: "ai-gateway-valkey", ComponentLabel: "cache"}},
		{"preview endpoints are the environment's", pr.Contract().Database.Endpoint, env.Contract().Database.Endpoint},
		{"node pool", env.Contract().NodePool, NodePool{Name: "ai-gateway-dev-litellm", Arch: "arm64"}},
		{"preview runs on the source's pool", pr.Contract().NodePool, env.Contract().NodePool},
		{"selector", env.Contract().NodePool.Selector(), map[string]string{corev1.LabelArchStable: "arm64", NodePoolLabel: "ai-gateway-dev-litellm"}},
		{"load balancer", env.Contract().LoadBalancer.Name, "ai-gateway-alb"},
		{"chart", env.Contract().Chart, ChartSource{Kind: ChartEmbedded}},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", tt.name, tt.got, tt.want)
		}
	}
	if env.Contract().Database.Pod != nil || env.Contract().Cache.Pod != nil {
		t.Error("an environment's data stores are composites, not pods")
	}
}

// TestContractDerived: the contract follows the settings it is derived
// from (tests and callers adjust a Gateway after Resolve).
func TestContractDerived(t *testing.T) {
	g := resolveCase(t, parse(t, exampleText(t)), Options{Environment: "prod"}, "")
	g.Access.APIAllowlist = []string{"198.51.100.0/24", "192.0.2.0/24"}
	g.Access.AdminAllowlist = []string{"192.0.2.0/24", "10.0.0.0/8"}
	if got, want := g.Contract().LoadBalancer.SourceRanges, []string{"10.0.0.0/8", "192.0.2.0/24", "198.51.100.0/24"}; !reflect.DeepEqual(got, want) {
		t.Errorf("source ranges %v, want %v (sorted, without duplicates)", got, want)
	}
	g.Access.APIAllowlist = nil
	if got := g.Contract().LoadBalancer.SourceRanges; len(got) != 0 {
		t.Errorf("source ranges %v for a public API", got)
	}
	g.LiteLLM.Chart.Repository, g.LiteLLM.Chart.Name, g.LiteLLM.Chart.Version = "oci://r.example/charts", "litellm-helm", "1.0.0"
	if c := g.Contract().Chart; c.Kind != ChartRepository || !strings.HasPrefix(c.Repository, "oci://") {
		t.Errorf("chart %+v", c)
	}
	g.LiteLLM.Chart.Path = "chart"
	if c := g.Contract().Chart; c.Kind != ChartFolder || c.Path != "chart" {
		t.Errorf("a chart folder takes precedence: %+v", c)
	}
}
