package data

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
	"github.com/aigw-dev/aigw/internal/xrender"
)

// apiDirs maps a composite kind to its folder under crossplane/apis.
var apiDirs = map[string]string{
	KindDatabase: "database",
	KindCache:    "cache",
	KindFirewall: "firewall",
	KindDomain:   "domain",
}

func apiFiles(t testing.TB, kind string) (xrd, composition string) {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "crossplane", "apis", apiDirs[kind])
	return filepath.Join(dir, "definition.yaml"), filepath.Join(dir, "composition.yaml")
}

// maxPasses bounds the reconciles a composite needs to settle: the domain
// needs five (zone and certificate, validation record, validation, issued
// certificate, nothing new).
const maxPasses = 8

// reconcile is what a sequence of renders produced for one composite.
type reconcile struct {
	passes []*xrender.Output
	// final is the render after which nothing changes any more.
	final *xrender.Output
	// observed is the fake AWS state the final render saw.
	observed []*unstructured.Unstructured
	// dryRuns counts the distinct composed resources the API server accepted.
	dryRuns int
}

// converge renders xr again and again like Crossplane's reconciles would:
// each render sees the composed resources of the previous one as existing,
// with the status AWS gives them (see observe), and the composite with the
// status the previous render wrote. Every distinct composed resource is
// server-side dry-run applied on the real API server with the provider
// CRDs. It stops when a render changes nothing.
func converge(t *testing.T, srv *kubetest.Server, runner *xrender.Runner, xr *unstructured.Unstructured) reconcile {
	t.Helper()
	ctx := context.Background()
	xrdFile, compFile := apiFiles(t, xr.GetKind())
	if err := srv.EnsureNamespace(ctx, xr.GetNamespace(), nil); err != nil {
		t.Fatal(err)
	}
	var r reconcile
	cur := xr.DeepCopy()
	seen := map[string]bool{}
	var prev []byte
	for pass := 1; pass <= maxPasses; pass++ {
		out, err := runner.Render(ctx, xrender.Input{Composite: cur, Composition: compFile, XRD: xrdFile, Observed: r.observed})
		if err != nil {
			t.Fatalf("pass %d: %v\n%s", pass, err, runner.Logs())
		}
		r.passes = append(r.passes, out)
		for _, res := range out.Resources {
			obj := res.DeepCopy()
			setOwnerUID(obj)
			key := mustJSON(t, obj)
			if seen[string(key)] {
				continue
			}
			seen[string(key)] = true
			if err := srv.DryRunApply(ctx, obj); err != nil {
				t.Errorf("pass %d: composed resource %s: %v", pass, res.GetAnnotations()["crossplane.io/composition-resource-name"], err)
			}
			r.dryRuns++
		}
		state := mustJSON(t, map[string]any{"status": out.Composite.Object["status"], "resources": out.Resources})
		if bytes.Equal(state, prev) {
			r.final = out
			return r
		}
		prev = state
		r.observed = observe(out.Resources)
		cur = xr.DeepCopy()
		if st, ok := out.Composite.Object["status"]; ok {
			cur.Object["status"] = st
		}
	}
	t.Fatalf("%s %s did not settle in %d renders", xr.GetKind(), xr.GetName(), maxPasses)
	return r
}

func setOwnerUID(o *unstructured.Unstructured) {
	refs := o.GetOwnerReferences()
	for i := range refs {
		refs[i].UID = fakeOwnerUID
	}
	o.SetOwnerReferences(refs)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRender renders every composite aigw emits for every example
// environment with the real crossplane CLI and functions, until it settles,
// dry-runs every composed resource on the API server, checks what the
// second-pass patches (from observed status) produced, and compares the
// settled state with golden files.
func TestRender(t *testing.T) {
	srv := kube.Server(t)
	runner := fns.get(t)
	total := 0
	for _, e := range exampleEnvs(t) {
		for _, xr := range e.objs {
			t.Run(e.name+"/"+xr.GetKind(), func(t *testing.T) {
				r := converge(t, srv, runner, xr)
				total += r.dryRuns
				final := r.final
				if ready := conditionStatus(final.Composite, "Ready"); ready != "True" {
					t.Errorf("the composite is not Ready after %d renders: %v", len(r.passes), final.Composite.Object["status"])
				}
				byName := map[string]*unstructured.Unstructured{}
				for _, res := range final.Resources {
					byName[res.GetAnnotations()["crossplane.io/composition-resource-name"]] = res
				}
				checkCommon(t, e.g, xr, final.Resources)
				if _, ok := wantAlarms[xr.GetKind()]; ok {
					checkAlarms(t, e.g, xr, byName)
				}
				switch xr.GetKind() {
				case KindDatabase:
					checkDatabase(t, e.g, byName, r.observed)
				case KindCache:
					checkCache(t, e.g, byName, r.observed)
				case KindFirewall:
					checkFirewall(t, e.g, byName, r.observed)
					checkFirewallVerdicts(t, e.g, xr, byName, r.observed)
				case KindDomain:
					checkDomain(t, e.g, final.Composite, byName, r.observed)
				}
				got, err := xrender.MarshalObjects(append([]*unstructured.Unstructured{final.Composite}, final.Resources...))
				if err != nil {
					t.Fatal(err)
				}
				golden.Assert(t, filepath.Join("testdata", e.name, strings.ToLower(xr.GetKind())+".rendered.yaml"), got)
			})
		}
	}
	t.Logf("the API server accepted %d distinct composed resources", total)
}

func conditionStatus(o *unstructured.Unstructured, typ string) string {
	conds, _, _ := unstructured.NestedSlice(o.Object, "status", "conditions")
	for _, c := range conds {
		if m, ok := c.(map[string]any); ok && m["type"] == typ {
			s, _ := m["status"].(string)
			return s
		}
	}
	return ""
}

// untagged are the managed resource kinds AWS does not tag.
var untagged = map[string]bool{"Alias": true, "Record": true, "CertificateValidation": true, "WebACLLoggingConfiguration": true}

// checkCommon: every managed resource has the region, the provider config
// reference, the management policies of the composite's retain flag and, when
// taggable, the gateway, environment and component tags.
func checkCommon(t *testing.T, g *resolve.Gateway, xr *unstructured.Unstructured, resources []*unstructured.Unstructured) {
	t.Helper()
	retain, _, _ := unstructured.NestedBool(xr.Object, "spec", "retain")
	wantPolicies := []any{"*"}
	if retain {
		wantPolicies = []any{"Observe", "Create", "Update", "LateInitialize"}
	}
	for _, res := range resources {
		name := res.GetAnnotations()["crossplane.io/composition-resource-name"]
		if res.GetNamespace() != g.Namespace {
			t.Errorf("%s: namespace %q", name, res.GetNamespace())
		}
		if !strings.HasSuffix(res.GroupVersionKind().Group, ".aws.m.upbound.io") {
			continue
		}
		ref, _, _ := unstructured.NestedStringMap(res.Object, "spec", "providerConfigRef")
		if ref["kind"] != ProviderConfigKind || ref["name"] != g.AWS.ProviderConfig {
			t.Errorf("%s: providerConfigRef %v", name, ref)
		}
		if xr.GetKind() != KindFirewall {
			got, _, _ := unstructured.NestedSlice(res.Object, "spec", "managementPolicies")
			if !reflect.DeepEqual(got, wantPolicies) {
				t.Errorf("%s: managementPolicies %v, want %v (retain=%v)", name, got, wantPolicies, retain)
			}
		}
		if untagged[res.GetKind()] {
			continue
		}
		tags, _, _ := unstructured.NestedStringMap(res.Object, "spec", "forProvider", "tags")
		if tags["aigw.dev/gateway"] != g.Gateway || tags["aigw.dev/environment"] != g.Environment.Name || tags["aigw.dev/component"] == "" {
			t.Errorf("%s: tags %v", name, tags)
		}
	}
}

func observedAt(observed []*unstructured.Unstructured, name string, path ...string) any {
	for _, o := range observed {
		if o.GetAnnotations()["crossplane.io/composition-resource-name"] == name {
			v, _, _ := unstructured.NestedFieldNoCopy(o.Object, append([]string{"status", "atProvider"}, path...)...)
			return v
		}
	}
	return nil
}

func str(o *unstructured.Unstructured, path ...string) string {
	if o == nil {
		return ""
	}
	v, _, _ := unstructured.NestedFieldNoCopy(o.Object, path...)
	return fmt.Sprint(v)
}

func slotNames(byName map[string]*unstructured.Unstructured, prefix string) []string {
	var out []string
	for n := range byName {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func checkDatabase(t *testing.T, g *resolve.Gateway, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	cm := byName["endpoint"]
	if cm == nil {
		t.Fatal("no endpoint ConfigMap after the cluster reported its endpoints")
	}
	if cm.GetName() != g.Contract().Database.Endpoint.ConfigMap {
		t.Errorf("endpoint ConfigMap %q, want %q", cm.GetName(), g.Contract().Database.Endpoint.ConfigMap)
	}
	data, _, _ := unstructured.NestedStringMap(cm.Object, "data")
	ep := g.Contract().Database.Endpoint
	want := map[string]string{
		ep.HostKey:       fmt.Sprint(observedAt(observed, "cluster", "endpoint")),
		ep.ReaderHostKey: fmt.Sprint(observedAt(observed, "cluster", "readerEndpoint")),
		ep.PortKey:       "5432",
		ep.DBNameKey:     g.Contract().Database.Name,
	}
	if !reflect.DeepEqual(data, want) {
		t.Errorf("endpoint ConfigMap data %v, want %v", data, want)
	}
	if got := len(slotNames(byName, "instance-")); got != int(g.Database.Instances) {
		t.Errorf("%d cluster instances, want %d", got, g.Database.Instances)
	}
	if got := len(slotNames(byName, "ingress-")); got != len(g.Network.ClientCidrs) {
		t.Errorf("%d ingress rules, want %d", got, len(g.Network.ClientCidrs))
	}
	for i, c := range g.Network.ClientCidrs {
		rule := byName[fmt.Sprintf("ingress-%d", i)]
		if got := str(rule, "spec", "forProvider", "cidrIpv4"); got != c || str(rule, "spec", "forProvider", "fromPort") != "5432" {
			t.Errorf("ingress-%d admits %s port %s, want %s port 5432", i, got, str(rule, "spec", "forProvider", "fromPort"), c)
		}
	}
	cluster := byName["cluster"]
	for path, want := range map[string]string{
		"storageEncrypted":   "true",
		"deletionProtection": fmt.Sprint(*g.Database.DeletionProtection),
		"engine":             "aurora-postgresql",
		"engineVersion":      g.Database.EngineVersion,
		"masterUsername":     "litellm",
	} {
		if got := str(cluster, "spec", "forProvider", path); got != want {
			t.Errorf("cluster %s = %s, want %s", path, got, want)
		}
	}
	if got := str(cluster, "spec", "forProvider", "enabledCloudwatchLogsExports"); got != "[postgresql]" {
		t.Errorf("cluster log exports %s", got)
	}
	if got := str(byName["parameter-group"], "spec", "forProvider", "family"); got != "aurora-postgresql16" {
		t.Errorf("parameter group family %s", got)
	}
	if got := str(byName["parameter-group"], "spec", "forProvider", "parameter"); !strings.Contains(got, "rds.force_ssl") {
		t.Errorf("parameter group does not force TLS: %s", got)
	}
	for _, n := range slotNames(byName, "instance-") {
		if got := str(byName[n], "spec", "forProvider", "publiclyAccessible"); got != "false" {
			t.Errorf("%s publiclyAccessible=%s", n, got)
		}
	}
}

func checkCache(t *testing.T, g *resolve.Gateway, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	cm := byName["endpoint"]
	if cm == nil {
		t.Fatal("no endpoint ConfigMap after the replication group reported its endpoint")
	}
	if cm.GetName() != g.Contract().Cache.Endpoint.ConfigMap {
		t.Errorf("endpoint ConfigMap %q, want %q", cm.GetName(), g.Contract().Cache.Endpoint.ConfigMap)
	}
	data, _, _ := unstructured.NestedStringMap(cm.Object, "data")
	ep := g.Contract().Cache.Endpoint
	want := map[string]string{
		ep.HostKey: fmt.Sprint(observedAt(observed, "replication-group", "primaryEndpointAddress")),
		ep.PortKey: "6379",
	}
	if !reflect.DeepEqual(data, want) {
		t.Errorf("endpoint ConfigMap data %v, want %v", data, want)
	}
	rg := byName["replication-group"]
	multi := fmt.Sprint(g.Cache.Replicas >= 2)
	for path, want := range map[string]string{
		"engine":                   "valkey",
		"atRestEncryptionEnabled":  "true",
		"transitEncryptionEnabled": "true",
		"automaticFailoverEnabled": multi,
		"multiAzEnabled":           multi,
		"numCacheClusters":         fmt.Sprint(g.Cache.Replicas),
	} {
		if got := str(rg, "spec", "forProvider", path); got != want {
			t.Errorf("replication group %s = %s, want %s", path, got, want)
		}
	}
	if got := len(slotNames(byName, "ingress-")); got != len(g.Network.ClientCidrs) {
		t.Errorf("%d ingress rules, want %d", got, len(g.Network.ClientCidrs))
	}
}

func checkFirewall(t *testing.T, g *resolve.Gateway, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	acl := byName["web-acl"]
	if acl == nil {
		t.Fatal("no web ACL once the IP sets exist")
	}
	var rules []struct {
		Name      string
		Priority  int
		Action    map[string]any
		Statement map[string]any
	}
	raw := str(acl, "spec", "forProvider", "ruleJson")
	if err := json.Unmarshal([]byte(raw), &rules); err != nil {
		t.Fatalf("ruleJson is not JSON: %v\n%s", err, raw)
	}
	var names []string
	for i, r := range rules {
		names = append(names, r.Name)
		if r.Priority != i {
			t.Errorf("rule %s has priority %d, want %d", r.Name, r.Priority, i)
		}
	}
	wantNames := []string{"admin-allowlist", "api-allowlist", "operational-paths", "aws-common", "aws-known-bad-inputs", "body-rules-off-api", "aws-ip-reputation", "rate-limit"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("rules %v, want %v", names, wantNames)
	}
	for _, ipset := range []string{"ipset-admin-ipv4", "ipset-admin-ipv6", "ipset-api-ipv4", "ipset-api-ipv6"} {
		if arn := fmt.Sprint(observedAt(observed, ipset, "arn")); !strings.Contains(raw, `"ARN":"`+arn+`"`) {
			t.Errorf("ruleJson does not reference %s (%s)", ipset, arn)
		}
	}
	wantAPI := "Count"
	if len(g.Access.APIAllowlist) > 0 {
		wantAPI = "Block"
	}
	if _, ok := rules[1].Action[wantAPI]; !ok {
		t.Errorf("api-allowlist action %v, want %s", rules[1].Action, wantAPI)
	}
	if !strings.Contains(raw, `"SearchString":"`+g.AdminHost+`"`) || !strings.Contains(raw, `"SearchString":"`+g.APIHost+`"`) {
		t.Error("ruleJson does not match the hosts")
	}
	checkPreviewHosts(t, g, rules[0].Statement, rules[1].Statement)
	if !strings.Contains(raw, `{"Name":"SizeRestrictions_BODY","ActionToUse":{"Count":{}}}`) {
		t.Error("SizeRestrictions_BODY is not counted")
	}

	lbc := byName["load-balancer-configuration"]
	if lbc == nil {
		t.Fatal("no LoadBalancerConfiguration once the web ACL exists")
	}
	if lbc.GetName() != g.Contract().LoadBalancer.Name || lbc.GetAPIVersion() != edge.LBCAPIVersion {
		t.Errorf("LoadBalancerConfiguration %s %s, want %s %s", lbc.GetAPIVersion(), lbc.GetName(), edge.LBCAPIVersion, g.Contract().LoadBalancer.Name)
	}
	wantSpec := LoadBalancerConfigurationSpec(g)
	wantSpec["wafV2"] = map[string]any{"webACL": observedAt(observed, "web-acl", "arn")}
	if got := lbc.Object["spec"]; string(mustJSON(t, got)) != string(mustJSON(t, wantSpec)) {
		t.Errorf("LoadBalancerConfiguration spec\n%s\nwant\n%s", mustJSON(t, got), mustJSON(t, wantSpec))
	}

	_, logGroup := byName["log-group"]
	_, logging := byName["logging"]
	wantLogs := g.Tier == "production"
	if logGroup != wantLogs || logging != wantLogs {
		t.Errorf("log group %v, logging %v, want %v in a %s environment", logGroup, logging, wantLogs, g.Tier)
	}
	if logging {
		dest := str(byName["logging"], "spec", "forProvider", "logDestinationConfigs")
		if want := fmt.Sprintf("[%v]", observedAt(observed, "log-group", "arn")); dest != want {
			t.Errorf("logging destination %s, want %s", dest, want)
		}
	}
}

func checkDomain(t *testing.T, g *resolve.Gateway, xr *unstructured.Unstructured, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	if got, want := str(xr, "status", "nameServers"), fmt.Sprint(observedAt(observed, "zone", "nameServers")); got != want {
		t.Errorf("status.nameServers %s, want %s", got, want)
	}
	if got := str(xr, "status", "certificateStatus"); got != "ISSUED" {
		t.Errorf("status.certificateStatus %s", got)
	}
	cert := byName["certificate"]
	if got := str(cert, "spec", "forProvider", "domainName"); got != g.Domain {
		t.Errorf("certificate for %s", got)
	}
	if got := str(cert, "spec", "forProvider", "subjectAlternativeNames"); got != "[*."+g.Domain+"]" {
		t.Errorf("certificate alternative names %s", got)
	}
	opts, _ := observedAt(observed, "certificate", "domainValidationOptions").([]any)
	if len(opts) == 0 {
		t.Fatal("the fake certificate has no validation options")
	}
	opt, _ := opts[0].(map[string]any)
	rec := byName["validation-record"]
	if rec == nil {
		t.Fatal("no validation record once ACM gave the validation options")
	}
	for field, key := range map[string]string{"name": "resourceRecordName", "type": "resourceRecordType", "records": "resourceRecordValue"} {
		want := fmt.Sprint(opt[key])
		if field == "records" {
			want = "[" + want + "]"
		}
		if got := str(rec, "spec", "forProvider", field); got != want {
			t.Errorf("validation record %s = %s, want %s", field, got, want)
		}
	}
	val := byName["certificate-validation"]
	if got, want := str(val, "spec", "forProvider", "validationRecordFqdns"), fmt.Sprintf("[%v]", observedAt(observed, "validation-record", "fqdn")); got != want {
		t.Errorf("validation FQDNs %s, want %s", got, want)
	}
	checkDelegation(t, g, xr, byName, observed)
}

// checkDelegation: the status always says which NS record the parent zone
// needs; with a parent (spec.dns) the composite writes exactly that record
// into the parent zone, by ID or by a reference to the parent environment's
// Zone, and reports its FQDN; without one it writes nothing.
func checkDelegation(t *testing.T, g *resolve.Gateway, xr *unstructured.Unstructured, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	ns := fmt.Sprint(observedAt(observed, "zone", "nameServers"))
	if got := str(xr, "status", "delegationRecord", "values"); got != ns {
		t.Errorf("status.delegationRecord.values %s, want %s", got, ns)
	}
	if got := str(xr, "status", "delegationRecord", "name"); got != g.Domain {
		t.Errorf("status.delegationRecord.name %s, want %s", got, g.Domain)
	}
	rec := byName["delegation"]
	if g.ParentZone == nil {
		if rec != nil {
			t.Errorf("a delegation record without a parent zone: %v", rec.Object)
		}
		return
	}
	if rec == nil {
		t.Fatalf("no delegation record although spec.dns names %+v", *g.ParentZone)
	}
	fp := func(path ...string) string { return str(rec, append([]string{"spec", "forProvider"}, path...)...) }
	if fp("type") != "NS" || fp("name") != g.Domain || fp("records") != ns {
		t.Errorf("delegation record %s %s %s, want NS %s %s", fp("type"), fp("name"), fp("records"), g.Domain, ns)
	}
	if p := g.ParentZone; p.ZoneID != "" {
		if fp("zoneId") != p.ZoneID {
			t.Errorf("delegation into zone %s, want %s", fp("zoneId"), p.ZoneID)
		}
	} else if fp("zoneIdRef", "name") != p.Name || fp("zoneIdRef", "namespace") != p.Namespace {
		t.Errorf("delegation into %s/%s, want the Zone %s/%s of %s", fp("zoneIdRef", "namespace"), fp("zoneIdRef", "name"), p.Namespace, p.Name, p.Environment)
	}
	if got, want := str(xr, "status", "delegatedFqdn"), fmt.Sprint(observedAt(observed, "delegation", "fqdn")); got != want {
		t.Errorf("status.delegatedFqdn %s, want %s", got, want)
	}
}
