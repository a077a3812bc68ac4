package data

import (
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// AlarmScopeTag is the ALB tag the load balancer alarms select on
// (CloudWatch Metrics Insights queries can filter by resource tag; the
// ALB's ARN, which its metrics' LoadBalancer dimension holds, exists only
// once the load balancer controller created it). Its value is the
// composites' identifier. Letters only, so that the query needs no quoting.
const AlarmScopeTag = "AigwAlarmScope"

// Alarm severities: production pages, the other tiers notify.
const (
	SeverityPage   = "page"
	SeverityNotify = "notify"
)

// alarms is the spec.alarms of a composite: its severity, the SNS topic
// (when the spec names one), and the thresholds of its kind.
func alarms(g *resolve.Gateway, thresholds map[string]any) map[string]any {
	a := map[string]any{"severity": SeverityNotify}
	if g.Tier == spec.TierProduction {
		a["severity"] = SeverityPage
	}
	if arn := g.Monitor.Alarms.TopicArn; arn != "" {
		a["topicArn"] = arn
	}
	for k, v := range thresholds {
		a[k] = v
	}
	return a
}

// databaseAlarms are the AuroraPostgreSQL thresholds: memory and
// connections are shares of what the instance class has.
func databaseAlarms(g *resolve.Gateway) (map[string]any, error) {
	a := g.Monitor.Alarms
	gib, err := resolve.AuroraMemoryGiB(g.Database.InstanceClass)
	if err != nil {
		return nil, err
	}
	maxConn, err := resolve.AuroraMaxConnections(g.Database.InstanceClass)
	if err != nil {
		return nil, err
	}
	return alarms(g, map[string]any{
		"cpuPercent":          int64(a.DatabaseCPUPercent),
		"freeableMemoryBytes": int64(gib * 1e9 * float64(a.DatabaseFreeMemoryPercent) / 100),
		"connections":         int64(maxConn * int(a.DatabaseConnectionsPercent) / 100),
		"replicaLagMillis":    int64(a.DatabaseReplicaLagMillis),
	}), nil
}

func cacheAlarms(g *resolve.Gateway) map[string]any {
	a := g.Monitor.Alarms
	return alarms(g, map[string]any{
		"cpuPercent":    int64(a.CacheCPUPercent),
		"memoryPercent": int64(a.CacheMemoryPercent),
		"evictions":     int64(a.CacheEvictions),
		"connections":   int64(a.CacheConnections),
	})
}

// firewallAlarms also carry the load balancer's: the WebFirewall is the
// edge's composite. It creates the alarm topic when the spec names none.
func firewallAlarms(g *resolve.Gateway) map[string]any {
	a := g.Monitor.Alarms
	return alarms(g, map[string]any{
		"createTopic":              a.TopicArn == "",
		"target5xx":                int64(a.ALBTarget5xx),
		"targetResponseSeconds":    int64(a.ALBTargetResponseSeconds),
		"rejectedConnections":      int64(a.ALBRejectedConnections),
		"blockedRequestsBandWidth": int64(a.WAFBlockedBandWidth),
	})
}
