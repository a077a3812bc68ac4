//go:build tools

// Package tools pins the Crossplane CLI (`crossplane render`) that the
// composition tests run; .ci/tools/crossplane.sh builds it from this module.
package tools

import (
	_ "github.com/crossplane/crossplane/v2/cmd/crank"
)
