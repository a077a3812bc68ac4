package nodes

import (
	"errors"
	"fmt"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Arch is the only CPU architecture of the pool (Graviton).
const Arch = "arm64"

// NodeSelector is what a LiteLLM pod selects: arm64 nodes of this pool.
func NodeSelector(g *resolve.Gateway) map[string]string {
	return map[string]string{
		corev1.LabelArchStable:  Arch,
		component.NodePoolLabel: PoolName(g),
	}
}

// Tolerations let a LiteLLM pod onto the pool's tainted nodes.
func Tolerations(g *resolve.Gateway) []corev1.Toleration {
	return []corev1.Toleration{{
		Key:      component.NodeTaintKey,
		Operator: corev1.TolerationOpEqual,
		Value:    PoolName(g),
		Effect:   corev1.TaintEffectNoSchedule,
	}}
}

// taint keeps every pod that does not tolerate it off the pool.
func taint(g *resolve.Gateway) corev1.Taint {
	return corev1.Taint{Key: component.NodeTaintKey, Value: PoolName(g), Effect: corev1.TaintEffectNoSchedule}
}

// CheckPodSpec reports why a pod spec would not run on the pool: it must
// select arm64 and the pool label (in nodeSelector) and tolerate the taint.
func CheckPodSpec(g *resolve.Gateway, p *corev1.PodSpec) error {
	var errs []error
	for k, v := range NodeSelector(g) {
		if p.NodeSelector[k] != v {
			errs = append(errs, fmt.Errorf("nodeSelector %s=%q, want %q", k, p.NodeSelector[k], v))
		}
	}
	t := taint(g)
	tolerated := false
	for i := range p.Tolerations {
		if p.Tolerations[i].ToleratesTaint(logr.Discard(), &t, false) {
			tolerated = true
		}
	}
	if !tolerated {
		errs = append(errs, fmt.Errorf("no toleration of the taint %s", t.ToString()))
	}
	return errors.Join(errs...)
}
