package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"
)

// Document is a decoded aigateway.yaml: the base spec plus the environments
// as written, not yet merged.
type Document struct {
	// File is the name used in error messages.
	File    string
	Gateway AIGateway
	spec    *yaml.Node
	pos     map[string]position
}

// Environment is one environment's settings: the environment's partial spec
// deep-merged over the base, defaulted and validated.
type Environment struct {
	// Name is the environment name (a key of spec.environments).
	Name string
	// Gateway is metadata.name.
	Gateway string
	// Labels are metadata.labels.
	Labels map[string]string
	Settings
	// file and pos locate the fields (see Errorf).
	file string
	pos  map[string]position
}

// Errorf returns an error at field (a path of the merged spec such as
// spec.database.instanceClass) as the user wrote it: the file, line and
// column of the field, or of its closest written parent, and the path
// under spec.environments.<name> when the environment set it.
func (env *Environment) Errorf(field, format string, args ...any) *Error {
	v := &validator{file: env.file, pos: env.pos}
	v.at(field, format, args...)
	return v.errs[0]
}

// yamlLine is compiled on first use (a syntax error), not at start-up.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// Parse decodes and checks the document structure strictly (unknown fields,
// wrong types, duplicate keys) and validates what does not depend on an
// environment. It does not merge environments: see Document.Environment.
func Parse(file string, data []byte) (*Document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: file, Msg: "the file is empty: expected an AIGateway document"}
		}
		return nil, syntaxError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := 0
		if err == nil {
			line = extra.Line
		}
		return nil, &Error{File: file, Line: line, Column: 1, Msg: "expected exactly one YAML document; put each gateway in its own folder"}
	}
	doc := &Document{File: file}
	d := newDecoder(file)
	d.decode(&root, reflect.ValueOf(&doc.Gateway).Elem(), "")
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	doc.pos = d.pos
	top := deref(root.Content[0])
	doc.spec = valueOf(top, "spec")
	v := &validator{file: file, pos: d.pos}
	v.header(&doc.Gateway)
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	return doc, nil
}

func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: line, Column: 1, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	if i := indexOfKey(m, key); i >= 0 {
		return deref(m.Content[i+1])
	}
	return nil
}

// Environments returns the environment names, sorted.
func (doc *Document) Environments() []string {
	names := make([]string, 0, len(doc.Gateway.Spec.Environments))
	for n := range doc.Gateway.Spec.Environments {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Environment merges environment name over the base spec, applies the
// defaults and validates the result.
func (doc *Document) Environment(name string) (*Environment, error) {
	if _, ok := doc.Gateway.Spec.Environments[name]; !ok {
		names := doc.Environments()
		msg := fmt.Sprintf("environment %q is not defined (defined: %s)", name, strings.Join(names, ", "))
		if s := suggest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		p := doc.pos["spec.environments"]
		return nil, &Error{File: doc.File, Line: p.line, Column: p.column, Path: "spec.environments", Msg: msg}
	}
	base := withoutKeys(doc.spec, "environments", "previews")
	over := valueOf(valueOf(doc.spec, "environments"), name)
	if over == nil || over.Kind != yaml.MappingNode {
		over = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	fromOver := map[*yaml.Node]bool{}
	merged := mergeNodes(base, over, fromOver)
	d := newDecoder(doc.File)
	prefix := "spec.environments." + name
	d.rename = func(n *yaml.Node, path string) string {
		if fromOver[n] {
			return prefix + strings.TrimPrefix(path, "spec")
		}
		return path
	}
	env := &Environment{Name: name, Gateway: doc.Gateway.Metadata.Name, Labels: doc.Gateway.Metadata.Labels}
	d.decode(merged, reflect.ValueOf(&env.Settings).Elem(), "spec")
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	v := &validator{file: doc.File, pos: d.pos}
	// Before the defaults fill them: a number written as 0 (or below its
	// minimum) is an error, not a request for the default.
	v.tags(settingsPlan, reflect.ValueOf(&env.Settings).Elem(), "spec")
	env.file, env.pos = doc.File, d.pos
	applyDefaults(env)
	v.settings(env)
	v.distinctSecrets(doc, env)
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	return env, nil
}

// Errorf returns an error at field of the document as written (a path such
// as spec.previews.secretsPrefix), located like Environment.Errorf.
func (doc *Document) Errorf(field, format string, args ...any) *Error {
	v := &validator{file: doc.File, pos: doc.pos}
	v.at(field, format, args...)
	return v.errs[0]
}
