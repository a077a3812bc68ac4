package resolve

import "fmt"

// Listener names of an environment's Gateway. A route attaches to a
// listener by name (its parentRef's sectionName).
const (
	ListenerHTTP       = "http"
	ListenerHTTPSAPI   = "https-api"
	ListenerHTTPSAdmin = "https-admin"
	// ListenerHTTPSPreviews is the listener of the environment named by
	// spec.previews.from that admits the routes of its previews.
	ListenerHTTPSPreviews = "https-previews"
)

// Edge is where the routes of an environment or preview attach: the
// Gateway (one ALB) an environment owns, or for a preview the Gateway of its
// source environment, which it shares.
type Edge struct {
	// Gateway is the name of the Gateway the routes attach to: <gateway>
	// (the same name in the source environment's namespace for a preview).
	Gateway string
	// API and Admin are the parents of the API and admin hosts' routes.
	API, Admin ParentRef
	// Redirect is the parent of the route that redirects both hosts from
	// HTTP to HTTPS; nil when there is no such route (a preview's hosts are
	// HTTPS only: the source environment's HTTP listener admits the routes
	// of its own namespace only).
	Redirect *ParentRef
	// Previews is the Gateway's listener for the routes of its previews;
	// set on the environment named by spec.previews.from only.
	Previews *PreviewsListener
	// Shared is set when the routes join a load balancer another
	// environment owns (a preview's, its source environment's); nil when
	// the load balancer is this environment's own.
	Shared *SharedLoadBalancer
}

// ParentRef is the Gateway listener a route attaches to.
type ParentRef struct {
	// Name of the Gateway.
	Name string
	// Namespace of the Gateway; empty for the route's own namespace.
	Namespace string
	// Section is the listener name.
	Section string
}

// PreviewsListener admits the routes of an environment's previews: HTTPS
// on the hosts one label under the domain (the wildcard certificate covers
// them), from the namespaces carrying NamespaceLabels (which only the
// previews' AppProject may create).
type PreviewsListener struct {
	Name     string
	Hostname string
	// NamespaceLabels select the namespaces whose routes it admits:
	// PreviewOfLabel=<gateway>-<environment>, Namespace.Labels of a
	// preview.
	NamespaceLabels map[string]string
}

// SharedLoadBalancer is a load balancer another environment owns. Its
// listener rule quota counts the owner's routes next to this preview's.
type SharedLoadBalancer struct {
	// Desc names the pair in messages: "preview 42 next to environment
	// dev".
	Desc string
	// Owner is where the owner's routes attach. They are built from the
	// same settings (a preview's are a copy of its source environment's).
	Owner Edge
}

// edgeContract computes the Edge of g: an environment's routes attach to
// the listeners of its own Gateway; a preview's, all of them, to the
// previews listener of its source environment's Gateway, across
// namespaces.
func edgeContract(g *Gateway) Edge {
	if g.Preview == nil {
		return ownEdge(g, g.ServesPreviews)
	}
	on := ParentRef{Name: g.Name(""), Namespace: g.Preview.SourceNamespace, Section: ListenerHTTPSPreviews}
	return Edge{
		Gateway: on.Name,
		API:     on,
		Admin:   on,
		Shared: &SharedLoadBalancer{
			Desc:  fmt.Sprintf("preview %s next to environment %s", g.Preview.Number, g.Environment.Name),
			Owner: ownEdge(g, true),
		},
	}
}

// ownEdge is the Edge of an environment that owns its Gateway.
func ownEdge(g *Gateway, servesPreviews bool) Edge {
	name := g.Name("")
	e := Edge{
		Gateway:  name,
		API:      ParentRef{Name: name, Section: ListenerHTTPSAPI},
		Admin:    ParentRef{Name: name, Section: ListenerHTTPSAdmin},
		Redirect: &ParentRef{Name: name, Section: ListenerHTTP},
	}
	if servesPreviews {
		e.Previews = &PreviewsListener{
			Name:            ListenerHTTPSPreviews,
			Hostname:        "*." + g.Domain,
			NamespaceLabels: map[string]string{PreviewOfLabel: g.PreviewOf()},
		}
	}
	return e
}
