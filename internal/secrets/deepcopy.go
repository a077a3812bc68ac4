package secrets

import (
	"maps"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Hand-written deep copies (the types are small and have no generated code).

// DeepCopyObject implements runtime.Object.
func (in *ExternalSecret) DeepCopyObject() runtime.Object { return in.DeepCopy() }

// DeepCopy returns a deep copy.
func (in *ExternalSecret) DeepCopy() *ExternalSecret {
	if in == nil {
		return nil
	}
	out := &ExternalSecret{TypeMeta: in.TypeMeta}
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Spec = ExternalSecretSpec{
		Target:          Target{Name: in.Spec.Target.Name, CreationPolicy: in.Spec.Target.CreationPolicy, DeletionPolicy: in.Spec.Target.DeletionPolicy, Template: in.Spec.Target.Template.deepCopy()},
		RefreshPolicy:   in.Spec.RefreshPolicy,
		RefreshInterval: copyDuration(in.Spec.RefreshInterval),
		Data:            slices.Clone(in.Spec.Data),
	}
	if in.Spec.SecretStoreRef != nil {
		v := *in.Spec.SecretStoreRef
		out.Spec.SecretStoreRef = &v
	}
	if in.Spec.DataFrom != nil {
		out.Spec.DataFrom = make([]ExternalSecretDataFrom, len(in.Spec.DataFrom))
		for i, d := range in.Spec.DataFrom {
			if d.SourceRef != nil {
				ref := SourceRef{}
				if d.SourceRef.GeneratorRef != nil {
					g := *d.SourceRef.GeneratorRef
					ref.GeneratorRef = &g
				}
				out.Spec.DataFrom[i].SourceRef = &ref
			}
		}
	}
	return out
}

// DeepCopyObject implements runtime.Object.
func (in *PushSecret) DeepCopyObject() runtime.Object { return in.DeepCopy() }

// DeepCopy returns a deep copy.
func (in *PushSecret) DeepCopy() *PushSecret {
	if in == nil {
		return nil
	}
	out := &PushSecret{TypeMeta: in.TypeMeta}
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	s := in.Spec
	out.Spec = PushSecretSpec{
		RefreshInterval: copyDuration(s.RefreshInterval),
		SecretStoreRefs: slices.Clone(s.SecretStoreRefs),
		UpdatePolicy:    s.UpdatePolicy,
		DeletionPolicy:  s.DeletionPolicy,
		Template:        s.Template.deepCopy(),
	}
	if s.Selector.Secret != nil {
		v := *s.Selector.Secret
		out.Spec.Selector.Secret = &v
	}
	if s.Selector.GeneratorRef != nil {
		v := *s.Selector.GeneratorRef
		out.Spec.Selector.GeneratorRef = &v
	}
	if s.Data != nil {
		out.Spec.Data = make([]PushSecretData, len(s.Data))
		for i, d := range s.Data {
			out.Spec.Data[i] = PushSecretData{ConversionStrategy: d.ConversionStrategy, Match: d.Match}
			if d.Metadata != nil {
				m := *d.Metadata
				out.Spec.Data[i].Metadata = &m
			}
		}
	}
	return out
}

// DeepCopyObject implements runtime.Object.
func (in *Password) DeepCopyObject() runtime.Object { return in.DeepCopy() }

// DeepCopy returns a deep copy.
func (in *Password) DeepCopy() *Password {
	if in == nil {
		return nil
	}
	out := &Password{TypeMeta: in.TypeMeta}
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	s := in.Spec
	out.Spec = PasswordSpec{
		Length:           s.Length,
		Digits:           copyPtr(s.Digits),
		Symbols:          copyPtr(s.Symbols),
		SymbolCharacters: copyPtr(s.SymbolCharacters),
		NoUpper:          s.NoUpper,
		AllowRepeat:      s.AllowRepeat,
		Encoding:         s.Encoding,
		SecretKeys:       slices.Clone(s.SecretKeys),
	}
	return out
}

func (in *Template) deepCopy() *Template {
	if in == nil {
		return nil
	}
	out := &Template{Type: in.Type, EngineVersion: in.EngineVersion, MergePolicy: in.MergePolicy, Data: maps.Clone(in.Data)}
	if in.Metadata != nil {
		out.Metadata = &TemplateMetadata{Labels: maps.Clone(in.Metadata.Labels), Annotations: maps.Clone(in.Metadata.Annotations)}
	}
	return out
}

func copyDuration(d *metav1.Duration) *metav1.Duration {
	if d == nil {
		return nil
	}
	v := *d
	return &v
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
