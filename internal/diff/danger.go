package diff

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// DangerKind classifies a danger finding.
type DangerKind string

// Danger kinds.
const (
	// DangerDeletion: a stateful object leaves the output.
	DangerDeletion DangerKind = "deletion"
	// DangerReplacement: a stateful object leaves the output and another of
	// its kind arrives (a rename): a new, empty resource replaces it.
	DangerReplacement DangerKind = "replacement"
	// DangerImmutable: a field the API server does not change in place
	// changes; the sync fails, and forcing it re-creates the object.
	DangerImmutable DangerKind = "immutable-field"
	// DangerProtection: a protection of a stateful object is weakened
	// (deletion protection, retain, Argo CD's Prune=false or Delete=false).
	DangerProtection DangerKind = "protection-removed"
)

// Danger is one finding of the danger section.
type Danger struct {
	Ref  Ref        `json:"object"`
	Kind DangerKind `json:"kind"`
	// Stateful reports whether the object holds data: a stateful finding
	// can lose data, the others fail a sync.
	Stateful bool   `json:"stateful"`
	Message  string `json:"message"`
	// Paths are the fields of an immutable-field or protection finding.
	Paths []string `json:"paths,omitempty"`
	// ReplacedBy is the object that replaces a renamed one.
	ReplacedBy *Ref `json:"replacedBy,omitempty"`
}

// SyncOptionsAnnotation is Argo CD's per-resource sync options annotation.
const SyncOptionsAnnotation = "argocd.argoproj.io/sync-options"

// PlatformGroup is the API group of aigw's Crossplane composites.
const PlatformGroup = "platform.aigw.dev"

// platformKinds are the stateful composites of the platform API and what
// they hold.
var platformKinds = map[string]string{
	"AuroraPostgreSQL": "the Aurora PostgreSQL cluster holds every key, user, team and spend record of the gateway",
	"ValkeyCache":      "the ElastiCache Valkey replication group is the routers' shared state; a new one has a new endpoint and auth token",
	"HostedDomain":     "the Route 53 zone and its ACM certificate: a new zone has new name servers, and the parent zone's delegation breaks until it is updated",
}

// awsDataGroups are the Crossplane AWS provider groups whose resources hold
// data or identity (provider-upjet-aws, cluster- and namespace-scoped).
var awsDataGroups = regexp.MustCompile(`^(rds|elasticache|route53|acm|kms|s3|secretsmanager|dynamodb|efs|ecr|memorydb)\.aws\.(m\.)?upbound\.io$`)

// keepOptions are the Argo CD sync options that keep an object.
var keepOptions = []string{"Prune=false", "Prune=confirm", "Delete=false", "Delete=confirm"}

// Stateful reports why losing the object loses data, or "" when it does not:
// namespaces, volume claims, the platform's database, cache and domain
// composites, AWS data resources, PushSecrets that delete what they pushed,
// and anything Argo CD is told to keep (Prune=false, Delete=false or
// Delete=confirm).
func Stateful(obj map[string]any) (string, error) {
	o, err := normalize(obj)
	if err != nil {
		return "", err
	}
	return statefulReason(o), nil
}

func statefulReason(o object) string {
	var reason string
	switch g := o.ref.Group(); {
	case g == "" && o.ref.Kind == "Namespace":
		reason = "deleting a namespace deletes every object in it"
	case g == "" && o.ref.Kind == "PersistentVolumeClaim":
		reason = "the claim's volume, and the data on it, may go with it"
	case g == PlatformGroup && platformKinds[o.ref.Kind] != "":
		reason = platformKinds[o.ref.Kind]
	case awsDataGroups.MatchString(g):
		reason = "an AWS " + o.ref.Kind + " that Crossplane deletes with the object"
	case g == "external-secrets.io" && o.ref.Kind == "PushSecret" && pushDeletes(o.m):
		reason = "deleting it deletes the secret it pushed to the provider (deletionPolicy: Delete)"
	}
	if kept := keptBy(o.m); kept != "" {
		if reason == "" {
			reason = "Argo CD is told to keep it (" + kept + "), so it holds something that must not be lost"
		}
	}
	return reason
}

func pushDeletes(m map[string]any) bool {
	spec, _ := m["spec"].(map[string]any)
	p, _ := spec["deletionPolicy"].(string)
	return p == "Delete"
}

// keptBy returns the keep options of an object's Argo CD sync options.
func keptBy(m map[string]any) string {
	var kept []string
	for opt := range strings.SplitSeq(annotation(m, SyncOptionsAnnotation), ",") {
		if opt = strings.TrimSpace(opt); slices.Contains(keepOptions, opt) {
			kept = append(kept, opt)
		}
	}
	return strings.Join(kept, ",")
}

// isHook reports whether Argo CD treats the object as a hook (its own
// annotation, or a Helm hook it maps to one).
func isHook(m map[string]any) bool {
	return annotation(m, "argocd.argoproj.io/hook") != "" || annotation(m, "helm.sh/hook") != ""
}

func hasSyncOption(m map[string]any, opt string) bool {
	for o := range strings.SplitSeq(annotation(m, SyncOptionsAnnotation), ",") {
		if strings.TrimSpace(o) == opt {
			return true
		}
	}
	return false
}

// removalDangers lists the stateful objects that leave the output; a
// stateful object of the same kind arriving at the same time makes it a
// replacement (a rename: a new, empty resource and the old one orphaned or
// deleted).
func removalDangers(removed, added []object) []Danger {
	slices.SortFunc(removed, func(a, b object) int { return compareRefs(a.ref, b.ref) })
	slices.SortFunc(added, func(a, b object) int { return compareRefs(a.ref, b.ref) })
	paired := map[key]bool{}
	var out []Danger
	for _, o := range removed {
		reason := statefulReason(o)
		if reason == "" {
			continue
		}
		d := Danger{Ref: o.ref, Kind: DangerDeletion, Stateful: true}
		for _, a := range added {
			if paired[a.ref.key()] || a.ref.Group() != o.ref.Group() || a.ref.Kind != o.ref.Kind {
				continue
			}
			paired[a.ref.key()] = true
			r := a.ref
			d.Kind, d.ReplacedBy = DangerReplacement, &r
			break
		}
		subject := "it"
		if d.ReplacedBy != nil {
			subject = "the old one"
		}
		fate := "Argo CD deletes " + subject
		if kept := keptBy(o.m); kept != "" {
			fate = "Argo CD keeps " + subject + " (" + kept + ") as an unmanaged orphan, destroyed when anyone deletes it"
		}
		if d.ReplacedBy != nil {
			d.Message = fmt.Sprintf("Renamed to %s: a new, empty one is created in its place and %s. Why it matters: %s.", d.ReplacedBy, fate, reason)
		} else {
			d.Message = fmt.Sprintf("Removed from the output: %s. Why it matters: %s.", fate, reason)
		}
		out = append(out, d)
	}
	return out
}

// changeDangers lists the dangers of one changed object: immutable fields
// and weakened protections.
func changeDangers(base, head object, changes []Change) []Danger {
	var out []Danger
	reason := statefulReason(base)
	// Argo CD deletes and re-creates hooks on every sync, and replaces
	// objects with Replace=true: an immutable field is no obstacle for
	// those, only a loss when the object is stateful.
	recreated := isHook(base.m) || isHook(head.m) || hasSyncOption(head.m, "Replace=true")
	if paths := immutableChanges(base, changes); len(paths) > 0 && (!recreated || reason != "") {
		d := Danger{Ref: head.ref, Kind: DangerImmutable, Stateful: reason != "", Paths: paths}
		d.Message = fmt.Sprintf("The API server does not change %s in place: the sync fails until the object is replaced (sync option Replace=true, or deleting it first).", strings.Join(paths, ", "))
		if d.Stateful {
			d.Message += " Replacing it destroys it. Why it matters: " + reason + "."
		}
		out = append(out, d)
	}
	if paths := weakened(base, head, changes); len(paths) > 0 {
		out = append(out, Danger{
			Ref: head.ref, Kind: DangerProtection, Stateful: true, Paths: paths,
			Message: fmt.Sprintf("Protection against deletion is weakened (%s): a later removal or rename destroys it.", strings.Join(paths, "; ")),
		})
	}
	return out
}

// weakened lists the changes that weaken a protection: deletionProtection
// or retain turned off, Delete added to Crossplane management policies,
// deletionPolicy Delete on a PushSecret, and Argo CD keep options dropped.
func weakened(base, head object, changes []Change) []string {
	var paths []string
	for _, c := range changes {
		switch c.path.last() {
		case "deletionProtection", "retain":
			if c.Old == true && c.New != true {
				paths = append(paths, c.Path)
			}
		case "managementPolicies":
			// An absent list means every policy, Delete included.
			if c.Old != nil && !grantsDelete(c.Old) && (c.New == nil || grantsDelete(c.New)) {
				paths = append(paths, c.Path)
			}
		case "deletionPolicy":
			if head.ref.Kind == "PushSecret" && c.New == "Delete" {
				paths = append(paths, c.Path)
			}
		}
	}
	before, after := keptBy(base.m), keptBy(head.m)
	for opt := range strings.SplitSeq(before, ",") {
		if opt != "" && !strings.Contains(","+after+",", ","+opt+",") {
			paths = append(paths, fmt.Sprintf("%s dropped from the %s annotation", opt, SyncOptionsAnnotation))
		}
	}
	return paths
}

func grantsDelete(v any) bool {
	l, _ := v.([]any)
	for _, x := range l {
		if x == "Delete" || x == "*" {
			return true
		}
	}
	return false
}
