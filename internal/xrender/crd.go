package xrender

import (
	"encoding/json"
	"fmt"
	"maps"

	xpv2 "github.com/crossplane/crossplane/apis/v2/apiextensions/v2"
	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// maxCompositeNameLength is the longest composite name Crossplane's derived
// CRD admits (composed resources are labelled with it).
const maxCompositeNameLength = 63

// CompositeCRD derives the CustomResourceDefinition Crossplane v2 serves for
// the composite resources of xrd: the XRD's schema with Crossplane's own
// fields added (spec.crossplane for Namespaced and Cluster scopes,
// status.conditions), the category "composite", the status subresource and
// Crossplane's printer columns. It follows Crossplane's xcrd package for
// v2-scoped XRDs; claims and LegacyCluster fields are not derived.
func CompositeCRD(xrd *xpv2.CompositeResourceDefinition) (*extv1.CustomResourceDefinition, error) {
	scope := xrd.Spec.Scope
	if scope == "" {
		scope = xpv2.CompositeResourceScopeNamespaced
	}
	if scope != xpv2.CompositeResourceScopeNamespaced && scope != xpv2.CompositeResourceScopeCluster {
		return nil, fmt.Errorf("XRD %s: scope %s is not derived here", xrd.GetName(), scope)
	}
	crd := &extv1.CustomResourceDefinition{
		TypeMeta: metav1.TypeMeta{APIVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   xrd.GetName(),
			Labels: maps.Clone(xrd.GetLabels()),
		},
		Spec: extv1.CustomResourceDefinitionSpec{
			Group:      xrd.Spec.Group,
			Names:      *xrd.Spec.Names.DeepCopy(),
			Scope:      extv1.ClusterScoped,
			Conversion: xrd.Spec.Conversion.DeepCopy(),
		},
	}
	if scope == xpv2.CompositeResourceScopeNamespaced {
		crd.Spec.Scope = extv1.NamespaceScoped
	}
	if m := xrd.Spec.Metadata; m != nil {
		if len(m.Labels) > 0 && crd.Labels == nil {
			crd.Labels = map[string]string{}
		}
		maps.Copy(crd.Labels, m.Labels)
		crd.Annotations = maps.Clone(m.Annotations)
	}
	crd.Spec.Names.Categories = append(crd.Spec.Names.Categories, "composite")

	for _, v := range xrd.Spec.Versions {
		var policy *string
		if p := xrd.Spec.DefaultCompositionUpdatePolicy; p != nil {
			policy = ptr.To(string(*p))
		}
		cv, err := compositeVersion(v, policy)
		if err != nil {
			return nil, fmt.Errorf("XRD %s version %s: %w", xrd.GetName(), v.Name, err)
		}
		crd.Spec.Versions = append(crd.Spec.Versions, *cv)
	}
	return crd, nil
}

func compositeVersion(v xpv2.CompositeResourceDefinitionVersion, updatePolicy *string) (*extv1.CustomResourceDefinitionVersion, error) {
	if v.Schema == nil || len(v.Schema.OpenAPIV3Schema.Raw) == 0 {
		return nil, fmt.Errorf("no openAPIV3Schema")
	}
	var s extv1.JSONSchemaProps
	if err := json.Unmarshal(v.Schema.OpenAPIV3Schema.Raw, &s); err != nil {
		return nil, fmt.Errorf("parsing openAPIV3Schema: %w", err)
	}

	nameLen := int64(maxCompositeNameLength)
	if old := s.Properties["metadata"].Properties["name"].MaxLength; old != nil && *old < nameLen {
		nameLen = *old
	}
	spec := s.Properties["spec"]
	spec.Type = "object"
	spec.Properties = maps.Clone(spec.Properties)
	if spec.Properties == nil {
		spec.Properties = map[string]extv1.JSONSchemaProps{}
	}
	spec.Properties["crossplane"] = crossplaneSpec(updatePolicy)
	status := s.Properties["status"]
	status.Type = "object"
	status.Properties = maps.Clone(status.Properties)
	if status.Properties == nil {
		status.Properties = map[string]extv1.JSONSchemaProps{}
	}
	status.Properties["conditions"] = conditionsSchema()

	cv := &extv1.CustomResourceDefinitionVersion{
		Name:               v.Name,
		Served:             v.Served,
		Storage:            v.Referenceable,
		Deprecated:         ptr.Deref(v.Deprecated, false),
		DeprecationWarning: v.DeprecationWarning,
		Schema: &extv1.CustomResourceValidation{OpenAPIV3Schema: &extv1.JSONSchemaProps{
			Type:         "object",
			Description:  s.Description,
			Required:     []string{"spec"},
			XValidations: s.XValidations,
			Properties: map[string]extv1.JSONSchemaProps{
				"apiVersion": {Type: "string"},
				"kind":       {Type: "string"},
				"metadata": {Type: "object", Properties: map[string]extv1.JSONSchemaProps{
					"name": {Type: "string", MaxLength: &nameLen},
				}},
				"spec":   spec,
				"status": status,
			},
		}},
		Subresources:             &extv1.CustomResourceSubresources{Status: &extv1.CustomResourceSubresourceStatus{}},
		AdditionalPrinterColumns: append(append([]extv1.CustomResourceColumnDefinition(nil), v.AdditionalPrinterColumns...), printerColumns()...),
	}
	if v.Subresources != nil && v.Subresources.Scale != nil {
		cv.Subresources.Scale = v.Subresources.Scale.DeepCopy()
	}
	return cv, nil
}

// crossplaneSpec is spec.crossplane: how Crossplane composes the composite.
func crossplaneSpec(updatePolicy *string) extv1.JSONSchemaProps {
	nameRef := extv1.JSONSchemaProps{
		Type:       "object",
		Required:   []string{"name"},
		Properties: map[string]extv1.JSONSchemaProps{"name": {Type: "string"}},
	}
	labelSelector := extv1.JSONSchemaProps{
		Type:     "object",
		Required: []string{"matchLabels"},
		Properties: map[string]extv1.JSONSchemaProps{"matchLabels": {
			Type:                 "object",
			AdditionalProperties: &extv1.JSONSchemaPropsOrBool{Allows: true, Schema: &extv1.JSONSchemaProps{Type: "string"}},
		}},
	}
	policy := extv1.JSONSchemaProps{
		Type: "string",
		Enum: []extv1.JSON{{Raw: []byte(`"Automatic"`)}, {Raw: []byte(`"Manual"`)}},
	}
	if updatePolicy != nil {
		raw, _ := json.Marshal(*updatePolicy) // a string always marshals
		policy.Default = &extv1.JSON{Raw: raw}
	}
	return extv1.JSONSchemaProps{
		Type:        "object",
		Description: "Configures how Crossplane will reconcile this composite resource",
		Properties: map[string]extv1.JSONSchemaProps{
			"compositionRef":              nameRef,
			"compositionSelector":         labelSelector,
			"compositionRevisionRef":      nameRef,
			"compositionRevisionSelector": labelSelector,
			"compositionUpdatePolicy":     policy,
			"resourceRefs": {
				Type:      "array",
				XListType: ptr.To("atomic"),
				Items: &extv1.JSONSchemaPropsOrArray{Schema: &extv1.JSONSchemaProps{
					Type:     "object",
					Required: []string{"apiVersion", "kind"},
					Properties: map[string]extv1.JSONSchemaProps{
						"apiVersion": {Type: "string"},
						"kind":       {Type: "string"},
						"name":       {Type: "string"},
					},
				}},
			},
		},
	}
}

// conditionsSchema is status.conditions.
func conditionsSchema() extv1.JSONSchemaProps {
	return extv1.JSONSchemaProps{
		Description:  "Conditions of the resource.",
		Type:         "array",
		XListType:    ptr.To("map"),
		XListMapKeys: []string{"type"},
		Items: &extv1.JSONSchemaPropsOrArray{Schema: &extv1.JSONSchemaProps{
			Type:     "object",
			Required: []string{"lastTransitionTime", "reason", "status", "type"},
			Properties: map[string]extv1.JSONSchemaProps{
				"lastTransitionTime": {Type: "string", Format: "date-time"},
				"message":            {Type: "string"},
				"observedGeneration": {Type: "integer", Format: "int64"},
				"reason":             {Type: "string"},
				"status":             {Type: "string"},
				"type":               {Type: "string"},
			},
		}},
	}
}

func printerColumns() []extv1.CustomResourceColumnDefinition {
	return []extv1.CustomResourceColumnDefinition{
		{Name: "SYNCED", Type: "string", JSONPath: ".status.conditions[?(@.type=='Synced')].status"},
		{Name: "READY", Type: "string", JSONPath: ".status.conditions[?(@.type=='Ready')].status"},
		{Name: "COMPOSITION", Type: "string", JSONPath: ".spec.crossplane.compositionRef.name"},
		{Name: "COMPOSITIONREVISION", Type: "string", JSONPath: ".spec.crossplane.compositionRevisionRef.name", Priority: 1},
		{Name: "AGE", Type: "date", JSONPath: ".metadata.creationTimestamp"},
	}
}
