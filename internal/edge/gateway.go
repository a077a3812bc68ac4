package edge

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// GatewayBuilder emits the Gateway (the load balancer) and, when the spec
// asks for it, its GatewayClass. Only an environment that owns its load
// balancer runs it (render's builder sets); the routes are Builder's.
type GatewayBuilder struct{}

// NewGateway returns the gateway builder.
func NewGateway() component.Builder { return GatewayBuilder{} }

// Name implements component.Builder.
func (GatewayBuilder) Name() string { return "gateway" }

// Build implements component.Builder.
func (GatewayBuilder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("gateway: no gateway to build")
	}
	g := in.Gateway
	var objs []component.Object
	if g.Edge.CreateGatewayClass {
		objs = append(objs, gatewayClass(g))
	}
	return append(objs, gateway(g, g.Contract())), nil
}

// gatewayClass is emitted only when spec.edge.createGatewayClass asks for
// it; usually the platform owns the cluster-scoped class.
func gatewayClass(g *resolve.Gateway) *gwv1.GatewayClass {
	c := &gwv1.GatewayClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwv1.GroupVersion.String(), Kind: "GatewayClass"},
		ObjectMeta: metav1.ObjectMeta{Name: g.Edge.GatewayClassName, Labels: g.Labels()},
		Spec:       gwv1.GatewayClassSpec{ControllerName: ControllerName},
	}
	component.SetWave(c, component.WaveRoutes)
	return c
}

// gateway is one internet-facing ALB: an HTTPS listener per host on port 443
// (the controller merges them into one ALB listener whose certificate it
// discovers in ACM from the host names) and an HTTP listener on port 80 whose
// only route redirects to HTTPS. Listeners admit routes of the Gateway's own
// namespace only.
func gateway(g *resolve.Gateway, c *resolve.Contract) *gwv1.Gateway {
	listener := func(name string, proto gwv1.ProtocolType, port gwv1.PortNumber, host string) gwv1.Listener {
		l := gwv1.Listener{
			Name:     gwv1.SectionName(name),
			Protocol: proto,
			Port:     port,
			AllowedRoutes: &gwv1.AllowedRoutes{
				Namespaces: &gwv1.RouteNamespaces{From: ptr(gwv1.NamespacesFromSame)},
				Kinds:      []gwv1.RouteGroupKind{{Group: ptr(gwv1.Group(gwv1.GroupName)), Kind: "HTTPRoute"}},
			},
		}
		if host != "" {
			l.Hostname = ptr(gwv1.Hostname(host))
		}
		return l
	}
	gw := &gwv1.Gateway{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwv1.GroupVersion.String(), Kind: "Gateway"},
		ObjectMeta: metav1.ObjectMeta{Name: c.Edge.Gateway, Namespace: g.Namespace, Labels: g.Labels()},
		Spec: gwv1.GatewaySpec{
			GatewayClassName: gwv1.ObjectName(g.Edge.GatewayClassName),
			Infrastructure: &gwv1.GatewayInfrastructure{
				ParametersRef: &gwv1.LocalParametersReference{
					Group: LBCGroup,
					Kind:  LoadBalancerConfigurationKind,
					Name:  c.LoadBalancer.Name,
				},
			},
			Listeners: []gwv1.Listener{
				listener(resolve.ListenerHTTP, gwv1.HTTPProtocolType, 80, ""),
				listener(resolve.ListenerHTTPSAPI, gwv1.HTTPSProtocolType, 443, g.APIHost),
				listener(resolve.ListenerHTTPSAdmin, gwv1.HTTPSProtocolType, 443, g.AdminHost),
			},
		},
	}
	if p := c.Edge.Previews; p != nil {
		gw.Spec.Listeners = append(gw.Spec.Listeners, previewsListener(p, listener(p.Name, gwv1.HTTPSProtocolType, 443, p.Hostname)))
	}
	component.SetWave(gw, component.WaveRoutes)
	return gw
}

// previewsListener admits the routes of this environment's pull-request
// previews: HTTPRoutes from the namespaces that carry the contract's labels
// (resolve.PreviewOfLabel=<gateway>-<environment>: the preview namespaces,
// which only the previews' AppProject may create), on the hosts one label
// under the domain, which the wildcard certificate covers. The environment's
// own hosts have listeners of their own, and routes attach to a listener by
// name (sectionName), so the environment's routes never land here.
func previewsListener(p *resolve.PreviewsListener, l gwv1.Listener) gwv1.Listener {
	l.AllowedRoutes.Namespaces = &gwv1.RouteNamespaces{
		From:     ptr(gwv1.NamespacesFromSelector),
		Selector: &metav1.LabelSelector{MatchLabels: p.NamespaceLabels},
	}
	return l
}

func ptr[T any](v T) *T { return &v }
