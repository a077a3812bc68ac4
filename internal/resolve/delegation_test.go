package resolve_test

import (
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestParentZone: spec.dns names the parent zone by ID or by environment;
// a parent environment must be another one whose domain contains this
// environment's.
func TestParentZone(t *testing.T) {
	base := string(example.Data(t))
	for _, tt := range []struct {
		name, from, to, env string
		want                *resolve.ParentZone
		err                 string
	}{
		{name: "example dev under prod", env: "dev",
			want: &resolve.ParentZone{Environment: "prod", Name: "ai-gateway-prod", Namespace: "ai-gateway-prod"}},
		{name: "prod has none", env: "prod"},
		{name: "zone ID", env: "dev", from: "dns: {parentEnvironment: prod}", to: "dns: {parentZoneId: Z0123456789ABCDEFGHIJ}",
			want: &resolve.ParentZone{ZoneID: "Z0123456789ABCDEFGHIJ"}},
		{name: "itself", env: "dev", from: "dns: {parentEnvironment: prod}", to: "dns: {parentEnvironment: dev}", err: "is this environment"},
		{name: "unknown", env: "dev", from: "dns: {parentEnvironment: prod}", to: "dns: {parentEnvironment: qa}", err: "qa"},
		{name: "not a subdomain", env: "dev", from: "domain: dev.ai.example.com", to: "domain: dev.example.org", err: "is not under ai.example.com"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.from != "" {
				src = strings.Replace(src, tt.from, tt.to, 1)
			}
			doc, err := spec.Parse("aigateway.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			g, err := resolve.Resolve(doc, resolve.Options{Environment: tt.env})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (g.ParentZone == nil) != (tt.want == nil) || (tt.want != nil && *g.ParentZone != *tt.want) {
				t.Errorf("ParentZone = %+v, want %+v", g.ParentZone, tt.want)
			}
		})
	}
}
