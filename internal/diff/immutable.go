package diff

import "fmt"

// immutableRule lists the fields of one kind that the API server does not
// change in place: either fixed paths, or everything under a path except
// some (a StatefulSet's spec).
type immutableRule struct {
	paths []string
	// under and except: every field under `under` is immutable except
	// those at or under the paths in except.
	under  string
	except []string
}

// gk is an API group and kind.
type gk struct{ group, kind string }

// immutableFields are the immutable fields of the kinds aigw renders or
// could render. Built-in kinds follow the API server's validation; custom
// resources follow their CRDs' `self == oldSelf` rules (a test checks the
// CRDs in third_party/crds and the XRDs in crossplane/ against this table).
var immutableFields = map[gk]immutableRule{
	{"", "Service"}:                                     {paths: []string{"spec.clusterIP", "spec.clusterIPs"}},
	{"", "PersistentVolumeClaim"}:                       {under: "spec", except: []string{"spec.resources.requests", "spec.volumeAttributesClassName"}},
	{"apps", "Deployment"}:                              {paths: []string{"spec.selector"}},
	{"apps", "ReplicaSet"}:                              {paths: []string{"spec.selector"}},
	{"apps", "DaemonSet"}:                               {paths: []string{"spec.selector"}},
	{"apps", "StatefulSet"}:                             {under: "spec", except: []string{"spec.replicas", "spec.ordinals", "spec.template", "spec.updateStrategy", "spec.revisionHistoryLimit", "spec.persistentVolumeClaimRetentionPolicy", "spec.minReadySeconds"}},
	{"batch", "Job"}:                                    {paths: []string{"spec.selector", "spec.template", "spec.completionMode"}},
	{"rbac.authorization.k8s.io", "RoleBinding"}:        {paths: []string{"roleRef"}},
	{"rbac.authorization.k8s.io", "ClusterRoleBinding"}: {paths: []string{"roleRef"}},
	{"storage.k8s.io", "StorageClass"}:                  {paths: []string{"provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"}},
	{"gateway.networking.k8s.io", "GatewayClass"}:       {paths: []string{"spec.controllerName"}},
	{"karpenter.sh", "NodeClaim"}:                       {paths: []string{"spec"}},
	{"karpenter.sh", "NodePool"}:                        {paths: []string{"spec.template.spec.nodeClassRef.group", "spec.template.spec.nodeClassRef.kind"}},
	{PlatformGroup, "AuroraPostgreSQL"}:                 {paths: []string{"spec.identifier", "spec.region"}},
	{PlatformGroup, "ValkeyCache"}:                      {paths: []string{"spec.identifier", "spec.region"}},
	{PlatformGroup, "WebFirewall"}:                      {paths: []string{"spec.identifier", "spec.region"}},
	{PlatformGroup, "HostedDomain"}:                     {paths: []string{"spec.identifier", "spec.region", "spec.domain"}},
}

// isImmutable reports whether a change at p of an object of group and kind
// cannot be made in place.
func isImmutable(group, kind string, p fieldPath) bool {
	rule, ok := immutableFields[gk{group, kind}]
	if !ok {
		return false
	}
	for _, f := range rule.paths {
		if p.hasPrefix(f) {
			return true
		}
	}
	if rule.under == "" || !p.hasPrefix(rule.under) {
		return false
	}
	for _, e := range rule.except {
		if p.hasPrefix(e) {
			return false
		}
	}
	return true
}

// immutableChanges lists the changes of an object that the API server
// refuses: the table above, and the data of a ConfigMap or Secret marked
// immutable.
func immutableChanges(base object, changes []Change) []string {
	var paths []string
	frozen := base.m["immutable"] == true && base.ref.Group() == "" && (base.ref.Kind == "ConfigMap" || base.ref.Kind == "Secret")
	for _, c := range changes {
		switch {
		case isImmutable(base.ref.Group(), base.ref.Kind, c.path):
		case frozen && (c.path.hasPrefix("data") || c.path.hasPrefix("binaryData") || c.path.hasPrefix("stringData") || c.path.hasPrefix("immutable")):
		default:
			continue
		}
		paths = append(paths, c.Path)
	}
	return paths
}

// String describes a rule (for test messages).
func (r immutableRule) String() string {
	return fmt.Sprintf("paths=%v under=%q except=%v", r.paths, r.under, r.except)
}
