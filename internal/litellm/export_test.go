package litellm

// Test access to unexported helpers.
var (
	ReleaseValues  = releaseValues
	InstanceMemory = instanceMemoryGiB
)
