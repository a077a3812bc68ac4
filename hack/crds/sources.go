package main

// source is where one folder of upstream CRDs comes from.
type source struct {
	dir     string // the folder below the upstream directory and third_party/crds
	repo    string // the upstream GitHub repository
	tag     string // the release tag the files are taken from
	path    string // the folder in the upstream repository
	licence string
}

// sources lists every folder of upstream CRDs the tests use. A version bump
// changes a tag here and reruns the generator with the new files; a folder
// of the upstream directory missing from this table is an error.
var sources = []source{
	{"argo-cd", "argoproj/argo-cd", "v3.5.1", "manifests/crds/", "Apache-2.0"},
	{"aws-load-balancer-controller", "kubernetes-sigs/aws-load-balancer-controller", "v3.5.0", "config/crd/gateway/", "Apache-2.0"},
	{"aws-provider", "crossplane-contrib/provider-upjet-aws", "v2.6.0", "package/crds/", "Apache-2.0"},
	{"crossplane", "crossplane/crossplane", "v2.3.4", "cluster/crds/", "Apache-2.0"},
	{"external-secrets", "external-secrets/external-secrets", "v2.9.0", "config/crds/bases/", "Apache-2.0"},
	{"gateway-api/standard", "kubernetes-sigs/gateway-api", "v1.6.1", "config/crd/standard/", "Apache-2.0"},
	{"karpenter", "aws/karpenter-provider-aws", "v1.14.1", "pkg/apis/crds/", "Apache-2.0"},
	{"prometheus-operator", "prometheus-operator/prometheus-operator", "v0.93.0", "example/prometheus-operator-crd/", "Apache-2.0"},
}
