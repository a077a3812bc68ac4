package edge

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

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
func gateway(g *resolve.Gateway) *gwv1.Gateway {
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
		ObjectMeta: metav1.ObjectMeta{Name: GatewayName(g), Namespace: g.Namespace, Labels: g.Labels()},
		Spec: gwv1.GatewaySpec{
			GatewayClassName: gwv1.ObjectName(g.Edge.GatewayClassName),
			Infrastructure: &gwv1.GatewayInfrastructure{
				ParametersRef: &gwv1.LocalParametersReference{
					Group: LBCGroup,
					Kind:  LoadBalancerConfigurationKind,
					Name:  g.Contract().LoadBalancer.Name,
				},
			},
			Listeners: []gwv1.Listener{
				listener(ListenerHTTP, gwv1.HTTPProtocolType, 80, ""),
				listener(ListenerHTTPSAPI, gwv1.HTTPSProtocolType, 443, g.APIHost),
				listener(ListenerHTTPSAdmin, gwv1.HTTPSProtocolType, 443, g.AdminHost),
			},
		},
	}
	if g.ServesPreviews {
		gw.Spec.Listeners = append(gw.Spec.Listeners, previewsListener(g, listener(ListenerHTTPSPreviews, gwv1.HTTPSProtocolType, 443, "*."+g.Domain)))
	}
	component.SetWave(gw, component.WaveRoutes)
	return gw
}

// previewsListener admits the routes of this environment's pull-request
// previews: HTTPRoutes from the namespaces that carry
// resolve.PreviewOfLabel=<gateway>-<environment> (the preview namespaces,
// which only the previews' AppProject may create), on the hosts one label
// under the domain, which the wildcard certificate covers. The environment's
// own hosts have listeners of their own, and routes attach to a listener by
// name (sectionName), so the environment's routes never land here.
func previewsListener(g *resolve.Gateway, l gwv1.Listener) gwv1.Listener {
	l.AllowedRoutes.Namespaces = &gwv1.RouteNamespaces{
		From:     ptr(gwv1.NamespacesFromSelector),
		Selector: &metav1.LabelSelector{MatchLabels: map[string]string{resolve.PreviewOfLabel: g.PreviewOf()}},
	}
	return l
}

func ptr[T any](v T) *T { return &v }
