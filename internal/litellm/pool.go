package litellm

import (
	"fmt"
	"github.com/aigw-dev/aigw/internal/component"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// Database connection budget.
//
// Aurora PostgreSQL's default parameter group sets max_connections to
// LEAST(DBInstanceClassMemory/9531392, 5000). aigw estimates the instance
// memory from its class (GiB × 10^9, as AWS's own example does, which is
// below the real DBInstanceClassMemory and therefore conservative).
//
// LiteLLM opens at most database_connection_pool_limit connections per
// worker process, and runs one worker per pod. Every pod of both releases
// talks to the writer, so the pool limit is
//
//	limit = min(MaxPoolLimit, floor(ConnectionBudget% × max_connections / pods))
//	pods  = api.replicas.max + admin.replicas + 2
//
// where the 2 are the extra pod of each release during a rolling update
// (maxSurge 1). The remaining (100 − ConnectionBudget)% is left to the
// migration Job, AWS automation (at least 3 connections), operators and
// failovers. With these numbers the sum over both releases, at their maximum
// size and mid-rollout, stays under the instance's limit.
const (
	// ConnectionBudget is the share (percent) of max_connections LiteLLM's
	// pools may use.
	ConnectionBudget = 80
	// MaxPoolLimit caps the per-pod pool: LiteLLM's default, plenty for one
	// uvicorn worker whose spend writes are batched (proxy_batch_write_at).
	MaxPoolLimit = 10
	// MinPoolLimit is the smallest pool that still serves; fewer available
	// connections is an error that names the instance class.
	MinPoolLimit = 2
)

// PoolLimit returns database_connection_pool_limit for both releases.
func PoolLimit(g *resolve.Gateway) (int, error) {
	maxConn, err := MaxConnections(g.Database.InstanceClass)
	if err != nil {
		return 0, err
	}
	pods := int(g.API.Replicas.Max) + int(g.Admin.Replicas) + 2
	limit := min(MaxPoolLimit, maxConn*ConnectionBudget/100/pods)
	if limit < MinPoolLimit {
		return 0, component.AtField("spec.database.instanceClass", fmt.Errorf("database: %s allows about %d connections, too few for %d LiteLLM pods (api.replicas.max %d + admin.replicas %d + 2 during rollouts) with at least %d connections each; choose a larger database.instanceClass or fewer replicas",
			g.Database.InstanceClass, maxConn, pods, g.API.Replicas.Max, g.Admin.Replicas, MinPoolLimit))
	}
	return limit, nil
}

// MaxConnections is the default max_connections of an Aurora PostgreSQL
// instance class (resolve.AuroraMaxConnections).
func MaxConnections(class string) (int, error) { return resolve.AuroraMaxConnections(class) }
