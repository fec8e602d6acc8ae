package report

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// unitAtoms are the unit words translated, spelled as stored. Units stay
// identifiers for kpitree's dimensional analysis ("accounts/person"), so
// they are translated only where they are shown. Each has a
// "domain.unit.<atom>" key in domain.en.json (whose value is the atom
// itself) and domain.ja.json.
var unitAtoms = []string{
	"people", "person", "persons", "head", "headcount",
	"customer", "customers", "account", "accounts", "company", "companies", "client", "clients",
	"user", "users", "seat", "seats", "login", "logins", "session", "sessions",
	"ticket", "tickets", "deal", "deals", "count", "item", "items",
	"month", "months", "mo", "week", "weeks", "day", "days", "year", "years", "hour", "hours",
	"JPY", "jpy", "yen", "USD", "usd", "score", "point", "points",
}

// countAtoms are the unit words that count whole things: a chart of such a
// unit writes whole numbers.
var countAtoms = []string{
	"people", "person", "persons", "head", "headcount",
	"customer", "customers", "account", "accounts", "company", "companies", "client", "clients",
	"user", "users", "seat", "seats", "login", "logins", "session", "sessions",
	"ticket", "tickets", "deal", "deals", "count", "item", "items",
}

// perPeriod are the words a flow's unit ends with ("JPY/month"): a total
// over a fiscal year drops them.
var perPeriod = []string{"month", "mo", "week", "day", "quarter", "year"}

// unitKeyPrefix starts the translation key of a unit word.
const unitKeyPrefix = "domain.unit."

// UnitText shows a stored unit in the language: in Japanese the known
// words inside it are translated ("accounts/person" → "アカウント/人",
// "JPY/customer/month" → "円/社/月") and everything else (separators,
// exponents, "%", unknown words, units typed in Japanese) is kept; in
// English it returns u unchanged. Capitalised words ("Customers") are
// translated like their lower-case form.
func (t *Translator) UnitText(u string) string {
	if !hasASCIILetter(u) {
		return u // "%", "", "社": nothing to translate
	}
	var b strings.Builder
	b.Grow(len(u) + 8)
	for i := 0; i < len(u); {
		j := i
		for j < len(u) && isASCIILetter(u[j]) {
			j++
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(u[i:])
			b.WriteString(u[i : i+size])
			i += size
			continue
		}
		b.WriteString(t.unitAtomText(u[i:j]))
		i = j
	}
	return b.String()
}

// unitAtomText translates one word of a unit, or returns it as it is. A
// capitalised word counts as translated only when the translation differs
// from its lower-case form, so English keeps "Customers" as typed.
func (t *Translator) unitAtomText(a string) string {
	if slices.Contains(unitAtoms, a) {
		return t.L(unitKeyPrefix + a)
	}
	low := strings.ToLower(a)
	if low == a || !slices.Contains(unitAtoms, low) {
		return a
	}
	if s := t.L(unitKeyPrefix + low); s != low {
		return s
	}
	return a
}

// TotalUnit is the unit of a node's total over a window: a flow's
// per-period suffix goes ("JPY/month" → "JPY"), since a fiscal-year total
// of revenue is yen, not yen per month. Other units are kept.
func TotalUnit(u string) string {
	for _, p := range perPeriod {
		if s, ok := strings.CutSuffix(u, "/"+p); ok && s != "" {
			return s
		}
	}
	return u
}

// isCountUnit reports whether u counts whole things ("customers", not
// "accounts/person", which is a ratio of counts).
func isCountUnit(u string) bool {
	return slices.Contains(countAtoms, strings.ToLower(strings.TrimSpace(u)))
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			return true
		}
	}
	return false
}

// UnitAtoms lists the unit words UnitText translates; each has a
// "domain.unit.<atom>" key in the translations of every language.
func UnitAtoms() []string { return slices.Clone(unitAtoms) }
