// Package kubetest runs a real kube-apiserver, backed by a real etcd, on
// 127.0.0.1 so that tests can validate rendered manifests against the real
// API machinery: OpenAPI v3 schemas and CEL rules of CRDs, built-in
// validation, and admission plugins such as PodSecurity.
//
// The processes are started and stopped by controller-runtime's envtest
// (its Environment and CRD installation); this package adds what the tests
// need on top: the repository's CRDs (third_party/crds), one server per test
// run, strict dry-run apply and create, and namespaces with their default
// ServiceAccount.
//
// One server per run: .ci/test starts one with the apiserver command in
// this folder and exports AIGW_KUBECONFIG; every package's [Shared] then
// uses that server. A package run on its own (go test ./internal/x) starts
// its own server. Tests on a shared server must tolerate the other
// packages' objects: they dry-run what they validate, and the objects they
// do create (namespaces, ServiceAccounts, CRDs) are idempotent.
//
// The package is test support: it consists of non-test files only so that the
// tests of other packages can import it, and production code must never
// import it.
//
// The binaries are built from source by .ci/tools/kube.sh, which prints the
// directory holding them; point AIGW_KUBE_ASSETS (or envtest's
// KUBEBUILDER_ASSETS) at it (by default the directory kube.sh writes to is
// used). When they are missing, [Assets]
// skips the test, or fails it when the CI environment variable is set, so CI
// never silently skips.
//
// A test package normally shares one server among all its tests:
//
//	var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})
//
//	func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }
//
//	func TestSomething(t *testing.T) {
//		srv := kube.Server(t) // the run's server, or one started on first use
//		if err := srv.DryRunApply(ctx, obj); err != nil { ... }
//	}
package kubetest
