// Package plugin is aigw's side of the Argo CD config management plugin
// (CMP v2) contract: it reads what the repo-server passes to `aigw generate`
// (ARGOCD_APP_PARAMETERS, ARGOCD_ENV_*, ARGOCD_APP_NAMESPACE,
// KUBE_VERSION, KUBE_API_VERSIONS) and announces the parameters the Argo CD
// UI shows (`aigw parameters`). The sidecar manifest is plugin.yaml at the
// repository root.
//
// Precedence for each setting: an Application parameter
// (ARGOCD_APP_PARAMETERS) wins over the Application's plugin env AIGW_<NAME>
// (which Argo CD passes as ARGOCD_ENV_AIGW_<NAME>), which wins over the
// spec's own default.
package plugin
