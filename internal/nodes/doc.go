// Package nodes builds the Karpenter node pool dedicated to LiteLLM: a
// NodePool (karpenter.sh/v1) of Graviton (arm64) instances, tainted so that
// only the LiteLLM pods land on it and labelled so that they select it, and
// its EC2NodeClass (karpenter.k8s.aws/v1): the AL2023 AMI alias, the node
// role, subnet and security-group selectors from the spec, IMDSv2 only with
// a hop limit of 1, an encrypted gp3 root volume and tags naming the gateway
// and environment.
//
// The pool's name, selector, taint and tolerations are the contract's
// (resolve.NodePool), which the LiteLLM and preview builders use to place
// their pods; internal/testutil/scheduling checks a pod spec against them.
// A pull-request preview has no pool (render does not run this builder for
// one): its pods run on the source environment's pool, whose names it
// shares.
package nodes
