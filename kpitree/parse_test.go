package kpitree_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

// validFormulas map input to canonical String().
var validFormulas = []struct{ in, want string }{
	{"a", "a"},
	{"  a  ", "a"},
	{"a+b", "a + b"},
	{"a + b * c", "a + b * c"},
	{"(a + b) * c", "(a + b) * c"},
	{"a - (b - c)", "a - (b - c)"},
	{"(a - b) - c", "a - b - c"},
	{"a / (b * c)", "a / (b * c)"},
	{"a ^ b ^ c", "a ^ b ^ c"},
	{"(a ^ b) ^ c", "(a ^ b) ^ c"},
	{"-a ^ 2", "-a ^ 2"},
	{"(-a) ^ 2", "(-a) ^ 2"},
	{"a ^ -b", "a ^ (-b)"},
	{"--a", "--a"},
	{"+a", "a"},
	{"-(a + b)", "-(a + b)"},
	{"1,234", "1234"},
	{"1,234,567.5", "1234567.5"},
	{"5%", "0.05"},
	{"12.5%", "0.125"},
	{".5", "0.5"},
	{"1e6", "1000000"},
	{"1e300", "1e+300"},
	{"0.00001", "1e-05"},
	{"2.5E-3", "0.0025"},
	{`"アクティブ率" * 2`, `"アクティブ率" * 2`},
	{`"a \"quoted\" name"`, `"a \"quoted\" name"`},
	{"sum(a, b, c)", "sum(a, b, c)"},
	{"max(1,234)", "max(1, 234)"},
	{"max((1,234), x)", "max(1234, x)"},
	{"lag(x, 1)", "lag(x, 1)"},
	{"cumsum(x) / 12", "cumsum(x) / 12"},
	{"clamp(x, 0, 1)", "clamp(x, 0, 1)"},
	{"if(a >= b, a, b)", "if(a >= b, a, b)"},
	{"a < b == c", "a < b == c"},
	{"a != b", "a != b"},
	{"sum", "sum"},
	{"sum (a)", "sum(a)"},
	{"a\u3000*\u3000b", "a * b"},
	{"avg(a)+min(b,c)-abs(d)", "avg(a) + min(b, c) - abs(d)"},
}

func TestParse_ValidFormulasPrintCanonically(t *testing.T) {
	for _, tt := range validFormulas {
		t.Run(tt.in, func(t *testing.T) {
			e, err := kpitree.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			again, err := kpitree.Parse(e.String())
			if err != nil || again.String() != tt.want {
				t.Errorf("round trip: %v, %v", again, err)
			}
		})
	}
}

// invalidFormulas mark the expected error position with » (removed before
// parsing) and give a fragment of the message.
var invalidFormulas = []struct {
	in, msg string
	code    kpitree.MsgCode
}{
	{"»", "empty", kpitree.MsgParseEmpty},
	{"a + »", "ends too early", kpitree.MsgParseEarlyEnd},
	{"a »b", "add an operator", kpitree.MsgParseTrailing},
	{"(a + b»", "missing ')'", kpitree.MsgParseMissingClose},
	{"a + b»)", "no '(' to close", kpitree.MsgParseUnmatchedClose},
	{"»foo(a)", "unknown function", kpitree.MsgParseUnknownFunc},
	{"»lag(a)", "lag needs two", kpitree.MsgParseArityLag},
	{"lag(a, »1.5)", "whole number", kpitree.MsgParseLagPeriods},
	{"lag(a, »b)", "whole number", kpitree.MsgParseLagPeriods},
	{"»clamp(a, 1)", "clamp needs three", kpitree.MsgParseArityClamp},
	{"»sum()", "at least 1", kpitree.MsgParseArityMin},
	{"a »= b", "==", kpitree.MsgParseSingleEq},
	{"1»,23", "groups of three", kpitree.MsgParseThousands},
	{"»アクティブ率 * 2", "double quotes", kpitree.MsgParseQuoteNames},
	{"»\"abc", "closing", kpitree.MsgParseUnclosedQuote},
	{"»\"  \"", "empty node name", kpitree.MsgParseEmptyName},
	{"2»x", "add '*'", kpitree.MsgParseNumberThenName},
	{"»1e999", "too large", kpitree.MsgParseNumberTooLarge},
	{"a + »#", "unexpected", kpitree.MsgParseUnexpected},
	{"max(a »b)", "expected ',' or ')'", kpitree.MsgParseArgsExpected},
	{"a * »,", "before ','", kpitree.MsgParseOperandBefore},
	{"1»e", "exponent", kpitree.MsgParseExponentDigits},
	{"a »! b", "!=", kpitree.MsgParseSingleBang},
	{`"売上" + »`, "ends too early", kpitree.MsgParseEarlyEnd},
	{"a »＊ b", "half-width (半角) '*'", kpitree.MsgParseFullWidth},
	{"»（a + b)", "half-width (半角) '('", kpitree.MsgParseFullWidth},
	{"a * »１２", "half-width (半角) '1'", kpitree.MsgParseFullWidth},
	{"max(a, »", "ends too early", kpitree.MsgParseEarlyEnd},
	{"max(a»", "after the arguments of max", kpitree.MsgParseArgsUnclosed},
	{"»abs(a, b)", "exactly 1", kpitree.MsgParseArityExact},
	{"»if(a, b)", "if needs three", kpitree.MsgParseArityIf},
	{"»\"a\\q\"", "invalid escape", kpitree.MsgParseBadEscape},
	{"1 + ».", "needs digits", kpitree.MsgParseNumberDigits},
	{"a »\x01", "'\\x01'", kpitree.MsgParseTrailing},
	{"a + »\xff", "'\\xff'", kpitree.MsgParseUnexpected},
	{"\"売上\" »\"原価\"", "'\"'", kpitree.MsgParseTrailing},
}

func TestParse_InvalidFormulasReportPositionAndMessage(t *testing.T) {
	for _, tt := range invalidFormulas {
		t.Run(tt.in, func(t *testing.T) {
			pos := strings.Index(tt.in, "»")
			src := strings.Replace(tt.in, "»", "", 1)
			_, err := kpitree.Parse(src)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", src)
			}
			if !errors.Is(err, kpitree.ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
			var fe *kpitree.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *kpitree.Error", err)
			}
			if fe.Pos != pos {
				t.Errorf("Pos = %d, want %d (%v)", fe.Pos, pos, err)
			}
			if want := utf8.RuneCountInString(src[:pos]) + 1; fe.Col != want {
				t.Errorf("Col = %d, want %d", fe.Col, want)
			}
			if !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", fe.Msg, tt.msg)
			}
			if fe.Code != tt.code {
				t.Errorf("Code = %q, want %q", fe.Code, tt.code)
			}
			checkMessageArgs(t, fe.Code, fe.Args, fe.Msg)
		})
	}
}

func TestParse_DeepNestingIsAnErrorNotACrash(t *testing.T) {
	src := strings.Repeat("(", 10000) + "a" + strings.Repeat(")", 10000)
	if _, err := kpitree.Parse(src); !errors.Is(err, kpitree.ErrSyntax) {
		t.Fatalf("want ErrSyntax, got %v", err)
	}
	src = strings.Repeat("-", 10000) + "a"
	if _, err := kpitree.Parse(src); !errors.Is(err, kpitree.ErrSyntax) {
		t.Fatalf("want ErrSyntax for deep unary, got %v", err)
	}
}

func TestErrorList_SortsAndDropsDuplicates(t *testing.T) {
	var l kpitree.ErrorList
	if l.Err() != nil {
		t.Fatal("empty list: Err() != nil")
	}
	l.Add(5, "b")
	l.Add(1, "a")
	l.Add(5, "c")
	l.RemoveMultiples()
	if len(l) != 2 || l[0].Pos != 1 || l[1].Pos != 5 {
		t.Fatalf("got %v", l)
	}
	if !strings.Contains(l.Error(), "col 2: a") || !errors.Is(l.Err(), kpitree.ErrSyntax) {
		t.Errorf("Error() = %q", l.Error())
	}
}

func TestPresetFormula_BuildsFormulaText(t *testing.T) {
	tests := []struct {
		p        kpitree.Preset
		children []string
		want     string
		wantErr  bool
	}{
		{kpitree.PresetProduct, []string{"a", "b"}, "a * b", false},
		{kpitree.PresetSum, []string{"a", "b", "c"}, "a + b + c", false},
		{kpitree.PresetDifference, []string{"a", "b"}, "a - b", false},
		{kpitree.PresetRatio, []string{"a", "b"}, "a / b", false},
		{kpitree.PresetRatio, []string{"a"}, "", true},
		{kpitree.PresetSum, nil, "", true},
		{kpitree.PresetProduct, []string{"売上"}, `"売上"`, false},
		{"median", []string{"a"}, "", true},
	}
	for _, tt := range tests {
		got, err := kpitree.PresetFormula(tt.p, tt.children...)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("PresetFormula(%s, %v) = %q, %v", tt.p, tt.children, got, err)
		}
		if err == nil {
			if _, perr := kpitree.Parse(got); perr != nil {
				t.Errorf("preset text %q does not parse: %v", got, perr)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tt := range validFormulas {
		f.Add(tt.in)
	}
	for _, tt := range invalidFormulas {
		f.Add(strings.Replace(tt.in, "»", "", 1))
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := kpitree.Parse(src)
		if err != nil {
			if !errors.Is(err, kpitree.ErrSyntax) {
				t.Fatalf("error does not wrap ErrSyntax: %v", err)
			}
			var fe *kpitree.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T holds no *kpitree.Error", err)
			}
			checkMessageArgs(t, fe.Code, fe.Args, fe.Msg)
			return
		}
		s1 := e.String()
		e2, err := kpitree.Parse(s1)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", s1, src, err)
		}
		if s2 := e2.String(); s2 != s1 {
			t.Fatalf("round trip differs: %q → %q → %q", src, s1, s2)
		}
	})
}
