package cite

import (
	"fmt"
	"slices"
	"strings"
)

// cslTypes are the item types of CSL 1.0.2.
var cslTypes = []string{
	"article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
	"chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
	"entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
	"legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
	"paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
	"post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
	"standard", "thesis", "treaty", "webpage",
}

// cslVariables are the other CSL 1.0.2 variables: accepted so that an
// export from a reference manager reads, but not shown.
var cslVariables = []string{
	"abstract", "accessed", "annote", "archive", "archive_collection", "archive_location",
	"archive-place", "authority", "available-date", "call-number", "chair", "chapter-number",
	"citation-key", "citation-label", "citation-number", "collection-editor", "collection-number",
	"collection-title", "compiler", "composer", "container-author", "container-title-short",
	"contributor", "curator", "dimensions", "director", "division", "editorial-director",
	"event-date", "event-place", "event-title", "executive-producer", "guest", "host",
	"illustrator", "interviewer", "ISBN", "ISSN", "jurisdiction", "keyword", "language", "license",
	"locator", "medium", "narrator", "number-of-pages", "number-of-volumes", "organizer",
	"original-author", "original-date", "original-publisher", "original-publisher-place",
	"original-title", "part", "part-title", "performer", "PMCID", "PMID", "printing", "producer",
	"recipient", "references", "reviewed-author", "reviewed-genre", "reviewed-title", "scale",
	"script-writer", "section", "series-creator", "source", "status", "submitted", "supplement",
	"title-short", "translator", "version", "volume-title", "year-suffix",
}

// shownFields are the fields this package reads.
var shownFields = []string{
	"id", "type", "title", "author", "editor", "issued", "container-title", "publisher",
	"publisher-place", "volume", "issue", "page", "number", "edition", "genre", "note", "URL", "DOI", "arxiv",
}

func isType(t string) bool { return slices.Contains(cslTypes, t) }

func isVariable(v string) bool { return slices.Contains(cslVariables, v) }

func knownFields() []string { return append(slices.Clone(shownFields), cslVariables...) }

// suggestion returns ` (did you mean "x"?)` for the candidate closest to
// s, when it is close enough to be a typo, else "".
func suggestion(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(1, min(3, len(s)/3)) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, by runes, with a
// swap of two neighbours counting as one edit.
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
