package crdschema

import (
	"reflect"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

// loadUpstream loads the CRDs of kubetest.CRDsDir, once per test binary.
var loadUpstream = sync.OnceValues(func() (*Set, error) {
	dir, err := kubetest.CRDsDir()
	if err != nil {
		return nil, err
	}
	return Load(dir)
})

// Upstream returns the upstream CRDs (kubetest.CRDsDir), loaded on first use.
func Upstream(t testing.TB) *Set {
	t.Helper()
	s, err := loadUpstream()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Check reports, for each object, an error of Validate and the values it
// lacks that the API server would default (Argo CD would show a permanent
// diff), as a line diff between the object and its defaulted form.
func (s *Set) Check(t testing.TB, objs []map[string]any) {
	t.Helper()
	for _, o := range objs {
		if err := s.Validate(o); err != nil {
			t.Error(err)
			continue
		}
		d, err := s.Defaulted(o)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d, o) {
			u := unstructured.Unstructured{Object: o}
			t.Errorf("%s %s lacks values the API server defaults (Argo CD would show a diff):\n%s",
				u.GetKind(), u.GetName(), golden.Diff(toYAML(t, o), toYAML(t, d)))
		}
	}
}

func toYAML(t testing.TB, o map[string]any) string {
	t.Helper()
	y, err := yaml.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return "---\n" + string(y)
}
