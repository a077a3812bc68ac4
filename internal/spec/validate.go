package spec

import (
	"fmt"
	"net/netip"
	"path"
	"reflect"
	"strings"
)

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
	v.check(g.Metadata.Name != "", "metadata.name", "required field is missing")
	v.tags(metadataPlan, reflect.ValueOf(&g.Metadata).Elem(), "metadata")
	v.labels("metadata.labels", g.Metadata.Labels)
	envs := g.Spec.Environments
	if len(envs) == 0 {
		v.at("spec.environments", "at least one environment is required")
	}
	v.tags(specPlan, reflect.ValueOf(&g.Spec).Elem(), "spec")
	if p := g.Spec.Previews; p != nil {
		v.tags(previewsPlan, reflect.ValueOf(p).Elem(), "spec.previews")
		if _, ok := envs[p.From]; !ok {
			v.at("spec.previews.from", "environment %q is not defined in spec.environments", p.From)
		}
	}
}

// settings validates a merged, defaulted environment.
func (v *validator) settings(env *Environment) {
	s := &env.Settings
	// Missing fields make the other checks meaningless; errors found
	// before (numbers below their minimum) do not.
	before := len(v.errs)
	v.required(settingsPlan, reflect.ValueOf(s).Elem(), "spec")
	if len(v.errs) > before {
		return
	}
	if s.Namespace != "" {
		rest, cut := strings.CutPrefix(s.Namespace, env.Gateway+"-")
		v.check(!cut || !isPreviewName(rest), "spec.namespace", "%q is the namespace of a pull-request preview (<name>-pr-<number>)", s.Namespace)
	}
	v.check(s.Hostnames.API != s.Hostnames.Admin, "spec.hostnames.admin", "must differ from hostnames.api: admin is isolated on its own host")

	v.network(&s.Network)
	v.allowlist("spec.access.apiAllowlist", s.Access.APIAllowlist, apiAllowlistRule)
	v.check(len(s.Access.AdminAllowlist) > 0, "spec.access.adminAllowlist", "must list at least one CIDR: the admin host is never open to everyone")
	v.allowlist("spec.access.adminAllowlist", s.Access.AdminAllowlist, adminAllowlistRule)

	v.litellm(&s.LiteLLM, s.Secrets.Prefix)
	v.check(s.API.Replicas.Min <= s.API.Replicas.Max, "spec.api.replicas", "min (%d) is greater than max (%d)", s.API.Replicas.Min, s.API.Replicas.Max)

	v.secretName("spec.sso.clientSecret", s.SSO.ClientSecret, s.Secrets.Prefix)
	if s.SSO.LicenseSecret != "" {
		v.secretName("spec.sso.licenseSecret", s.SSO.LicenseSecret, s.Secrets.Prefix)
	}

	v.albAuth(&s.SSO.ALBAuthentication, s.Secrets.Prefix)

	v.database(env)

	v.nodes(&s.Nodes)
	v.amiAlias(env)
	v.check(s.Edge.IdleTimeoutSeconds >= s.LiteLLM.RequestTimeoutSeconds, "spec.edge.idleTimeoutSeconds",
		"(%d) must be at least litellm.requestTimeoutSeconds (%d), or the ALB cuts streamed responses", s.Edge.IdleTimeoutSeconds, s.LiteLLM.RequestTimeoutSeconds)
	v.check(s.LiteLLM.KeepAliveSeconds > s.Edge.IdleTimeoutSeconds, "spec.litellm.keepAliveSeconds",
		"(%d) must be greater than edge.idleTimeoutSeconds (%d): the load balancer must close idle connections before LiteLLM does, or it reuses closed ones (502)", s.LiteLLM.KeepAliveSeconds, s.Edge.IdleTimeoutSeconds)
	v.monitoring(&s.Monitor)
	v.dns(&s.DNS)
}

func (v *validator) network(n *Network) {
	// A bad CIDR is reported by the field's tag; what follows needs one.
	vpc, err := netip.ParsePrefix(n.VpcCidr)
	seen := map[string]bool{}
	for i, id := range n.SubnetIDs {
		p := fmt.Sprintf("spec.network.subnetIds[%d]", i)
		v.check(!seen[id], p, "subnet %q is listed twice", id)
		seen[id] = true
	}
	v.check(len(seen) >= 2, "spec.network.subnetIds", "at least two subnets in different availability zones are required (Aurora and ElastiCache subnet groups)")
	v.cidrs("spec.network.clientCidrs", n.ClientCidrs)
	if err == nil {
		for i, c := range n.ClientCidrs {
			if p, err := netip.ParsePrefix(c); err == nil && isCIDR(false)(c) && (!vpc.Contains(p.Addr()) || p.Bits() < vpc.Bits()) {
				v.at(fmt.Sprintf("spec.network.clientCidrs[%d]", i), "%s is not inside the VPC CIDR %s", c, n.VpcCidr)
			}
		}
	}
	v.loadBalancerSubnets(n, vpc, err == nil)
}

// cidrs reports CIDRs listed twice; the tag reports bad ones.
func (v *validator) cidrs(path string, list []string) {
	seen := map[string]bool{}
	for i, c := range list {
		if !isCIDR(false)(c) {
			continue
		}
		v.check(!seen[c], fmt.Sprintf("%s[%d]", path, i), "%s is listed twice", c)
		seen[c] = true
	}
}

func (v *validator) litellm(l *LiteLLM, secretsPrefix string) {
	v.check(path.Base(l.Image) != nonRootImage, "spec.litellm.image", "%q cannot start as aigw runs it: it bakes its Prisma CLI and engines under /app/.cache and may not fetch them (PRISMA_OFFLINE_MODE=true, npm removed; docker/Dockerfile.non_root), and the read-only root filesystem makes aigw point PRISMA_BINARY_CACHE_DIR, XDG_CACHE_HOME and HOME at the writable emptyDir, which hides them (docs/production.md)", l.Image)
	c := l.Chart
	switch {
	case c.Path != "" && c.Repository != "":
		v.at("spec.litellm.chart", "set either path or repository, not both")
	case c.Path != "":
		v.check(c.Version == "" && c.Name == "", "spec.litellm.chart", "name and version go with repository, not path")
	case c.Repository != "":
		v.check(c.Version != "", "spec.litellm.chart.version", "a chart from a repository needs an exact version")
	case c.Name != "" || c.Version != "":
		v.at("spec.litellm.chart", "name and version need a repository")
	}
	v.awsIdentity(l)
	if len(l.Models) == 0 {
		v.at("spec.litellm.models", "at least one model is required")
	}
	if len(l.Models) > MaxModels {
		// Reported by the field's maxItems tag, once: the entries are
		// not checked one by one.
		return
	}
	names := map[string]bool{}
	for i, m := range l.Models {
		p := fmt.Sprintf("spec.litellm.models[%d]", i)
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
	if env.Tier == TierProduction && !*d.DeletionProtection && !d.AllowUnprotected {
		v.at("spec.database.deletionProtection", "is off in production environment %q; set database.allowUnprotected: true to accept that", env.Name)
	}
}

func (v *validator) nodes(n *Nodes) {
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
// namespace (the previewName exclusion, which environment names obey).
func isPreviewName(s string) bool {
	return exclusions["previewName"].excludes(s)
}
