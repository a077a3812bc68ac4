// Package netpol builds the NetworkPolicies of a gateway's namespace: a
// default deny of all ingress and egress, then one policy per allowed flow,
// each documented where it is built and in docs/edge.md#network-policies:
//
//   - DNS for every pod of the namespace;
//   - ingress to the LiteLLM pods on their port from the VPC (the ALB sends to
//     pod IPs in IP target mode, and kubelet probes come from the nodes);
//   - egress from the LiteLLM pods to PostgreSQL and Valkey inside the VPC;
//   - egress from the LiteLLM pods to HTTPS anywhere but the instance
//     metadata service (model providers, Entra ID, AWS APIs);
//   - egress to the EKS Pod Identity agent when the pods assume an IAM role.
//
// In a pull-request preview the data stores are pods of the namespace
// (package preview): the LiteLLM pods' data egress goes to those pods only,
// and two more policies admit the LiteLLM pods, and nothing else, to
// PostgreSQL and Valkey.
//
// The policies are enforced by the cluster's network policy engine (the VPC
// CNI's network policy agent on EKS); without one they are inert.
package netpol
