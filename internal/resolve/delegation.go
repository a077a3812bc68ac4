package resolve

import (
	"fmt"
	"strings"

	"github.com/aigw-dev/aigw/internal/spec"
)

// ParentZone is where the HostedDomain composite writes the NS records of
// the environment's domain: a zone ID given in the spec, or the Zone managed
// resource of another environment's HostedDomain (its name is that
// environment's AWS identifier, in that environment's namespace).
type ParentZone struct {
	// ZoneID is spec.dns.parentZoneId.
	ZoneID string
	// Environment, Name and Namespace locate the parent environment's Zone
	// (spec.dns.parentEnvironment).
	Environment, Name, Namespace string
}

// parentZone resolves spec.dns of env. A parent environment must exist, be
// another environment, and own a domain of which env's is a subdomain.
func parentZone(doc *spec.Document, env *spec.Environment) (*ParentZone, error) {
	d := env.DNS
	switch {
	case d.ParentZoneID != "":
		return &ParentZone{ZoneID: d.ParentZoneID}, nil
	case d.ParentEnvironment == "":
		return nil, nil
	case d.ParentEnvironment == env.Name:
		return nil, fmt.Errorf("spec.dns.parentEnvironment: %q is this environment; name the environment whose domain contains %s", env.Name, env.Domain)
	}
	parent, err := doc.Environment(d.ParentEnvironment)
	if err != nil {
		return nil, fmt.Errorf("spec.dns.parentEnvironment: %w", err)
	}
	if !strings.HasSuffix(env.Domain, "."+parent.Domain) {
		return nil, fmt.Errorf("spec.dns.parentEnvironment: the domain %s is not under %s, the domain of %s", env.Domain, parent.Domain, parent.Name)
	}
	return &ParentZone{Environment: parent.Name, Name: AWSIdentifier(parent.Gateway, parent.Name), Namespace: previewSourceNamespace(parent)}, nil
}
