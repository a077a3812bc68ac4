// Package component is the contract between the render pipeline and the
// component builders (LiteLLM, edge, nodes, data stores, secrets, ...): a
// builder reads a resolved Gateway and returns typed Kubernetes objects.
package component

import (
	"context"
	"io/fs"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// Object is what a builder emits: a typed upstream API object (with its
// TypeMeta set) or, for kinds without a Go module, *unstructured.Unstructured.
// It is what the pipeline uses, object metadata and the kind, not all of
// runtime.Object: the pipeline never deep-copies a typed object (it
// converts each to JSON once), so aigw's own types need no DeepCopyObject.
type Object interface {
	metav1.Object
	GetObjectKind() schema.ObjectKind
}

// Capabilities describe the target cluster (Argo CD's KUBE_VERSION and
// KUBE_API_VERSIONS); empty values mean "unknown, use the defaults".
type Capabilities struct {
	// KubeVersion such as "1.34" or "v1.34.2".
	KubeVersion string
	// APIVersions such as "apps/v1", "gateway.networking.k8s.io/v1/Gateway".
	APIVersions []string
}

// Input is everything a builder may read.
type Input struct {
	Gateway      *resolve.Gateway
	Capabilities Capabilities
	// AppFS is the application folder (where aigateway.yaml is), confined so
	// that nothing outside it can be opened.
	AppFS fs.FS
	// Chart is the LiteLLM chart the contract names
	// (resolve.Contract.Chart), read by the pipeline before the builders
	// run (package chartsource).
	Chart *Chart
}

// Chart is a Helm chart's files.
type Chart struct {
	// Files have paths relative to the chart's root.
	Files []ChartFile
	// Desc names the chart in messages ("embedded chart").
	Desc string
}

// ChartFile is one file of a chart.
type ChartFile struct {
	Name string
	Data []byte
}

// Builder builds the objects of one component.
type Builder interface {
	// Name is a short identifier used in error messages ("litellm", "edge").
	Name() string
	// Build returns the component's objects. It must be deterministic and
	// do no I/O: everything it reads is in Input.
	Build(ctx context.Context, in *Input) ([]Object, error)
}

// Argo CD sync waves: secret stores and data stores come before workloads,
// workloads before routes. Builders set them with SetWave; the render
// pipeline applies DefaultWave to objects without one.
const (
	WaveNamespace = -10
	// WaveSecrets: generators, PushSecrets, ExternalSecrets, service accounts,
	// network policies.
	WaveSecrets = -5
	// WaveInfra: Crossplane composites, Karpenter NodePool and EC2NodeClass.
	WaveInfra = -3
	// WaveWorkloads: ConfigMaps, Deployments, Services, HPA, PDB.
	WaveWorkloads = 0
	// WaveRoutes: Gateway, LoadBalancerConfiguration, HTTPRoutes.
	WaveRoutes = 5
)

// WaveAnnotation is Argo CD's sync-wave annotation.
const WaveAnnotation = "argocd.argoproj.io/sync-wave"

// SetWave sets the Argo CD sync wave of o.
func SetWave(o Object, wave int) {
	a := o.GetAnnotations()
	if a == nil {
		a = map[string]string{}
	}
	a[WaveAnnotation] = strconv.Itoa(wave)
	o.SetAnnotations(a)
}

// Recommended label keys on the pods of LiteLLM and of a preview's data
// stores (defined with the rest of the contract in package resolve).
const (
	ComponentLabel = resolve.ComponentLabel
	InstanceLabel  = resolve.InstanceLabel
	NameLabel      = resolve.NameLabel
)
