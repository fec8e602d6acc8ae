package kpitree

import (
	"fmt"
	"strings"
	"unicode"
)

// The edits a tree editor offers (add a driver under a node, delete nodes,
// give a new node an id) built from the invertible ops, so the app and the
// CLI record them in the undo history the same way.

// JoinTerm returns formula with a reference to id joined by op ("*" for a
// product, "+" for a sum). An empty formula becomes id alone. The result is
// canonical (Expr.String), so a / b joined by "*" reads a / b * id and
// a − b joined by "+" reads a - b + id: the new driver multiplies or adds to
// the whole formula, whatever operator the formula uses.
func JoinTerm(formula, id, op string) (string, error) {
	var bop BinaryOp
	switch op {
	case "*":
		bop = BinMul
	case "+":
		bop = BinAdd
	default:
		return "", fmt.Errorf("join %q: operator %q: %w: use * or +", id, op, ErrBadOp)
	}
	if strings.TrimSpace(formula) == "" {
		return (&Ref{Name: id}).String(), nil
	}
	e, err := Parse(formula)
	if err != nil {
		return "", fmt.Errorf("join %q: fix the formula first: %w", id, err)
	}
	return (&Binary{Op: bop, X: e, Y: &Ref{Name: id}}).String(), nil
}

// AddDriverOp is the op that adds n to t as a driver of parent joined by op
// ("*" or "+"; see JoinTerm). An input or constant parent becomes a formula
// node computed from n. parent "" adds n unattached.
func AddDriverOp(t Tree, parent string, n Node, op string) (Op, error) {
	where := fmt.Sprintf("add %q", n.ID)
	if !ValidID(n.ID) {
		return nil, fmt.Errorf("%s: %w", where, ErrInvalidID)
	}
	if _, err := nodeIndex(t, n.ID, where); err == nil {
		return nil, fmt.Errorf("%s: %w", where, ErrDuplicateID)
	}
	add := AddNode{Node: n, Index: -1}
	if parent == "" {
		return add, nil
	}
	pi, err := nodeIndex(t, parent, where)
	if err != nil {
		return nil, err
	}
	p := t.Nodes[pi].Clone()
	f := p.Formula
	if p.Kind != KindFormula {
		f = ""
	}
	if f, err = JoinTerm(f, n.ID, op); err != nil {
		return nil, fmt.Errorf("%s under %q: %w", where, parent, err)
	}
	p.Kind, p.Formula = KindFormula, f
	return Batch{Ops: []Op{add, UpdateNode{Node: p}}}, nil
}

// RemoveNodesOp is the op that deletes the nodes, first dropping each from
// the sums, products and sum/avg/min/max calls that use it. It fails
// (ErrBadOp) naming the formula when a node is used in another shape, where
// dropping the term would change what the formula means: the user edits it.
func RemoveNodesOp(t Tree, ids []string) (Op, error) {
	gone := map[string]bool{}
	for _, id := range ids {
		if _, err := nodeIndex(t, id, "delete node"); err != nil {
			return nil, err
		}
		gone[id] = true
	}
	names := nameIndex(t)
	var ops []Op
	for _, n := range t.Nodes {
		if gone[n.ID] || n.Kind != KindFormula {
			continue
		}
		refs := directRefs(n, names)
		var drop []string
		for _, r := range refs {
			if gone[r] {
				drop = append(drop, r)
			}
		}
		if len(drop) == 0 {
			continue
		}
		e, err := Parse(n.Formula)
		if err != nil {
			return nil, fmt.Errorf("delete %s: fix the formula of %q first: %w", strings.Join(drop, ", "), n.ID, err)
		}
		for _, id := range drop {
			is := func(r *Ref) bool { return refersTo(r, id, names) }
			next, ok := e, false
			if flatTerm(e, is) {
				next, ok = removeTerm(e, is)
			}
			if !ok {
				// The formula is the reference alone: the node becomes an
				// input that data or a value can feed again.
				if r, isRef := e.(*Ref); isRef && refersTo(r, id, names) {
					e = nil
					break
				}
				return nil, fmt.Errorf("delete %q: %w: %q uses it in %q; edit that formula first", id, ErrBadOp, n.ID, n.Formula)
			}
			e = next
		}
		upd := n.Clone()
		if e == nil {
			upd.Kind, upd.Formula = KindInput, ""
		} else {
			upd.Formula = e.String()
		}
		ops = append(ops, UpdateNode{Node: upd})
	}
	for _, id := range ids {
		ops = append(ops, RemoveNode{ID: id})
	}
	return Batch{Ops: ops}, nil
}

// flatTerm reports whether a reference matching is is an operand of e's
// top-level chain of one + or one × (a × b × c), or an argument of a
// top-level sum/avg/min/max call: the shapes where dropping it leaves the
// meaning of the rest (a ratio without its divisor would not).
func flatTerm(e Expr, is func(*Ref) bool) bool {
	switch e := e.(type) {
	case *Binary:
		if e.Op != BinAdd && e.Op != BinMul {
			return false
		}
		var walk func(x Expr) bool
		walk = func(x Expr) bool {
			if b, ok := x.(*Binary); ok && b.Op == e.Op {
				return walk(b.X) || walk(b.Y)
			}
			r, ok := x.(*Ref)
			return ok && is(r)
		}
		return walk(e)
	case *Call:
		switch e.Func {
		case "sum", "avg", "min", "max":
			for _, a := range e.Args {
				if r, ok := a.(*Ref); ok && is(r) {
					return len(e.Args) > 1
				}
			}
		}
	}
	return false
}

// DeriveID returns a readable id for a node named name that taken does not
// hold: ASCII letters and digits of the name, Japanese kana transliterated
// (オンボーディング → onbodingu) and common KPI words translated
// (率 → rate), joined by underscores. A name with nothing usable gets
// fallback (the parent's id, say) followed by a number.
func DeriveID(name, fallback string, taken func(id string) bool) string {
	base := slugify(name)
	if base == "" {
		base = slugify(fallback)
		if base == "" {
			base = "kpi"
		}
		base += "_1"
	}
	if len(base) > 48 {
		base = strings.TrimRight(base[:48], "_")
	}
	if base[0] >= '0' && base[0] <= '9' {
		base = "n" + base
	}
	if !taken(base) {
		return base
	}
	stem := strings.TrimSuffix(base, "_1")
	for i := 2; ; i++ {
		id := fmt.Sprintf("%s_%d", stem, i)
		if !taken(id) {
			return id
		}
	}
}

// slugify turns a name into lower-case ASCII words joined by underscores.
func slugify(name string) string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	rs := []rune(name)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if w, n := glossaryAt(rs[i:]); n > 0 {
			flush()
			words = append(words, w)
			i += n - 1
			continue
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			cur.WriteRune(unicode.ToLower(r))
		case isKana(r):
			syl, n := kanaAt(rs[i:])
			cur.WriteString(syl)
			i += n - 1
		default:
			flush()
		}
	}
	flush()
	return strings.Join(words, "_")
}

// kpiGlossary translates the Japanese words KPI names are built from,
// longest first, so 売上高 reads revenue rather than sale_high.
var kpiGlossary = []struct{ ja, en string }{
	{"売上高", "revenue"}, {"売上", "revenue"}, {"単価", "unit_price"}, {"顧客数", "customers"}, {"顧客", "customer"},
	{"人数", "headcount"}, {"件数", "count"}, {"金額", "amount"}, {"平均", "avg"}, {"解約率", "churn_rate"},
	{"解約", "churn"}, {"継続率", "retention_rate"}, {"継続", "retention"}, {"契約", "contracts"}, {"新規", "new"},
	{"利用", "usage"}, {"活用", "adoption"}, {"稼働", "active"}, {"完了", "completed"}, {"獲得", "acquired"},
	{"商談", "deals"}, {"受注", "won"}, {"目標", "target"}, {"実績", "actual"}, {"月次", "monthly"}, {"年間", "annual"},
	{"累計", "cumulative"}, {"あたり", "per"}, {"当たり", "per"}, {"率", "rate"}, {"数", "count"}, {"額", "amount"},
	{"費", "cost"}, {"月", "month"}, {"年", "year"}, {"人", "person"}, {"社", "company"},
}

func glossaryAt(rs []rune) (string, int) {
	for _, g := range kpiGlossary {
		k := []rune(g.ja)
		if len(rs) >= len(k) && string(rs[:len(k)]) == g.ja {
			return g.en, len(k)
		}
	}
	return "", 0
}

func isKana(r rune) bool { return r >= 'ぁ' && r <= 'ゖ' || r >= 'ァ' && r <= 'ヺ' || r == 'ー' }

// kanaAt transliterates the syllable at the start of rs (Hepburn, long
// vowels and the small tsu folded) and says how many runes it used.
func kanaAt(rs []rune) (string, int) {
	h := func(r rune) rune { // katakana → hiragana
		if r >= 'ァ' && r <= 'ヶ' {
			return r - 0x60
		}
		return r
	}
	r := h(rs[0])
	if rs[0] == 'ー' {
		return "", 1
	}
	if r == 'っ' && len(rs) > 1 {
		next, _ := kanaAt(rs[1:])
		if next != "" {
			return next[:1], 1 // doubles the next consonant
		}
		return "", 1
	}
	if len(rs) > 1 {
		if y, ok := yoon[string([]rune{r, h(rs[1])})]; ok {
			return y, 2
		}
		if s, ok := foreignKana[string([]rune{r, h(rs[1])})]; ok {
			return s, 2
		}
	}
	if s, ok := kana[r]; ok {
		return s, 1
	}
	return "", 1
}

var kana = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o", 'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so", 'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no", 'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo", 'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro", 'わ': "wa", 'を': "o", 'ん': "n",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go", 'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do", 'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po", 'ぁ': "a", 'ぃ': "i", 'ぅ': "u", 'ぇ': "e", 'ぉ': "o",
	'ゃ': "ya", 'ゅ': "yu", 'ょ': "yo", 'ゔ': "vu",
}

var yoon = map[string]string{
	"きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "ちゃ": "cha", "ちゅ": "chu", "ちょ": "cho",
	"にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひゅ": "hyu", "ひょ": "hyo", "みゃ": "mya", "みゅ": "myu", "みょ": "myo",
	"りゃ": "rya", "りゅ": "ryu", "りょ": "ryo", "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo", "じゃ": "ja", "じゅ": "ju", "じょ": "jo",
	"びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu", "ぴょ": "pyo",
}

// foreignKana are the katakana pairs loanwords use (ティ, ディ, ファ…).
var foreignKana = map[string]string{
	"てぃ": "ti", "でぃ": "di", "とぅ": "tu", "どぅ": "du", "ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo",
	"うぃ": "wi", "うぇ": "we", "うぉ": "wo", "ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve", "ゔぉ": "vo", "しぇ": "she",
	"じぇ": "je", "ちぇ": "che", "つぁ": "tsa",
}

// DependsOn reports whether node from is target or is computed, directly
// or through other nodes, from target: making from a driver of target would
// then make a cycle.
func DependsOn(t Tree, from, target string) bool {
	return target == from || treeDependsOn(t, from, target)
}
