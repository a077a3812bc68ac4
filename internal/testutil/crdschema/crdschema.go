// Package crdschema validates objects against upstream CustomResourceDefinitions
// the way the API server does, without running one: unknown fields (pruning),
// the OpenAPI v3 schema, list-type uniqueness and the CEL rules
// (x-kubernetes-validations), plus the schema defaults.
//
// It is test support: tests load the CRDs from kubetest.CRDsDir() (the
// structural copies in third_party/crds) and check every object a builder
// emits. The real
// kube-apiserver tests (internal/kubetest) remain the final word; this package
// makes the same checks fast and available in every unit test.
package crdschema

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"
)

// Set holds the schemas of every served version of the loaded CRDs.
type Set struct {
	versions map[gvk]*version
}

type gvk struct{ apiVersion, kind string }

type version struct {
	crd        string
	namespaced bool
	status     bool // the status subresource is enabled
	structural *structuralschema.Structural
	validator  validation.SchemaValidator
	cel        *cel.Validator
}

// Load reads every apiextensions.k8s.io/v1 CustomResourceDefinition in the
// *.yaml and *.yml files under dir (recursively). A CRD found twice (a bundle
// and its single files) is loaded once.
func Load(dir string) (*Set, error) {
	s := &Set{versions: map[gvk]*version{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || (!strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml")) {
			return nil
		}
		return s.loadFile(path)
	})
	if err != nil {
		return nil, fmt.Errorf("loading CRDs from %s: %w", dir, err)
	}
	return s, nil
}

func (s *Set) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(doc, &crd); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if crd.Kind != "CustomResourceDefinition" || crd.APIVersion != apiextensionsv1.SchemeGroupVersion.String() {
			continue
		}
		if err := s.add(&crd); err != nil {
			return fmt.Errorf("%s: CRD %s: %w", path, crd.Name, err)
		}
	}
}

func (s *Set) add(crd *apiextensionsv1.CustomResourceDefinition) error {
	for i := range crd.Spec.Versions {
		v := &crd.Spec.Versions[i]
		if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		key := gvk{crd.Spec.Group + "/" + v.Name, crd.Spec.Names.Kind}
		if _, dup := s.versions[key]; dup {
			continue
		}
		var internal apiextensions.JSONSchemaProps
		if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
			return fmt.Errorf("version %s: %w", v.Name, err)
		}
		st, err := structuralschema.NewStructural(&internal)
		if err != nil {
			return fmt.Errorf("version %s: structural schema: %w", v.Name, err)
		}
		sv, _, err := validation.NewSchemaValidator(&internal)
		if err != nil {
			return fmt.Errorf("version %s: schema validator: %w", v.Name, err)
		}
		s.versions[key] = &version{
			crd:        crd.Name,
			namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
			status:     v.Subresources != nil && v.Subresources.Status != nil,
			structural: st,
			validator:  sv,
			cel:        cel.NewValidator(st, true, celconfig.PerCallLimit),
		}
	}
	return nil
}

// Has reports whether a CRD serves apiVersion and kind.
func (s *Set) Has(apiVersion, kind string) bool {
	_, ok := s.versions[gvk{apiVersion, kind}]
	return ok
}

// Namespaced reports whether the kind is namespaced; false for unknown kinds.
func (s *Set) Namespaced(apiVersion, kind string) bool {
	v, ok := s.versions[gvk{apiVersion, kind}]
	return ok && v.namespaced
}

func (s *Set) lookup(obj map[string]any) (*version, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	v, ok := s.versions[gvk{apiVersion, kind}]
	if !ok {
		return nil, fmt.Errorf("no CRD serves %s %s", apiVersion, kind)
	}
	return v, nil
}

// Validate checks obj (the JSON form of one object) as the API server would
// on create: no unknown fields, the OpenAPI schema, list-type uniqueness and
// every CEL rule, after applying the schema defaults to a copy. Like the API
// server, it ignores the status of a kind with a status subresource. It
// returns every problem found, joined.
func (s *Set) Validate(obj map[string]any) error {
	v, err := s.lookup(obj)
	if err != nil {
		return err
	}
	o := v.copy(obj)
	var errs field.ErrorList
	if unknown := pruning.PruneWithOptions(runtime.DeepCopyJSON(o), v.structural, true,
		structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}); len(unknown) > 0 {
		for _, p := range unknown {
			errs = append(errs, field.Invalid(field.NewPath(p), nil, "unknown field (the API server would prune it)"))
		}
	}
	structuraldefaulting.Default(o, v.structural)
	errs = append(errs, validation.ValidateCustomResource(nil, o, v.validator)...)
	errs = append(errs, listtype.ValidateListSetsAndMaps(nil, v.structural, o)...)
	if v.cel != nil {
		celErrs, _ := v.cel.Validate(context.Background(), nil, v.structural, o, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	sort.Strings(msgs)
	return fmt.Errorf("%s %s/%s is invalid against CRD %s:\n  %s", obj["kind"], namespaceOf(obj), nameOf(obj), v.crd, strings.Join(msgs, "\n  "))
}

// Defaulted returns a copy of obj with the CRD's schema defaults applied, as
// the API server stores it, without the status of a kind with a status
// subresource (the API server ignores it on create and Argo CD does not
// compare it). An object equal to its defaulted form shows no permanent diff
// in Argo CD.
func (s *Set) Defaulted(obj map[string]any) (map[string]any, error) {
	v, err := s.lookup(obj)
	if err != nil {
		return nil, err
	}
	o := v.copy(obj)
	structuraldefaulting.Default(o, v.structural)
	if v.status {
		delete(o, "status")
	}
	return o, nil
}

// copy returns a deep copy of obj as the API server decodes it: without
// null values of fields that are neither nullable nor defaulted (a typed Go
// object serialises an unset field without omitempty as null), and without
// its status when the API server would ignore it.
func (v *version) copy(obj map[string]any) map[string]any {
	o := runtime.DeepCopyJSON(obj)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(o, v.structural)
	if v.status {
		delete(o, "status")
	}
	return o
}

func nameOf(obj map[string]any) string {
	m, _ := obj["metadata"].(map[string]any)
	n, _ := m["name"].(string)
	return n
}

func namespaceOf(obj map[string]any) string {
	m, _ := obj["metadata"].(map[string]any)
	n, _ := m["namespace"].(string)
	return n
}
