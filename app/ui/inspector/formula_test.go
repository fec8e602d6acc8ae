package inspector_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/kpitree"
)

func TestValidateFormula(t *testing.T) {
	tr := templateTree(t, "ja") // Japanese names, ASCII ids
	tests := []struct {
		name    string
		self    string
		src     string
		wantCol int    // −1: valid
		wantMsg string // substring of the message
	}{
		{"a product of ids is valid", "addon_revenue", "unit_price * active_customers", -1, ""},
		{"an unquoted Japanese name is a syntax error asking for quotes", "active_customers", `オンボーディング完了数 * "アクティブ率"`, 0, "double quotes"},
		{"quoted names resolve", "active_customers", `"オンボーディング完了数" * "アクティブ率"`, -1, ""},
		{"an unknown id is reported where it starts, with a suggestion", "addon_revenue", "unit_price * active_custmers", 13, "active_customers"},
		{"a self-reference is reported", "active_rate", "active_rate * 2", 0, "own KPI"},
		{"a dangling operator is a syntax error with its column", "addon_revenue", "unit_price *", 12, "syntax"},
		{"an unclosed parenthesis is reported", "addon_revenue", "(unit_price * active_customers", 30, "syntax"},
		{"columns count characters, not bytes", "active_customers", `"オンボーディング完了数" * "未知"`, 16, "未知"},
		{"an empty formula asks for one", "x", "   ", 0, "Type a formula"},
	}
	for _, tt := range tests {
		t.Run("should say "+tt.name, func(t *testing.T) {
			got := inspector.ValidateFormula(tr, tt.self, tt.src)
			if tt.wantCol < 0 {
				if len(got) != 0 {
					t.Fatalf("issues = %v, want none", got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("no issue, want one at column %d", tt.wantCol)
			}
			if got[0].Col != tt.wantCol || !strings.Contains(got[0].Msg, tt.wantMsg) {
				t.Fatalf("first issue = col %d %q, want col %d containing %q", got[0].Col, got[0].Msg, tt.wantCol, tt.wantMsg)
			}
			if s := got[0].String(); !strings.HasPrefix(s, "col ") && !strings.Contains(s, ":") {
				t.Errorf("String() = %q", s)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tr := templateTree(t, "en")
	tests := []struct {
		prefix string
		want   []string
	}{
		{"act", []string{"active_customers", "active_rate"}},
		{"Active r", []string{"active_rate"}},
		{"csm", []string{"csm_count", "onboarded_per_csm"}}, // prefix matches rank before substring matches
		{"", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		got := inspector.Suggest(tr, "addon_revenue", tt.prefix, 6)
		ids := make([]string, len(got))
		for i, s := range got {
			ids[i] = s.ID
		}
		if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Suggest(%q) = %v, want %v", tt.prefix, ids, tt.want)
		}
	}
	if got := inspector.Suggest(tr, "active_rate", "active_r", 6); len(got) != 0 {
		t.Errorf("Suggest excluded nothing for self: %v", got)
	}
	if got := inspector.Suggest(tr, "", "a", 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d suggestions", len(got))
	}
}

// FuzzValidateFormula checks the inspector's validator never panics and
// reports columns inside the text, for any input.
func FuzzValidateFormula(f *testing.F) {
	for _, s := range []string{
		"unit_price * active_customers", `"アクティブ率" * 2`, "((a", "a +* b", "max(1,234)",
		`"unterminated`, "lag(x, 1) / cumsum(y)", "1e999 ^ -1", "\xff\xfe", "",
	} {
		f.Add(s)
	}
	tr := templateTree(f, "ja")
	f.Fuzz(func(t *testing.T, src string) {
		for _, is := range inspector.ValidateFormula(tr, "addon_revenue", src) {
			if is.Col < 0 || is.Col > utf8.RuneCountInString(src) || is.Pos < 0 || is.Pos > len(src) {
				t.Fatalf("issue %+v outside %q", is, src)
			}
			if is.Msg == "" {
				t.Fatal("issue without a message")
			}
			if strings.Contains(is.Msg, "<no value>") || strings.Contains(is.Msg, "{{") {
				t.Fatalf("issue %q has an unfilled template field", is.Msg)
			}
		}
	})
}

var _ = kpitree.KindInput

// templateTree is the canonical template's tree with its names in lang
// ("en", "ja") and no data.
func templateTree(t testing.TB, lang string) kpitree.Tree {
	t.Helper()
	tr, err := kpitree.NewFromTemplate("addon_revenue", lang)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
