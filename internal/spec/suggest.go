package spec

import "strings"

// suggest returns the candidate closest to word, or "" when none is close
// enough to be a likely misspelling.
func suggest(word string, candidates []string) string {
	best, bestDist := "", 1<<30
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if strings.ToLower(c) == lw {
			return c
		}
		if d := levenshtein(lw, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := 2
	if len(word) > 8 {
		limit = len(word) / 3
	}
	if bestDist <= limit {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Suggest returns the candidate closest to word, or "" when none is close
// enough to be a likely misspelling (for other files' messages).
func Suggest(word string, candidates []string) string { return suggest(word, candidates) }
