package component

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// GuaranteedResources returns requests equal to limits (the Guaranteed QoS
// class), as LiteLLM recommends for production and as the preview data
// stores use.
func GuaranteedResources(cpu, memory string) (corev1.ResourceRequirements, error) {
	c, err := resource.ParseQuantity(cpu)
	if err != nil {
		return corev1.ResourceRequirements{}, fmt.Errorf("cpu %q: %w", cpu, err)
	}
	m, err := resource.ParseQuantity(memory)
	if err != nil {
		return corev1.ResourceRequirements{}, fmt.Errorf("memory %q: %w", memory, err)
	}
	list := corev1.ResourceList{corev1.ResourceCPU: c, corev1.ResourceMemory: m}
	return corev1.ResourceRequirements{Requests: list, Limits: list.DeepCopy()}, nil
}

// SecretEnv is an environment variable read from a key of a Secret.
func SecretEnv(name, secret, key string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: secret}, Key: key,
	}}}
}
