package spec

import (
	"fmt"
	"slices"
	"strings"
)

// How the LiteLLM pods get AWS credentials (spec.litellm.awsIdentity).
const (
	// AWSIdentityIRSA annotates the ServiceAccounts with
	// eks.amazonaws.com/role-arn: spec.litellm.roleArn; the SDK exchanges
	// the projected token at STS (HTTPS).
	AWSIdentityIRSA = "irsa"
	// AWSIdentityPodIdentity relies on an EKS Pod Identity association of
	// the ServiceAccounts, made outside aigw; the SDK fetches credentials
	// from the node's Pod Identity agent (169.254.170.23, port 80).
	AWSIdentityPodIdentity = "pod-identity"
)

// awsProviders are the LiteLLM providers that sign requests with AWS
// credentials from botocore's default chain (LiteLLM's BaseAWSLLM:
// litellm/llms/bedrock/base_aws_llm.py, and the SageMaker handlers that
// extend it).
var awsProviders = []string{"bedrock", "sagemaker", "sagemaker_chat"}

// bedrockVendors are the model-ID vendors LiteLLM maps to Bedrock when a
// model has no provider prefix (its bedrock model lists), plus the
// cross-region inference profile prefixes.
var bedrockVendors = []string{"amazon", "anthropic", "ai21", "cohere", "meta", "mistral", "deepseek", "writer", "twelvelabs", "stability", "us", "eu", "apac", "global"}

// NeedsAWSCredentials reports whether LiteLLM calls this model through
// AWS's SDK credentials: a bedrock/, sagemaker/ or sagemaker_chat/ model,
// one whose params name such a custom_llm_provider, or a bare Bedrock model
// ID (anthropic.claude-..., us.amazon.nova-...); not a Bedrock model with a
// Bedrock API key in apiKeySecret.
func (m Model) NeedsAWSCredentials() bool {
	provider, _, hasProvider := strings.Cut(m.Model, "/")
	if p, ok := m.Params["custom_llm_provider"].(string); ok && p != "" {
		provider, hasProvider = p, true
	}
	if hasProvider {
		provider = strings.ToLower(provider)
		// A Bedrock API key (apiKeySecret) is sent as a bearer token
		// instead of SigV4 (base_aws_llm.py, bedrock_bearer_token).
		return slices.Contains(awsProviders, provider) && (provider != "bedrock" || m.APIKeySecret == "")
	}
	vendor, _, dotted := strings.Cut(m.Model, ".")
	return dotted && slices.Contains(bedrockVendors, vendor) && m.APIKeySecret == ""
}

// awsIdentity checks that every model needing AWS credentials has a way to
// get them: the IMDS is out of reach (hop limit 1 on the nodes, and the
// egress policy), so without a role the pods have none.
func (v *validator) awsIdentity(l *LiteLLM) {
	switch l.AWSIdentity {
	case AWSIdentityIRSA, AWSIdentityPodIdentity:
	default:
		// Reported by the field's enum tag; nothing follows from it.
		return
	}
	if l.AWSIdentity == AWSIdentityPodIdentity && l.RoleArn != "" {
		v.at("spec.litellm.roleArn", "is the IRSA annotation; with awsIdentity %s the role is associated with the ServiceAccounts in EKS, not named here (remove roleArn, or use awsIdentity %s)", AWSIdentityPodIdentity, AWSIdentityIRSA)
	}
	if l.AWSIdentity == AWSIdentityPodIdentity || l.RoleArn != "" {
		return
	}
	for i, m := range l.Models {
		if m.NeedsAWSCredentials() {
			v.at(fmt.Sprintf("spec.litellm.models[%d].model", i),
				"model %q (%s) calls AWS with the pods' credentials, and the pods have none: set spec.litellm.roleArn (IRSA), or spec.litellm.awsIdentity: %s with an EKS Pod Identity association",
				m.Name, m.Model, AWSIdentityPodIdentity)
		}
	}
}
