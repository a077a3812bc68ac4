package data

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// wantAlarms are the CloudWatch alarms each composite composes, by
// composition resource name, with the spec.alarms field of its threshold.
var wantAlarms = map[string]map[string]string{
	KindDatabase: {"alarm-cpu": "cpuPercent", "alarm-memory": "freeableMemoryBytes", "alarm-connections": "connections", "alarm-replica-lag": "replicaLagMillis"},
	KindCache:    {"alarm-cpu": "cpuPercent", "alarm-memory": "memoryPercent", "alarm-evictions": "evictions", "alarm-connections": "connections"},
	KindFirewall: {"alarm-alb-5xx": "target5xx", "alarm-alb-latency": "targetResponseSeconds", "alarm-alb-rejected": "rejectedConnections", "alarm-waf-blocked": ""},
}

// checkAlarms: every alarm of the composite exists, carries its threshold
// from the composite (which aigw computed from the spec and the tier),
// notifies the alarm topic (by ARN or by the topic label) on alarm and OK,
// and is tagged with the tier's severity; the cache alarms watch every node
// slot and the ALB alarms select the ALB by its alarm-scope tag.
func checkAlarms(t *testing.T, g *resolve.Gateway, xr *unstructured.Unstructured, byName map[string]*unstructured.Unstructured) {
	t.Helper()
	want := wantAlarms[xr.GetKind()]
	sev := "notify"
	if g.Tier == "production" {
		sev = "page"
	}
	id := Identifier(g)
	for name, field := range want {
		a := byName[name]
		if a == nil || a.GetKind() != "MetricAlarm" {
			t.Errorf("no MetricAlarm %s", name)
			continue
		}
		if field != "" {
			th, _, _ := unstructured.NestedFieldNoCopy(xr.Object, "spec", "alarms", field)
			if got := str(a, "spec", "forProvider", "threshold"); got != fmt.Sprint(th) || th == nil {
				t.Errorf("%s: threshold %s, want spec.alarms.%s %v", name, got, field, th)
			}
		}
		if got := str(a, "spec", "forProvider", "tags", "aigw.dev/severity"); got != sev {
			t.Errorf("%s: severity %s, want %s", name, got, sev)
		}
		if arn := g.Monitor.Alarms.TopicArn; arn != "" {
			for _, f := range []string{"alarmActions", "okActions"} {
				if got := str(a, "spec", "forProvider", f); got != "["+arn+"]" {
					t.Errorf("%s: %s %s, want [%s]", name, f, got, arn)
				}
			}
		} else {
			for _, f := range []string{"alarmActionsSelector", "okActionsSelector"} {
				if got := str(a, "spec", "forProvider", f, "matchLabels", "aigw.dev/alarm-topic"); got != id {
					t.Errorf("%s: %s selects topic %q, want %q", name, f, got, id)
				}
			}
		}
		queries, _, _ := unstructured.NestedFieldNoCopy(a.Object, "spec", "forProvider", "metricQuery")
		switch {
		case xr.GetKind() == KindCache:
			var nodes []string
			for _, q := range queries.([]any) {
				if n := str(&unstructured.Unstructured{Object: q.(map[string]any)}, "metric", "dimensions", "CacheClusterId"); n != "<nil>" {
					nodes = append(nodes, n)
				}
			}
			if len(nodes) != 6 || nodes[0] != id+"-001" || nodes[5] != id+"-006" {
				t.Errorf("%s: watches nodes %v, want %s-001 to -006", name, nodes, id)
			}
		case strings.HasPrefix(name, "alarm-alb-"):
			e := str(&unstructured.Unstructured{Object: queries.([]any)[0].(map[string]any)}, "expression")
			if !strings.Contains(e, "WHERE tag."+AlarmScopeTag+" = '"+id+"'") {
				t.Errorf("%s: query %s does not select the ALB's %s tag %s", name, e, AlarmScopeTag, id)
			}
		case name == "alarm-waf-blocked":
			if got := str(a, "spec", "forProvider", "metricQuery"); !strings.Contains(got, "WebACL:"+id) || !strings.Contains(got, "ANOMALY_DETECTION_BAND(blocked, ") {
				t.Errorf("%s: %s", name, got)
			}
		}
	}
	if xr.GetKind() == KindFirewall {
		topic := byName["alarm-topic"]
		if (topic != nil) != (g.Monitor.Alarms.TopicArn == "") {
			t.Errorf("alarm topic composed: %v, topicArn %q", topic != nil, g.Monitor.Alarms.TopicArn)
		}
		if topic != nil && topic.GetLabels()["aigw.dev/alarm-topic"] != id {
			t.Errorf("alarm topic labels %v", topic.GetLabels())
		}
	}
	var got []string
	for n, o := range byName {
		if o.GetKind() == "MetricAlarm" {
			got = append(got, n)
		}
	}
	if len(got) != len(want) {
		slices.Sort(got)
		t.Errorf("alarms %v, want %d", got, len(want))
	}
}
