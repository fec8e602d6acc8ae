package inspector

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

func TestTokenBefore(t *testing.T) {
	tests := []struct {
		src       string
		col       int
		tok       string
		wantStart int
	}{
		{"unit_price * act", 16, "act", 13},
		{"unit_price * act", 4, "unit", 0},
		{`"導入社数" * "アク`, 12, "アク", 9},
		{`"導入社数" * "アク"`, 13, "", 13}, // after a closed quote: nothing to complete
		{"a + (b", 6, "b", 5},
		{"", 0, "", 0},
		{"abc", 99, "abc", 0}, // a column past the end is clamped
		{"abc", -3, "", 0},
	}
	for _, tt := range tests {
		tok, start := tokenBefore(tt.src, tt.col)
		if tok != tt.tok || start != tt.wantStart {
			t.Errorf("tokenBefore(%q, %d) = %q, %d; want %q, %d", tt.src, tt.col, tok, start, tt.tok, tt.wantStart)
		}
	}
}

func TestCompleteToken(t *testing.T) {
	tests := []struct {
		src     string
		col     int
		id      string
		want    string
		wantCol int
	}{
		{"unit_price * act", 16, "active_rate", "unit_price * active_rate", 24},
		{"act * 2", 3, "active_rate", "active_rate * 2", 11},
		{`x * "アク`, 7, "active_rate", "x * active_rate", 15}, // the quote is replaced by the id
	}
	for _, tt := range tests {
		got, col := completeToken(tt.src, tt.col, tt.id)
		if got != tt.want || col != tt.wantCol {
			t.Errorf("completeToken(%q, %d, %q) = %q, %d; want %q, %d", tt.src, tt.col, tt.id, got, col, tt.want, tt.wantCol)
		}
	}
}

// FuzzCompleteToken checks completion never panics, keeps the text around
// the token, and leaves the cursor inside the text.
func FuzzCompleteToken(f *testing.F) {
	f.Add("unit_price * act", 16, "active_rate")
	f.Add(`"導入社数" * "アク`, 11, "x")
	f.Add("", 0, "")
	f.Add("\xff\"", 2, "a")
	f.Fuzz(func(t *testing.T, src string, col int, id string) {
		tok, start := tokenBefore(src, col)
		n := utf8.RuneCountInString(src)
		if start < 0 || start > n {
			t.Fatalf("start %d outside [0, %d]", start, n)
		}
		// Entry text is valid UTF-8; invalid bytes come back as U+FFFD.
		if utf8.ValidString(src) && !strings.Contains(src, tok) {
			t.Fatalf("token %q not in %q", tok, src)
		}
		out, c := completeToken(src, col, id)
		if c < 0 || c > utf8.RuneCountInString(out) {
			t.Fatalf("cursor %d outside %q", c, out)
		}
	})
}

func TestParseNumberField(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		has     bool
		wantErr bool
	}{
		{"1,200", 1200, true, false},
		{"１，２００．５", 1200.5, true, false},
		{"95%", 95, true, false},
		{"−3", -3, true, false},
		{"  ", 0, false, false},
		{"lots", 0, false, true},
		{"1e3", 1000, true, false},
	}
	for _, tt := range tests {
		v, has, err := uikit.ParseField(tt.in)
		if v != tt.want || has != tt.has || (err != nil) != tt.wantErr {
			t.Errorf("uikit.ParseField(%q) = %v, %v, %v; want %v, %v, err %v", tt.in, v, has, err, tt.want, tt.has, tt.wantErr)
		}
	}
}

// FuzzParseNumberField checks the number parser never panics and that a
// parsed value prints and re-parses to itself.
func FuzzParseNumberField(f *testing.F) {
	for _, s := range []string{"1,200", "１２３", "95%", "", "-", "NaN", "1e400", "０．", "１，"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, has, err := uikit.ParseField(s)
		if err != nil || !has || math.IsNaN(v) {
			return
		}
		again, _, err := uikit.ParseField(strconv.FormatFloat(v, 'g', -1, 64))
		if err != nil || again != v {
			t.Fatalf("%q → %v re-parses to %v, %v", s, v, again, err)
		}
	})
}
