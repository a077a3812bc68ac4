// Package e2e holds the end-to-end acceptance test of aigw: every object of
// every example environment is server-side dry-run applied on a real
// kube-apiserver (built from the Go module proxy, see .ci/tools/kube.sh)
// with the real upstream CRDs, and every pod template is dry-run created as
// a Pod so that the real PodSecurity admission judges it at the restricted
// level. The package has no code outside its tests.
package e2e
