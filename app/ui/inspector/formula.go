package inspector

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// FormulaIssue is one problem in a formula being typed, for the inspector.
type FormulaIssue struct {
	Pos int    // byte offset in the formula
	Col int    // 0-based column in runes, for the caret line
	Msg string // translated message saying what to do
}

// ValidateFormula checks src as the formula of node self in tree t: syntax
// (with the parser's position), references to unknown nodes and references
// to the node itself, with messages in the UI language (node names as
// typed). It never panics; nil means no issue found.
func ValidateFormula(t kpitree.Tree, self, src string) []FormulaIssue {
	if strings.TrimSpace(src) == "" {
		return []FormulaIssue{{Msg: lang.L("formula.empty")}}
	}
	e, err := kpitree.Parse(src)
	if err != nil {
		var list kpitree.ErrorList
		var one *kpitree.Error
		switch {
		case errors.As(err, &list) && len(list) > 0:
			return []FormulaIssue{issueAt(src, list[0].Pos, lang.L("formula.syntax", map[string]any{"Msg": uikit.FormulaMessage(list[0])}))}
		case errors.As(err, &one):
			return []FormulaIssue{issueAt(src, one.Pos, lang.L("formula.syntax", map[string]any{"Msg": uikit.FormulaMessage(one)}))}
		}
		return []FormulaIssue{{Msg: lang.L("formula.syntax", map[string]any{"Msg": uikit.UserMessage(err)})}}
	}
	known := make(map[string]string, 2*len(t.Nodes))
	for _, n := range t.Nodes {
		known[n.ID] = n.ID
		if _, dup := known[n.Name]; !dup && n.Name != "" {
			known[n.Name] = n.ID
		}
	}
	var out []FormulaIssue
	for _, r := range kpitree.Refs(e) {
		id, ok := known[r.Name]
		switch {
		case !ok:
			msg := lang.L("formula.unknown", map[string]any{"Name": r.Name})
			if id, ok := closest(t, self, r.Name); ok {
				msg = lang.L("formula.unknown_suggest", map[string]any{"Name": r.Name, "Suggestion": id})
			}
			out = append(out, issueAt(src, r.Pos(), msg))
		case id == self:
			out = append(out, issueAt(src, r.Pos(), lang.L("formula.self")))
		}
	}
	return out
}

func issueAt(src string, pos int, msg string) FormulaIssue {
	pos = min(max(pos, 0), len(src))
	return FormulaIssue{Pos: pos, Col: utf8.RuneCountInString(src[:pos]), Msg: msg}
}

// String prints "col N: message" with a 1-based column, as users count.
func (f FormulaIssue) String() string { return fmt.Sprintf("%d: %s", f.Col+1, f.Msg) }

// Suggestion is a node offered while typing a formula.
type Suggestion struct {
	ID, Name string
}

// Suggest returns up to limit nodes (other than self) whose id or name
// starts with prefix, then those containing it, case-insensitively; an
// empty prefix suggests nothing.
func Suggest(t kpitree.Tree, self, prefix string, limit int) []Suggestion {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" || limit <= 0 {
		return nil
	}
	type scored struct {
		s    Suggestion
		rank int
	}
	var hits []scored
	for _, n := range t.Nodes {
		if n.ID == self {
			continue
		}
		id, name := strings.ToLower(n.ID), strings.ToLower(n.Name)
		rank := -1
		switch {
		case id == p || name == p:
			rank = 0
		case strings.HasPrefix(id, p) || strings.HasPrefix(name, p):
			rank = 1
		case strings.Contains(id, p) || strings.Contains(name, p):
			rank = 2
		}
		if rank >= 0 {
			hits = append(hits, scored{Suggestion{n.ID, n.Name}, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	out := make([]Suggestion, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.s)
	}
	return out
}

// tokenBefore returns the partial node reference ending at rune column col
// of src and its start column: an identifier, or the text after an
// unclosed double quote (how Japanese names are written).
func tokenBefore(src string, col int) (string, int) {
	rs := []rune(src)
	col = min(max(col, 0), len(rs))
	quotes := 0
	lastQuote := -1
	for i := 0; i < col; i++ {
		if rs[i] == '"' {
			quotes++
			lastQuote = i
		}
	}
	if quotes%2 == 1 {
		return string(rs[lastQuote+1 : col]), lastQuote
	}
	start := col
	for start > 0 && isIdentRune(rs[start-1]) {
		start--
	}
	return string(rs[start:col]), start
}

func isIdentRune(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// completeToken replaces the token ending at col with id and returns the
// new text and the column after the inserted id.
func completeToken(src string, col int, id string) (string, int) {
	_, start := tokenBefore(src, col)
	rs := []rune(src)
	col = min(max(col, 0), len(rs))
	out := string(rs[:start]) + id + string(rs[col:])
	return out, start + utf8.RuneCountInString(id)
}

// closest returns the id of the node whose id or name is nearest to name by
// edit distance, if it is near enough to be a typo (at most a third of the
// name's length, and at most 3 edits).
func closest(t kpitree.Tree, self, name string) (string, bool) {
	if s := Suggest(t, self, name, 1); len(s) > 0 {
		return s[0].ID, true
	}
	limit := min(3, utf8.RuneCountInString(name)/3)
	best, bestD := "", limit+1
	for _, n := range t.Nodes {
		if n.ID == self {
			continue
		}
		for _, cand := range []string{n.ID, n.Name} {
			if d := editDistance(strings.ToLower(name), strings.ToLower(cand)); d < bestD {
				best, bestD = n.ID, d
			}
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
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
