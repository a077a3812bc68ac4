package litellm

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/releaseutil"
)

// helmSplit is Helm's way: SplitManifests, then the keys in manifest order.
func helmSplit(file string) []string {
	split := releaseutil.SplitManifests(file)
	keys := make([]string, 0, len(split))
	for k := range split {
		keys = append(keys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(keys))
	docs := make([]string, len(keys))
	for i, k := range keys {
		docs[i] = split[k]
	}
	return docs
}

func TestSplitManifestsIsHelms(t *testing.T) {
	files := []string{
		"", " \n ", "---", "---\n", "a: 1", "a: 1\n---\nb: 2\n", "---\na: 1\n---\nb: 2",
		"a: 1\n---\n---\nb: 2", "---\n---\na: 1", "a: 1\n  \n\t---  \n  b: 2", "a: 1\n----\nb: 2", "a: 1\n---b: 2",
		"a: |\n  x\n  ---\n  y\nb: 2", "a: 1 ---\nb: 2", "\n\n---\n\n", "a: 1\r\n---\r\nb: 2\r\n", "a\n---\n\u00a0\n---\nb",
		"# comment\n---\n# Source: x\napiVersion: v1\nkind: ConfigMap\n", "a: 1\n--- # doc\nb: 2",
	}
	pieces := []string{"a: 1", "b: [x]", "---", "----", "\n", " ", "\t", "\r\n", "\f", "--- ", "x---", "\u00a0", "c: |\n  ---\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		files = append(files, b.String())
	}
	for _, f := range files {
		if got, want := splitManifests(f), helmSplit(f); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("splitManifests(%q) = %q, Helm gives %q", f, got, want)
		}
	}
}
