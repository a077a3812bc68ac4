package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// edit is a textual change applied to testdata/minimal.yaml.
type edit struct{ old, new string }

func TestBadInput(t *testing.T) {
	devArgs := []string{"render", "DIR", "--env", "dev"}
	base, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// spec replaces the whole file when set; edits change the minimal spec.
		spec  string
		edits []edit
		// args are the CLI arguments; "DIR" is replaced by the app folder.
		args []string
		// files are extra files in the app folder (name → content).
		files map[string]string
		// outside, when set, makes aigateway.yaml a symlink to a file
		// with this content outside the app folder.
		outside string
		// fifos are names in the app folder made named pipes.
		fifos []string
		// environ is the process environment (aigw generate runs in DIR).
		environ []string
		// want are substrings of stderr, in order of appearance.
		want []string
	}{
		{name: "yaml syntax", edits: []edit{{"  region: us-east-1", "  region: [us-east-1"}}, want: []string{"aigateway.yaml:", "invalid YAML"}},
		{name: "empty file", spec: "\n", want: []string{"aigateway.yaml: the file is empty"}},
		{name: "two documents", spec: string(base) + "---\nkind: x\n", want: []string{"exactly one YAML document"}},
		{name: "not a mapping", spec: "- a\n- b\n", want: []string{"aigateway.yaml:1:1:", "expected a mapping, got a list"}},
		{name: "wrong apiVersion", edits: []edit{{"aigw.dev/v1alpha1", "aigw.dev/v1"}}, want: []string{"aigateway.yaml:1:", "apiVersion: must be aigw.dev/v1alpha1"}},
		{name: "wrong kind", edits: []edit{{"kind: AIGateway", "kind: Gateway"}}, want: []string{"aigateway.yaml:2:", "kind: must be AIGateway"}},
		{name: "unknown field with suggestion", edits: []edit{{"  region:", "  regoin:"}}, want: []string{"aigateway.yaml:6:3: spec.regoin: unknown field \"regoin\" (did you mean \"region\"?)"}},
		{name: "unknown nested field", edits: []edit{{"    vpcId:", "    vpcID:"}}, want: []string{"aigateway.yaml:9:5: spec.network.vpcID: unknown field", "did you mean \"vpcId\"?"}},
		{name: "unknown field in environment", edits: []edit{{"        instances: 3", "        instanses: 3"}}, want: []string{"spec.environments.prod.database.instanses: unknown field", "did you mean \"instances\"?"}},
		{name: "wrong type string for list", edits: []edit{{"subnetIds: [subnet-0123456789abcdef1, subnet-0123456789abcdef2]", "subnetIds: subnet-0123456789abcdef1"}}, want: []string{"spec.network.subnetIds: expected a list, got a string"}},
		{name: "wrong type number for int", edits: []edit{{"instances: 3", "instances: three"}}, want: []string{"spec.environments.prod.database.instances: expected a whole number, got a string"}},
		{name: "wrong type number for string", edits: []edit{{"version: v1.77.7-stable", "version: 1.77"}}, want: []string{"spec.litellm.version: expected a string, got a number (quote it: \"1.77\")"}},
		{name: "duplicate key", edits: []edit{{"  region: us-east-1", "  region: us-east-1\n  region: us-east-2"}}, want: []string{"spec.region: duplicate field"}},
		{name: "bad region", edits: []edit{{"us-east-1", "useast1"}}, want: []string{"spec.region: \"useast1\" is not an AWS region"}},
		{name: "bad domain", edits: []edit{{"domain: ai.example.org", "domain: localhost"}}, want: []string{"spec.domain:", "not a DNS domain"}},
		{name: "bad CIDR", edits: []edit{{"[198.51.100.0/24]", "[198.51.100.0/33]"}}, want: []string{"spec.access.adminAllowlist[0]: \"198.51.100.0/33\" is not a CIDR"}},
		{name: "CIDR host bits", edits: []edit{{"[198.51.100.0/24]", "[198.51.100.7/24]"}}, want: []string{"did you mean 198.51.100.0/24?"}},
		{name: "admin open to everyone", edits: []edit{{"[198.51.100.0/24]", "[0.0.0.0/0]"}}, want: []string{"spec.access.adminAllowlist[0]: 0.0.0.0/0 allows everyone"}},
		{name: "empty admin allowlist", edits: []edit{{"[198.51.100.0/24]", "[]"}}, want: []string{"spec.access.adminAllowlist: must list at least one CIDR"}},
		{name: "client CIDR outside VPC", edits: []edit{{"[10.0.128.0/17]", "[10.1.0.0/16]"}}, want: []string{"spec.network.clientCidrs[0]: 10.1.0.0/16 is not inside the VPC CIDR 10.0.0.0/16"}},
		{name: "one subnet", edits: []edit{{"[subnet-0123456789abcdef1, subnet-0123456789abcdef2]", "[subnet-0123456789abcdef1]"}}, want: []string{"spec.network.subnetIds: at least two subnets"}},
		{name: "bad subnet id", edits: []edit{{"subnet-0123456789abcdef2]", "subnet-xyz]"}}, want: []string{"spec.network.subnetIds[1]: \"subnet-xyz\" is not a subnet ID"}},
		{name: "missing required", edits: []edit{{"  region: us-east-1\n", ""}}, want: []string{"spec.region: required field is missing"}},
		{name: "missing models", edits: []edit{{"    models:\n      - name: claude\n        model: bedrock/anthropic.claude-sonnet-4-20250514-v1:0\n", ""}}, want: []string{"spec.litellm.models: required field is missing"}},
		{name: "model without name", edits: []edit{{"      - name: claude\n", "      - params: {}\n"}}, want: []string{"spec.litellm.models[0].name: required field is missing"}},
		{name: "secret in params", edits: []edit{{"model: bedrock/anthropic.claude-sonnet-4-20250514-v1:0", "model: openai/gpt-4o\n        params: {api_key: sk-123}"}}, want: []string{"spec.litellm.models[0].params.api_key: looks like a secret"}},
		{name: "min greater than max", edits: []edit{{"    dev: {}", "    dev:\n      api:\n        replicas: {min: 5, max: 2}"}}, args: devArgs, want: []string{"spec.environments.dev.api.replicas:", "min (5) is greater than max (2)"}},
		{name: "explicit zero is not the default", edits: []edit{{"    dev: {}", "    dev:\n      api:\n        replicas: {min: 0, max: 2}"}}, args: devArgs, want: []string{"spec.environments.dev.api.replicas.min: must be at least 1, not 0"}},
		{name: "bad quantity", edits: []edit{{"    dev: {}", "    dev:\n      api:\n        resources: {cpu: lots}"}}, args: devArgs, want: []string{"spec.environments.dev.api.resources.cpu: \"lots\" is not a Kubernetes quantity"}},
		{name: "prod without deletion protection", edits: []edit{{"        instances: 3", "        instances: 3\n        deletionProtection: false"}}, want: []string{"spec.environments.prod.database.deletionProtection: is off in production environment \"prod\""}},
		{name: "not graviton", edits: []edit{{"    nodeRole: KarpenterNodeRole", "    nodeRole: KarpenterNodeRole\n    instanceFamilies: [m7i]"}}, want: []string{"spec.nodes.instanceFamilies[0]: \"m7i\" is not a Graviton"}},
		{name: "latest image tag", edits: []edit{{"version: v1.77.7-stable", "version: latest"}}, want: []string{"spec.litellm.version: pin a version"}},
		{name: "non-root image hides its baked Prisma engines", edits: []edit{{"    version: v1.77.7-stable", "    version: v1.77.7-stable\n    image: ghcr.io/berriai/litellm-non_root"}}, want: []string{"spec.litellm.image: \"ghcr.io/berriai/litellm-non_root\" cannot start as aigw runs it", "PRISMA_OFFLINE_MODE=true"}},
		{name: "bad guid", edits: []edit{{"tenantId: 11111111-2222-3333-4444-555555555555", "tenantId: contoso"}}, want: []string{"spec.sso.tenantId: \"contoso\" is not a GUID"}},
		{name: "same api and admin host", edits: []edit{{"  domain: ai.example.org", "  domain: ai.example.org\n  hostnames: {api: gw, admin: gw}"}}, want: []string{"spec.hostnames.admin: must differ"}},
		{name: "environment name not a label", edits: []edit{{"    dev: {}", "    Dev_1: {}"}}, want: []string{"spec.environments.Dev_1: environment name"}},
		{name: "previews from unknown env", edits: []edit{{"  environments:", "  previews: {from: qa}\n  environments:"}}, want: []string{"spec.previews.from: environment \"qa\" is not defined"}},
		{name: "unknown environment", args: []string{"render", "DIR", "--env", "prd"}, want: []string{"environment \"prd\" is not defined (defined: dev, prod); did you mean \"prod\"?"}},
		{name: "missing env flag", args: []string{"render", "DIR"}, want: []string{"required flag(s) \"env\" not set"}},
		{name: "chart path escapes", edits: []edit{{"    version: v1.77.7-stable", "    version: v1.77.7-stable\n    chart: {path: ../charts/litellm}"}}, want: []string{"spec.litellm.chart.path: \"../charts/litellm\" must be a relative path inside the application folder"}},
		{name: "no spec in folder", spec: "-", want: []string{"no aigateway.yaml in this folder"}},
		{name: "bad output format", args: []string{"render", "DIR", "--env", "dev", "-o", "xml"}, want: []string{"--output must be yaml or json"}},
		{name: "kustomization adds resources", files: map[string]string{"kustomization.yaml": "resources: [extra.yaml]\n"}, want: []string{"kustomization.yaml:1:1: resources: not allowed in a last-mile kustomization: it would add objects that do not come from aigateway.yaml"}},
		{name: "kustomization patch outside folder", files: map[string]string{"kustomization.yaml": "patches:\n- path: ../secret.yaml\n"}, want: []string{"\"../secret.yaml\" must be a relative path inside the application folder"}},
		{name: "alias merge key", edits: []edit{{"  sso:\n", "  sso:\n    <<: {tenantId: x}\n"}}, want: []string{"YAML merge keys (<<) are not supported"}},
		{name: "symlink leaving the folder", spec: "-", outside: string(base), want: []string{"reading aigateway.yaml", "escapes"}},
		{name: "namespace override not a label", args: []string{"render", "DIR", "--env", "dev", "-n", "Bad_NS"}, want: []string{"namespace \"Bad_NS\""}},
		{name: "preview without previews", args: []string{"render", "DIR", "--preview", "42"}, want: []string{"preview 42: ", "aigateway.yaml has no spec.previews section"}},
		{name: "preview of another environment", edits: []edit{{"  environments:", "  previews: {from: dev}\n  environments:"}}, args: []string{"render", "DIR", "--env", "prod", "--preview", "42"}, want: []string{`previews derive from environment "dev" (spec.previews.from), not "prod"`}},
		{name: "preview not a number", edits: []edit{{"  environments:", "  previews: {from: dev}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "4x2"}, want: []string{`preview "4x2": must be a pull request number`}},
		{name: "preview into another namespace", edits: []edit{{"  environments:", "  previews: {from: dev}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "42", "-n", "gw-dev"}, want: []string{`preview 42 renders into namespace "`, `but the namespace override is "gw-dev"`}},
		{name: "previews prefix not a name", edits: []edit{{"  environments:", "  previews: {from: dev, secretsPrefix: /x/}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "42"}, want: []string{"spec.previews.secretsPrefix: \"/x/\" is not a Secrets Manager name prefix"}},
		{name: "environment named like a preview", edits: []edit{{"    dev: {}", "    pr-7: {}"}}, want: []string{`spec.environments.pr-7: environment name "pr-7" is reserved`}},
		{name: "namespace of a preview", edits: []edit{{"    dev: {}", "    dev: {namespace: gw-pr-12}"}}, args: []string{"render", "DIR", "--env", "dev"}, want: []string{`spec.environments.dev.namespace: "gw-pr-12" is the namespace of a pull-request preview`}},
		{name: "previews store not a name", edits: []edit{{"  environments:", "  previews: {from: dev, store: Bad_Store}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "42"}, want: []string{`spec.previews.store: "Bad_Store" is not a valid object name`}},
		{name: "previews role not an ARN", edits: []edit{{"  environments:", "  previews: {from: dev, roleArn: admin}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "42"}, want: []string{`spec.previews.roleArn: "admin" is not an IAM role ARN`}},
		{name: "secrets prefix shared by environments", edits: []edit{{"  nodes:\n", "  secrets: {prefix: shared/gw}\n  nodes:\n"}}, want: []string{`aigateway.yaml:26:13: spec.secrets.prefix: "shared/gw" overlaps the secrets prefix "shared/gw" of environment dev (spec.secrets.prefix at `, `aigateway.yaml:26:13)`}},
		{name: "secret name walks out of the prefix", edits: []edit{{"clientSecret: entra", "clientSecret: ../../prod/entra"}}, want: []string{`spec.sso.clientSecret: "../../prod/entra" is not a Secrets Manager secret name: it must not contain a ".." segment`}},
		// Issue 11.1: secrets anywhere in params, keys and values.
		{name: "secret key nested in params", edits: paramsEdit("{extra_headers: {api_key: sk-abcdefghijklmnopqrstuvwx}}"), want: []string{"aigateway.yaml:21:34: spec.litellm.models[0].params.extra_headers.api_key: looks like a secret (by its name)", "apiKeySecret"}},
		{name: "secret key in a params list", edits: paramsEdit("{fallbacks: [{api_key: sk-abcdefghijklmnopqrstuvwx}]}"), want: []string{"spec.litellm.models[0].params.fallbacks[0].api_key: looks like a secret (by its name)", "Secrets Manager"}},
		{name: "anthropic key as a value", edits: paramsEdit("{foo: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123}"), want: []string{"spec.litellm.models[0].params.foo: the value looks like an Anthropic API key", "apiKeySecret"}},
		{name: "openai key in a list", edits: paramsEdit(`{tags: ["sk-proj-abcdefghijklmnopqrstuvwx"]}`), want: []string{"spec.litellm.models[0].params.tags[0]: the value looks like an OpenAI API key"}},
		{name: "authorization header", edits: paramsEdit(`{extra_headers: {Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"}}`), want: []string{"params.extra_headers.Authorization: looks like a secret (by its name)"}},
		{name: "bearer token under another header", edits: paramsEdit(`{extra_headers: {X-Upstream: "Bearer abcdefghijkl0123"}}`), want: []string{"params.extra_headers.X-Upstream: the value looks like an HTTP Authorization credential"}},
		{name: "JWT as a value", edits: paramsEdit(`{extra_body: {assertion: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"}}`), want: []string{"params.extra_body.assertion: the value looks like a JSON Web Token"}},
		{name: "URL with user info", edits: paramsEdit("{api_base: 'https://user:pass@llm.example.com/v1'}"), want: []string{"params.api_base: the value looks like a URL with a user name or password"}},
		{name: "AWS access key id", edits: paramsEdit("{aws_region_name: us-east-1, role: AKIAIOSFODNN7EXAMPLE}"), want: []string{"params.role: the value looks like an AWS access key ID"}},
		{name: "GitHub token", edits: paramsEdit("{note: ghp_abcdefghijklmnopqrstuvwxyz0123456789}"), want: []string{"params.note: the value looks like a GitHub token"}},
		{name: "Azure OpenAI key", edits: paramsEdit("{azure_key_hint: 0123456789abcdef0123456789abcdef}"), want: []string{"params.azure_key_hint: the value looks like an Azure OpenAI API key"}},
		// Issue 11.3: allowlists judged as a set.
		{name: "admin allowlist in halves", edits: []edit{{"[198.51.100.0/24]", "[0.0.0.0/1, 128.0.0.0/1]"}}, want: []string{"spec.access.adminAllowlist[0]: 0.0.0.0/1 is too broad", "spec.access.adminAllowlist[1]: 128.0.0.0/1 is too broad"}},
		{name: "IPv6 allowlist of half the space", edits: []edit{{"[198.51.100.0/24]", "['::/1']"}}, want: []string{"spec.access.adminAllowlist[0]: ::/1 is too broad"}},
		{name: "api allowlist of a quarter", edits: []edit{{"  access:\n", "  access:\n    apiAllowlist: [0.0.0.0/2]\n"}}, want: []string{"spec.access.apiAllowlist[0]: 0.0.0.0/2 is too broad: entries must be /8 or narrower"}},
		{name: "admin allowlist union too broad", edits: []edit{{"[198.51.100.0/24]", "[10.0.0.0/16, 10.1.0.0/16]"}}, want: []string{"aigateway.yaml:15:", "spec.access.adminAllowlist: together the IPv4 entries cover more addresses than one /16"}},
		{name: "IPv4-mapped IPv6 allowlist", edits: []edit{{"[198.51.100.0/24]", "['::ffff:0.0.0.0/96']"}}, want: []string{"::ffff:0.0.0.0/96 is an IPv4-mapped IPv6 prefix"}},
		// Issue 11.4: quantities positive and bounded.
		{name: "negative cpu", edits: devEdit("api:\n        resources: {cpu: \"-1\"}"), args: devArgs, want: []string{"spec.environments.dev.api.resources.cpu: \"-1\" is not a Kubernetes quantity (a positive number"}},
		{name: "zero cpu", edits: devEdit("api:\n        resources: {cpu: \"0\"}"), args: devArgs, want: []string{"spec.environments.dev.api.resources.cpu: 0 is out of range: must be between 100m and 64"}},
		{name: "zero memory", edits: devEdit("admin:\n        resources: {memory: 0Gi}"), args: devArgs, want: []string{"spec.environments.dev.admin.resources.memory: 0Gi is out of range: must be between 256Mi and 256Gi"}},
		{name: "negative millicores", edits: devEdit("api:\n        resources: {cpu: -500m}"), args: devArgs, want: []string{"spec.environments.dev.api.resources.cpu: \"-500m\" is not a Kubernetes quantity"}},
		{name: "node pool beyond bounds", edits: []edit{{"    nodeRole: KarpenterNodeRole", "    nodeRole: KarpenterNodeRole\n    limits: {cpu: \"1e9\"}"}}, want: []string{"spec.nodes.limits.cpu: \"1e9\" is not a Kubernetes quantity"}},
		{name: "huge pod memory", edits: devEdit("api:\n        resources: {memory: 4Ti}"), args: devArgs, want: []string{"spec.environments.dev.api.resources.memory: 4Ti is out of range"}},
		// Issue 11.5: git branch names.
		{name: "branch like an option", edits: devEdit("branch: \"--upload-pack=touch /tmp/x\""), args: devArgs, want: []string{"spec.environments.dev.branch: \"--upload-pack=touch /tmp/x\" is not a git branch name: it starts with '-'"}},
		{name: "branch with a space", edits: devEdit("branch: env dev"), args: devArgs, want: []string{"spec.environments.dev.branch: \"env dev\" is not a git branch name: it contains ' '"}},
		{name: "branch with dot dot", edits: devEdit("branch: env/../x"), args: devArgs, want: []string{"it contains \"..\""}},
		{name: "branch reflog syntax", edits: devEdit("branch: \"@{-1}\""), args: devArgs, want: []string{"it contains \"@{\" (git revision syntax)"}},
		{name: "branch with a colon", edits: devEdit("branch: \"HEAD:gw\""), args: devArgs, want: []string{"it contains ':'"}},
		{name: "branch component .lock", edits: devEdit("branch: env/dev.lock"), args: devArgs, want: []string{"has a component \"dev.lock\" ending with \".lock\""}},
		// Issue 11.11: messages that say what happened.
		{name: "binary region", edits: []edit{{"  region: us-east-1", "  region: !!binary dXMtZWFzdC0x"}}, want: []string{"spec.region: expected a string, got binary data (!!binary) (remove the tag !!binary)"}},
		{name: "date as a string", edits: []edit{{"version: v1.77.7-stable", "version: 2025-01-01"}}, want: []string{"spec.litellm.version: expected a string, got a date (quote it: \"2025-01-01\")"}},
		{name: "custom tag", edits: []edit{{"  region: us-east-1", "  region: !env us-east-1"}}, want: []string{"spec.region: expected a string, got a value tagged !env (remove the tag !env)"}},
		{name: "params with a non-finite number", edits: paramsEdit("{temperature: .inf}"), want: []string{"params.temperature: .inf is not a finite number"}},
		{name: "params with a binary value", edits: paramsEdit("{blob: !!binary aGVsbG8=}"), want: []string{"params.blob: expected a string, number, boolean, list or mapping, got binary data (!!binary)"}},
		{name: "params with a list key", edits: paramsEdit("{[a]: b}"), want: []string{"params: keys must be strings, not a list"}},
		// Issue 11.2: the last-mile kustomization's output is checked.
		{name: "kustomization turns a ConfigMap into a Secret", files: map[string]string{"kustomization.yaml": "patches:\n- path: p.yaml\n  target: {kind: ConfigMap}\n", "p.yaml": "- {op: replace, path: /kind, value: Secret}\n- {op: add, path: /stringData, value: {k: v}}\n"}, want: []string{"kustomization.yaml:2:3: patches[0]: turns ConfigMap ", "into a Secret: no Secret ever leaves aigw"}},
		{name: "kustomization renames an object", files: map[string]string{"kustomization.yaml": "patches:\n- target: {kind: Namespace}\n  path: p.yaml\n", "p.yaml": "- {op: replace, path: /metadata/name, value: kube-system}\n"}, want: []string{"kustomization.yaml:2:3: patches[0]: changes the name to \"kube-system\" of Namespace gw-prod (v1)"}},
		{name: "kustomization renames with a prefix", files: map[string]string{"kustomization.yaml": "namePrefix: x-\n"}, want: []string{"kustomization.yaml:1:1: namePrefix: not allowed in a last-mile kustomization: it would rename aigw's objects but not what External Secrets and Crossplane objects refer to them by"}},
		// Issue 11.11: an invalid kustomization says what is wrong.
		{name: "kustomization with colon keys", files: map[string]string{"kustomization.yaml": "::\n"}, want: []string{"kustomization.yaml:1:1: :: \":\" is not a field a last-mile kustomization may use; allowed: patches"}},
		{name: "kustomization misspelled field", files: map[string]string{"kustomization.yaml": "pathces: []\n"}, want: []string{"kustomization.yaml:1:1: pathces: \"pathces\" is not a field a last-mile kustomization may use (did you mean \"patches\"?)"}},
		// Issue 11.8: only regular files.
		{name: "spec is a named pipe", spec: "-", fifos: []string{"aigateway.yaml"}, want: []string{"aigateway.yaml is a named pipe (FIFO), not a regular file: aigw reads only regular files"}},
		{name: "spec is a named pipe under generate", spec: "-", fifos: []string{"aigateway.yaml"}, args: []string{"generate"}, environ: []string{"ARGOCD_ENV_AIGW_ENVIRONMENT=dev"}, want: []string{"aigateway.yaml is a named pipe (FIFO), not a regular file"}},
		{name: "kustomization is a named pipe", fifos: []string{"kustomization.yaml"}, want: []string{"kustomization.yaml is a named pipe (FIFO), not a regular file"}},
		{name: "patch is a named pipe", files: map[string]string{"kustomization.yaml": "patches:\n- path: p.yaml\n"}, fifos: []string{"p.yaml"}, want: []string{"kustomization.yaml:2:9: reading p.yaml: p.yaml is a named pipe (FIFO), not a regular file"}},
		// Issue 11.6: plugin parameters.
		{name: "environment parameter twice", args: []string{"generate"}, environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev"},{"name":"environment","string":"prod"}]`}, want: []string{`ARGOCD_APP_PARAMETERS: parameter "environment" is set twice`}},
		{name: "parameter with string and array", args: []string{"generate"}, environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev","array":["prod"]}]`}, want: []string{`ARGOCD_APP_PARAMETERS: parameter "environment" has both string and array values`}},
		{name: "parameter without a name", args: []string{"generate"}, environ: []string{`ARGOCD_APP_PARAMETERS=[{"string":"dev"}]`}, want: []string{"ARGOCD_APP_PARAMETERS: parameter 1 has no name"}},
		{name: "bedrock without credentials", edits: []edit{{"    roleArn: arn:aws:iam::123456789012:role/gw-litellm\n", ""}}, want: []string{`spec.litellm.models[0].model: model "claude" (bedrock/anthropic.claude-sonnet-4-20250514-v1:0) calls AWS with the pods' credentials, and the pods have none: set spec.litellm.roleArn (IRSA), or spec.litellm.awsIdentity: pod-identity`}},
		{name: "pod identity with an IRSA role", edits: []edit{{"    roleArn: arn:aws:iam::123456789012:role/gw-litellm\n", "    roleArn: arn:aws:iam::123456789012:role/gw-litellm\n    awsIdentity: pod-identity\n"}}, want: []string{"spec.litellm.roleArn: is the IRSA annotation; with awsIdentity pod-identity"}},
		{name: "TLS 1.0 policy", edits: []edit{{"  sso:\n", "  edge: {tlsPolicy: ELBSecurityPolicy-2016-08}\n  sso:\n"}}, want: []string{`spec.edge.tlsPolicy: "ELBSecurityPolicy-2016-08" is not a modern TLS policy`, "ELBSecurityPolicy-TLS13-1-2-2021-06, "}},
		{name: "TLS 1.3 policy allowing TLS 1.1", edits: []edit{{"  sso:\n", "  edge: {tlsPolicy: ELBSecurityPolicy-TLS13-1-1-2021-06}\n  sso:\n"}}, want: []string{`spec.edge.tlsPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" is not a modern TLS policy`}},
		{name: "production follows latest AMI", edits: []edit{{"    nodeRole: KarpenterNodeRole", "    nodeRole: KarpenterNodeRole\n    amiAlias: al2023@latest"}}, want: []string{`spec.nodes.amiAlias: "al2023@latest" in production environment "prod" replaces every node`, "pin a release such as al2023@v"}},
		{name: "AMI alias not a release", edits: []edit{{"    nodeRole: KarpenterNodeRole", "    nodeRole: KarpenterNodeRole\n    amiAlias: al2023@v2026"}}, args: devArgs, want: []string{`spec.nodes.amiAlias: "al2023@v2026": the version must be latest or an AL2023 AMI release v<YYYYMMDD>`}},
		{name: "keep-alive shorter than the ALB idle timeout", edits: []edit{{"    version: v1.77.7-stable", "    version: v1.77.7-stable\n    keepAliveSeconds: 60"}}, want: []string{"spec.litellm.keepAliveSeconds: (60) must be greater than edge.idleTimeoutSeconds (600)"}},
		{name: "environment raises the idle timeout past the keep-alive", edits: []edit{{"    version: v1.77.7-stable", "    version: v1.77.7-stable\n    keepAliveSeconds: 700"}, {"        instances: 3", "        instances: 3\n      edge: {idleTimeoutSeconds: 900}"}}, want: []string{"spec.litellm.keepAliveSeconds: (700) must be greater than edge.idleTimeoutSeconds (900)"}},
		{name: "load balancer subnet in the pod subnets", edits: []edit{{"cidr: 10.0.1.0/24}", "cidr: 10.0.128.0/24}"}}, want: []string{"spec.network.loadBalancerSubnets[1].cidr: 10.0.128.0/24 overlaps spec.network.clientCidrs[0] 10.0.128.0/17 (the pod subnets)"}},
		{name: "one load balancer subnet", edits: []edit{{", {id: subnet-0123456789abcdef4, cidr: 10.0.1.0/24}]", "]"}}, want: []string{"spec.network.loadBalancerSubnets: at least two subnets"}},
		{name: "missing load balancer subnets", edits: []edit{{"    loadBalancerSubnets: [{id: subnet-0123456789abcdef3, cidr: 10.0.0.0/24}, {id: subnet-0123456789abcdef4, cidr: 10.0.1.0/24}]\n", ""}}, want: []string{"spec.network.loadBalancerSubnets: required field is missing"}},
		// Issue 11.10: builder errors point at the field that causes them.
		{name: "database too small for the replicas", edits: devEdit("database: {instanceClass: db.t4g.medium}\n      api:\n        replicas: {min: 2, max: 400}"), args: devArgs, want: []string{"aigateway.yaml:32:18: spec.environments.dev.database.instanceClass: litellm: database: db.t4g.medium allows about"}},
		{name: "too many allowlist entries for the ALB", edits: []edit{{"  access:\n", "  access:\n    apiAllowlist: [" + cidrList(100) + "]\n"}}, want: []string{"aigateway.yaml:14:3: spec.access: edge: HTTPRoute gw-api needs 51 rules"}},
		{name: "previews prefix overlaps an environment", edits: []edit{{"  environments:", "  previews: {from: dev, secretsPrefix: aigw/gw/dev}\n  environments:"}}, args: []string{"render", "DIR", "--preview", "42"}, want: []string{"aigateway.yaml:30:25: spec.previews.secretsPrefix: \"aigw/gw/dev\" overlaps the secrets prefix \"aigw/gw/dev\" of environment dev"}},
		{name: "validate all and preview", args: []string{"validate", "DIR", "--all-envs", "--preview", "42"}, want: []string{"--all-envs validates every environment: pass it without --env and --preview"}},
	}
	if len(tests) < 30 {
		t.Fatalf("the bad-input table must keep at least 30 cases, has %d", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			specText := tt.spec
			if specText == "" {
				specText = string(base)
				for _, e := range tt.edits {
					if !strings.Contains(specText, e.old) {
						t.Fatalf("edit %q does not apply to the minimal spec", e.old)
					}
					specText = strings.Replace(specText, e.old, e.new, 1)
				}
			}
			if specText != "-" {
				writeFile(t, filepath.Join(dir, "aigateway.yaml"), specText)
			}
			if tt.outside != "" {
				target := filepath.Join(t.TempDir(), "aigateway.yaml")
				writeFile(t, target, tt.outside)
				if err := os.Symlink(target, filepath.Join(dir, "aigateway.yaml")); err != nil {
					t.Fatal(err)
				}
			}
			for name, content := range tt.files {
				writeFile(t, filepath.Join(dir, name), content)
			}
			for _, name := range tt.fifos {
				if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			args := tt.args
			if args == nil {
				args = []string{"render", "DIR", "--env", "prod"}
			}
			if args[0] == "generate" {
				t.Chdir(dir)
			}
			args = append([]string(nil), args...)
			for i, a := range args {
				if a == "DIR" {
					args[i] = dir
				}
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr, tt.environ)
			if code == 0 {
				t.Fatalf("exit code 0, want non-zero; stderr: %s", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout must stay empty on error, got %d bytes:\n%s", stdout.Len(), stdout.String())
			}
			msg := stderr.String()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stderr lacks %q (in order); stderr:\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine ") {
				t.Errorf("stderr shows a panic:\n%s", msg)
			}
		})
	}
}

// cidrList returns n distinct /24 CIDRs, comma-separated.
func cidrList(n int) string {
	l := make([]string, n)
	for i := range l {
		l[i] = fmt.Sprintf("198.51.%d.0/24", i)
	}
	return strings.Join(l, ", ")
}

// paramsEdit gives the minimal spec's model the params y (a flow mapping).
func paramsEdit(y string) []edit {
	const m = "model: bedrock/anthropic.claude-sonnet-4-20250514-v1:0"
	return []edit{{m, m + "\n        params: " + y}}
}

// devEdit replaces the minimal spec's empty dev environment with fields
// (YAML at the indentation of an environment's fields).
func devEdit(fields string) []edit {
	return []edit{{"    dev: {}", "    dev:\n      " + fields}}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
