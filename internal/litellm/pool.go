package litellm

import (
	"fmt"
	"strconv"
	"strings"

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
	// auroraBytesPerConnection is the divisor of AWS's max_connections formula.
	auroraBytesPerConnection = 9531392
	auroraMaxConnectionsCap  = 5000
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
		return 0, fmt.Errorf("database: %s allows about %d connections, too few for %d LiteLLM pods (api.replicas.max %d + admin.replicas %d + 2 during rollouts) with at least %d connections each; choose a larger database.instanceClass or fewer replicas",
			g.Database.InstanceClass, maxConn, pods, g.API.Replicas.Max, g.Admin.Replicas, MinPoolLimit)
	}
	return limit, nil
}

// MaxConnections is the default max_connections of an Aurora PostgreSQL
// instance class.
func MaxConnections(class string) (int, error) {
	gib, err := instanceMemoryGiB(class)
	if err != nil {
		return 0, err
	}
	return min(int(gib*1e9/auroraBytesPerConnection), auroraMaxConnectionsCap), nil
}

// instanceMemoryGiB knows the Aurora PostgreSQL classes: burstable (db.t3,
// db.t4g), memory optimised (db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g
// and their d variants: 8 GiB per vCPU) and db.x2g (16 GiB per vCPU).
func instanceMemoryGiB(class string) (float64, error) {
	parts := strings.Split(class, ".")
	if len(parts) != 3 || parts[0] != "db" {
		return 0, fmt.Errorf("database: instance class %q is not of the form db.<family>.<size>", class)
	}
	family, size := parts[1], parts[2]
	unknown := fmt.Errorf("database: cannot size the connection pool for instance class %q: aigw knows the Aurora PostgreSQL classes db.t3/t4g (medium, large), db.r5/r6g/r6i/r7g/r7i/r8g and db.x2g", class)
	switch {
	case strings.HasPrefix(family, "t"):
		gib, ok := map[string]float64{"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}[size]
		if !ok {
			return 0, unknown
		}
		return gib, nil
	case strings.HasPrefix(family, "r"), strings.HasPrefix(family, "x2"):
		perLarge := 16.0
		if strings.HasPrefix(family, "x2") {
			perLarge = 32
		}
		switch {
		case size == "large":
			return perLarge, nil
		case size == "xlarge":
			return 2 * perLarge, nil
		case strings.HasSuffix(size, "xlarge"):
			n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge"))
			if err != nil || n < 1 {
				return 0, unknown
			}
			return float64(n) * 2 * perLarge, nil
		}
	}
	return 0, unknown
}
