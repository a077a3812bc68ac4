// Package xrender runs the real Crossplane CLI's `crossplane render` against
// composition functions started as local processes, for tests.
//
// The binaries come from .ci/tools/crossplane.sh, which builds the CLI
// (github.com/crossplane/crossplane/v2/cmd/crank) and
// function-patch-and-transform from the nested modules .ci/crossplane and
// .ci/function-pat into the tools cache, keyed by the versions in their
// go.mod files. Tools finds them (or the paths in AIGW_CROSSPLANE_BIN and
// AIGW_FUNCTION_PAT_BIN); RequireTools skips a test without them, or fails it
// when the CI environment variable is set.
//
// Start runs each Function of a Functions file as a process listening with
// --insecure on a free 127.0.0.1 port and rewrites the file with the
// render.crossplane.io/runtime: Development annotations pointing at it;
// Runner.Render then calls `crossplane render` and parses what it prints.
// CompositeCRD derives the CustomResourceDefinition of a composite resource
// from its XRD the way Crossplane v2 does, so that tests can validate
// composites against it.
//
// Like internal/kubetest this is test support: production code must not
// import it.
package xrender
