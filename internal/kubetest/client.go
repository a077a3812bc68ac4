package kubetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
)

// EnsureNamespace creates the namespace, or updates it, so that it carries
// labels (for example pod-security.kubernetes.io/enforce: restricted). As no
// controller manager runs, it also creates the namespace's "default"
// ServiceAccount, which the ServiceAccount admission plugin requires of Pods.
// It is idempotent.
func (s *Server) EnsureNamespace(ctx context.Context, name string, labels map[string]string) error {
	ns := &unstructured.Unstructured{}
	ns.SetAPIVersion("v1")
	ns.SetKind("Namespace")
	ns.SetName(name)
	ns.SetLabels(labels)
	if err := s.apply(ctx, ns, nil); err != nil {
		return fmt.Errorf("ensuring namespace %s: %w", name, err)
	}
	sa := &unstructured.Unstructured{}
	sa.SetAPIVersion("v1")
	sa.SetKind("ServiceAccount")
	sa.SetNamespace(name)
	sa.SetName("default")
	if err := s.apply(ctx, sa, nil); err != nil {
		return fmt.Errorf("ensuring namespace %s: %w", name, err)
	}
	return nil
}

// DryRunApply server-side applies obj with dryRun=All, field manager
// "aigw-test", force, and strict field validation (unknown or duplicate
// fields are errors), so the full validation and admission chain runs but
// nothing is stored. A namespaced object needs metadata.namespace, and the
// namespace must exist (see EnsureNamespace); a cluster-scoped object's
// namespace is ignored. The error names the object and carries the server's
// message; it wraps the API status error (see k8s.io/apimachinery/pkg/api/errors).
func (s *Server) DryRunApply(ctx context.Context, obj *unstructured.Unstructured) error {
	return s.apply(ctx, obj, []string{metav1.DryRunAll})
}

// DryRunCreate creates obj with dryRun=All and strict field validation. Use
// it rather than DryRunApply when the create path matters, for instance to
// see a Pod rejected by PodSecurity admission in enforce mode.
func (s *Server) DryRunCreate(ctx context.Context, obj *unstructured.Unstructured) error {
	ri, err := s.resource(obj)
	if err != nil {
		return fmt.Errorf("dry-run create %s: %w", describe(obj), err)
	}
	_, err = ri.Create(ctx, obj, metav1.CreateOptions{
		DryRun:          []string{metav1.DryRunAll},
		FieldManager:    s.manager,
		FieldValidation: metav1.FieldValidationStrict,
	})
	if err != nil {
		return fmt.Errorf("dry-run create %s: %w", describe(obj), err)
	}
	return nil
}

func (s *Server) apply(ctx context.Context, obj *unstructured.Unstructured, dryRun []string) error {
	verb := "apply"
	if len(dryRun) > 0 {
		verb = "dry-run apply"
	}
	if obj.GetName() == "" {
		return fmt.Errorf("%s %s: metadata.name is required", verb, describe(obj))
	}
	ri, err := s.resource(obj)
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, describe(obj), err)
	}
	data, err := obj.MarshalJSON()
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, describe(obj), err)
	}
	_, err = ri.Patch(ctx, obj.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{
		DryRun:          dryRun,
		Force:           new(true),
		FieldManager:    s.manager,
		FieldValidation: metav1.FieldValidationStrict,
	})
	if err != nil {
		return fmt.Errorf("%s %s: %w", verb, describe(obj), err)
	}
	return nil
}

// resource resolves obj's kind to a resource client, refreshing the REST
// mapper once if the kind is unknown.
func (s *Server) resource(obj *unstructured.Unstructured) (dynamic.ResourceInterface, error) {
	gvk := obj.GroupVersionKind()
	if gvk.Kind == "" || gvk.Version == "" {
		return nil, errors.New("apiVersion and kind are required")
	}
	mapping, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		s.mapper.Reset()
		mapping, err = s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("resolving the resource of %s: %w", gvk, err)
	}
	if mapping.Scope.Name() != meta.RESTScopeNameNamespace {
		return s.dynamic.Resource(mapping.Resource), nil
	}
	if obj.GetNamespace() == "" {
		return nil, fmt.Errorf("%s is namespaced but metadata.namespace is empty", gvk.Kind)
	}
	return s.dynamic.Resource(mapping.Resource).Namespace(obj.GetNamespace()), nil
}

// describe names an object for errors: "apiVersion Kind namespace/name".
func describe(obj *unstructured.Unstructured) string {
	name := obj.GetName()
	if name == "" {
		name = "<no name>"
	}
	if ns := obj.GetNamespace(); ns != "" {
		name = ns + "/" + name
	}
	return fmt.Sprintf("%s %s %s", obj.GetAPIVersion(), obj.GetKind(), name)
}

// IsRejected reports whether err (from DryRunApply or DryRunCreate) is the
// server refusing the object: invalid (schema, CEL or built-in validation),
// forbidden (admission), or a bad request (e.g. an unknown field). A
// server-side apply of a field the schema does not declare is included
// although the server reports it as an internal error (HTTP 500, see
// https://github.com/kubernetes/kubernetes/issues/139253).
func IsRejected(err error) bool {
	if apierrors.IsInvalid(err) || apierrors.IsForbidden(err) || apierrors.IsBadRequest(err) {
		return true
	}
	var status apierrors.APIStatus
	return errors.As(err, &status) &&
		status.Status().Code == http.StatusInternalServerError &&
		strings.Contains(status.Status().Message, "failed to create typed patch object")
}
