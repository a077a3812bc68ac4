// Package aigw holds the files embedded into the binary: the Kustomize base
// and overlays, the LiteLLM chart and the plugin manifest.
package aigw

import "embed"

// Files holds base/ (with base/charts/litellm), overlays/ and plugin.yaml.
//
//go:embed all:base overlays plugin.yaml
var Files embed.FS
