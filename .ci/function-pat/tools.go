//go:build tools

// Package tools pins function-patch-and-transform, the composition function
// the Compositions in crossplane/ use; .ci/tools/crossplane.sh builds it from
// this module so that tests can run it as a local process.
package tools

import (
	_ "github.com/crossplane-contrib/function-patch-and-transform"
)
