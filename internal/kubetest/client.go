package kubetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"sigs.k8s.io/yaml"
)

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

const (
	// defaultCRDTimeout bounds InstallCRDs when ctx has no deadline.
	defaultCRDTimeout = 3 * time.Minute
	crdWorkers        = 2
	pollInterval      = 100 * time.Millisecond
)

// crd is one CustomResourceDefinition read from a file.
type crd struct {
	name string
	file string
	json []byte
	obj  *unstructured.Unstructured
}

// InstallCRDs creates (server-side applies) every apiextensions.k8s.io/v1
// CustomResourceDefinition found in the *.yaml and *.yml files under dir,
// recursively and including multi-document files, waits until all of them
// are Established and served by discovery, and then resets the REST mapper.
// Documents of other kinds are ignored; the same CRD appearing twice is
// accepted only if both copies are identical. It is idempotent.
func (s *Server) InstallCRDs(ctx context.Context, dir string) error {
	crds, err := loadCRDs(dir)
	if err != nil {
		return fmt.Errorf("installing CRDs from %s: %w", dir, err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultCRDTimeout)
		defer cancel()
	}
	if err := s.applyCRDs(ctx, crds); err != nil {
		return fmt.Errorf("installing CRDs from %s: %w", dir, err)
	}
	if err := s.waitCRDs(ctx, crds); err != nil {
		return fmt.Errorf("installing CRDs from %s: %w%s", dir, err, s.apiserver.tail())
	}
	s.mapper.Reset()
	return nil
}

// loadCRDs reads the CRDs under dir in a stable order.
func loadCRDs(dir string) ([]crd, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walking: %w", err)
	}
	slices.Sort(files)

	var crds []crd
	seen := map[string]int{}
	for _, file := range files {
		docs, err := readCRDFile(file)
		if err != nil {
			return nil, err
		}
		for _, c := range docs {
			if i, ok := seen[c.name]; ok {
				if !bytes.Equal(crds[i].json, c.json) {
					return nil, fmt.Errorf("CRD %s is defined differently in %s and %s", c.name, crds[i].file, c.file)
				}
				continue
			}
			seen[c.name] = len(crds)
			crds = append(crds, c)
		}
	}
	if len(crds) == 0 {
		return nil, errors.New("no CustomResourceDefinition found")
	}
	return crds, nil
}

func readCRDFile(file string) ([]crd, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading CRDs: %w", err)
	}
	defer f.Close()
	var crds []crd
	r := utilyaml.NewYAMLReader(bufio.NewReader(f))
	for n := 1; ; n++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return crds, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		data, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("parsing %s (document %d): %w", file, n, err)
		}
		obj := &unstructured.Unstructured{}
		if t := bytes.TrimSpace(data); len(t) == 0 || bytes.Equal(t, []byte("null")) {
			continue
		}
		if err := obj.UnmarshalJSON(data); err != nil {
			return nil, fmt.Errorf("parsing %s (document %d): %w", file, n, err)
		}
		if obj.GetKind() != "CustomResourceDefinition" {
			continue
		}
		if obj.GetAPIVersion() != "apiextensions.k8s.io/v1" {
			return nil, fmt.Errorf("%s (document %d): CRD %s has unsupported apiVersion %q", file, n, obj.GetName(), obj.GetAPIVersion())
		}
		if obj.GetName() == "" {
			return nil, fmt.Errorf("%s (document %d): CRD without metadata.name", file, n)
		}
		crds = append(crds, crd{name: obj.GetName(), file: file, json: data, obj: obj})
	}
}

// applyCRDs server-side applies the CRDs with a few parallel workers.
func (s *Server) applyCRDs(ctx context.Context, crds []crd) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan crd)
	errs := make(chan error, len(crds))
	var wg sync.WaitGroup
	for range min(crdWorkers, len(crds)) {
		wg.Go(func() {
			for c := range jobs {
				_, err := s.dynamic.Resource(crdGVR).Patch(ctx, c.name, types.ApplyPatchType, c.json,
					metav1.PatchOptions{FieldManager: FieldManager, Force: new(true)})
				if err != nil {
					errs <- fmt.Errorf("creating CRD %s (from %s): %w", c.name, c.file, err)
					cancel()
				}
			}
		})
	}
feed:
	for _, c := range crds {
		select {
		case jobs <- c:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if len(all) == 0 && ctx.Err() != nil {
		return fmt.Errorf("creating CRDs: %w", ctx.Err())
	}
	return errors.Join(all...)
}

// waitCRDs waits until each served version of every CRD is listed by
// discovery, which lists only Established CRDs. Polling discovery is cheap,
// unlike listing the CRDs themselves (megabytes of schemas); those are only
// read to explain a failure.
func (s *Server) waitCRDs(ctx context.Context, crds []crd) error {
	for {
		missing := missingFromDiscovery(s.discovery, crds)
		if len(missing) == 0 {
			return nil
		}
		if err := sleep(ctx, pollInterval); err != nil {
			return fmt.Errorf("waiting for CRDs to be Established and served (still missing: %s): %w%s",
				strings.Join(missing, ", "), err, s.crdProblems(crds))
		}
	}
}

// crdProblems describes CRDs that are not Established, for error messages.
func (s *Server) crdProblems(crds []crd) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var b strings.Builder
	for _, c := range crds {
		obj, err := s.dynamic.Resource(crdGVR).Get(ctx, c.name, metav1.GetOptions{})
		if err != nil {
			fmt.Fprintf(&b, "\nCRD %s: %v", c.name, err)
			continue
		}
		if established, rejected := crdConditions(obj); rejected != "" {
			fmt.Fprintf(&b, "\nCRD %s: names not accepted: %s", c.name, rejected)
		} else if !established {
			fmt.Fprintf(&b, "\nCRD %s: not Established", c.name)
		}
	}
	return b.String()
}

// crdConditions reports whether the CRD is Established and, if its names
// were rejected, why.
func crdConditions(obj *unstructured.Unstructured) (established bool, rejected string) {
	conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
	for _, c := range conds {
		m, ok := c.(map[string]any)
		if !ok {
			continue
		}
		switch m["type"] {
		case "Established":
			established = m["status"] == "True"
		case "NamesAccepted":
			if m["status"] == "False" {
				rejected = fmt.Sprintf("%v: %v", m["reason"], m["message"])
			}
		}
	}
	return established, rejected
}

// missingFromDiscovery lists the group/version/resources of the CRDs that
// discovery does not serve yet.
func missingFromDiscovery(dc discovery.DiscoveryInterface, crds []crd) []string {
	_, lists, _ := discovery.ServerGroupsAndResources(dc) // partial results are fine
	served := map[string]bool{}
	for _, l := range lists {
		for _, r := range l.APIResources {
			served[l.GroupVersion+"/"+r.Name] = true
		}
	}
	var missing []string
	for _, c := range crds {
		group, _, _ := unstructured.NestedString(c.obj.Object, "spec", "group")
		plural, _, _ := unstructured.NestedString(c.obj.Object, "spec", "names", "plural")
		versions, _, _ := unstructured.NestedSlice(c.obj.Object, "spec", "versions")
		for _, v := range versions {
			m, ok := v.(map[string]any)
			if !ok || m["served"] != true {
				continue
			}
			key := fmt.Sprintf("%s/%v/%s", group, m["name"], plural)
			if !served[key] {
				missing = append(missing, key)
			}
		}
	}
	return missing
}

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
		FieldManager:    FieldManager,
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
		FieldManager:    FieldManager,
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
