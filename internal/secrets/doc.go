// Package secrets builds every External Secrets Operator object the gateway
// needs. The Kubernetes Secrets they produce are named by the contract
// (resolve.Secrets), which the other builders reference too: names, never
// values. The Secrets Manager entry names are this package's (names.go).
//
// Secrets come from AWS Secrets Manager through the store named in the spec,
// under spec.secrets.prefix:
//
//   - the database master password and the Valkey auth token, consumed by the
//     Crossplane compositions and by LiteLLM;
//   - LiteLLM's master key and salt key, shared by both releases;
//   - the Entra ID client secret of the admin UI;
//   - each model's provider API key.
//
// The first four are generated, once: a Password generator produces a value,
// a PushSecret writes it to Secrets Manager with updatePolicy IfNotExists (so
// an existing value is never replaced by a later sync), and an ExternalSecret
// reads Secrets Manager back into the namespace. Secrets Manager is the
// source of truth; on the very first sync the ExternalSecret retries until
// the PushSecret has created the entry.
//
// Where generated values are kept is the contract's
// (resolve.Secrets.Generated). A pull-request preview never touches the
// environments' secrets: its generated Secrets are kept in the namespace,
// straight from the Password generators (an ExternalSecret with a
// generator source and refreshPolicy CreatedOnce; no PushSecret, no secret
// policy, nothing in Secrets Manager), and the secrets people create are
// read from spec.previews.secretsPrefix, which resolve puts in place of
// spec.secrets.prefix.
//
// The External Secrets Go module does not build with this repository's
// dependency set, so the objects are small typed mirrors of its
// external-secrets.io/v1 (ExternalSecret), external-secrets.io/v1alpha1
// (PushSecret) and generators.external-secrets.io/v1alpha1 (Password) API,
// validated in tests against the upstream CRDs.
package secrets
