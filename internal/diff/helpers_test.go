package diff_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/gitrepo"
)

// readStream reads a YAML stream of objects from testdata.
func readStream(t *testing.T, name string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return parseStream(t, string(data))
}

func parseStream(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	r := utilyaml.NewYAMLReader(bufioReader(s))
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(doc, &m); err != nil {
			t.Fatal(err)
		}
		if m != nil {
			out = append(out, m)
		}
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(bytes.NewReader([]byte(s))) }

type gitrepoTree = gitrepo.Tree

// loadTree reads the application folder dir at rev.
func loadTree(t *testing.T, dir, rev string) *gitrepo.Tree {
	t.Helper()
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Resolve(ctx, rev)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := repo.ReadTree(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
