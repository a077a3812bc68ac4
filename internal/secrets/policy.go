package secrets

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// The salt key encrypts the provider credentials LiteLLM stores in its
// database; a new one cannot decrypt them. ESO creates the Secrets Manager
// entry once (PushSecret, updatePolicy IfNotExists) and would create a new
// value if the entry were ever deleted, so the entry carries a resource
// policy that denies deleting or changing it to every principal. ESO
// v2.9 attaches it right after CreateSecret (PushSecretMetadata
// resourcePolicy.policySourceRef, a ConfigMap in the PushSecret's
// namespace; providers/v1/aws/secretsmanager/secretsmanager.go).

// SaltKeyPolicyKey is the key of the policy in the SecretPoliciesConfigMap.
const SaltKeyPolicyKey = "salt-key-policy.json"

// SaltKeyDeniedActions may not be called on the salt key by anyone while
// the policy is attached: removing the policy (DeleteResourcePolicy) is the
// deliberate, logged first step of any change.
var SaltKeyDeniedActions = []string{
	"secretsmanager:DeleteSecret",
	"secretsmanager:PutSecretValue",
	"secretsmanager:UpdateSecret",
	"secretsmanager:UpdateSecretVersionStage",
	"secretsmanager:RotateSecret",
}

// SecretPoliciesConfigMap is <gw>-secret-policies: the resource policies
// the PushSecrets attach to the entries they create.
func SecretPoliciesConfigMap(g *resolve.Gateway) string { return g.Name("secret-policies") }

// policyDocument is an IAM policy document.
type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string   `json:"Sid"`
	Effect    string   `json:"Effect"`
	Principal string   `json:"Principal"`
	Action    []string `json:"Action"`
	Resource  string   `json:"Resource"`
}

// saltKeyPolicy is the resource policy of the salt key entry.
func saltKeyPolicy() (string, error) {
	b, err := json.MarshalIndent(policyDocument{
		Version: "2012-10-17",
		Statement: []policyStatement{{
			Sid:       "AigwSaltKeyIsPermanent",
			Effect:    "Deny",
			Principal: "*",
			Action:    SaltKeyDeniedActions,
			Resource:  "*",
		}},
	}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("salt key policy: %w", err)
	}
	return string(b) + "\n", nil
}

// secretPolicies is the ConfigMap holding the policies. It syncs one wave
// before the PushSecrets: ESO creates the entry first and reads the policy
// after, and with IfNotExists it never comes back to an entry that exists.
func (b *objects) secretPolicies() error {
	policy, err := saltKeyPolicy()
	if err != nil {
		return err
	}
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: b.meta(SecretPoliciesConfigMap(b.g)),
		Data:       map[string]string{SaltKeyPolicyKey: policy},
	}
	component.SetWave(cm, component.WaveSecrets-1)
	b.out = append(b.out, cm)
	return nil
}

// saltKeyPolicyRef is the push metadata that attaches the policy.
func (b *objects) saltKeyPolicyRef() *ResourcePolicy {
	block := true
	return &ResourcePolicy{
		BlockPublicPolicy: &block,
		PolicySourceRef:   &PolicySourceRef{Kind: "ConfigMap", Name: SecretPoliciesConfigMap(b.g), Key: SaltKeyPolicyKey},
	}
}
