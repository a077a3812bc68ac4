package preview_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/preview"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

func TestImages(t *testing.T) {
	g := example.Preview(t, "42")
	tests := []struct {
		database, cache  string
		postgres, valkey string
		wantErr          string
	}{
		{database: "16.6", cache: "8.1", postgres: "docker.io/library/postgres:16-alpine", valkey: "docker.io/valkey/valkey:8.1-alpine"},
		{database: "17", cache: "8.1.4", postgres: "docker.io/library/postgres:17-alpine", valkey: "docker.io/valkey/valkey:8.1.4-alpine"},
		{database: "15.10.2", cache: "7.2", postgres: "docker.io/library/postgres:15-alpine", valkey: "docker.io/valkey/valkey:7.2-alpine"},
		{database: "latest", cache: "8.1", wantErr: "no major version"},
		{database: ".6", cache: "8.1", wantErr: "no major version"},
	}
	for _, tt := range tests {
		t.Run(tt.database, func(t *testing.T) {
			g.Database.EngineVersion, g.Cache.EngineVersion = tt.database, tt.cache
			got, err := preview.PostgresImage(g)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.postgres {
				t.Errorf("PostgresImage = %q, %v; want %q", got, err, tt.postgres)
			}
			if got := preview.ValkeyImage(g); got != tt.valkey {
				t.Errorf("ValkeyImage = %q, want %q", got, tt.valkey)
			}
		})
	}
}

// TestEndpoints: the endpoint ConfigMaps carry the keys the Crossplane
// compositions write, pointing at the preview's own Services.
func TestEndpoints(t *testing.T) {
	g := example.Preview(t, "42")
	objs := build(t, g)
	db, vk := g.Contract().Database.Endpoint, g.Contract().Cache.Endpoint
	for name, want := range map[string]map[string]string{
		db.ConfigMap: {
			db.HostKey: "ai-gateway-postgres.ai-gateway-pr-42.svc", db.ReaderHostKey: "ai-gateway-postgres.ai-gateway-pr-42.svc",
			db.PortKey: "5432", db.DBNameKey: "litellm",
		},
		vk.ConfigMap: {vk.HostKey: "ai-gateway-valkey.ai-gateway-pr-42.svc", vk.PortKey: "6379"},
	} {
		cm := find(objs, "ConfigMap", name)
		if cm == nil {
			t.Errorf("no ConfigMap %s", name)
			continue
		}
		got, _, _ := unstructured.NestedStringMap(cm.Object, "data")
		if len(got) != len(want) {
			t.Errorf("%s data %v, want %v", name, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s %s = %q, want %q", name, k, got[k], v)
			}
		}
	}
	for _, svc := range []string{g.Contract().Database.Pod.Name, g.Contract().Cache.Pod.Name} {
		if find(objs, "Service", svc) == nil || find(objs, "Deployment", svc) == nil {
			t.Errorf("no Service and Deployment %s", svc)
		}
	}
}
