package spec

import (
	"reflect"
	"strings"
)

// field is one decodable struct field, with inline (embedded) structs
// flattened the way encoding/json flattens them.
type field struct {
	name  string
	index []int
	tag   reflect.StructTag
	typ   reflect.Type
}

// fieldsOf lists the JSON fields of struct type t in declaration order.
func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && name == "" {
			for _, inner := range fieldsOf(sf.Type) {
				inner.index = append([]int{i}, inner.index...)
				out = append(out, inner)
			}
			continue
		}
		if name == "-" || name == "" {
			continue
		}
		out = append(out, field{name: name, index: []int{i}, tag: sf.Tag, typ: sf.Type})
	}
	return out
}

func fieldNames(fs []field) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}
