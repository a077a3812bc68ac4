// Package argocd builds the Argo CD objects that deploy a gateway: one
// Application per environment, each tracking its environment's branch with
// the aigw plugin and its environment parameter, and, when the spec has
// previews, an ApplicationSet whose pull-request generator creates one
// preview Application per open pull request, confined by its own AppProject.
//
// The objects are small typed structs of this package that mirror the
// fields aigw sets of Argo CD's argoproj.io/v1alpha1 API (tests validate
// them against Argo CD's CRDs and a real API server): Argo CD's own Go module
// would multiply the size of the aigw binary.
package argocd
