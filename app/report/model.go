package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ModelName says in plain words what a fitted forecast model does, in the
// translator's language: "Average of exponential smoothing with damped
// trend and the Theta method" for "combo(ETS(A,Ad,N), Theta)". name is a
// forecast.Result.Model (what a leaf's forecast used); a name this function
// does not know is returned as it is, so a new model shows its technical
// name rather than a wrong description.
func ModelName(tr *Translator, name string) string {
	if s, ok := describeModel(tr, strings.TrimSpace(name)); ok {
		return capitalize(s)
	}
	return name
}

// ModelNotation is a fitted model's technical name as notation only,
// without the English words forecast writes into some names ("combo(ETS(M,Ad,N),
// Theta)" for "combo(ETS(M,Ad,N) on seasonally adjusted data, Theta(seasonally
// adjusted, multiplicative))"): ModelName already says it in words, and the
// notation then reads the same in both languages.
func ModelNotation(name string) string {
	return notation.Replace(name)
}

var notation = strings.NewReplacer(" on seasonally adjusted data", "",
	"(seasonally adjusted, multiplicative)", "", "(seasonally adjusted, additive)", "")

// ModelChoice names a model setting (a forecast.ParseModel keyword such as
// "auto" or "combo", or "ets(A,Ad,N)") for the model menus; an unknown
// keyword is returned as it is.
func ModelChoice(tr *Translator, keyword string) string {
	if s, ok := describeChoice(tr, keyword); ok {
		return capitalize(s)
	}
	return keyword
}

func describeChoice(tr *Translator, keyword string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(keyword))
	switch k {
	case "", "auto":
		return tr.L("model.choice.auto"), true
	case "combo":
		return tr.L("model.choice.combo"), true
	case "ets":
		return tr.L("model.choice.ets"), true
	case "theta", "naive", "snaive", "drift", "mean":
		return tr.L("model." + k), true
	}
	if inner, ok := strings.CutPrefix(k, "ets("); ok {
		// A pinned ETS reads as the fitted one does ("ets(a,ad,n)" is
		// "ETS(A,Ad,N)" once fitted).
		return describeETS(tr, strings.ToUpper(strings.TrimSuffix(inner, ")")))
	}
	return "", false
}

// describeModel parses the grammar forecast writes model names in:
//
//	name  = ("combo(" | "median(") name {", " name} ")"
//	      | "ETS(" E "," T "," S ")" [" on seasonally adjusted data"]
//	      | "Theta" ["(seasonally adjusted, " ("additive" | "multiplicative") ")"]
//	      | "ARIMA" … | "naive" | "snaive" | "drift" | "mean" .
func describeModel(tr *Translator, name string) (string, bool) {
	for prefix, key := range map[string]string{"combo(": "model.combo", "median(": "model.median"} {
		inner, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok {
			return "", false
		}
		members := splitTopLevel(inner)
		parts := make([]string, 0, len(members))
		for _, m := range members {
			s, ok := describeModel(tr, strings.TrimSpace(m))
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return tr.L(key, map[string]any{"Models": joinAnd(tr, parts)}), true
	}
	if rest, ok := strings.CutPrefix(name, "ETS("); ok {
		spec, tail, ok := strings.Cut(rest, ")")
		if !ok {
			return "", false
		}
		s, ok := describeETS(tr, spec)
		switch {
		case !ok:
			return "", false
		case tail == "":
			return s, true
		case tail == " on seasonally adjusted data":
			return tr.L("model.seasadj", map[string]any{"Model": s}), true
		}
		return "", false
	}
	switch {
	case name == "Theta":
		return tr.L("model.theta"), true
	case strings.HasPrefix(name, "Theta(seasonally adjusted"):
		return tr.L("model.seasadj", map[string]any{"Model": tr.L("model.theta")}), true
	case strings.HasPrefix(name, "ARIMA"):
		return tr.L("model.arima"), true
	case name == "naive", name == "snaive", name == "drift", name == "mean":
		return tr.L("model." + name), true
	}
	return "", false
}

// describeETS describes "E,T,S" (error, trend, season; trend "Ad" for
// damped): the trend and the season are what a reader cares about; the
// error type only shapes the intervals.
func describeETS(tr *Translator, spec string) (string, bool) {
	c := strings.Split(strings.ReplaceAll(spec, " ", ""), ",")
	if len(c) != 3 {
		return "", false
	}
	var key string
	switch c[1] {
	case "N":
		key = "model.ets.level"
	case "A":
		key = "model.ets.trend"
	case "AD", "Ad":
		key = "model.ets.damped"
	case "Z":
		key = "model.choice.ets"
	default:
		return "", false
	}
	s := tr.L(key)
	switch c[2] {
	case "N", "Z":
	case "A", "M":
		s = tr.L("model.seasonal", map[string]any{"Model": s})
	default:
		return "", false
	}
	return s, true
}

// splitTopLevel splits s at the commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// joinAnd lists parts as a sentence does: "a and b", "a, b and c".
func joinAnd(tr *Translator, parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	head := strings.Join(parts[:len(parts)-1], tr.L("model.list_sep"))
	return tr.L("model.and", map[string]any{"A": head, "B": parts[len(parts)-1]})
}

// capitalize upper-cases the first letter: the descriptions are written to
// sit inside a sentence ("Average of exponential smoothing…") and start a
// table cell on their own.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
