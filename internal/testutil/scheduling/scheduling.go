// Package scheduling is a test oracle: it checks that a pod spec would run
// on the gateway's dedicated node pool, as the Kubernetes scheduler decides
// it (selector match and taint toleration, with the upstream toleration
// code).
package scheduling

import (
	"errors"
	"fmt"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// CheckPodSpec reports why a pod spec would not run on the pool: it must
// select the pool's architecture and label (in nodeSelector) and tolerate
// its taint.
func CheckPodSpec(g *resolve.Gateway, p *corev1.PodSpec) error {
	pool := g.Contract().NodePool
	var errs []error
	for k, v := range pool.Selector() {
		if p.NodeSelector[k] != v {
			errs = append(errs, fmt.Errorf("nodeSelector %s=%q, want %q", k, p.NodeSelector[k], v))
		}
	}
	t := pool.Taint()
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
