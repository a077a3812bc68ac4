// Package assemble is the Kustomize stage of the pipeline. It lays the
// embedded base and overlays, the builders' objects and the user's optional
// kustomization.yaml out in an in-memory file system and runs krusty over it:
// nothing is read from or written to disk.
package assemble

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// UserKustomization is the name of the optional last-mile kustomization the
// user keeps beside aigateway.yaml.
const UserKustomization = "kustomization.yaml"

// Input is one environment's assembly.
type Input struct {
	// Embedded holds base/ and overlays/ (aigw.Files).
	Embedded fs.FS
	// Resources is the YAML stream of the builders' objects.
	Resources []byte
	// Overlay is the overlay folder under overlays/ (the tier).
	Overlay string
	// Labels are added to every object (not to selectors).
	Labels map[string]string
	// AppFS is the application folder; its kustomization.yaml, when present,
	// is applied last. Nil means none.
	AppFS fs.FS
	// DisplayDir prefixes the kustomization's file name in messages.
	DisplayDir string
}

// Assemble runs Kustomize and returns the resulting objects.
func Assemble(in Input) ([]map[string]any, error) {
	var user *userKustomization
	if in.AppFS != nil {
		var err error
		if user, err = parseUser(in.AppFS, path.Join(in.DisplayDir, UserKustomization)); err != nil {
			return nil, err
		}
	}
	mem := filesys.MakeFsInMemory()
	if err := copyTree(mem, in.Embedded, "base", "/aigw/base"); err != nil {
		return nil, err
	}
	overlay := path.Join("overlays", in.Overlay)
	if err := copyTree(mem, in.Embedded, overlay, "/aigw/"+overlay); err != nil {
		return nil, err
	}
	if err := mem.WriteFile("/aigw/base/resources.yaml", in.Resources); err != nil {
		return nil, fmt.Errorf("writing resources: %w", err)
	}
	top := "/aigw/" + overlay
	if err := addLabels(mem, top, in.Labels); err != nil {
		return nil, err
	}
	objs, err := run(mem, top)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return objs, nil
	}
	return user.apply(in.AppFS, objs)
}

// run runs krusty on dir.
func run(mem filesys.FileSystem, dir string) ([]map[string]any, error) {
	rm, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(mem, dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize: %w", err)
	}
	out := make([]map[string]any, 0, rm.Size())
	for _, r := range rm.Resources() {
		m, err := r.Map()
		if err != nil {
			return nil, fmt.Errorf("kustomize output %s: %w", r.CurId(), err)
		}
		out = append(out, m)
	}
	return out, nil
}

// apply runs the last-mile kustomization over aigw's objects, in a layer of
// its own, and checks what it did (see check). A rule it breaks is reported
// at the patch or replacement that does it.
func (u *userKustomization) apply(app fs.FS, objs []map[string]any) ([]map[string]any, error) {
	before := make(map[identity]map[string]any, len(objs))
	for _, o := range objs {
		before[identityOf(o)] = o
	}
	if err := stamp(objs); err != nil {
		return nil, err
	}
	var stream bytes.Buffer
	enc := json.NewEncoder(&stream)
	for i, o := range objs {
		if i > 0 {
			stream.WriteString("---\n")
		}
		if err := enc.Encode(o); err != nil {
			return nil, fmt.Errorf("encoding %s: %w", identityOf(o), err)
		}
	}
	layer := func(k types.Kustomization) ([]map[string]any, error) {
		mem := filesys.MakeFsInMemory()
		if err := mem.WriteFile("/aigw/rendered/resources.yaml", stream.Bytes()); err != nil {
			return nil, fmt.Errorf("writing resources: %w", err)
		}
		if err := writeYAML(mem, "/aigw/rendered/kustomization.yaml", types.Kustomization{Resources: []string{"resources.yaml"}}); err != nil {
			return nil, err
		}
		if err := u.layFiles(app, func(name string, b []byte) error { return mem.WriteFile(path.Join("/aigw/user", name), b) }); err != nil {
			return nil, err
		}
		k.Resources = []string{"../rendered"}
		if err := writeYAML(mem, "/aigw/user/kustomization.yaml", k); err != nil {
			return nil, err
		}
		out, err := run(mem, "/aigw/user")
		if err != nil {
			// One line per problem: Kustomize quotes its YAML config.
			return nil, u.errorAt(u.root, "", "%s", strings.Join(strings.Fields(err.Error()), " "))
		}
		return out, nil
	}
	out, err := layer(u.k)
	if err != nil {
		return nil, err
	}
	vs := check(before, out, &u.k)
	if len(vs) == 0 {
		return out, nil
	}
	return nil, u.report(vs, func(e entry) ([]violation, error) {
		k := e.only()
		alone, err := layer(k)
		if err != nil {
			return nil, err
		}
		return check(before, alone, &k), nil
	})
}

func writeYAML(mem filesys.FileSystem, name string, v any) error {
	b, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	if err := mem.WriteFile(name, b); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// copyTree copies dir of src into the in-memory file system at dst.
func copyTree(mem filesys.FileSystem, src fs.FS, dir, dst string) error {
	return fs.WalkDir(src, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading embedded %s: %w", p, err)
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "charts") && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return fmt.Errorf("reading embedded %s: %w", p, err)
		}
		return mem.WriteFile(path.Join(dst, strings.TrimPrefix(p, dir)), b)
	})
}

// addLabels appends the environment's common labels to the labels of the
// overlay's kustomization, after the overlay's own: the same result as a
// kustomization of their own on top of the overlay, without a third layer
// of Kustomize accumulation (each layer copies and walks every object).
func addLabels(mem filesys.FileSystem, dir string, labels map[string]string) error {
	if len(labels) == 0 {
		return nil
	}
	file := path.Join(dir, UserKustomization)
	raw, err := mem.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading the embedded overlay: %w", err)
	}
	var k types.Kustomization
	if err := yaml.UnmarshalStrict(raw, &k); err != nil {
		return fmt.Errorf("embedded %s: %w", file, err)
	}
	k.Labels = append(k.Labels, types.Label{Pairs: labels, IncludeSelectors: false, IncludeTemplates: true})
	return writeYAML(mem, file, k)
}
