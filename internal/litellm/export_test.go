package litellm

import "github.com/aigw-dev/aigw/internal/resolve"

// Test access to unexported helpers.
var (
	ReleaseValues  = releaseValues
	InstanceMemory = resolve.AuroraMemoryGiB
)
