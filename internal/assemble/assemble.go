// Package assemble is the Kustomize stage of the pipeline. It lays the
// embedded base and overlays, the builders' objects and the user's optional
// kustomization.yaml out in an in-memory file system and runs krusty over it:
// nothing is read from or written to disk.
package assemble

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
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
}

// Assemble runs Kustomize and returns the resulting objects.
func Assemble(in Input) ([]map[string]any, error) {
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
	if in.AppFS != nil {
		ok, err := layUser(mem, in.AppFS, "../"+overlay)
		if err != nil {
			return nil, err
		}
		if ok {
			top = "/aigw/user"
		}
	}
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(mem, top)
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

// allowed lists the kustomization fields a user's last-mile kustomization
// may use. Everything that would add objects from elsewhere (resources,
// components, Helm charts, generators of Secrets) is refused: aigw's output
// must come from the spec, and no secret value may appear in it.
var allowed = []string{
	"apiVersion", "kind", "metadata", "patches", "patchesStrategicMerge", "patchesJson6902",
	"images", "labels", "commonLabels", "commonAnnotations", "replicas", "replacements",
	"configMapGenerator", "generatorOptions", "namePrefix", "nameSuffix", "sortOptions",
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

// layUser copies the app folder's kustomization.yaml, pointed at the
// environment (the overlay folder, relative to /aigw/user), and the files
// it names, into /aigw/user.
func layUser(mem filesys.FileSystem, app fs.FS, env string) (bool, error) {
	raw, err := fs.ReadFile(app, UserKustomization)
	if err != nil {
		if isNotExist(err) {
			return false, nil
		}
		return false, fmt.Errorf("reading %s: %w", UserKustomization, err)
	}
	var fields map[string]any
	if err := yaml.Unmarshal(raw, &fields); err != nil {
		return false, fmt.Errorf("%s: %w", UserKustomization, err)
	}
	var refused []string
	for k := range fields {
		if !contains(allowed, k) {
			refused = append(refused, k)
		}
	}
	if len(refused) > 0 {
		sort.Strings(refused)
		return false, fmt.Errorf("%s: field(s) %s are not allowed in a last-mile kustomization (allowed: %s)",
			UserKustomization, strings.Join(refused, ", "), strings.Join(allowed[3:], ", "))
	}
	var k types.Kustomization
	if err := yaml.UnmarshalStrict(raw, &k); err != nil {
		return false, fmt.Errorf("%s: %w", UserKustomization, err)
	}
	k.Resources = []string{env}
	for _, f := range referencedFiles(&k) {
		if !fs.ValidPath(f) {
			return false, fmt.Errorf("%s: %q must be a relative path inside the application folder", UserKustomization, f)
		}
		b, err := fs.ReadFile(app, f)
		if err != nil {
			return false, fmt.Errorf("%s: reading %s: %w", UserKustomization, f, err)
		}
		if err := mem.WriteFile(path.Join("/aigw/user", f), b); err != nil {
			return false, fmt.Errorf("writing %s: %w", f, err)
		}
	}
	return true, writeYAML(mem, "/aigw/user/kustomization.yaml", k)
}

func referencedFiles(k *types.Kustomization) []string {
	var files []string
	for _, p := range k.Patches {
		if p.Path != "" {
			files = append(files, p.Path)
		}
	}
	for _, p := range k.PatchesStrategicMerge {
		if s := string(p); !strings.Contains(s, "\n") {
			files = append(files, s)
		}
	}
	for _, p := range k.PatchesJson6902 {
		if p.Path != "" {
			files = append(files, p.Path)
		}
	}
	for _, r := range k.Replacements {
		if r.Path != "" {
			files = append(files, r.Path)
		}
	}
	for _, g := range k.ConfigMapGenerator {
		for _, f := range append(append([]string{}, g.FileSources...), g.EnvSources...) {
			_, f, _ = strings.Cut(f, "=")
			if f == "" {
				continue
			}
			files = append(files, f)
		}
	}
	return files
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
