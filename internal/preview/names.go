package preview

import (
	"fmt"
	"strings"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Ports of the data stores (their Services' and containers' ports).
const (
	PostgresPort = 5432
	ValkeyPort   = 6379
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

// Values of app.kubernetes.io/name on the data store pods.
const (
	PostgresAppName = "postgres"
	ValkeyAppName   = "valkey"
)

// PostgresName is the Deployment, Service and ServiceAccount of the
// preview's PostgreSQL: <gateway>-postgres.
func PostgresName(g *resolve.Gateway) string { return g.Name("postgres") }

// ValkeyName is the Deployment, Service and ServiceAccount of the preview's
// Valkey: <gateway>-valkey (the name of an environment's ValkeyCache
// composite, which a preview does not have).
func ValkeyName(g *resolve.Gateway) string { return g.Name("valkey") }

// PostgresPodLabels select the PostgreSQL pod (its Deployment's selector).
func PostgresPodLabels(g *resolve.Gateway) map[string]string {
	return podLabels(PostgresAppName, PostgresName(g), "database")
}

// ValkeyPodLabels select the Valkey pod (its Deployment's selector).
func ValkeyPodLabels(g *resolve.Gateway) map[string]string {
	return podLabels(ValkeyAppName, ValkeyName(g), "cache")
}

func podLabels(name, instance, part string) map[string]string {
	return map[string]string{component.NameLabel: name, component.InstanceLabel: instance, component.ComponentLabel: part}
}

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
