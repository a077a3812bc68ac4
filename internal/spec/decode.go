package spec

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// position is where a field path stands in the file.
type position struct {
	line, column int
	// user is the path as the user wrote it (see decoder.rename).
	user string
}

// decoder decodes a YAML node tree into Go values strictly: unknown fields,
// duplicate keys and wrong types are errors, each with its position and path.
type decoder struct {
	file string
	errs List
	// pos records the position of every decoded path, for validation errors.
	pos map[string]position
	// rename maps a decoded path prefix to the path the user wrote (used when
	// an environment's fields are merged over the base).
	rename func(n *yaml.Node, path string) string
	fields map[reflect.Type][]field
	// steps counts decoded nodes and bytes the scalar bytes decoded (an
	// alias counts each time it is used), bounding the work and the memory
	// an alias bomb can cause.
	steps, bytes int
	// freeValues and freeBytes count the free-form values (model params).
	freeValues, freeBytes int
	// stopped is set once a limit is exceeded: nothing more is decoded.
	stopped bool
}

// maxErrors bounds the errors of one decode; the limits of the work one
// decode may do are in limits.go.
const maxErrors = 50

func newDecoder(file string) *decoder {
	return &decoder{file: file, pos: map[string]position{}, fields: map[reflect.Type][]field{}}
}

func (d *decoder) userPath(n *yaml.Node, path string) string {
	if d.rename != nil {
		return d.rename(n, path)
	}
	return path
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	if len(d.errs) >= maxErrors {
		return
	}
	e := &Error{File: d.file, Path: d.userPath(n, path), Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		case "!!str":
			return "a string"
		case "!!binary":
			return "binary data (!!binary)"
		case "!!timestamp":
			return "a date"
		}
		return "a value tagged " + n.Tag
	}
	return "a value"
}

func (d *decoder) structFields(t reflect.Type) []field {
	fs, ok := d.fields[t]
	if !ok {
		fs = fieldsOf(t)
		d.fields[t] = fs
	}
	return fs
}

// decode sets v from n. path is the field path of n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if !d.count(n, path) {
		return
	}
	d.pos[path] = position{n.Line, n.Column, d.userPath(n, path)}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "expected a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
			hint := ""
			switch {
			case n.Kind != yaml.ScalarNode:
			case n.Style&yaml.TaggedStyle != 0:
				hint = fmt.Sprintf(" (remove the tag %s)", n.Tag)
			default:
				hint = fmt.Sprintf(" (quote it: %q)", n.Value)
			}
			d.errorf(n, path, "expected a string, got %s%s", kindName(n), hint)
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.errorf(n, path, "expected true or false, got %s", kindName(n))
			return
		}
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		v.SetBool(b)
	case reflect.Int32, reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			d.errorf(n, path, "expected a whole number, got %s", kindName(n))
			return
		}
		var i int64
		if err := n.Decode(&i); err != nil || (v.Kind() == reflect.Int32 && (i > math.MaxInt32 || i < math.MinInt32)) {
			d.errorf(n, path, "number %s is out of range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Interface:
		if x, ok := d.freeForm(n, path, 1); ok && x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.errorf(n, path, "unsupported field type %s", v.Type())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping, got %s", kindName(n))
		return
	}
	fs := d.structFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		childPath := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be strings, not %s", kindName(k))
			continue
		}
		if k.Value == "<<" {
			d.errorf(k, path, "YAML merge keys (<<) are not supported; write the fields out")
			continue
		}
		if seen[k.Value] {
			d.errorf(k, childPath, "duplicate field")
			continue
		}
		seen[k.Value] = true
		f, ok := findField(fs, k.Value)
		if !ok {
			msg := fmt.Sprintf("unknown field %q", k.Value)
			if s := suggest(k.Value, fieldNames(fs)); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(k, childPath, "%s", msg)
			continue
		}
		d.decode(val, v.FieldByIndex(f.index), childPath)
		d.pos[childPath] = position{k.Line, k.Column, d.userPath(k, childPath)}
	}
}

func findField(fs []field, name string) (field, bool) {
	for _, f := range fs {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping, got %s", kindName(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be strings, not %s", kindName(k))
			continue
		}
		childPath := join(path, k.Value)
		if seen[k.Value] {
			d.errorf(k, childPath, "duplicate key")
			continue
		}
		seen[k.Value] = true
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, elem, childPath)
		d.pos[childPath] = position{k.Line, k.Column, d.userPath(k, childPath)}
		v.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
