// Package argocd holds the Kustomize component that installs aigw as a
// config management plugin sidecar of Argo CD's repo-server (the YAML files
// in this folder) and the test that applies it to a representative
// argocd-repo-server in testdata. There is no Go code to import here.
package argocd
