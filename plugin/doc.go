// Package plugin is aigw's side of the Argo CD config management plugin
// (CMP v2) contract: it reads what the repo-server passes to `aigw generate`
// (ARGOCD_APP_PARAMETERS, PARAM_*, ARGOCD_ENV_*, ARGOCD_APP_NAMESPACE,
// KUBE_VERSION, KUBE_API_VERSIONS) and announces the parameters the Argo CD
// UI shows (`aigw parameters`). The sidecar manifest is plugin.yaml at the
// repository root.
//
// Precedence for each setting: an Application parameter
// (ARGOCD_APP_PARAMETERS, or PARAM_<NAME> when that is absent) wins over an
// ARGOCD_ENV_AIGW_<NAME> variable (the Application's plugin env), which wins
// over the spec's own default.
package plugin
