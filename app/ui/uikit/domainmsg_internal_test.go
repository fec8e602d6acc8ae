package uikit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// domainChild is uitest.LangChildEnv's value for the Japanese domain tests.
const domainChild = "domain-ja"

// domainCase is one finding or formula error and what each language shows.
type domainCase struct {
	name   string
	edit   func(*kpitree.Tree) // makes Check report code on node
	in     kpitree.Inputs
	node   string
	code   kpitree.MsgCode
	en, ja string // the whole translated message
}

var diagnosticCases = []domainCase{
	{"a syntax error", func(t *kpitree.Tree) { t.Nodes[0].Formula = `unit_price "顧客"` }, nil, "revenue", kpitree.MsgParseTrailing,
		`unexpected '"' after a complete expression: add an operator such as + or *`,
		"式の後に余分な「\"」があります。+ や * などの演算子を入れてください。"},
	{"an unknown Japanese name", func(t *kpitree.Tree) { t.Nodes[0].Formula = `unit_price * "顧客数"` }, nil, "revenue", kpitree.MsgRefUnknown,
		`no node has the id or name "顧客数": add it or fix the spelling`,
		"ID・名前が「顧客数」のノードはありません。ノードを追加するか、綴りを確認してください。"},
	{"a cycle", func(t *kpitree.Tree) { t.Nodes[2].Formula = "csm_count * per_csm * revenue / revenue" }, nil, "revenue", kpitree.MsgTreeCycle,
		"nodes depend on each other in a loop (revenue → active_customers → revenue): remove one of these references",
		"ノードが循環参照しています（revenue → active_customers → revenue）。いずれかの参照を削除してください。"},
	{"an unused node", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "nps", Name: "NPS", Kind: kpitree.KindConstant, Value: 1})
	}, nil, "nps", kpitree.MsgNodeUnused,
		`not used by the root "revenue": refer to it from a formula or remove it`,
		"ルート「revenue」の計算に使われていません。計算式から参照するか、削除してください。"},
	{"health weights", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "health", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
			{Ref: "csm_count", Weight: 0.7, Max: 10}, {Ref: "per_csm", Weight: 0.7, Max: 50}}})
	}, nil, "health", kpitree.MsgHealthWeights,
		"the component weights add up to 1.4, not 1, so the score is not out of 100: rescale the weights",
		"構成要素の重みの合計が1ではなく1.4のため、スコアが100点満点になりません。重みを調整してください。"},
	{"a bad frequency", func(t *kpitree.Tree) { t.Calendar.Freq = "fortnight" }, nil, "", kpitree.MsgCalendarFreq,
		`unknown period frequency "fortnight": use day, week, month, quarter or year`,
		"期間の単位「fortnight」は不明です。日・週・月・四半期・年のいずれかにしてください。"},
	{"missing periods", func(t *kpitree.Tree) {}, kpitree.Inputs{"unit_price": {1, 1, 1}, "csm_count": {6, math.NaN(), 6}, "per_csm": {2, 2, 2}},
		"csm_count", kpitree.MsgDataMissing,
		"1 of 3 periods have no value (first: 2023-05); nodes computed from it are missing there too: fill the gaps or extend the forecast",
		"3期間のうち1期間に値がありません（最初は2023-05）。このノードから計算されるノードもその期間は欠損になります。欠損を埋めるか、予測を延長してください。"},
	{"adding different units", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * active_customers + csm_count" }, nil, "revenue", kpitree.MsgUnitAdd,
		"adds JPY/month and people: their units differ, so the result means nothing; convert one of them first",
		"円/月と人を足しています。単位が異なるため結果に意味がありません。先にどちらかを換算してください。"},
	{"a formula giving a plain number", func(t *kpitree.Tree) { t.Nodes[2].Formula = "csm_count / csm_count" }, nil, "active_customers", kpitree.MsgUnitNode,
		`the formula gives a plain number but the node's unit is "customers": change the unit or the formula (or silence this warning)`,
		"計算式の単位は単位なしの数値ですが、ノードの単位は「社」です。単位か計算式を修正してください（この警告を非表示にもできます）。"},
	{"a function mixing units", func(t *kpitree.Tree) { t.Nodes[2].Formula = "max(csm_count * per_csm, csm_count)" }, nil, "active_customers", kpitree.MsgUnitFunc,
		"max mixes account and people: their units differ, so the result means nothing; convert one of them first",
		"max でアカウントと人が混在しています。単位が異なるため結果に意味がありません。先にどちらかを換算してください。"},
}

// findDiagnostic runs Check on the edited domainTree and returns the
// finding with the case's code.
func findDiagnostic(t *testing.T, tt domainCase) kpitree.Diagnostic {
	t.Helper()
	tree := uitest.JapaneseTree()
	if tt.in != nil {
		for i := range tree.Nodes {
			tree.Nodes[i].Values = nil
		}
	}
	tt.edit(&tree)
	ds := kpitree.Check(tree, tt.in)
	for _, d := range ds {
		if d.Node == tt.node && d.MsgCode == tt.code {
			return d
		}
	}
	t.Fatalf("no %s on %q in %v", tt.code, tt.node, ds)
	return kpitree.Diagnostic{}
}

var unitCases = []struct{ in, ja string }{
	{"people", "人"},
	{"customers", "社"},
	{"accounts", "アカウント"},
	{"accounts/person", "アカウント/人"},
	{"accounts / person", "アカウント / 人"},
	{"JPY", "円"},
	{"JPY/customer/month", "円/社/月"},
	{"/month", "/月"},
	{"Customers", "社"},
	{"logins/user/week", "ログイン/ユーザー/週"},
	{"account^2", "アカウント^2"},
	{"count·day", "件·日"},
	{"%", "%"},
	{"", ""},
	{"社", "社"},
	{"人/月", "人/月"},
	{"CSM", "CSM"},
	{"widgets/month", "widgets/月"},
	{"USD", "ドル"},
}

var formatCases = []struct {
	v         float64
	unit      string
	en, ja    string
	hasEnWord bool
}{
	{13.58, "people", "13.58 people", "13.58人", true},
	{904, "customers", "904 customers", "904社", true},
	{1221, "accounts", "1,221 accounts", "1,221アカウント", true},
	{89.92, "accounts/person", "89.92 accounts/person", "89.92アカウント/人", true},
	{12.17e6, "JPY/month", "¥12.17M/month", "¥1,217万/月", true},
	{110e6, "JPY", "¥110M", "¥1.1億", false},
	{99.99e6, "JPY", "¥99.99M", "¥9,999万", false},
	{123456, "customers", "123.5k customers", "12.3万社", true},
	{13468, "JPY/customer/month", "¥13,468/customer/month", "¥13,468/社/月", true},
	{13468, "JPY", "¥13,468", "¥13,468", false},
	{0.74, "%", "74.0%", "74.0%", false},
	{42, "widgets", "42 widgets", "42 widgets", true},
	{42, "社", "42社", "42社", false},
	{42, "", "42", "42", false},
}

func TestDomainText_English(t *testing.T) {
	for _, tt := range diagnosticCases {
		t.Run("should show "+tt.name+" as kpitree wrote it", func(t *testing.T) {
			d := findDiagnostic(t, tt)
			if got := DiagnosticText(d); got != tt.en {
				t.Errorf("diagnosticText = %q, want %q", got, tt.en)
			}
			if got := DiagnosticText(d); got != d.Message {
				t.Errorf("the English translation %q drifted from kpitree's %q: update domain.en.json", got, d.Message)
			}
		})
	}
	for _, tt := range unitCases {
		t.Run("should keep the unit "+tt.in+" unchanged", func(t *testing.T) {
			if got := UnitText(tt.in); got != tt.in {
				t.Errorf("UnitText(%q) = %q", tt.in, got)
			}
		})
	}
	for _, tt := range formatCases {
		t.Run("should format "+tt.en, func(t *testing.T) {
			if got := FormatValue(tt.v, tt.unit); got != tt.en {
				t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.en)
			}
		})
	}
}

// TestDomainText_EnglishMatchesKpitreeForEveryParseError keeps
// domain.en.json in step with kpitree's own English, formula by formula.
func TestDomainText_EnglishMatchesKpitreeForEveryParseError(t *testing.T) {
	for _, src := range parseErrorSources {
		_, err := kpitree.Parse(src)
		var fe *kpitree.Error
		if !errors.As(err, &fe) {
			t.Fatalf("Parse(%q) = %v, want a formula error", src, err)
		}
		if got := FormulaMessage(fe); got != fe.Msg {
			t.Errorf("Parse(%q): UI says %q, kpitree says %q", src, got, fe.Msg)
		}
	}
}

// parseErrorSources make one parser error each (most codes).
var parseErrorSources = []string{
	" ", "a + ", "a b", "(a + b", "a + b)", "foo(a)", "lag(a)", "lag(a, 1.5)", "clamp(a, 1)", "sum()",
	"abs(a, b)", "if(a, b)", "a = b", "a ! b", "1,23", "アクティブ率 * 2", `"abc`, `"  "`, `"a\q"`, "2x", "1e999",
	"a + #", "max(a b)", "max(a", "a * ,", "1e", "1 + .", "a ＊ b", "a + \xff",
}

func TestFormulaErrorText_English(t *testing.T) {
	_, err := kpitree.Parse("a + ")
	two := kpitree.ErrorList{{Pos: 0, Col: 1, Msg: "x", Code: kpitree.MsgParseSingleEq}, {Pos: 3, Msg: "y"}}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"should give the column and message", err, "col 5: formula ends too early: expected a number, a node or '('"},
		{"should give the column of a wrapped error", fmt.Errorf("set formula: %w", err), "col 5: formula ends too early: expected a number, a node or '('"},
		{"should count the other errors", two, "col 1: use == to compare two values (and 1 more errors)"},
		{"should show an error added without a code as written", kpitree.ErrorList{{Pos: 2, Msg: "custom"}}, "col 3: custom"},
		{"should show nothing for nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormulaErrorText(tt.err); got != tt.want {
				t.Errorf("formulaErrorText = %q, want %q", got, tt.want)
			}
		})
	}
	other := errors.New("disk on fire")
	if got := FormulaErrorText(other); got != UserMessage(other) {
		t.Errorf("a non-formula error = %q, want UserMessage's %q", got, UserMessage(other))
	}
	bare := fmt.Errorf("set formula: %w", kpitree.ErrSyntax)
	if got, ok := formulaErrorDetail(bare); ok || got != "" {
		t.Errorf("formulaErrorDetail of a bare ErrSyntax = %q, %v; want no detail", got, ok)
	}
	if got := FormulaErrorText(bare); got != UserMessage(bare) {
		t.Errorf("a bare ErrSyntax = %q, want UserMessage's %q", got, UserMessage(bare))
	}
}

func TestDiagnosticText_WithoutCodeShowsItsMessage(t *testing.T) {
	for _, d := range []kpitree.Diagnostic{
		{Code: "reconciliation", Message: "reported revenue differs by 3 %"},
		{Code: "x", MsgCode: "no.such_code", Args: []string{"a"}, Message: "from a newer kpitree"},
	} {
		if got := DiagnosticText(d); got != d.Message {
			t.Errorf("DiagnosticText(%+v) = %q, want its Message", d, got)
		}
	}
}

// readDomainTable reads one language of the domain translations.
func readDomainTable(t *testing.T, language string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(assets.Translations, "translations/domain."+language+".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("domain.%s.json: %v", language, err)
	}
	return m
}

var templateField = regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)

func TestDomainTranslations_CoverEveryCodeAndUnit(t *testing.T) {
	for _, language := range []string{"en", "ja"} {
		table := readDomainTable(t, language)
		for _, code := range kpitree.MessageCodes() {
			text, ok := table["domain.msg."+string(code)]
			if !ok {
				t.Errorf("domain.%s.json lacks domain.msg.%s", language, code)
				continue
			}
			names, _ := kpitree.MessageArgs(code)
			var used []string
			for _, g := range templateField.FindAllStringSubmatch(text, -1) {
				used = append(used, g[1])
			}
			for _, u := range used {
				if !slices.Contains(names, u) {
					t.Errorf("%s domain.msg.%s uses {{.%s}}, which is not an argument (%v)", language, code, u, names)
				}
			}
			for _, n := range names {
				if !slices.Contains(used, n) {
					t.Errorf("%s domain.msg.%s drops the argument %s: the user would lose a name or number", language, code, n)
				}
			}
		}
		for _, a := range report.UnitAtoms() {
			v, ok := table["domain.unit."+a]
			switch {
			case !ok:
				t.Errorf("domain.%s.json lacks domain.unit.%s", language, a)
			case language == "en" && v != a:
				t.Errorf("English must show units as stored: domain.unit.%s = %q", a, v)
			}
		}
	}
}

// allowedASCII are the formula words a Japanese message may quote.
var allowedASCII = regexp.MustCompile(`\b(sum|avg|min|max|abs|lag|cumsum|clamp|if|annualize|price|customers|unit_price|ID|x)\b`)

func TestDomainTranslations_JapaneseHasNoEnglishWords(t *testing.T) {
	table := readDomainTable(t, "ja")
	word := regexp.MustCompile(`[A-Za-z]{3,}`)
	for k, v := range table {
		if strings.HasPrefix(k, "domain.unit.") {
			continue
		}
		rest := allowedASCII.ReplaceAllString(templateField.ReplaceAllString(v, ""), "")
		if w := word.FindString(rest); w != "" {
			t.Errorf("%s has the English word %q: %q", k, w, v)
		}
	}
}

// TestDomainText_Japanese runs the Japanese cases in a child process.
func TestDomainText_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case domainChild:
		if err := SetupLanguage(LangJapanese); err != nil {
			t.Fatal(err)
		}
		japaneseDomainCases(t)
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestDomainText_Japanese", domainChild)
	if !strings.Contains(out, "--- PASS: TestDomainText_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}

func japaneseDomainCases(t *testing.T) {
	for _, tt := range diagnosticCases {
		t.Run("should show "+tt.name+" in Japanese", func(t *testing.T) {
			if got := DiagnosticText(findDiagnostic(t, tt)); got != tt.ja {
				t.Errorf("diagnosticText = %q, want %q", got, tt.ja)
			}
		})
	}
	for _, tt := range unitCases {
		t.Run("should show the unit "+tt.in+" as "+tt.ja, func(t *testing.T) {
			if got := UnitText(tt.in); got != tt.ja {
				t.Errorf("UnitText(%q) = %q, want %q", tt.in, got, tt.ja)
			}
		})
	}
	for _, tt := range formatCases {
		t.Run("should format "+tt.ja, func(t *testing.T) {
			if got := FormatValue(tt.v, tt.unit); got != tt.ja {
				t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.ja)
			}
		})
	}
	t.Run("should translate every parser error with no English left", func(t *testing.T) {
		word := regexp.MustCompile(`[A-Za-z]{3,}`)
		for _, src := range parseErrorSources {
			_, err := kpitree.Parse(src)
			var fe *kpitree.Error
			errors.As(err, &fe)
			got := FormulaMessage(fe)
			rest := got
			for _, a := range fe.Args { // the user's own words may be English
				rest = strings.ReplaceAll(rest, a, "")
			}
			rest = allowedASCII.ReplaceAllString(rest, "")
			if w := word.FindString(rest); w != "" || strings.Contains(got, "<no value>") {
				t.Errorf("Parse(%q): %q still has English (%q)", src, got, w)
			}
		}
	})
	t.Run("should give the column and count further errors", func(t *testing.T) {
		_, err := kpitree.Parse(`"売上" "原価"`)
		if got, want := FormulaErrorText(err), "6文字目: 式の後に余分な「\"」があります。+ や * などの演算子を入れてください。"; got != want {
			t.Errorf("formulaErrorText = %q, want %q", got, want)
		}
		two := kpitree.ErrorList{{Pos: 0, Col: 1, Msg: "x", Code: kpitree.MsgParseSingleEq}, {Pos: 3, Msg: "y"}}
		if got, want := FormulaErrorText(two), "1文字目: 2つの値を比較するには == を使ってください。（ほか1件のエラー）"; got != want {
			t.Errorf("formulaErrorText = %q, want %q", got, want)
		}
	})
	t.Run("should show a full-width character with its half-width form", func(t *testing.T) {
		_, err := kpitree.Parse("a ＊ b")
		if got, want := FormulaErrorText(err), "3文字目: 全角の「＊」が使われています。半角の「*」を入力してください。"; got != want {
			t.Errorf("formulaErrorText = %q, want %q", got, want)
		}
	})
}
