package plugin

import (
	"strings"
	"testing"

	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// TestFromEnviron: parameters, plugin env and their precedence, as the
// repo-server passes them to aigw generate.
func TestFromEnviron(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    Request
		wantErr string
	}{
		{
			name:    "environment parameter",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev"}]`, "ARGOCD_APP_NAMESPACE=ai-gateway-dev", "ARGOCD_APP_NAME=gw-dev"},
			want:    Request{Environment: "dev", AppNamespace: "ai-gateway-dev", AppName: "gw-dev"},
		},
		{
			name:    "preview parameter of the previews ApplicationSet",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev"},{"name":"preview","string":"42"}]`, "ARGOCD_APP_NAMESPACE=ai-gateway-pr-42"},
			want:    Request{Environment: "dev", Preview: "42", AppNamespace: "ai-gateway-pr-42"},
		},
		{
			name:    "preview plugin env",
			environ: []string{"ARGOCD_APP_PARAMETERS=null", "ARGOCD_ENV_AIGW_PREVIEW=7"},
			want:    Request{Preview: "7"},
		},
		{
			name:    "parameter wins over plugin env",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"preview","string":"42"}]`, "ARGOCD_ENV_AIGW_PREVIEW=7", "ARGOCD_ENV_AIGW_ENVIRONMENT=dev"},
			want:    Request{Environment: "dev", Preview: "42"},
		},
		{
			name:    "PARAM_ variables are not read",
			environ: []string{"PARAM_PREVIEW=42", "PARAM_ENVIRONMENT=prod", "ARGOCD_ENV_AIGW_ENVIRONMENT=dev"},
			want:    Request{Environment: "dev"},
		},
		{
			name:    "capabilities",
			environ: []string{"ARGOCD_ENV_AIGW_ENVIRONMENT=dev", "KUBE_VERSION=1.34", "KUBE_API_VERSIONS=v1, apps/v1,,batch/v1"},
			want:    Request{Environment: "dev", KubeVersion: "1.34", APIVersions: []string{"apps/v1", "batch/v1", "v1"}},
		},
		{
			name:    "misspelled parameter",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"preveiw","string":"42"}]`},
			wantErr: "unknown plugin parameter(s) preveiw (aigw knows: environment, namespace, preview)",
		},
		{
			name:    "array parameter",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"preview","array":["42"]}]`},
			wantErr: `parameter "preview" must be a string`,
		},
		{
			name:    "parameter set twice",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev"},{"name":"environment","string":"prod"}]`},
			wantErr: `ARGOCD_APP_PARAMETERS: parameter "environment" is set twice`,
		},
		{
			name:    "string and array",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev","array":["prod"]}]`},
			wantErr: `ARGOCD_APP_PARAMETERS: parameter "environment" has both string and array values; give it a string only`,
		},
		{
			name:    "string and map",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"preview","string":"1","map":{"a":"b"}}]`},
			wantErr: `parameter "preview" has both string and map values`,
		},
		{
			name:    "no name",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev"},{"string":"prod"}]`},
			wantErr: "ARGOCD_APP_PARAMETERS: parameter 2 has no name",
		},
		{
			name:    "blank name",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":" ","string":"prod"}]`},
			wantErr: "ARGOCD_APP_PARAMETERS: parameter 1 has no name",
		},
		{
			name:    "empty array is still an array",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{"name":"environment","string":"dev","array":[]}]`},
			wantErr: `parameter "environment" has both string and array values`,
		},
		{
			name:    "not JSON",
			environ: []string{`ARGOCD_APP_PARAMETERS=[{`},
			wantErr: "ARGOCD_APP_PARAMETERS is not valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromEnviron(tt.environ)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Environment != tt.want.Environment || got.Namespace != tt.want.Namespace || got.Preview != tt.want.Preview ||
				got.AppNamespace != tt.want.AppNamespace || got.AppName != tt.want.AppName || got.KubeVersion != tt.want.KubeVersion ||
				strings.Join(got.APIVersions, ",") != strings.Join(tt.want.APIVersions, ",") {
				t.Errorf("FromEnviron = %+v, want %+v", *got, tt.want)
			}
		})
	}
}
