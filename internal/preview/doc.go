// Package preview builds what only a pull-request preview has
// (resolve.Gateway.Preview): its own small data stores in its namespace, in
// place of the environment's Aurora cluster and ElastiCache replication
// group, which a preview must never read or write.
//
//   - PostgreSQL and Valkey, each a one-replica Deployment of the official
//     Alpine image with emptyDir storage (ephemeral by design: nothing
//     outlives the namespace, so nothing can be orphaned), a ServiceAccount
//     without API token and a ClusterIP Service;
//   - the ConfigMaps <gateway>-database-endpoint and <gateway>-valkey-endpoint
//     that the Crossplane compositions write for an environment, pointing at
//     those Services, so LiteLLM is configured the same way in both cases.
//
// The pods meet Pod Security "restricted" (the images' own non-root users,
// read-only root filesystems with emptyDirs where the servers write,
// RuntimeDefault seccomp, no capabilities) and run on the source
// environment's LiteLLM node pool. Their passwords are the Secrets of
// package secrets (generated in the namespace for a preview); Valkey reads
// its password from an ACL file, never from its command line. Network
// policies (package netpol) admit only the LiteLLM pods to them.
//
// Render runs this builder for previews only; for an environment it fails.
package preview
