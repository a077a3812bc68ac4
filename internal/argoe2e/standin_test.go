package argoe2e_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// standin is the stand-in for Crossplane, External Secrets, Karpenter, the
// AWS Load Balancer Controller, the Kubernetes controller manager (its
// garbage collector too) and the kubelet, none of which runs in this test: every second it writes, on the
// objects Argo CD applied, the status those controllers would write once
// the thing they manage exists. It is not a model of them: it never fails,
// and it marks the AuroraPostgreSQL composite Ready only once the test
// calls auroraReady (the database "becomes available").
type standin struct {
	client  dynamic.Interface
	gc      []gvr // every kind aigw renders: the garbage collector's part
	aurora  atomic.Bool
	written sync.Map // uid/generation whose status is written
}

// gvr names a resource the stand-in writes the status of.
type gvr = schema.GroupVersionResource

var standinResources = []gvr{
	{Group: "platform.aigw.dev", Version: "v1alpha1", Resource: "aurorapostgresqls"},
	{Group: "platform.aigw.dev", Version: "v1alpha1", Resource: "valkeycaches"},
	{Group: "platform.aigw.dev", Version: "v1alpha1", Resource: "webfirewalls"},
	{Group: "platform.aigw.dev", Version: "v1alpha1", Resource: "hosteddomains"},
	{Group: "external-secrets.io", Version: "v1", Resource: "externalsecrets"},
	{Group: "external-secrets.io", Version: "v1alpha1", Resource: "pushsecrets"},
	{Group: "karpenter.sh", Version: "v1", Resource: "nodepools"},
	{Group: "karpenter.k8s.aws", Version: "v1", Resource: "ec2nodeclasses"},
	{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"},
	{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"},
	{Group: "batch", Version: "v1", Resource: "jobs"},
	{Group: "apps", Version: "v1", Resource: "deployments"},
	{Group: "autoscaling", Version: "v2", Resource: "horizontalpodautoscalers"},
	{Group: "policy", Version: "v1", Resource: "poddisruptionbudgets"},
}

// run writes statuses until ctx ends.
func (s *standin) run(ctx context.Context, errs func(error)) {
	kinds := append([]gvr(nil), standinResources...)
	for _, r := range s.gc {
		if !slices.Contains(kinds, r) {
			kinds = append(kinds, r)
		}
	}
	for {
		for _, r := range kinds {
			s.pass(ctx, r, errs)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (s *standin) pass(ctx context.Context, r gvr, errs func(error)) {
	list, err := s.client.Resource(r).List(ctx, metav1.ListOptions{})
	if err != nil {
		if ctx.Err() == nil && !apierrors.IsNotFound(err) {
			errs(err)
		}
		return
	}
	for i := range list.Items {
		o := &list.Items[i]
		if o.GetDeletionTimestamp() != nil {
			s.collect(ctx, r, o, errs)
			continue
		}
		status := s.status(r, o)
		if status == nil {
			continue
		}
		o.Object["status"] = status
		_, err := s.client.Resource(r).Namespace(o.GetNamespace()).UpdateStatus(ctx, o, metav1.UpdateOptions{})
		switch {
		case err == nil:
			s.written.Store(string(o.GetUID())+"/"+strconv.FormatInt(o.GetGeneration(), 10), true)
		case ctx.Err() == nil && !apierrors.IsConflict(err) && !apierrors.IsNotFound(err):
			errs(fmt.Errorf("stand-in: status of %s %s/%s: %w", o.GetKind(), o.GetNamespace(), o.GetName(), err))
		}
	}
}

// collect plays the garbage collector for an object deleted in the
// foreground (Argo CD deletes a hook Job that way before re-creating it,
// and prunes that way): none of aigw's objects has dependents here (no
// pods, no ReplicaSets), so it removes the foregroundDeletion finalizer at
// once.
func (s *standin) collect(ctx context.Context, r gvr, o *unstructured.Unstructured, errs func(error)) {
	fins := o.GetFinalizers()
	if len(fins) != 1 || fins[0] != metav1.FinalizerDeleteDependents {
		return
	}
	o.SetFinalizers(nil)
	_, err := s.client.Resource(r).Namespace(o.GetNamespace()).Update(ctx, o, metav1.UpdateOptions{})
	if err != nil && ctx.Err() == nil && !apierrors.IsConflict(err) && !apierrors.IsNotFound(err) {
		errs(fmt.Errorf("stand-in: finalizer of %s %s/%s: %w", o.GetKind(), o.GetNamespace(), o.GetName(), err))
	}
}

// cond is a True condition; gen < 0 leaves out observedGeneration (for the
// kinds whose conditions have none).
func cond(typ, reason string, gen int64) map[string]any {
	c := map[string]any{
		"type": typ, "status": "True", "reason": reason, "message": "stand-in",
		"lastTransitionTime": "2026-01-01T00:00:00Z",
	}
	if gen >= 0 {
		c["observedGeneration"] = gen
	}
	return c
}

// status returns the status o should have, or nil to leave o alone (already
// written, or not ready yet).
func (s *standin) status(r gvr, o *unstructured.Unstructured) map[string]any {
	gen := o.GetGeneration()
	key := string(o.GetUID()) + "/" + strconv.FormatInt(gen, 10)
	if _, done := s.written.Load(key); done {
		return nil
	}
	var st map[string]any
	switch r.Resource {
	case "aurorapostgresqls", "valkeycaches", "webfirewalls", "hosteddomains":
		if r.Resource == "aurorapostgresqls" && !s.aurora.Load() {
			return nil
		}
		st = map[string]any{"conditions": []any{cond("Synced", "ReconcileSuccess", gen), cond("Ready", "Available", gen)}}
	case "externalsecrets":
		st = map[string]any{"conditions": []any{cond("Ready", "SecretSynced", -1)}, "refreshTime": "2026-01-01T00:00:00Z"}
	case "pushsecrets":
		st = map[string]any{"conditions": []any{cond("Ready", "Synced", -1)}}
	case "nodepools", "ec2nodeclasses":
		st = map[string]any{"conditions": []any{cond("Ready", "Ready", gen)}}
	case "gateways":
		st = map[string]any{"conditions": []any{cond("Accepted", "Accepted", gen), cond("Programmed", "Programmed", gen)}}
	case "httproutes":
		var parents []any
		refs, _, _ := unstructured.NestedSlice(o.Object, "spec", "parentRefs")
		for _, ref := range refs {
			parents = append(parents, map[string]any{
				"parentRef":      ref,
				"controllerName": "gateway.k8s.aws/alb",
				"conditions":     []any{cond("Accepted", "Accepted", gen), cond("ResolvedRefs", "ResolvedRefs", gen)},
			})
		}
		st = map[string]any{"parents": parents}
	case "jobs":
		st = map[string]any{
			"startTime": "2026-01-01T00:00:00Z", "completionTime": "2026-01-01T00:00:01Z",
			"succeeded": int64(1), "active": int64(0), "ready": int64(0), "terminating": int64(0),
			"conditions": []any{
				map[string]any{"type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached", "lastTransitionTime": "2026-01-01T00:00:01Z", "lastProbeTime": "2026-01-01T00:00:01Z"},
				map[string]any{"type": "Complete", "status": "True", "reason": "CompletionsReached", "lastTransitionTime": "2026-01-01T00:00:01Z", "lastProbeTime": "2026-01-01T00:00:01Z"},
			},
		}
	case "deployments":
		n, found, _ := unstructured.NestedInt64(o.Object, "spec", "replicas")
		if !found {
			n = 1
		}
		st = map[string]any{
			"observedGeneration": gen, "replicas": n, "updatedReplicas": n, "readyReplicas": n, "availableReplicas": n,
			"conditions": []any{
				map[string]any{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "lastTransitionTime": "2026-01-01T00:00:00Z", "lastUpdateTime": "2026-01-01T00:00:00Z"},
				map[string]any{"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable", "lastTransitionTime": "2026-01-01T00:00:00Z", "lastUpdateTime": "2026-01-01T00:00:00Z"},
			},
		}
	case "horizontalpodautoscalers":
		n, _, _ := unstructured.NestedInt64(o.Object, "spec", "minReplicas")
		st = map[string]any{
			"currentReplicas": n, "desiredReplicas": n,
			"conditions": []any{map[string]any{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale", "lastTransitionTime": "2026-01-01T00:00:00Z"}},
		}
	case "poddisruptionbudgets":
		st = map[string]any{
			"observedGeneration": gen, "currentHealthy": int64(1), "desiredHealthy": int64(1), "expectedPods": int64(1), "disruptionsAllowed": int64(0),
			"conditions": []any{map[string]any{"type": "DisruptionAllowed", "status": "False", "reason": "InsufficientPods", "message": "stand-in", "lastTransitionTime": "2026-01-01T00:00:00Z", "observedGeneration": gen}},
		}
	}
	return st
}
