package xrender

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// objects is a list of decoded YAML documents.
type objects = []*unstructured.Unstructured

// ReadObjects decodes every non-empty YAML document of a file.
func ReadObjects(file string) ([]*unstructured.Unstructured, error) {
	return readObjects(file)
}

func readObjects(file string) (objects, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	objs, err := ParseObjects(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return objs, nil
}

// ParseObjects decodes every non-empty YAML document of a stream.
func ParseObjects(data []byte) ([]*unstructured.Unstructured, error) {
	var out objects
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for n := 1; ; n++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading document %d: %w", n, err)
		}
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("parsing document %d: %w", n, err)
		}
		if t := bytes.TrimSpace(js); len(t) == 0 || bytes.Equal(t, []byte("null")) {
			continue
		}
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(js); err != nil {
			return nil, fmt.Errorf("decoding document %d: %w", n, err)
		}
		out = append(out, u)
	}
}

// marshalYAML encodes an object as YAML with sorted keys.
func marshalYAML(u *unstructured.Unstructured) ([]byte, error) {
	data, err := yaml.Marshal(u.Object)
	if err != nil {
		return nil, fmt.Errorf("encoding %s %s: %w", u.GetKind(), u.GetName(), err)
	}
	return data, nil
}

// MarshalObjects encodes objects as one YAML stream, "---" before each.
func MarshalObjects(objs []*unstructured.Unstructured) ([]byte, error) {
	docs := make([][]byte, 0, len(objs))
	for _, o := range objs {
		data, err := marshalYAML(o)
		if err != nil {
			return nil, err
		}
		docs = append(docs, data)
	}
	return joinDocuments(docs), nil
}

func joinDocuments(docs [][]byte) []byte {
	var b bytes.Buffer
	for _, d := range docs {
		b.WriteString("---\n")
		b.Write(d)
	}
	return b.Bytes()
}
