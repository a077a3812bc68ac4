package xrender

import (
	"fmt"
	"os"
	"path/filepath"

	xpv2 "github.com/crossplane/crossplane/apis/v2/apiextensions/v2"
	"sigs.k8s.io/yaml"
)

// XRDGlob locates the XRDs of the platform API below the repository root.
const XRDGlob = "crossplane/apis/*/definition.yaml"

// WriteCompositeCRDs derives the composite CRD of every XRD under root
// (XRDGlob) and writes each into dir, ready for kubetest's InstallCRDs.
func WriteCompositeCRDs(root, dir string) error {
	files, err := filepath.Glob(filepath.Join(root, XRDGlob))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no XRDs match %s under %s: %v", XRDGlob, root, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("reading XRD: %w", err)
		}
		xrd := &xpv2.CompositeResourceDefinition{}
		if err := yaml.UnmarshalStrict(data, xrd); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		crd, err := CompositeCRD(xrd)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		out, err := yaml.Marshal(crd)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		name := filepath.Base(filepath.Dir(file)) + ".yaml"
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o600); err != nil {
			return fmt.Errorf("writing CRD: %w", err)
		}
	}
	return nil
}
