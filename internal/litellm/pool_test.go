package litellm_test

import (
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

func TestMaxConnections(t *testing.T) {
	tests := []struct {
		class   string
		want    int
		wantErr bool
	}{
		{"db.t4g.medium", 419, false},
		{"db.t3.large", 839, false},
		{"db.r7g.large", 1678, false},
		{"db.r6g.xlarge", 3357, false},
		{"db.r8g.2xlarge", 5000, false},
		{"db.x2g.large", 3357, false},
		{"db.r7g.16xlarge", 5000, false},
		{"db.t4g.huge", 0, true},
		{"db.m5.large", 0, true},
		{"db.r7g.0xlarge", 0, true},
		{"r7g.large", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			got, err := litellm.MaxConnections(tt.class)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPoolLimit(t *testing.T) {
	tests := []struct {
		name     string
		class    string
		apiMax   int32
		admin    int32
		want     int
		errMatch string
	}{
		{"capped", "db.r7g.large", 12, 2, litellm.MaxPoolLimit, ""},
		// 419 × 80% = 335 connections over 60 + 2 + 2 pods.
		{"shared", "db.t4g.medium", 60, 2, 5, ""},
		{"too many pods", "db.t4g.medium", 200, 2, 0, "too few for 204 LiteLLM pods"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := example.Gateway(t, "dev")
			g.Database.InstanceClass = tt.class
			g.API.Replicas.Max = tt.apiMax
			g.Admin.Replicas = tt.admin
			got, err := litellm.PoolLimit(g)
			if tt.errMatch != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMatch) {
					t.Fatalf("err = %v, want %q", err, tt.errMatch)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
