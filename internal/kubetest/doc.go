// Package kubetest runs a real kube-apiserver, backed by a real etcd, on
// 127.0.0.1 so that tests can validate rendered manifests against the real
// API machinery: OpenAPI v3 schemas and CEL rules of CRDs, built-in
// validation, and admission plugins such as PodSecurity.
//
// The package is test support: it consists of non-test files only so that the
// tests of other packages can import it, and production code must never
// import it.
//
// The binaries are built from source by .ci/tools/kube.sh, which prints the
// directory holding them; point AIGW_KUBE_ASSETS at it (by default the
// directory kube.sh writes to is used). When they are missing, [Assets]
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
//		srv := kube.Server(t) // starts the server on first use
//		if err := srv.DryRunApply(ctx, obj); err != nil { ... }
//	}
package kubetest
