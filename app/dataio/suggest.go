package dataio

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// NodeRef is what the binding wizard knows about a tree node.
type NodeRef struct {
	ID   string // e.g. "active_rate"
	Name string // display name in any language, e.g. "アクティブ率"
	Unit string // e.g. "%", "JPY"; or empty
}

// ColumnRef is what the matcher knows about a column; use ColumnRefs to
// build them from a Dataset.
type ColumnRef struct {
	Name string
	Unit string // or empty
}

// ColumnRefs lists a dataset's columns for Suggest.
func ColumnRefs(d *Dataset) []ColumnRef {
	out := make([]ColumnRef, len(d.Columns))
	for i, c := range d.Columns {
		out[i] = ColumnRef{Name: c.Name, Unit: c.Unit}
	}
	return out
}

// synonyms maps normalised words (Japanese and English) to a canonical key
// so that アクティブ率 matches active_rate. Longer phrases come first within
// the matching so 付帯平均単価 does not match 付帯売上.
var synonyms = map[string]string{
	"アクティブ率": "active_rate", "稼働率": "active_rate", "activerate": "active_rate",
	"付帯売上": "addon_revenue", "addonrevenue": "addon_revenue", "付帯収益": "addon_revenue",
	"売上": "revenue", "売上高": "revenue", "収益": "revenue", "revenue": "revenue", "sales": "revenue",
	"平均単価": "unit_price", "付帯平均単価": "unit_price", "単価": "unit_price", "unitprice": "unit_price", "arpa": "unit_price", "arpu": "unit_price", "averageaddonunitprice": "unit_price",
	"付帯総客数": "active_customers", "総客数": "active_customers", "顧客数": "active_customers", "activecustomers": "active_customers", "addoncustomers": "active_customers", "customers": "active_customers", "addoncustomersactive": "active_customers",
	"オンボード社数": "onboarded_accounts", "導入社数": "onboarded_accounts", "onboardedaccounts": "onboarded_accounts", "onboardings": "onboarded_accounts",
	"csm人数": "csm_count", "csm数": "csm_count", "csmcount": "csm_count", "csmheadcount": "csm_count", "csms": "csm_count",
	"一人頭の平均オンボード社数": "onboarded_per_csm", "一人当たりオンボード社数": "onboarded_per_csm", "onboardedpercsm": "onboarded_per_csm", "onboardingspercsm": "onboarded_per_csm",
	"解約率": "churn_rate", "チャーンレート": "churn_rate", "churnrate": "churn_rate", "churn": "churn_rate",
	"ログイン数": "logins", "logins": "logins", "ログイン": "logins",
	"月間アクティブユーザー": "mau", "mau": "mau", "日間アクティブユーザー": "dau", "dau": "dau",
	"nps": "nps", "ネットプロモータースコア": "nps",
	"ヘルススコア": "health_score", "healthscore": "health_score",
	"継続率": "retention_rate", "retentionrate": "retention_rate", "grr": "grr", "nrr": "nrr", "売上継続率": "nrr",
	"mrr": "mrr", "月次経常収益": "mrr", "arr": "arr", "年間経常収益": "arr",
	"チャット送信数": "chats_sent", "chatssent": "chats_sent", "アクティブユーザー": "active_users", "activeusers": "active_users",
}

// normKey folds width and case, drops unit suffixes, separators and
// brackets: "付帯売上（円）" → "付帯売上", "Revenue_JPY" → "revenue".
func normKey(s string) string {
	s = strings.ToLower(width.Fold.String(s))
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}} {
		if i := strings.LastIndex(s, p[0]); i > 0 && strings.HasSuffix(strings.TrimSpace(s), p[1]) {
			s = s[:i]
		}
	}
	for _, suf := range []string{"_jpy", "_yen", "_usd", "_pct", "_percent", " jpy", " usd"} {
		s = strings.TrimSuffix(s, suf)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func canon(s string) string {
	k := normKey(s)
	if c, ok := synonyms[k]; ok {
		return c
	}
	return k
}

// tokens splits an identifier or name into lower-case words.
func tokens(s string) map[string]bool {
	s = strings.ToLower(width.Fold.String(s))
	out := map[string]bool{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch t {
		case "jpy", "yen", "usd", "pct", "percent", "the", "of", "per":
			continue
		}
		out[t] = true
	}
	return out
}

// related reports whether one canonical key specialises the other
// ("addon_revenue" and "revenue").
func related(a, b string) bool {
	return a != "" && b != "" && (strings.HasSuffix(a, "_"+b) || strings.HasSuffix(b, "_"+a))
}

// matchScore rates how well a column fits a node, from 0 (no match) to 100.
func matchScore(n NodeRef, c ColumnRef) int {
	cc := canon(c.Name)
	score := 0
	switch {
	case cc == "":
	case cc == canon(n.ID) || (n.Name != "" && cc == canon(n.Name)):
		score = 90
	case normKey(c.Name) == normKey(n.ID) || (n.Name != "" && normKey(c.Name) == normKey(n.Name)):
		score = 90
	case related(cc, canon(n.ID)) || (n.Name != "" && related(cc, canon(n.Name))):
		score = 60 // revenue ↔ addon_revenue: the same measure, one more specific
	default:
		// Word overlap (Jaccard) between the column and the node's id and name.
		ct := tokens(c.Name)
		for _, s := range []string{n.ID, n.Name} {
			nt := tokens(s)
			inter := 0
			for t := range ct {
				if nt[t] {
					inter++
				}
			}
			union := len(ct) + len(nt) - inter
			if union > 0 && inter > 0 {
				score = max(score, 70*inter/union)
			}
		}
	}
	if score == 0 {
		return 0
	}
	switch {
	case n.Unit != "" && c.Unit != "" && n.Unit == c.Unit:
		score += 10
	case n.Unit != "" && c.Unit != "" && n.Unit != c.Unit && (n.Unit == UnitPercent || c.Unit == UnitPercent):
		score -= 30 // a % column is almost never the right source for a yen node
	}
	return score
}

// Suggest proposes a column for each node (node id → column name) for the
// binding wizard: exact or synonym matches on the id or name (アクティブ率 ↔
// active_rate, 付帯売上（円） ↔ revenue_jpy), then word overlap, with a bonus
// for matching units. Each column is proposed for at most one node; nodes
// without a convincing match are left out, never guessed.
func Suggest(columns []ColumnRef, nodes []NodeRef) map[string]string {
	type cand struct{ node, col, score int }
	var cands []cand
	for i, n := range nodes {
		for j, c := range columns {
			if s := matchScore(n, c); s >= 40 {
				cands = append(cands, cand{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	out := map[string]string{}
	usedCol := map[int]bool{}
	for _, c := range cands {
		id := nodes[c.node].ID
		if _, done := out[id]; done || usedCol[c.col] {
			continue
		}
		out[id] = columns[c.col].Name
		usedCol[c.col] = true
	}
	return out
}
