// Package render is the one-way pipeline of aigw:
//
//	spec (decode, default, validate) → resolve (environment) →
//	component builders (typed objects) → assemble (Kustomize, in memory) →
//	one deterministic stream (stable order, Argo CD sync waves).
//
// Each stage is its own package with a small API; render only wires them.
package render
