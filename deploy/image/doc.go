// Package image holds the container image definition of aigw (Dockerfile)
// and its tests: with no container engine at hand, they check the
// Dockerfile's promises (a static, multi-arch, non-root build on a minimal
// base) and that the binary builds statically for linux/amd64 and
// linux/arm64. There is no Go code to import here.
package image
