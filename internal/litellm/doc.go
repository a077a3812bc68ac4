// Package litellm renders LiteLLM as two Helm releases of one chart, in
// process with the Helm SDK: <gateway>-api (inference, schema migrations,
// HPA) and <gateway>-admin (UI, Entra ID SSO, fixed replicas, never
// migrates).
//
// The chart is, in order of precedence, a folder of the application
// (spec.litellm.chart.path), a chart repository (spec.litellm.chart.repository
// with name and version, pulled with the Helm SDK and cached), or the chart
// embedded in aigw (base/charts/litellm). Package chartsource reads it
// before the builders run; the builder gets its files in
// component.Input.Chart and does no I/O. The values passed to it use the key
// names of the official litellm-helm chart, so that chart can be used
// instead; see values.go for the keys and what they carry.
//
// Rendering is Helm's client-only install (helm template): no cluster is
// contacted, and hooks stay annotated. The output is then normalised the same
// way whatever the chart:
//
//   - every object gets the gateway's namespace and labels, and a sync wave;
//   - the migration Job becomes an Argo CD Sync hook in a wave between the
//     data stores and the workloads (see MigrationHook for why not PreSync),
//     deleted before it is created again;
//   - the Job's pod is labelled component=migrations and the Service and
//     PodDisruptionBudget select the serving pods by component, so the Job
//     never receives traffic;
//   - duplicate environment variables are reduced to the last one (what the
//     kubelet does anyway);
//   - a Secret carrying data is an error: secrets only come from External
//     Secrets (package secrets).
package litellm
