//go:build tools

// Package tools pins the command-line tools bench/run.sh compares aigw with:
// the Helm and Kustomize CLIs, at the versions of the Helm SDK and the
// Kustomize API that aigw links (see the root go.mod).
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
	_ "sigs.k8s.io/kustomize/kustomize/v5"
)
