package spec

import (
	"fmt"
	"net/netip"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/util/validation"
)

// The patterns are compiled on first use, not at start-up (aigw version and
// completion validate nothing). Length bounds are checked outside the
// automaton: a bounded repetition such as {1,512} compiles into a program of
// that many instructions.
var (
	reRegion    = newPattern(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`, nil)
	reVpc       = newPattern(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`, nil)
	reSubnet    = newPattern(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`, nil)
	reTag       = newPattern(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`, maxLen(128))
	reImage     = newPattern(`^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._/-][a-z0-9]+)*)+$`, nil)
	reGUID      = newPattern(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`, nil)
	reEngine    = newPattern(`^[0-9]+(\.[0-9]+){0,2}$`, nil)
	reDBClass   = newPattern(`^db\.[a-z0-9-]+\.[a-z0-9]+$`, nil)
	reCacheNode = newPattern(`^cache\.[a-z0-9-]+\.[a-z0-9]+$`, nil)
	reGraviton  = newPattern(`^[a-z]+[0-9]+g[a-z]*$`, nil)
	reIAMRole   = newPattern(`^[A-Za-z0-9+=,.@_-]+$`, maxLen(64))
	reRoleArn   = newPattern(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`, roleArnPathLen)
	reBucket    = newPattern(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`, func(s string) bool { return len(s) >= 3 && len(s) <= 63 })
)

// pattern is a regular expression compiled on first use, with an optional
// check that runs before it.
type pattern struct {
	// expr is the expression, also written into the JSON Schema.
	expr  string
	re    func() *regexp.Regexp
	check func(string) bool
}

func newPattern(expr string, check func(string) bool) pattern {
	return pattern{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) }), check: check}
}

// MatchString reports whether s passes the check and matches.
func (p pattern) MatchString(s string) bool {
	return (p.check == nil || p.check(s)) && p.re().MatchString(s)
}

func maxLen(n int) func(string) bool { return func(s string) bool { return len(s) <= n } }

// roleArnPathLen bounds the role path of an IAM role ARN to 512 characters.
// The partition and account of a matching ARN contain no ':', so the path
// is what follows the first ":role/".
func roleArnPathLen(s string) bool {
	_, path, ok := strings.Cut(s, ":role/")
	return ok && len(path) <= 512
}

// validator collects errors located through the decoder's positions.
type validator struct {
	file string
	pos  map[string]position
	errs List
}

func (v *validator) at(path, format string, args ...any) {
	e := &Error{File: v.file, Path: path, Msg: fmt.Sprintf(format, args...)}
	for p := path; ; {
		if pos, ok := v.pos[p]; ok {
			e.Line, e.Column = pos.line, pos.column
			if pos.user != "" && p == path {
				e.Path = pos.user
			} else if pos.user != "" && pos.user != p {
				e.Path = pos.user + strings.TrimPrefix(path, p)
			}
			break
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	v.errs = append(v.errs, e)
}

func (v *validator) check(ok bool, path, format string, args ...any) {
	if !ok {
		v.at(path, format, args...)
	}
}

// header validates what does not depend on an environment.
func (v *validator) header(g *AIGateway) {
	v.check(g.APIVersion == APIVersion, "apiVersion", "must be %s", APIVersion)
	v.check(g.Kind == Kind, "kind", "must be %s", Kind)
	switch n := g.Metadata.Name; {
	case n == "":
		v.at("metadata.name", "required field is missing")
	case len(validation.IsDNS1123Label(n)) > 0 || len(n) > 20:
		v.at("metadata.name", "%q must be a DNS label (lower case letters, digits, '-') of at most 20 characters", n)
	}
	for k, val := range g.Metadata.Labels {
		for _, m := range validation.IsQualifiedName(k) {
			v.at("metadata.labels."+k, "label key: %s", m)
		}
		for _, m := range validation.IsValidLabelValue(val) {
			v.at("metadata.labels."+k, "label value: %s", m)
		}
	}
	envs := g.Spec.Environments
	if len(envs) == 0 {
		v.at("spec.environments", "at least one environment is required")
	}
	if len(envs) > MaxEnvironments {
		v.at("spec.environments", "%d environments is more than the limit of %d (docs/input-limits.md)", len(envs), MaxEnvironments)
	}
	for name := range envs {
		if len(validation.IsDNS1123Label(name)) > 0 || len(name) > 20 {
			v.at("spec.environments."+name, "environment name %q must be a DNS label of at most 20 characters", name)
		}
		// <name>-pr-<digits> is the namespace of a pull-request preview.
		v.check(!isPreviewName(name), "spec.environments."+name, "environment name %q is reserved: pr-<number> names the namespace of a pull-request preview", name)
	}
	if p := g.Spec.Previews; p != nil {
		if _, ok := envs[p.From]; !ok {
			v.at("spec.previews.from", "environment %q is not defined in spec.environments", p.From)
		}
		if sp := p.SecretsPrefix; sp != "" {
			v.secretPath("spec.previews.secretsPrefix", sp, "name prefix")
		}
		if p.Store != "" {
			v.check(len(validation.IsDNS1123Subdomain(p.Store)) == 0, "spec.previews.store", "%q is not a valid object name", p.Store)
		}
		if p.RoleArn != "" {
			v.check(reRoleArn.MatchString(p.RoleArn), "spec.previews.roleArn", "%q is not an IAM role ARN", p.RoleArn)
		}
	}
}

// settings validates a merged, defaulted environment.
func (v *validator) settings(env *Environment) {
	s := &env.Settings
	// Missing fields make the other checks meaningless; errors found
	// before (numbers below their minimum) do not.
	before := len(v.errs)
	v.required(reflect.ValueOf(s).Elem(), "spec")
	if len(v.errs) > before {
		return
	}
	v.check(s.Tier == TierProduction || s.Tier == TierStaging || s.Tier == TierDevelopment,
		"spec.tier", "must be production, staging or development, not %q", s.Tier)
	if s.Namespace != "" {
		v.dnsLabel("spec.namespace", s.Namespace, 63)
		rest, cut := strings.CutPrefix(s.Namespace, env.Gateway+"-")
		v.check(!cut || !isPreviewName(rest), "spec.namespace", "%q is the namespace of a pull-request preview (<name>-pr-<number>)", s.Namespace)
	}
	v.check(reRegion.MatchString(s.Region), "spec.region", "%q is not an AWS region (for example eu-west-1)", s.Region)
	if msgs := validation.IsDNS1123Subdomain(s.Domain); len(msgs) > 0 || !strings.Contains(s.Domain, ".") {
		v.at("spec.domain", "%q is not a DNS domain with at least two labels", s.Domain)
	}
	v.dnsLabel("spec.hostnames.api", s.Hostnames.API, 63)
	v.dnsLabel("spec.hostnames.admin", s.Hostnames.Admin, 63)
	v.check(s.Hostnames.API != s.Hostnames.Admin, "spec.hostnames.admin", "must differ from hostnames.api: admin is isolated on its own host")

	v.network(&s.Network)
	v.allowlist("spec.access.apiAllowlist", s.Access.APIAllowlist, apiAllowlistRule)
	v.check(len(s.Access.AdminAllowlist) > 0, "spec.access.adminAllowlist", "must list at least one CIDR: the admin host is never open to everyone")
	v.allowlist("spec.access.adminAllowlist", s.Access.AdminAllowlist, adminAllowlistRule)

	v.litellm(&s.LiteLLM, s.Secrets.Prefix)
	v.check(s.API.Replicas.Min >= 1, "spec.api.replicas.min", "must be at least 1")
	v.check(s.API.Replicas.Min <= s.API.Replicas.Max, "spec.api.replicas", "min (%d) is greater than max (%d)", s.API.Replicas.Min, s.API.Replicas.Max)
	v.check(s.Admin.Replicas >= 1, "spec.admin.replicas", "must be at least 1")
	v.quantities(reflect.ValueOf(s).Elem(), "spec")
	if problem := branchProblem(s.Branch); problem != "" {
		v.at("spec.branch", "%q is not a git branch name: it %s", s.Branch, problem)
	}

	v.check(reGUID.MatchString(s.SSO.TenantID), "spec.sso.tenantId", "%q is not a GUID", s.SSO.TenantID)
	v.check(reGUID.MatchString(s.SSO.ClientID), "spec.sso.clientId", "%q is not a GUID", s.SSO.ClientID)
	v.secretName("spec.sso.clientSecret", s.SSO.ClientSecret, s.Secrets.Prefix)
	if s.SSO.LicenseSecret != "" {
		v.secretName("spec.sso.licenseSecret", s.SSO.LicenseSecret, s.Secrets.Prefix)
	}
	if s.SSO.AdminID != "" {
		v.check(reGUID.MatchString(s.SSO.AdminID), "spec.sso.adminId", "%q is not an Entra ID object ID (a GUID): with Microsoft SSO LiteLLM's user ID is the user's object ID", s.SSO.AdminID)
	}

	v.albAuth(&s.SSO.ALBAuthentication, s.Secrets.Prefix)

	v.database(env)
	v.check(reEngine.MatchString(s.Cache.EngineVersion), "spec.cache.engineVersion", "%q is not a version", s.Cache.EngineVersion)
	v.check(reCacheNode.MatchString(s.Cache.NodeType), "spec.cache.nodeType", "%q is not an ElastiCache node type (cache.t4g.medium)", s.Cache.NodeType)
	v.check(s.Cache.Replicas >= 1 && s.Cache.Replicas <= 6, "spec.cache.replicas", "must be between 1 and 6")

	v.nodes(&s.Nodes)
	v.amiAlias(env)
	v.tlsPolicy(s.Edge.TLSPolicy)
	v.check(s.Edge.IdleTimeoutSeconds >= 1 && s.Edge.IdleTimeoutSeconds <= 4000, "spec.edge.idleTimeoutSeconds", "must be between 1 and 4000")
	v.check(s.Edge.IdleTimeoutSeconds >= s.LiteLLM.RequestTimeoutSeconds, "spec.edge.idleTimeoutSeconds",
		"(%d) must be at least litellm.requestTimeoutSeconds (%d), or the ALB cuts streamed responses", s.Edge.IdleTimeoutSeconds, s.LiteLLM.RequestTimeoutSeconds)
	v.check(s.LiteLLM.KeepAliveSeconds > s.Edge.IdleTimeoutSeconds, "spec.litellm.keepAliveSeconds",
		"(%d) must be greater than edge.idleTimeoutSeconds (%d): the load balancer must close idle connections before LiteLLM does, or it reuses closed ones (502)", s.LiteLLM.KeepAliveSeconds, s.Edge.IdleTimeoutSeconds)
	v.dnsLabel("spec.edge.gatewayClassName", s.Edge.GatewayClassName, 253)
	if s.Edge.AccessLogsBucket != "" {
		v.check(reBucket.MatchString(s.Edge.AccessLogsBucket), "spec.edge.accessLogsBucket", "%q is not an S3 bucket name", s.Edge.AccessLogsBucket)
	}
	v.check(s.Secrets.Store.Kind == "ClusterSecretStore" || s.Secrets.Store.Kind == "SecretStore", "spec.secrets.store.kind", "must be ClusterSecretStore or SecretStore, not %q", s.Secrets.Store.Kind)
	v.check(len(validation.IsDNS1123Subdomain(s.Secrets.Store.Name)) == 0, "spec.secrets.store.name", "%q is not a valid object name", s.Secrets.Store.Name)
	v.secretPath("spec.secrets.prefix", s.Secrets.Prefix, "name prefix")
	v.check(len(validation.IsDNS1123Subdomain(s.AWS.ProviderConfig)) == 0, "spec.aws.providerConfig", "%q is not a valid object name", s.AWS.ProviderConfig)
	v.monitoring(&s.Monitor)
	v.dns(&s.DNS)
}

// required reports zero fields tagged required, outside lists; list items
// are checked by their own validation.
func (v *validator) required(val reflect.Value, path string) {
	for _, f := range fieldsOf(val.Type()) {
		fv := val.FieldByIndex(f.index)
		p := path + "." + f.name
		if f.tag.Get("required") == "true" && fv.IsZero() {
			v.at(p, "required field is missing")
			continue
		}
		if fv.Kind() == reflect.Struct {
			v.required(fv, p)
		}
	}
}

// minimums reports integers the user wrote (they have a position) below the
// minimum tag of their field, so that an explicit 0 is never mistaken for
// "unset, use the default".
func (v *validator) minimums(val reflect.Value, path string) {
	for _, f := range fieldsOf(val.Type()) {
		fv := val.FieldByIndex(f.index)
		p := path + "." + f.name
		switch fv.Kind() {
		case reflect.Struct:
			v.minimums(fv, p)
		case reflect.Int32, reflect.Int, reflect.Int64:
			minTag := f.tag.Get("minimum")
			if minTag == "" {
				continue
			}
			if _, written := v.pos[p]; !written {
				continue
			}
			if minimum, err := strconv.ParseInt(minTag, 10, 64); err == nil && fv.Int() < minimum {
				v.at(p, "must be at least %d, not %d", minimum, fv.Int())
			}
		}
	}
}

func (v *validator) dnsLabel(path, s string, maxLen int) {
	if len(validation.IsDNS1123Label(s)) > 0 || len(s) > maxLen {
		v.at(path, "%q must be a DNS label (lower case letters, digits, '-')", s)
	}
}

func (v *validator) network(n *Network) {
	v.check(reVpc.MatchString(n.VpcID), "spec.network.vpcId", "%q is not a VPC ID (vpc-0123456789abcdef0)", n.VpcID)
	vpc, err := netip.ParsePrefix(n.VpcCidr)
	if err != nil || vpc != vpc.Masked() {
		v.at("spec.network.vpcCidr", "%q is not a CIDR%s", n.VpcCidr, maskedHint(n.VpcCidr))
	}
	seen := map[string]bool{}
	for i, id := range n.SubnetIDs {
		p := fmt.Sprintf("spec.network.subnetIds[%d]", i)
		v.check(reSubnet.MatchString(id), p, "%q is not a subnet ID (subnet-0123456789abcdef0)", id)
		v.check(!seen[id], p, "subnet %q is listed twice", id)
		seen[id] = true
	}
	v.check(len(seen) >= 2, "spec.network.subnetIds", "at least two subnets in different availability zones are required (Aurora and ElastiCache subnet groups)")
	v.cidrs("spec.network.clientCidrs", n.ClientCidrs)
	if err == nil {
		for i, c := range n.ClientCidrs {
			if p, err := netip.ParsePrefix(c); err == nil && (!vpc.Contains(p.Addr()) || p.Bits() < vpc.Bits()) {
				v.at(fmt.Sprintf("spec.network.clientCidrs[%d]", i), "%s is not inside the VPC CIDR %s", c, n.VpcCidr)
			}
		}
	}
	v.loadBalancerSubnets(n, vpc, err == nil)
}

func maskedHint(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil && p != p.Masked() {
		return fmt.Sprintf(" (host bits are set; did you mean %s?)", p.Masked())
	}
	return ""
}

func (v *validator) cidrs(path string, list []string) {
	seen := map[string]bool{}
	for i, c := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		pr, err := netip.ParsePrefix(c)
		if err != nil || pr != pr.Masked() {
			v.at(p, "%q is not a CIDR%s", c, maskedHint(c))
			continue
		}
		v.check(!seen[c], p, "%s is listed twice", c)
		seen[c] = true
	}
}

func (v *validator) litellm(l *LiteLLM, secretsPrefix string) {
	v.check(reTag.MatchString(l.Version), "spec.litellm.version", "%q is not an image tag", l.Version)
	v.check(l.Version != "latest" && l.Version != "main-latest", "spec.litellm.version", "pin a version: %q moves under you", l.Version)
	v.check(reImage.MatchString(l.Image), "spec.litellm.image", "%q is not an image repository (registry/path, no tag)", l.Image)
	v.check(path.Base(l.Image) != nonRootImage, "spec.litellm.image", "%q cannot start as aigw runs it: it bakes its Prisma CLI and engines under /app/.cache and may not fetch them (PRISMA_OFFLINE_MODE=true, npm removed; docker/Dockerfile.non_root), and the read-only root filesystem makes aigw point PRISMA_BINARY_CACHE_DIR, XDG_CACHE_HOME and HOME at the writable emptyDir, which hides them (docs/production.md)", l.Image)
	c := l.Chart
	switch {
	case c.Path != "" && c.Repository != "":
		v.at("spec.litellm.chart", "set either path or repository, not both")
	case c.Path != "":
		v.check(filepath.IsLocal(filepath.FromSlash(c.Path)), "spec.litellm.chart.path", "%q must be a relative path inside the application folder", c.Path)
		v.check(c.Version == "" && c.Name == "", "spec.litellm.chart", "name and version go with repository, not path")
	case c.Repository != "":
		v.check(strings.HasPrefix(c.Repository, "https://") || strings.HasPrefix(c.Repository, "oci://"), "spec.litellm.chart.repository", "%q must be an https:// or oci:// URL", c.Repository)
		v.check(c.Version != "", "spec.litellm.chart.version", "a chart from a repository needs an exact version")
	case c.Name != "" || c.Version != "":
		v.at("spec.litellm.chart", "name and version need a repository")
	}
	if l.RoleArn != "" {
		v.check(reRoleArn.MatchString(l.RoleArn), "spec.litellm.roleArn", "%q is not an IAM role ARN", l.RoleArn)
	}
	v.check(l.RequestTimeoutSeconds >= 1, "spec.litellm.requestTimeoutSeconds", "must be at least 1")
	v.awsIdentity(l)
	if len(l.Models) == 0 {
		v.at("spec.litellm.models", "at least one model is required")
	}
	if len(l.Models) > MaxModels {
		v.at("spec.litellm.models", "%d models is more than the limit of %d (docs/input-limits.md)", len(l.Models), MaxModels)
		return
	}
	names := map[string]bool{}
	for i, m := range l.Models {
		p := fmt.Sprintf("spec.litellm.models[%d]", i)
		v.check(m.Name != "", p+".name", "required field is missing")
		v.check(m.Model != "", p+".model", "required field is missing")
		v.check(len(m.Name) <= maxModelName, p+".name", "is longer than %d characters", maxModelName)
		v.check(len(m.Model) <= maxModelString, p+".model", "is longer than %d characters", maxModelString)
		v.check(!names[m.Name] || m.Name == "", p+".name", "model %q is listed twice (use params for load balancing deployments of one name)", m.Name)
		names[m.Name] = true
		if m.APIKeySecret != "" {
			v.secretName(p+".apiKeySecret", m.APIKeySecret, secretsPrefix)
		}
		v.secrets(p+".params", map[string]any(m.Params))
	}
}

func (v *validator) database(env *Environment) {
	d := &env.Settings.Database
	v.check(reEngine.MatchString(d.EngineVersion), "spec.database.engineVersion", "%q is not a version", d.EngineVersion)
	v.check(reDBClass.MatchString(d.InstanceClass), "spec.database.instanceClass", "%q is not an RDS instance class (db.r7g.large)", d.InstanceClass)
	v.check(d.Instances >= 1 && d.Instances <= 15, "spec.database.instances", "must be between 1 and 15")
	v.check(d.BackupRetentionDays >= 1 && d.BackupRetentionDays <= 35, "spec.database.backupRetentionDays", "must be between 1 and 35")
	if env.Tier == TierProduction && !*d.DeletionProtection && !d.AllowUnprotected {
		v.at("spec.database.deletionProtection", "is off in production environment %q; set database.allowUnprotected: true to accept that", env.Name)
	}
}

func (v *validator) nodes(n *Nodes) {
	for i, f := range n.InstanceFamilies {
		v.check(reGraviton.MatchString(f), fmt.Sprintf("spec.nodes.instanceFamilies[%d]", i), "%q is not a Graviton (arm64) instance family such as m7g or c8g", f)
	}
	for i, c := range n.CapacityTypes {
		v.check(c == "on-demand" || c == "spot" || c == "reserved", fmt.Sprintf("spec.nodes.capacityTypes[%d]", i), "must be on-demand, spot or reserved, not %q", c)
	}
	v.check(reIAMRole.MatchString(n.NodeRole), "spec.nodes.nodeRole", "%q is not an IAM role name", n.NodeRole)
	for _, sel := range []struct {
		path string
		m    map[string]string
	}{{"spec.nodes.subnetSelector", n.SubnetSelector}, {"spec.nodes.securityGroupSelector", n.SecurityGroupSelector}} {
		for k := range sel.m {
			v.check(k != "", sel.path, "tag keys must not be empty")
		}
	}
}

// isPreviewName reports whether s is pr-<digits>, the suffix of a preview's
// namespace.
func isPreviewName(s string) bool {
	n, ok := strings.CutPrefix(s, "pr-")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}
