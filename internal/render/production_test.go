package render_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// variant is one rendered environment or preview of a gateway file.
type variant struct {
	name string
	g    *resolve.Gateway
	objs []*unstructured.Unstructured
}

// renderVariants renders every environment of the gateway file in dir and
// the preview of pull request 42 (when the file has previews).
func renderVariants(t *testing.T, dir string) []variant {
	t.Helper()
	r := &render.Renderer{Embedded: aigw.Files}
	doc, _, err := render.Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := []resolve.Options{}
	for _, env := range doc.Environments() {
		opts = append(opts, resolve.Options{Environment: env})
	}
	if doc.Gateway.Spec.Previews != nil {
		opts = append(opts, resolve.Options{Preview: "42"})
	}
	var out []variant
	for _, o := range opts {
		res, err := r.Render(context.Background(), render.Options{Dir: dir, Resolve: o})
		if err != nil {
			t.Fatalf("render %+v: %v", o, err)
		}
		g, err := resolve.Resolve(doc, o)
		if err != nil {
			t.Fatal(err)
		}
		v := variant{name: o.Environment, g: g}
		if o.Preview != "" {
			v.name = "preview " + o.Preview
		}
		for _, m := range res.Objects {
			v.objs = append(v.objs, &unstructured.Unstructured{Object: m})
		}
		out = append(out, v)
	}
	return out
}

// editedExample writes the example with the replacements applied (each old
// string must occur) into a temporary folder and returns the folder.
func editedExample(t *testing.T, replace ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exampleDir, "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("edit %q does not apply to the example", replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aigateway.yaml"), s)
	return dir
}

func (v variant) byKind(kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range v.objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

// get walks nested maps (no copy: rendered objects hold plain Go ints,
// which the unstructured helpers refuse).
func get(o any, path ...string) any {
	for _, k := range path {
		m, ok := o.(map[string]any)
		if !ok {
			return nil
		}
		o = m[k]
	}
	return o
}

func list(o any, path ...string) []any { l, _ := get(o, path...).([]any); return l }

// egressAllows reports whether a NetworkPolicy of the variant that selects
// the LiteLLM pods lets them open TCP port to addr.
func (v variant) egressAllows(t *testing.T, addr string, port int64) bool {
	t.Helper()
	ip := netip.MustParseAddr(addr)
	for _, p := range v.byKind("NetworkPolicy") {
		sel, _ := get(p.Object, "spec", "podSelector", "matchLabels").(map[string]any)
		if len(sel) > 0 && sel["app.kubernetes.io/name"] != "litellm" {
			continue
		}
		for _, rule := range list(p.Object, "spec", "egress") {
			if !portMatches(rule, port) {
				continue
			}
			to := list(rule, "to")
			if len(to) == 0 {
				return true
			}
			for _, peer := range to {
				if block, ok := get(peer, "ipBlock").(map[string]any); ok && ipBlockContains(block, ip) {
					return true
				}
			}
		}
	}
	return false
}

func portMatches(rule any, port int64) bool {
	ports := list(rule, "ports")
	if len(ports) == 0 {
		return true
	}
	for _, p := range ports {
		if proto, _ := get(p, "protocol").(string); proto != "" && proto != "TCP" {
			continue
		}
		switch n := get(p, "port").(type) {
		case int:
			if int64(n) == port {
				return true
			}
		case int64:
			if n == port {
				return true
			}
		case float64:
			if int64(n) == port {
				return true
			}
		}
	}
	return false
}

func ipBlockContains(block map[string]any, ip netip.Addr) bool {
	c, err := netip.ParsePrefix(block["cidr"].(string))
	if err != nil || !c.Contains(ip) {
		return false
	}
	for _, e := range list(block, "except") {
		if p, err := netip.ParsePrefix(e.(string)); err == nil && p.Contains(ip) {
			return false
		}
	}
	return true
}

// TestAWSCredentialPathInvariant: in every environment and preview, pods
// serving a model that needs AWS credentials have exactly one way to get
// them, and the egress opens exactly that way: IRSA → the role annotation
// on both ServiceAccounts and no Pod Identity agent; pod-identity → the
// agent (169.254.170.23:80) and no annotation. IMDS is never reachable.
func TestAWSCredentialPathInvariant(t *testing.T) {
	const agent, imds = "169.254.170.23", "169.254.169.254"
	check := func(t *testing.T, variants []variant) {
		for _, v := range variants {
			needs := false
			for _, m := range v.g.LiteLLM.Models {
				needs = needs || m.NeedsAWSCredentials()
			}
			annotated := 0
			for _, sa := range v.byKind("ServiceAccount") {
				if sa.GetAnnotations()["eks.amazonaws.com/role-arn"] != "" {
					annotated++
				}
			}
			podIdentity := v.egressAllows(t, agent, 80)
			irsa := annotated == 2
			switch {
			case annotated != 0 && annotated != 2:
				t.Errorf("%s: %d of the 2 ServiceAccounts carry the IRSA role", v.name, annotated)
			case irsa && podIdentity:
				t.Errorf("%s: IRSA and the Pod Identity agent both open: egress allows more than the credential path needs", v.name)
			case needs && !irsa && !podIdentity:
				t.Errorf("%s: a model needs AWS credentials and the pods have no way to get them", v.name)
			case podIdentity != (v.g.LiteLLM.AWSIdentity == spec.AWSIdentityPodIdentity):
				t.Errorf("%s: Pod Identity agent reachable=%v with awsIdentity %s", v.name, podIdentity, v.g.LiteLLM.AWSIdentity)
			}
			for _, port := range []int64{80, 443} {
				if v.egressAllows(t, imds, port) {
					t.Errorf("%s: instance metadata reachable on port %d", v.name, port)
				}
			}
		}
	}
	t.Run("example (irsa)", func(t *testing.T) { check(t, renderVariants(t, exampleDir)) })
	t.Run("pod-identity", func(t *testing.T) {
		check(t, renderVariants(t, editedExample(t,
			"    roleArn: arn:aws:iam::123456789012:role/ai-gateway-litellm\n", "    awsIdentity: pod-identity\n")))
	})
}

// wave is the Argo CD sync wave of o.
func wave(t *testing.T, o *unstructured.Unstructured) int {
	t.Helper()
	n, err := strconv.Atoi(o.GetAnnotations()["argocd.argoproj.io/sync-wave"])
	if err != nil {
		t.Fatalf("%s %s: sync wave: %v", o.GetKind(), o.GetName(), err)
	}
	return n
}

// actionMatches reports whether an IAM action pattern (with * and ?)
// covers action, case-insensitively as IAM compares actions.
func actionMatches(pattern, action string) bool {
	ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return ok
}

// TestSaltKeyPermanentInvariant: in every environment the PushSecret that
// creates the salt key entry never overwrites or deletes it, and makes ESO
// attach a resource policy, from a ConfigMap synced before it, that denies
// every principal deleting or changing the entry. A preview's salt key
// lives in its namespace and is never pushed.
func TestSaltKeyPermanentInvariant(t *testing.T) {
	for _, v := range renderVariants(t, exampleDir) {
		var pushes []*unstructured.Unstructured
		var entry map[string]any
		for _, p := range v.byKind("PushSecret") {
			for _, d := range list(p.Object, "spec", "data") {
				if k, _ := get(d, "match", "remoteRef", "remoteKey").(string); strings.HasSuffix(k, "/litellm-salt-key") {
					pushes, entry = append(pushes, p), d.(map[string]any)
				}
			}
		}
		if v.g.Preview != nil {
			if len(pushes) != 0 {
				t.Errorf("%s: a preview pushes a salt key to Secrets Manager", v.name)
			}
			continue
		}
		if len(pushes) != 1 {
			t.Fatalf("%s: %d PushSecrets write the salt key, want 1", v.name, len(pushes))
		}
		push := pushes[0]
		if get(push.Object, "spec", "updatePolicy") != "IfNotExists" || get(push.Object, "spec", "deletionPolicy") != "None" {
			t.Errorf("%s: salt key PushSecret update/deletion policy %v/%v, want IfNotExists/None", v.name, get(push.Object, "spec", "updatePolicy"), get(push.Object, "spec", "deletionPolicy"))
		}
		rp := get(entry, "metadata", "spec", "resourcePolicy")
		ref, _ := get(rp, "policySourceRef").(map[string]any)
		if ref == nil || ref["kind"] != "ConfigMap" || get(rp, "blockPublicPolicy") != true {
			t.Errorf("%s: salt key pushed without a resource policy from a ConfigMap (resourcePolicy %v)", v.name, rp)
			continue
		}
		var policy string
		for _, cm := range v.byKind("ConfigMap") {
			if cm.GetName() == ref["name"] && cm.GetNamespace() == push.GetNamespace() {
				policy, _ = get(cm.Object, "data", ref["key"].(string)).(string)
				if wave(t, cm) >= wave(t, push) {
					t.Errorf("%s: policy ConfigMap in wave %d, not before the PushSecret (%d): ESO reads it right after creating the entry", v.name, wave(t, cm), wave(t, push))
				}
			}
		}
		var doc struct {
			Statement []struct {
				Effect    string
				Principal any
				Action    any
			}
		}
		if err := json.Unmarshal([]byte(policy), &doc); err != nil {
			t.Errorf("%s: policy %s/%s: %v", v.name, ref["name"], ref["key"], err)
			continue
		}
		for _, want := range []string{"secretsmanager:DeleteSecret", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"} {
			denied := false
			for _, s := range doc.Statement {
				if s.Effect != "Deny" || s.Principal != "*" {
					continue
				}
				actions, _ := s.Action.([]any)
				if a, ok := s.Action.(string); ok {
					actions = []any{a}
				}
				for _, a := range actions {
					denied = denied || actionMatches(a.(string), want)
				}
			}
			if !denied {
				t.Errorf("%s: the salt key policy does not deny %s to every principal", v.name, want)
			}
		}
	}
}

// litellmContainers returns the LiteLLM containers of the variant (both
// Deployments and the migration Job) with their owner's kind.
func (v variant) litellmContainers() map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range v.objs {
		if o.GetKind() != "Deployment" && o.GetKind() != "Job" {
			continue
		}
		if get(o.Object, "spec", "template", "metadata", "labels", "app.kubernetes.io/name") != "litellm" {
			continue
		}
		for _, c := range list(o.Object, "spec", "template", "spec", "containers") {
			out[o.GetKind()+"/"+o.GetName()+"/"+get(c, "name").(string)] = c.(map[string]any)
		}
	}
	return out
}

// TestDatabaseURLInvariant: every LiteLLM container (API, Admin, migration
// Job) of every environment gets an explicit DATABASE_URL that requires TLS
// (a preview's in-namespace PostgreSQL: plain), built only from variables
// defined before it; and the migration Job fails unless it migrated.
func TestDatabaseURLInvariant(t *testing.T) {
	for _, v := range renderVariants(t, exampleDir) {
		containers := v.litellmContainers()
		kinds := map[string]int{}
		for name, c := range containers {
			kinds[strings.SplitN(name, "/", 2)[0]]++
			defined := map[string]bool{}
			url := ""
			for _, e := range list(c, "env") {
				n := get(e, "name").(string)
				if n == "DATABASE_URL" {
					url, _ = get(e, "value").(string)
					for _, ref := range regexp.MustCompile(`\$\(([A-Z0-9_]+)\)`).FindAllStringSubmatch(url, -1) {
						if !defined[ref[1]] {
							t.Errorf("%s %s: DATABASE_URL uses $(%s) before it is defined", v.name, name, ref[1])
						}
					}
				}
				defined[n] = true
			}
			want := "sslmode=require"
			if v.g.Preview != nil {
				want = "sslmode=disable"
			}
			if !strings.HasPrefix(url, "postgresql://") || !strings.HasSuffix(url, "?"+want) {
				t.Errorf("%s %s: DATABASE_URL %q, want postgresql://... with %s", v.name, name, url, want)
			}
			if strings.HasPrefix(name, "Job/") {
				script := list(c, "command")
				if len(script) != 3 || script[0] != "python" || script[1] != "-c" ||
					!strings.Contains(script[2].(string), "sys.exit(rc)") || !strings.Contains(script[2].(string), "_prisma_migrations") {
					t.Errorf("%s %s: the migration Job does not fail when it did not migrate: command %v", v.name, name, script)
				}
			}
		}
		if kinds["Deployment"] != 2 || kinds["Job"] != 1 {
			t.Errorf("%s: LiteLLM containers %v, want 2 Deployments and 1 Job", v.name, kinds)
		}
	}
}

// TestAdminSignInInvariant: the example exercises the LiteLLM licence and
// the proxy admin; in every environment and preview both releases read
// LITELLM_LICENSE from a Secret that an ExternalSecret of the namespace
// writes with that key, and the Admin release names the proxy admin.
func TestAdminSignInInvariant(t *testing.T) {
	for _, v := range renderVariants(t, exampleDir) {
		if v.g.SSO.LicenseSecret == "" || v.g.SSO.AdminID == "" {
			t.Fatalf("%s: the example must exercise sso.licenseSecret and sso.adminId", v.name)
		}
		written := map[string]bool{} // Secret/key written by an ExternalSecret
		for _, es := range v.byKind("ExternalSecret") {
			target, _ := get(es.Object, "spec", "target", "name").(string)
			for _, d := range list(es.Object, "spec", "data") {
				written[target+"/"+get(d, "secretKey").(string)] = true
			}
		}
		for name, c := range v.litellmContainers() {
			if strings.HasPrefix(name, "Job/") {
				continue
			}
			env := map[string]any{}
			for _, e := range list(c, "env") {
				env[get(e, "name").(string)] = e
			}
			ref, _ := get(env["LITELLM_LICENSE"], "valueFrom", "secretKeyRef").(map[string]any)
			if ref == nil || !written[fmt.Sprint(ref["name"], "/", ref["key"])] {
				t.Errorf("%s %s: LITELLM_LICENSE %v is not read from a Secret External Secrets writes", v.name, name, env["LITELLM_LICENSE"])
			}
			if strings.Contains(name, "-admin/") && get(env["PROXY_ADMIN_ID"], "value") != v.g.SSO.AdminID {
				t.Errorf("%s %s: PROXY_ADMIN_ID %v, want %s", v.name, name, env["PROXY_ADMIN_ID"], v.g.SSO.AdminID)
			}
		}
	}
}
