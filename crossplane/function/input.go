package main

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Input API of the function.
const (
	InputAPIVersion = "slots.fn.aigw.dev/v1alpha1"
	InputKind       = "Slots"
)

// Slots is the function's input.
type Slots struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Groups of slots; a composed resource belongs to at most one group.
	Groups []Group `json:"groups"`
}

// Group is one repeated or optional part of a Composition.
type Group struct {
	// Prefix selects the repeated slots: composed resources named
	// <prefix><index>, index a decimal number.
	Prefix string `json:"prefix,omitempty"`
	// First is the index of the first slot (default 0). Slots First to
	// First+count-1 are kept.
	First int `json:"first,omitempty"`
	// Slots is the number of slot templates the Composition holds for the
	// prefix; a larger count is a fatal error.
	Slots int `json:"slots,omitempty"`
	// Names selects an optional part: these composed resources are kept when
	// the count is at least 1.
	Names []string `json:"names,omitempty"`
	// CountFieldPath is the field of the observed composite resource holding
	// the count: an integer, an array (its length) or a boolean (1 or 0).
	CountFieldPath string `json:"countFieldPath"`
}

// DeepCopyObject implements runtime.Object; the input is only ever decoded.
func (s *Slots) DeepCopyObject() runtime.Object {
	out := *s
	out.ObjectMeta = *s.ObjectMeta.DeepCopy()
	out.Groups = make([]Group, len(s.Groups))
	for i, g := range s.Groups {
		out.Groups[i] = g
		out.Groups[i].Names = append([]string(nil), g.Names...)
	}
	return &out
}
