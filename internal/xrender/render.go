package xrender

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Kinds `crossplane render` prints besides the composite and the composed
// resources.
const (
	renderAPIVersion = "render.crossplane.io/v1beta1"
	resultKind       = "Result"
)

// DefaultRenderTimeout bounds one render when the context has no deadline.
const DefaultRenderTimeout = 2 * time.Minute

// Input is one render.
type Input struct {
	// Composite is the composite resource (XR), status included when a
	// previous reconcile wrote one.
	Composite *unstructured.Unstructured
	// Composition is the Composition file.
	Composition string
	// XRD, when set, is the XRD file: render then applies the schema's
	// defaults to the composite, as the API server would.
	XRD string
	// Observed are the composed resources that already exist, each with the
	// crossplane.io/composition-resource-name annotation.
	Observed []*unstructured.Unstructured
}

// Output is what render printed.
type Output struct {
	// Composite carries the desired status (and conditions) of the XR.
	Composite *unstructured.Unstructured
	// Resources are the desired composed resources, sorted by their
	// composition resource name.
	Resources []*unstructured.Unstructured
	// Results are the functions' warning and informational results.
	Results []*unstructured.Unstructured
	// Raw is render's standard output.
	Raw []byte
}

// Render runs `crossplane render` with the Runner's functions.
func (r *Runner) Render(ctx context.Context, in Input) (*Output, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultRenderTimeout)
		defer cancel()
	}
	dir, err := os.MkdirTemp(r.dir, "render-")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	defer os.RemoveAll(dir)

	xr, err := marshalYAML(in.Composite)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	xrFile := filepath.Join(dir, "xr.yaml")
	if err := os.WriteFile(xrFile, xr, 0o600); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	args := []string{"render", xrFile, in.Composition, r.functions, "--include-function-results"}
	if in.XRD != "" {
		args = append(args, "--xrd="+in.XRD)
	}
	if len(in.Observed) > 0 {
		obs, err := MarshalObjects(in.Observed)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		obsFile := filepath.Join(dir, "observed.yaml")
		if err := os.WriteFile(obsFile, obs, 0o600); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		args = append(args, "--observed-resources="+obsFile)
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, r.crossplane, args...)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("crossplane render %s %s: %w\n%s", in.Composite.GetKind(), in.Composite.GetName(), err, stderr.String())
	}
	objs, err := ParseObjects(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("parsing the output of crossplane render: %w", err)
	}
	out := &Output{Raw: stdout.Bytes()}
	for i, o := range objs {
		switch {
		case i == 0:
			out.Composite = o
		case o.GetAPIVersion() == renderAPIVersion && o.GetKind() == resultKind:
			out.Results = append(out.Results, o)
		case o.GetAPIVersion() == renderAPIVersion:
			// Context and other diagnostics: not requested, ignored.
		default:
			out.Resources = append(out.Resources, o)
		}
	}
	if out.Composite == nil || out.Composite.GetKind() != in.Composite.GetKind() {
		return nil, fmt.Errorf("crossplane render printed no %s first:\n%s", in.Composite.GetKind(), stdout.String())
	}
	return out, nil
}
