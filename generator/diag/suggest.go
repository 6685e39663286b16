package diag

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to word when it is close enough to
// be a likely typo: at most one edit for words of up to four characters,
// two up to eight, three beyond (an edit inserts, deletes or replaces a
// character, or swaps two neighbours), or the same word in another case.
// It returns "" when none is close or word itself is a candidate. Ties go
// to the candidate first in sorted order, so the answer is deterministic.
func Suggest(word string, candidates []string) string {
	if word == "" {
		return ""
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	limit := 1
	switch n := utf8.RuneCountInString(word); {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, c := range sorted {
		if c == word {
			return ""
		}
		if c == "" {
			continue
		}
		d := distance(word, c)
		if strings.EqualFold(word, c) {
			d = 1 // the same word in another case: a typo of one edit
		}
		if d < bestDist && d < max(utf8.RuneCountInString(c), utf8.RuneCountInString(word)) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean returns ` (did you mean "x"?)` for the candidate Suggest
// picks, or "".
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return ` (did you mean "` + s + `"?)`
	}
	return ""
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent characters.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
