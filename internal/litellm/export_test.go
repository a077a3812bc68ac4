package litellm

// Test access to unexported helpers.
var (
	ReleaseValues  = releaseValues
	ReadChartFS    = readChartFS
	InstanceMemory = instanceMemoryGiB
)
