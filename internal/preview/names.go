package preview

import (
	"fmt"
	"strings"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// Image repositories: the Docker official images, whose Alpine variants run
// as the fixed users below. A cluster that pulls through a mirror rewrites
// them with the images field of the app folder's kustomization.yaml.
const (
	PostgresRepository = "docker.io/library/postgres"
	ValkeyRepository   = "docker.io/valkey/valkey"
)

// The images' own non-root users (Alpine variants): postgres is 70:70,
// valkey 999 in group 1000.
const (
	PostgresUID = 70
	PostgresGID = 70
	ValkeyUID   = 999
	ValkeyGID   = 1000
)

// serviceHost is the cluster DNS name of a Service of the namespace.
func serviceHost(g *resolve.Gateway, service string) string {
	return service + "." + g.Namespace + ".svc"
}

// PostgresImage is the PostgreSQL image of the source environment's major
// version (spec.database.engineVersion 16.6 gives postgres:16-alpine): the
// major version is what LiteLLM's schema depends on, and Aurora's minor
// versions do not all exist as community releases. The tag follows the
// newest minor release of that major version.
func PostgresImage(g *resolve.Gateway) (string, error) {
	major, _, _ := strings.Cut(g.Database.EngineVersion, ".")
	if major == "" || strings.Trim(major, "0123456789") != "" {
		return "", fmt.Errorf("spec.database.engineVersion %q has no major version", g.Database.EngineVersion)
	}
	return PostgresRepository + ":" + major + "-alpine", nil
}

// ValkeyImage is the Valkey image of spec.cache.engineVersion (8.1 gives
// valkey/valkey:8.1-alpine, the newest patch release of 8.1).
func ValkeyImage(g *resolve.Gateway) string {
	return ValkeyRepository + ":" + g.Cache.EngineVersion + "-alpine"
}
