package diff

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// segment is one step of a field path: a map key, or a list item (by its
// merge key, "name=x", or by index).
type segment struct {
	key    string
	item   string
	isItem bool
}

type fieldPath []segment

func (p fieldPath) key(k string) fieldPath {
	return append(p[:len(p):len(p)], segment{key: k})
}

func (p fieldPath) index(i int) fieldPath {
	return append(p[:len(p):len(p)], segment{item: strconv.Itoa(i), isItem: true})
}

func (p fieldPath) named(mergeKey, value string) fieldPath {
	return append(p[:len(p):len(p)], segment{item: mergeKey + "=" + value, isItem: true})
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// String formats the path: spec.template.spec.containers[name=api].image,
// metadata.annotations["argocd.argoproj.io/sync-wave"].
func (p fieldPath) String() string {
	var b strings.Builder
	for i, s := range p {
		switch {
		case s.isItem:
			b.WriteString("[" + s.item + "]")
		case plainKey.MatchString(s.key):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			q, _ := json.Marshal(s.key)
			b.WriteString("[" + string(q) + "]")
		}
	}
	if b.Len() == 0 {
		return "."
	}
	return b.String()
}

// hasPrefix reports whether p is at or under the dotted map-key path prefix
// (list items in p match no key of prefix).
func (p fieldPath) hasPrefix(prefix string) bool {
	keys := strings.Split(prefix, ".")
	if len(p) < len(keys) {
		return false
	}
	for i, k := range keys {
		if p[i].isItem || p[i].key != k {
			return false
		}
	}
	return true
}

// last is the last map key of the path ("" if it ends with a list item).
func (p fieldPath) last() string {
	if len(p) == 0 || p[len(p)-1].isItem {
		return ""
	}
	return p[len(p)-1].key
}
