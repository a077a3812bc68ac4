package assemble

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/types"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/appfs"
	"github.com/aigw-dev/aigw/internal/spec"
)

// allowed lists the kustomization fields a user's last-mile kustomization
// may use. Everything that would add objects from elsewhere (resources,
// components, Helm charts, generators of Secrets) is refused: aigw's output
// must come from the spec, and no secret value may appear in it.
var allowed = []string{
	"apiVersion", "kind", "metadata", "patches", "patchesStrategicMerge", "patchesJson6902",
	"images", "labels", "commonLabels", "commonAnnotations", "replicas", "replacements",
	"configMapGenerator", "generatorOptions", "sortOptions",
}

// refusedWhy says why a known kustomization field is refused.
var refusedWhy = map[string]string{
	"resources":                   "it would add objects that do not come from aigateway.yaml",
	"bases":                       "it would add objects that do not come from aigateway.yaml",
	"components":                  "it would add objects that do not come from aigateway.yaml",
	"crds":                        "it would add objects that do not come from aigateway.yaml",
	"helmCharts":                  "it would add objects that do not come from aigateway.yaml",
	"helmGlobals":                 "it would add objects that do not come from aigateway.yaml",
	"helmChartInflationGenerator": "it would add objects that do not come from aigateway.yaml",
	"secretGenerator":             "it would put secret values into the output; secrets come from AWS Secrets Manager",
	"generators":                  "plugins run code",
	"transformers":                "plugins run code",
	"validators":                  "plugins run code",
	"namespace":                   "it would move objects out of the environment's namespace (set spec.namespace)",
	"namePrefix":                  renameWhy,
	"nameSuffix":                  renameWhy,
}

// renameWhy: Kustomize renames the references it knows, but not those of
// custom resources (a PushSecret's policy ConfigMap and generator, an
// ExternalSecret's generator, a composite's connection Secret), so a renamed
// salt-key policy would silently not be attached.
const renameWhy = "it would rename aigw's objects but not what External Secrets and Crossplane objects refer to them by; names come from aigateway.yaml"

// userKustomization is the parsed last-mile kustomization.
type userKustomization struct {
	// file is the name for messages.
	file string
	k    types.Kustomization
	root *yaml.Node
}

// errorAt returns a spec error at node n of the kustomization (its line
// and column), with the field path.
func (u *userKustomization) errorAt(n *yaml.Node, field, format string, args ...any) *spec.Error {
	e := &spec.Error{File: u.file, Path: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseUser reads and checks the app folder's kustomization.yaml; nil when
// there is none. Every problem is a spec error with its position.
func parseUser(app fs.FS, file string) (*userKustomization, error) {
	raw, err := appfs.ReadFile(app, UserKustomization, appfs.MaxFileBytes)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fileError(file, err)
	}
	u := &userKustomization{file: file}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &spec.Error{File: file, Line: line, Column: 1, Msg: "invalid YAML: " + m[2]}
		}
		return nil, &spec.Error{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	if len(root.Content) == 0 {
		return nil, &spec.Error{File: file, Msg: "the file is empty: expected a kustomization (or remove the file)"}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, u.errorAt(doc, "", "expected a mapping of kustomization fields, got %s", nodeKind(doc))
	}
	u.root = doc
	var errs spec.List
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k := doc.Content[i]
		switch {
		case k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str":
			errs = append(errs, u.errorAt(k, "", "field names must be strings, not %s", nodeKind(k)))
		case slices.Contains(allowed, k.Value):
		case refusedWhy[k.Value] != "":
			errs = append(errs, u.errorAt(k, k.Value, "not allowed in a last-mile kustomization: %s", refusedWhy[k.Value]))
		default:
			msg := fmt.Sprintf("%q is not a field a last-mile kustomization may use", k.Value)
			if s := spec.Suggest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs = append(errs, u.errorAt(k, k.Value, "%s; allowed: %s", msg, strings.Join(allowed[3:], ", ")))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := sigsyaml.UnmarshalStrict(raw, &u.k); err != nil {
		return nil, u.decodeError(err)
	}
	return u, nil
}

// jsonError is what sigs.k8s.io/yaml prefixes to encoding/json's errors.
var jsonError = regexp.MustCompile(`^error (converting YAML to JSON|unmarshaling JSON): (while decoding JSON: )?(json: )?`)

// decodeError turns a strict decoding error into a located message.
func (u *userKustomization) decodeError(err error) error {
	msg := jsonError.ReplaceAllString(err.Error(), "")
	var n *yaml.Node
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		if s, err := strconv.Unquote(name); err == nil {
			n = findKey(u.root, s)
		}
	}
	if n == nil {
		n = u.root
	}
	msg = strings.Replace(msg, "Go struct field ", "field ", 1)
	return u.errorAt(n, "", "not a valid kustomization: %s", msg)
}

// findKey returns the first mapping key named name under n, depth first.
func findKey(n *yaml.Node, name string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				return n.Content[i]
			}
		}
	}
	for _, c := range n.Content {
		if k := findKey(c, name); k != nil {
			return k
		}
	}
	return nil
}

// findValue returns the first scalar whose value is s under n.
func findValue(n *yaml.Node, s string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Value == s {
		return n
	}
	for _, c := range n.Content {
		if v := findValue(c, s); v != nil {
			return v
		}
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a scalar (" + strings.TrimPrefix(n.ShortTag(), "!!") + ")"
}

// layFiles copies the files the kustomization names into dir of mem.
func (u *userKustomization) layFiles(app fs.FS, write func(name string, b []byte) error) error {
	for _, f := range referencedFiles(&u.k) {
		n := findValue(u.root, f)
		if !fs.ValidPath(f) {
			return u.errorAt(n, "", "%q must be a relative path inside the application folder", f)
		}
		b, err := appfs.ReadFile(app, f, appfs.MaxFileBytes)
		if err != nil {
			return u.errorAt(n, "", "reading %s: %v", f, err)
		}
		if err := write(f, b); err != nil {
			return fmt.Errorf("writing %s: %w", f, err)
		}
	}
	return nil
}

func fileError(file string, err error) error {
	var notRegular *appfs.NotRegularError
	var tooLarge *appfs.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		notRegular.Name = file
		return notRegular
	case errors.As(err, &tooLarge):
		tooLarge.Name = file
		return tooLarge
	}
	return fmt.Errorf("reading %s: %w", file, err)
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
