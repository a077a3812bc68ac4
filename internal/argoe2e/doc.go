// Package argoe2e holds the end-to-end test of aigw under the real Argo CD
// v3.5.7 components: argocd-repo-server, argocd-cmp-server (running the
// repository's plugin.yaml) and argocd-application-controller, with Redis
// and a git daemon on loopback, against the run's kube-apiserver with the
// upstream CRDs and the composites' CRDs.
//
// No controller of Crossplane, External Secrets, Karpenter, the AWS Load
// Balancer Controller or the kubelet runs here: the test's stand-in
// (standin_test.go) writes the statuses those controllers would, and the
// test decides when the Aurora composite becomes Ready.
//
// The argocd binary is built by .ci/tools/argocd.sh (AIGW_ARGOCD_BIN_DIR,
// default the directory that script writes to). When it is missing the
// test skips, or fails when CI is set.
package argoe2e
