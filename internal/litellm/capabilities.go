package litellm

import (
	"fmt"
	"strconv"
	"strings"

	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/aigw-dev/aigw/internal/component"
)

// DefaultKubeVersion is assumed when Argo CD (or the CLI) passes none.
const DefaultKubeVersion = "v1.34.0"

// capabilities are the Helm capabilities of one render.
type capabilities struct {
	kube        *chartutil.KubeVersion
	minor       int
	apiVersions []string
}

// helmCapabilities turns KUBE_VERSION / KUBE_API_VERSIONS into Helm's form.
// Versions such as "1.34", "v1.34.2" or "v1.34.2-eks-1a2b3c" are accepted.
func helmCapabilities(c component.Capabilities) (capabilities, error) {
	v := strings.TrimSpace(c.KubeVersion)
	if v == "" {
		v = DefaultKubeVersion
	}
	kv, err := chartutil.ParseKubeVersion(v)
	if err != nil {
		return capabilities{}, fmt.Errorf("Kubernetes version %q (KUBE_VERSION): %w", c.KubeVersion, err)
	}
	minor, err := strconv.Atoi(kv.Minor)
	if err != nil {
		return capabilities{}, fmt.Errorf("Kubernetes version %q (KUBE_VERSION): minor version %q", c.KubeVersion, kv.Minor)
	}
	var apis []string
	for _, a := range c.APIVersions {
		if a = strings.TrimSpace(a); a != "" {
			apis = append(apis, a)
		}
	}
	return capabilities{kube: kv, minor: minor, apiVersions: apis}, nil
}
