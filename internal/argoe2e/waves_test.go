package argoe2e_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/apimachinery/pkg/watch"
	watchtools "k8s.io/client-go/tools/watch"
)

// objRef names one object of an Application.
type objRef struct{ Group, Kind, Namespace, Name string }

func (r objRef) String() string {
	if r.Namespace == "" {
		return r.Kind + " " + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

// creations records, from watches started before any Application exists,
// the resourceVersion at which the API server created each object (the
// first ADDED event). With one etcd it is the store's revision, a single
// counter across every kind, so it orders creations of different kinds.
type creations struct {
	mu   sync.Mutex
	rv   map[objRef]uint64
	errs []string // watch errors (a gap: a creation may be missing)
}

// watchFunc adapts a dynamic client's Watch to cache.WatcherWithContext.
type watchFunc func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)

func (f watchFunc) WatchWithContext(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	return f(ctx, opts)
}

// watchCreations watches every kind aigw renders for the environments and
// the preview (h.mappings), cluster-wide, until the test ends.
func (h *harness) watchCreations(t *testing.T) *creations {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	c := &creations{rv: map[objRef]uint64{}}
	for _, m := range h.mappings {
		ri := h.client.Resource(m.Resource)
		list, err := ri.List(ctx, metav1.ListOptions{Limit: 1})
		if err != nil {
			t.Fatalf("listing %s: %v", m.Resource, err)
		}
		rw, err := watchtools.NewRetryWatcherWithContext(ctx, list.GetResourceVersion(), watchFunc(func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			return ri.Watch(ctx, opts)
		}))
		if err != nil {
			t.Fatalf("watching %s: %v", m.Resource, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer rw.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case ev, ok := <-rw.ResultChan():
					if !ok {
						return
					}
					switch ev.Type {
					case watch.Added:
						if o, ok := ev.Object.(*unstructured.Unstructured); ok {
							c.record(m.GroupVersionKind.GroupKind(), o)
						}
					case watch.Error:
						c.mu.Lock()
						c.errs = append(c.errs, fmt.Sprintf("%s: %v", m.Resource, apierrors.FromObject(ev.Object)))
						c.mu.Unlock()
					}
				}
			}
		}()
	}
	return c
}

func (c *creations) record(gk schema.GroupKind, o *unstructured.Unstructured) {
	rv, err := strconv.ParseUint(o.GetResourceVersion(), 10, 64)
	if err != nil {
		return
	}
	ref := objRef{Group: gk.Group, Kind: gk.Kind, Namespace: o.GetNamespace(), Name: o.GetName()}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, seen := c.rv[ref]; !seen {
		c.rv[ref] = rv
	}
}

func (c *creations) created(ref objRef) (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rv, ok := c.rv[ref]
	return rv, ok
}

// renderedMappings returns the REST mappings of every kind in aigw's
// output for the environments and for preview 42; it keeps the objects of
// each in h.rendered.
func (h *harness) renderedMappings(t *testing.T) []*meta.RESTMapping {
	t.Helper()
	work := filepath.Join(h.tmp, "work")
	outs := map[string]string{}
	for _, e := range environments {
		outs[e.env] = run(t, work, filepath.Join(h.bin, "aigw"), "render", "examples/ai-gateway", "--env", e.env)
	}
	outs["pr-42"] = run(t, work, filepath.Join(h.bin, "aigw"), "render", "examples/ai-gateway", "--preview", "42")
	seen := map[schema.GroupVersionKind]bool{}
	var mappings []*meta.RESTMapping
	for env, out := range outs {
		dec := yaml.NewYAMLOrJSONDecoder(strings.NewReader(out), 4096)
		for {
			u := &unstructured.Unstructured{}
			if err := dec.Decode(&u.Object); err != nil {
				break
			}
			if u.Object == nil {
				continue
			}
			gvk := u.GroupVersionKind()
			h.rendered[env] = append(h.rendered[env], u)
			if seen[gvk] {
				continue
			}
			seen[gvk] = true
			m, err := h.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
			if err != nil {
				t.Fatalf("mapping %s: %v", gvk, err)
			}
			mappings = append(mappings, m)
		}
	}
	if len(mappings) < 10 {
		t.Fatalf("aigw render printed %d kinds", len(mappings))
	}
	return mappings
}

// syncPhases orders Argo CD's sync phases.
var syncPhases = map[string]int{"PreSync": 0, "Sync": 1, "PostSync": 2}

// stage is the step of a sync an object belongs to: its phase (hooks: the
// hook's; everything else Sync), then its wave.
type stage struct{ phase, wave int }

func (s stage) String() string {
	for name, i := range syncPhases {
		if i == s.phase {
			return name + " wave " + strconv.Itoa(s.wave)
		}
	}
	return "wave " + strconv.Itoa(s.wave)
}

// documentedWaves are the waves docs/previews.md ("Sync waves") and
// docs/litellm.md give these kinds in an environment: together with the
// creation order below they are the documented order (namespace, secrets,
// data stores, migration, LiteLLM, load balancer configuration, routes).
var documentedWaves = map[string]int{
	"Namespace":                 -10,
	"ExternalSecret":            -5,
	"ServiceAccount":            -5,
	"AuroraPostgreSQL":          -3,
	"ValkeyCache":               -3,
	"Job":                       -1,
	"Deployment":                0,
	"TargetGroupConfiguration":  4,
	"ListenerRuleConfiguration": 4,
	"Gateway":                   5,
	"HTTPRoute":                 5,
}

// checkWaves asserts that Argo CD created the Application's objects (those
// aigw render prints for env) stage by stage: no object of a later stage
// was created before every object of an earlier one existed. The stage is
// read from the live object's annotations. environment also checks the
// documented waves of the environments' kinds.
func (h *harness) checkWaves(t *testing.T, c *creations, name, env string, environment bool) {
	t.Helper()
	type created struct {
		ref objRef
		rv  uint64
	}
	byStage := map[stage][]created{}
	for _, u := range h.rendered[env] {
		ref := refOf(u)
		live, err := h.live(t, ref)
		if err != nil {
			t.Fatalf("%s of Application %s: %v", ref, name, err)
		}
		ann := live.GetAnnotations()
		wave := 0
		if w := ann["argocd.argoproj.io/sync-wave"]; w != "" {
			if wave, err = strconv.Atoi(w); err != nil {
				t.Fatalf("%s: sync-wave %q", ref, w)
			}
		}
		phase := syncPhases["Sync"]
		if hk := ann[hookAnnotation]; hk != "" {
			p, ok := syncPhases[hk]
			if !ok {
				t.Fatalf("%s: hook %q", ref, hk)
			}
			phase = p
		}
		if want, ok := documentedWaves[ref.Kind]; ok && environment && want != wave {
			t.Errorf("%s is in wave %d, the docs say %s objects are in wave %d", ref, wave, ref.Kind, want)
		}
		rv, ok := c.created(ref)
		if !ok {
			c.mu.Lock()
			t.Errorf("no creation of %s was seen (watch errors: %v)", ref, c.errs)
			c.mu.Unlock()
			continue
		}
		s := stage{phase: phase, wave: wave}
		byStage[s] = append(byStage[s], created{ref, rv})
	}
	stages := make([]stage, 0, len(byStage))
	for s := range byStage {
		stages = append(stages, s)
	}
	sort.Slice(stages, func(i, j int) bool {
		if stages[i].phase != stages[j].phase {
			return stages[i].phase < stages[j].phase
		}
		return stages[i].wave < stages[j].wave
	})
	var order []string
	for i, a := range stages {
		last := byStage[a][0]
		for _, o := range byStage[a] {
			if o.rv > last.rv {
				last = o
			}
		}
		for _, b := range stages[i+1:] {
			for _, o := range byStage[b] {
				if o.rv < last.rv {
					t.Errorf("Application %s: %s (%s) was created before %s (%s) existed", name, o.ref, b, last.ref, a)
				}
			}
		}
		order = append(order, fmt.Sprintf("%s (%d)", a, len(byStage[a])))
	}
	t.Logf("%s: created stage by stage: %s", name, strings.Join(order, ", "))
}
