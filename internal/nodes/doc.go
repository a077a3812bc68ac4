// Package nodes builds the Karpenter node pool dedicated to LiteLLM: a
// NodePool (karpenter.sh/v1) of Graviton (arm64) instances, tainted so that
// only the LiteLLM pods land on it and labelled so that they select it, and
// its EC2NodeClass (karpenter.k8s.aws/v1): the AL2023 AMI alias, the node
// role, subnet and security-group selectors from the spec, IMDSv2 only with
// a hop limit of 1, an encrypted gp3 root volume and tags naming the gateway
// and environment.
//
// The LiteLLM builder uses NodeSelector and Tolerations to place its pods,
// and CheckPodSpec verifies that a pod spec does. A pull-request preview
// emits no pool: its pods (LiteLLM and its data stores) run on the source
// environment's pool, whose names it shares.
package nodes
