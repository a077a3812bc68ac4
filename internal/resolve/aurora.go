package resolve

import (
	"fmt"
	"strconv"
	"strings"
)

// Aurora PostgreSQL's default max_connections formula.
const (
	auroraBytesPerConnection = 9531392
	auroraMaxConnectionsCap  = 5000
)

// AuroraMaxConnections is the default max_connections of an Aurora
// PostgreSQL instance class: LEAST(DBInstanceClassMemory/9531392, 5000),
// with the memory of AuroraMemoryGiB (GiB × 10^9, as AWS's own example does,
// which is below the real DBInstanceClassMemory and therefore conservative).
// The LiteLLM pool and the database connection alarm both use it.
func AuroraMaxConnections(class string) (int, error) {
	gib, err := AuroraMemoryGiB(class)
	if err != nil {
		return 0, err
	}
	return min(int(gib*1e9/auroraBytesPerConnection), auroraMaxConnectionsCap), nil
}

// AuroraMemoryGiB is the memory of an instance class. It knows the Aurora PostgreSQL classes: burstable (db.t3,
// db.t4g), memory optimised (db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g
// and their d variants: 8 GiB per vCPU) and db.x2g (16 GiB per vCPU).
func AuroraMemoryGiB(class string) (float64, error) {
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
