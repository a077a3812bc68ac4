package component_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
)

type fakeBuilder struct {
	name string
	objs []component.Object
	err  error
}

func (f fakeBuilder) Name() string { return f.name }

func (f fakeBuilder) Build(context.Context, *component.Input) ([]component.Object, error) {
	return f.objs, f.err
}

func configMap(name string) component.Object {
	return &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "n"},
	}
}

func TestBuild(t *testing.T) {
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		builders []component.Builder
		want     []string // object names, in order
		wantErr  string
	}{
		{"in builder order", context.Background(), []component.Builder{
			fakeBuilder{name: "a", objs: []component.Object{configMap("a1"), configMap("a2")}},
			fakeBuilder{name: "b", objs: []component.Object{configMap("b1")}},
		}, []string{"a1", "a2", "b1"}, ""},
		{"error named by its builder", context.Background(), []component.Builder{
			fakeBuilder{name: "a", objs: []component.Object{configMap("a1")}},
			fakeBuilder{name: "edge", err: boom},
		}, nil, "edge: boom"},
		{"cancelled", cancelled, []component.Builder{fakeBuilder{name: "a"}}, nil, context.Canceled.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objs, err := component.Build(tc.ctx, &component.Input{}, tc.builders...)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, o := range objs {
				md := o["metadata"].(map[string]any)
				names = append(names, md["name"].(string))
				if _, ok := md["creationTimestamp"]; ok {
					t.Errorf("%s: null creationTimestamp kept (ToMap drops nulls)", md["name"])
				}
			}
			if !slices.Equal(names, tc.want) {
				t.Errorf("objects %v, want %v", names, tc.want)
			}
		})
	}
}
