package preview

import (
	"fmt"
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// DoNotDisruptAnnotation keeps Karpenter from consolidating or replacing the
// node of a data store pod voluntarily: the data lives in an emptyDir and
// would be lost with the pod.
const DoNotDisruptAnnotation = "karpenter.sh/do-not-disrupt"

// store describes one data store: its Deployment, Service and
// ServiceAccount share name.
type store struct {
	name      string
	labels    map[string]string
	uid, gid  int64
	port      int32
	portName  string
	container corev1.Container
	volumes   []corev1.Volume
}

func meta(g *resolve.Gateway, name string, extra map[string]string) metav1.ObjectMeta {
	labels := g.Labels()
	maps.Copy(labels, extra)
	return metav1.ObjectMeta{Name: name, Namespace: g.Namespace, Labels: labels}
}

// serviceAccount is the data store's own identity, without API token: the
// pods talk to nothing but their clients.
func (s *store) serviceAccount(g *resolve.Gateway) *corev1.ServiceAccount {
	sa := &corev1.ServiceAccount{
		TypeMeta:                     metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta:                   meta(g, s.name, s.labels),
		AutomountServiceAccountToken: ptr(false),
	}
	component.SetWave(sa, component.WaveSecrets)
	return sa
}

// deployment runs one replica, recreated rather than rolled (two pods
// would be two empty databases), on the source environment's node pool.
// It is in the infrastructure wave, so that it is healthy before the
// LiteLLM migration Job and pods start, as an environment's composites are.
func (s *store) deployment(g *resolve.Gateway) *appsv1.Deployment {
	c := s.container
	c.ImagePullPolicy = corev1.PullIfNotPresent
	c.Ports = []corev1.ContainerPort{{Name: s.portName, ContainerPort: s.port, Protocol: corev1.ProtocolTCP}}
	c.SecurityContext = &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		ReadOnlyRootFilesystem:   ptr(true),
		RunAsNonRoot:             ptr(true),
		RunAsUser:                ptr(s.uid),
		RunAsGroup:               ptr(s.gid),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	template := metav1.ObjectMeta{
		Labels:      meta(g, s.name, s.labels).Labels,
		Annotations: map[string]string{DoNotDisruptAnnotation: "true"},
	}
	d := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: appsv1.SchemeGroupVersion.String(), Kind: "Deployment"},
		ObjectMeta: meta(g, s.name, s.labels),
		Spec: appsv1.DeploymentSpec{
			Replicas:             ptr(int32(1)),
			RevisionHistoryLimit: ptr(int32(3)),
			Selector:             &metav1.LabelSelector{MatchLabels: s.labels},
			Strategy:             appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: template,
				Spec: corev1.PodSpec{
					ServiceAccountName:            s.name,
					AutomountServiceAccountToken:  ptr(false),
					EnableServiceLinks:            ptr(false),
					NodeSelector:                  g.Contract().NodePool.Selector(),
					Tolerations:                   g.Contract().NodePool.Tolerations(),
					TerminationGracePeriodSeconds: ptr(int64(30)),
					SecurityContext: &corev1.PodSecurityContext{
						RunAsNonRoot:   ptr(true),
						RunAsUser:      ptr(s.uid),
						RunAsGroup:     ptr(s.gid),
						FSGroup:        ptr(s.gid),
						SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
					},
					Containers: []corev1.Container{c},
					Volumes:    s.volumes,
				},
			},
		},
	}
	component.SetWave(d, component.WaveInfra)
	return d
}

// service is the data store's in-namespace address.
func (s *store) service(g *resolve.Gateway) *corev1.Service {
	svc := &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: meta(g, s.name, s.labels),
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeClusterIP,
			Selector: s.labels,
			Ports: []corev1.ServicePort{{
				Name:       s.portName,
				Port:       s.port,
				TargetPort: intstr.FromString(s.portName),
				Protocol:   corev1.ProtocolTCP,
			}},
		},
	}
	component.SetWave(svc, component.WaveInfra)
	return svc
}

// endpointConfigMap is the ConfigMap an environment's Crossplane
// composition would write, pointing at the data store's Service.
func endpointConfigMap(g *resolve.Gateway, name string, data map[string]string) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: meta(g, name, nil),
		Data:       data,
	}
	component.SetWave(cm, component.WaveInfra)
	return cm
}

func emptyDir(name, limit string) (corev1.Volume, error) {
	q, err := resource.ParseQuantity(limit)
	if err != nil {
		return corev1.Volume{}, fmt.Errorf("volume %s size %q: %w", name, limit, err)
	}
	return corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &q}}}, nil
}

func execProbe(period, failures int32, command ...string) *corev1.Probe {
	return &corev1.Probe{
		ProbeHandler:     corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: command}},
		PeriodSeconds:    period,
		TimeoutSeconds:   5,
		FailureThreshold: failures,
		SuccessThreshold: 1,
	}
}

func ptr[T any](v T) *T { return &v }
