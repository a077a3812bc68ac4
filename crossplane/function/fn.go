package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/crossplane/crossplane-runtime/v2/pkg/fieldpath"
	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/request"
	"github.com/crossplane/function-sdk-go/response"
)

// Function keeps the used slots of the desired composed resources.
type Function struct {
	fnv1.UnimplementedFunctionRunnerServiceServer

	log logging.Logger
}

// RunFunction removes the unused slots from the desired state produced by the
// previous pipeline steps. Errors are reported as fatal results, as the
// function protocol expects, never as gRPC errors.
func (f *Function) RunFunction(_ context.Context, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, error) {
	rsp := response.To(req, response.DefaultTTL)

	in := &Slots{}
	if err := request.GetInput(req, in); err != nil {
		response.Fatal(rsp, fmt.Errorf("reading the function input: %w", err))
		return rsp, nil
	}
	if err := validateInput(in); err != nil {
		response.Fatal(rsp, fmt.Errorf("invalid function input: %w", err))
		return rsp, nil
	}
	oxr, err := request.GetObservedCompositeResource(req)
	if err != nil {
		response.Fatal(rsp, fmt.Errorf("reading the observed composite resource: %w", err))
		return rsp, nil
	}

	counts := make([]int, len(in.Groups))
	for i, g := range in.Groups {
		n, err := countAt(oxr.Resource.Object, g.CountFieldPath)
		if err != nil {
			response.Fatal(rsp, fmt.Errorf("group %d: %w", i, err))
			return rsp, nil
		}
		if g.Prefix != "" && n > g.Slots {
			response.Fatal(rsp, fmt.Errorf("%s asks for %d but the Composition holds %d slots (%s%d to %s%d)",
				g.CountFieldPath, n, g.Slots, g.Prefix, g.First, g.Prefix, g.First+g.Slots-1))
			return rsp, nil
		}
		counts[i] = n
	}

	desired := rsp.GetDesired().GetResources()
	var pruned []string
	for name := range desired {
		if !keep(in.Groups, counts, name) {
			pruned = append(pruned, name)
		}
	}
	slices.Sort(pruned)
	for _, name := range pruned {
		delete(desired, name)
	}
	if f.log != nil && len(pruned) > 0 {
		f.log.Debug("Removed unused slots", "xr-name", oxr.Resource.GetName(), "resources", strings.Join(pruned, ","))
	}
	return rsp, nil
}

// validateInput checks that every group selects resources one way and reads
// a count.
func validateInput(in *Slots) error {
	if in.APIVersion != InputAPIVersion || in.Kind != InputKind {
		return fmt.Errorf("expected %s %s, got %s %s", InputAPIVersion, InputKind, in.APIVersion, in.Kind)
	}
	var errs []error
	for i, g := range in.Groups {
		switch {
		case g.CountFieldPath == "":
			errs = append(errs, fmt.Errorf("group %d: countFieldPath is required", i))
		case (g.Prefix == "") == (len(g.Names) == 0):
			errs = append(errs, fmt.Errorf("group %d: set either prefix or names", i))
		case g.Prefix != "" && g.Slots < 1:
			errs = append(errs, fmt.Errorf("group %d: slots (the number of %s templates) must be at least 1", i, g.Prefix))
		case g.First < 0:
			errs = append(errs, fmt.Errorf("group %d: first must not be negative", i))
		}
	}
	return errors.Join(errs...)
}

// countAt reads the count at path: an integer, the length of an array, or a
// boolean as 1 or 0.
func countAt(obj map[string]any, path string) (int, error) {
	v, err := fieldpath.Pave(obj).GetValue(path)
	if err != nil {
		return 0, fmt.Errorf("reading the count at %s: %w", path, err)
	}
	switch t := v.(type) {
	case int64:
		if t < 0 || t > math.MaxInt32 {
			return 0, fmt.Errorf("%s is %d: not a count", path, t)
		}
		return int(t), nil
	case float64:
		if t < 0 || t > math.MaxInt32 || t != math.Trunc(t) {
			return 0, fmt.Errorf("%s is %v: not a count", path, t)
		}
		return int(t), nil
	case []any:
		return len(t), nil
	case bool:
		if t {
			return 1, nil
		}
		return 0, nil
	default:
		return 0, fmt.Errorf("%s is a %T: expected an integer, an array or a boolean", path, v)
	}
}

// keep reports whether the desired resource name is outside every group or a
// used slot of its group.
func keep(groups []Group, counts []int, name string) bool {
	for i, g := range groups {
		if slices.Contains(g.Names, name) {
			return counts[i] > 0
		}
		if g.Prefix == "" || !strings.HasPrefix(name, g.Prefix) {
			continue
		}
		rest := strings.TrimPrefix(name, g.Prefix)
		idx, err := strconv.Atoi(rest)
		if err != nil || strconv.Itoa(idx) != rest {
			continue // not a slot of this group, e.g. "instance-group"
		}
		return idx >= g.First && idx < g.First+counts[i]
	}
	return true
}
