// Package data builds the Crossplane composite resources of one gateway
// environment: an AuroraPostgreSQL, a ValkeyCache, a WebFirewall and a
// HostedDomain of the platform.aigw.dev API defined in crossplane/ (XRDs and
// Compositions). Each is a namespaced Crossplane v2 composite in the gateway's
// namespace, filled from the resolved spec, synced before the workloads
// (component.WaveInfra), and named only from the gateway name.
//
// Data-loss protection has two layers. Every composite (the WebFirewall too:
// it owns the alarm topic) carries the Argo CD sync options
// Prune=false,Delete=false, so that neither a removal from Git nor the
// deletion of the Application deletes them;
// and when spec.database.retain is true (the default in production) their
// spec.retain makes the Compositions drop Delete from the managed resources'
// management policies, so that deleting a composite keeps the AWS resources.
//
// Credentials never pass through here: the composites reference the Secrets
// that External Secrets writes (package secrets) by name and key.
//
// A pull-request preview has no composite at all (render does not run this
// builder for one; its data stores are pods of its namespace, package
// preview). Composite and endpoint ConfigMap names are the contract's
// (resolve.Database, resolve.Cache). The WebFirewall of every environment
// also matches the host names of its previews (hosts.previews, regular
// expressions from resolve.PreviewHostPattern), so that the allowlist rules
// cover the previews that share its load balancer.
package data
