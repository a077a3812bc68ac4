// Package archtest holds the tests of the repository's architecture rules
// (see docs/architecture.md); it has no code of its own.
//
//   - A component builder (a package the render pipeline wires, other than
//     the pipeline stages) is a leaf: of this module it imports only
//     component, resolve and spec, never another builder, a stage or the
//     embedded files.
//   - Production code never imports the test infrastructure (kubetest,
//     xrender, testutil/...).
//   - A builder never asks whether it builds an environment or a preview
//     (resolve.Gateway's Preview, ServesPreviews, PreviewOf): render chooses
//     the builder set, resolve's contract carries what differs.
package archtest
