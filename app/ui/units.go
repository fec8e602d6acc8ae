package ui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"
)

// unitAtoms are the unit words the UI translates, spelled as stored. Units
// stay identifiers for kpitree's dimensional analysis ("accounts/person"),
// so they are translated only where they are shown; the inspector's unit
// entry keeps the stored text. Each has a "domain.unit.<atom>" key in
// domain.en.json (whose value is the atom itself, so English shows units
// unchanged) and domain.ja.json. Only listed atoms are looked up: Fyne logs
// every missing key as a failure, and most unit text is not a known word.
var unitAtoms = []string{
	"people", "person", "persons", "head", "headcount",
	"customer", "customers", "account", "accounts", "company", "companies", "client", "clients",
	"user", "users", "seat", "seats", "login", "logins", "session", "sessions",
	"ticket", "tickets", "deal", "deals", "count", "item", "items",
	"month", "months", "mo", "week", "weeks", "day", "days", "year", "years", "hour", "hours",
	"JPY", "jpy", "yen", "USD", "usd", "score", "point", "points",
}

// unitKeyPrefix starts the translation key of a unit word.
const unitKeyPrefix = "domain.unit."

// isUnitAtom reports whether a is in unitAtoms.
func isUnitAtom(a string) bool {
	for _, u := range unitAtoms {
		if u == a {
			return true
		}
	}
	return false
}

// unitText shows a stored unit in the UI language: in Japanese the known
// words inside it are translated ("accounts/person" → "アカウント/人",
// "JPY/customer/month" → "円/社/月") and everything else (separators,
// exponents, "%", unknown words, units typed in Japanese) is kept; in
// English it returns u unchanged. Capitalised words ("Customers") are
// translated like their lower-case form.
func unitText(u string) string {
	if !hasASCIILetter(u) {
		return u // "%", "", "社": nothing to translate, and no lookups
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
		b.WriteString(unitAtomText(u[i:j]))
		i = j
	}
	return b.String()
}

// unitAtomText translates one word of a unit, or returns it as it is. A
// capitalised word counts as translated only when the translation differs
// from its lower-case form, so English keeps "Customers" as typed.
func unitAtomText(a string) string {
	if isUnitAtom(a) {
		return lang.L(unitKeyPrefix + a)
	}
	low := strings.ToLower(a)
	if low == a || !isUnitAtom(low) {
		return a
	}
	if t := lang.L(unitKeyPrefix + low); t != low {
		return t
	}
	return a
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

// valueWithUnit joins a formatted number and a unit as shown: "13.58
// people", but "13.58人" when the shown unit starts with a Japanese
// character, which Japanese writes without a space.
func valueWithUnit(num, shownUnit string) string {
	if shownUnit == "" {
		return num
	}
	if r, _ := utf8.DecodeRuneInString(shownUnit); r >= 0x3000 {
		return num + shownUnit
	}
	return num + " " + shownUnit
}
