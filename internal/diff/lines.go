package diff

import (
	"encoding/json"
	"strings"

	"sigs.k8s.io/yaml"
)

// line is one line of a field's diff: ' ' context, '-' old, '+' new, '~' a
// marker that lines were skipped.
type line struct {
	op   byte
	text string
}

// contextLines is how many unchanged lines surround a change inside a
// multi-line value.
const contextLines = 3

// maxLCS bounds the line-diff table (lines of old times lines of new);
// larger values are shown as a whole removal and addition.
const maxLCS = 4_000_000

// inline formats a value on one line when it fits: JSON, so that strings
// are quoted and types are visible ("2" is not 2). ok is false for values
// that read better as a block.
func inline(v any) (string, bool) {
	if s, isString := v.(string); isString && strings.Contains(s, "\n") {
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	if len(b) > 100 {
		return "", false
	}
	return string(b), true
}

// block formats a value as lines: a multi-line string as its lines, a map
// or list as YAML, a scalar as JSON.
func block(v any) []string {
	switch x := v.(type) {
	case string:
		if strings.Contains(x, "\n") {
			return strings.Split(strings.TrimSuffix(x, "\n"), "\n")
		}
	case map[string]any, []any:
		b, err := yaml.Marshal(x)
		if err == nil {
			return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		}
	}
	s, _ := json.Marshal(v)
	return []string{string(s)}
}

// changeLines is the body of one field change; empty when the change fits
// on its header line (see oneLine).
func changeLines(c Change) []line {
	if _, ok := oneLine(c); ok {
		return nil
	}
	var out []line
	switch c.Op {
	case OpAdded:
		out = prefixed('+', block(c.New))
	case OpRemoved:
		out = prefixed('-', block(c.Old))
	default:
		oldS, oldIsString := c.Old.(string)
		newS, newIsString := c.New.(string)
		if oldIsString && newIsString {
			return lineDiff(strings.Split(strings.TrimSuffix(oldS, "\n"), "\n"), strings.Split(strings.TrimSuffix(newS, "\n"), "\n"))
		}
		_, oldIsMap := c.Old.(map[string]any)
		_, newIsMap := c.New.(map[string]any)
		_, oldIsList := c.Old.([]any)
		_, newIsList := c.New.([]any)
		if (oldIsMap && newIsMap) || (oldIsList && newIsList) {
			return lineDiff(block(c.Old), block(c.New))
		}
		out = append(prefixed('-', block(c.Old)), prefixed('+', block(c.New))...)
	}
	return out
}

// oneLine formats a change that fits on one line: "2 -> 3", "+ true".
func oneLine(c Change) (string, bool) {
	switch c.Op {
	case OpAdded:
		s, ok := inline(c.New)
		return s, ok
	case OpRemoved:
		s, ok := inline(c.Old)
		return s, ok
	}
	o, ok1 := inline(c.Old)
	n, ok2 := inline(c.New)
	if !ok1 || !ok2 || len(o)+len(n) > 120 {
		return "", false
	}
	return o + " -> " + n, true
}

func prefixed(op byte, lines []string) []line {
	out := make([]line, len(lines))
	for i, l := range lines {
		out[i] = line{op, l}
	}
	return out
}

// lineDiff is a line diff of a and b with contextLines of context, from
// their longest common subsequence.
func lineDiff(a, b []string) []line {
	if len(a)*len(b) > maxLCS {
		return append(prefixed('-', a), prefixed('+', b)...)
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var all []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			all = append(all, line{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			all = append(all, line{'-', a[i]})
			i++
		default:
			all = append(all, line{'+', b[j]})
			j++
		}
	}
	return withContext(all)
}

// withContext keeps the changed lines and contextLines around them,
// replacing each skipped run by one '~' marker.
func withContext(all []line) []line {
	keep := make([]bool, len(all))
	for i, l := range all {
		if l.op == ' ' {
			continue
		}
		for k := max(0, i-contextLines); k <= min(len(all)-1, i+contextLines); k++ {
			keep[k] = true
		}
	}
	var out []line
	skipped := false
	for i, l := range all {
		if keep[i] {
			out = append(out, l)
			skipped = false
			continue
		}
		if !skipped {
			out = append(out, line{'~', ""})
			skipped = true
		}
	}
	return out
}
