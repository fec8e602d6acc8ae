package workspace

import (
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

// decodeNodeFast decodes a node document without reflection. Opening a
// 10,000-node workspace decodes one document per node, and encoding/json
// (validate, then decode by reflection) was the largest single cost of
// Open. It accepts only the shape encodeNode writes: one object with the
// known keys spelled exactly, each at most once, well-formed values and
// valid UTF-8. For anything else (unknown or repeated keys, other
// spellings, nulls inside lists, lone surrogates, numbers out of range,
// invalid JSON) it reports false and the caller decodes with
// encoding/json, which then gives the same result or the error it always
// gave. FuzzNodeFastDecode checks that whenever it reports true its node
// equals encoding/json's.
func decodeNodeFast(b []byte) (kpitree.Node, bool) {
	s := &scanner{b: b}
	if len(b) <= maxSharedDoc {
		// One string for the whole document; the fields are substrings of
		// it. That is one allocation per node instead of one per field.
		s.doc = string(b)
	}
	var n kpitree.Node
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return s.stringInto(&n.ID)
		case "name":
			return s.stringInto(&n.Name)
		case "unit":
			return s.stringInto(&n.Unit)
		case "kind":
			return stringAs(s, &n.Kind)
		case "formula":
			return s.stringInto(&n.Formula)
		case "value":
			return s.floatInto(&n.Value)
		case "values":
			return s.valuesInto(&n.Values)
		case "health":
			return listInto(s, &n.Health, func(h *kpitree.HealthComponent) bool {
				return s.object(func(k []byte) bool {
					switch string(k) {
					case "ref":
						return s.stringInto(&h.Ref)
					case "per":
						return s.stringInto(&h.Per)
					case "weight":
						return s.floatInto(&h.Weight)
					case "min":
						return s.floatInto(&h.Min)
					case "max":
						return s.floatInto(&h.Max)
					}
					return false
				})
			})
		case "owner":
			return s.stringInto(&n.Owner)
		case "controllable":
			return s.boolInto(&n.Controllable)
		case "targets":
			return listInto(s, &n.Targets, func(t *kpitree.Target) bool {
				return s.object(func(k []byte) bool {
					switch string(k) {
					case "period":
						return s.intInto(&t.Period)
					case "fiscal_year":
						return s.intInto(&t.FiscalYear)
					case "value":
						return s.floatInto(&t.Value)
					}
					return false
				})
			})
		case "rag":
			if s.null() {
				return true
			}
			r := new(kpitree.RAG)
			n.RAG = r
			return s.object(func(k []byte) bool {
				switch string(k) {
				case "green":
					return s.floatInto(&r.Green)
				case "red":
					return s.floatInto(&r.Red)
				case "higher_is_better":
					return s.boolInto(&r.HigherIsBetter)
				}
				return false
			})
		case "description":
			return s.stringInto(&n.Description)
		case "aggregation":
			return s.stringInto(&n.Aggregation)
		case "aggregation_note":
			return s.stringInto(&n.AggregationNote)
		case "fy_rate":
			return s.stringInto(&n.FYRate)
		case "silenced":
			return listInto(s, &n.Silenced, func(x *string) bool { return s.stringInto(x) })
		case "alerts":
			return listInto(s, &n.Alerts, func(a *kpitree.AlertRule) bool {
				return s.object(func(k []byte) bool {
					switch string(k) {
					case "kind":
						return stringAs(s, &a.Kind)
					case "threshold":
						return s.floatInto(&a.Threshold)
					}
					return false
				})
			})
		}
		return false
	})
	s.ws()
	if !ok || s.i != len(s.b) {
		return kpitree.Node{}, false
	}
	return n, true
}

// scanner is a minimal JSON reader for decodeNodeFast. Every method
// reports false on anything outside the subset it handles.
type scanner struct {
	b   []byte
	i   int
	doc string // b as a string when fields may share its memory; or ""
	// depth is how deep skipValue is nested in arrays and objects; it is
	// bounded like encoding/json's, so a damaged document cannot overflow
	// the stack (a fatal error no recover catches).
	depth int
}

// maxSkipDepth is encoding/json's nesting limit (10,000) less the
// document's own object, which skipped values sit inside: deeper values are
// left to encoding/json, which refuses them.
const maxSkipDepth = 10000 - 1

// maxSharedDoc bounds the documents whose string fields share one
// allocation: a large document (long typed-in values) would otherwise be
// kept alive whole by a short name.
const maxSharedDoc = 1024

// str returns b[from:to] as a string, sharing doc's memory when it can.
func (s *scanner) str(from, to int) string {
	if s.doc != "" {
		return s.doc[from:to]
	}
	return string(s.b[from:to])
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next skips whitespace and consumes c if it comes next.
func (s *scanner) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// word consumes the literal w (true, false, null) after whitespace.
func (s *scanner) word(w string) bool {
	s.ws()
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		return true
	}
	return false
}

func (s *scanner) null() bool { return s.word("null") }

// object reads {"key": value, …}, calling field for each key with the
// scanner before the value. Keys must be distinct and escape-free: a
// repeated key (last one wins in encoding/json) is left to the fallback.
func (s *scanner) object(field func(key []byte) bool) bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	var seenBuf [16][]byte // no heap: a node document has 15 keys at most
	seen := seenBuf[:0]
	for {
		if !s.next('"') {
			return false
		}
		start := s.i
		for s.i < len(s.b) && s.b[s.i] != '"' {
			if c := s.b[s.i]; c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				return false
			}
			s.i++
		}
		if s.i >= len(s.b) {
			return false
		}
		key := s.b[start:s.i]
		s.i++
		for _, k := range seen {
			if string(k) == string(key) {
				return false
			}
		}
		if len(seen) == len(seenBuf) {
			return false
		}
		seen = append(seen, key)
		if !s.next(':') || !field(key) {
			return false
		}
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// listInto reads null (nil) or [elem, …] into *dst; an empty list stays
// empty, not nil, as with encoding/json.
func listInto[T any](s *scanner, dst *[]T, elem func(*T) bool) bool {
	if s.null() {
		*dst = nil
		return true
	}
	if !s.next('[') {
		return false
	}
	out := []T{}
	if s.next(']') {
		*dst = out
		return true
	}
	for {
		var x T
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == 'n' {
			return false // null element: encoding/json keeps the zero value; leave it to it
		}
		if !elem(&x) {
			return false
		}
		out = append(out, x)
		if s.next(']') {
			*dst = out
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// stringInto reads a JSON string into *dst; null leaves *dst unchanged,
// as in encoding/json.
func (s *scanner) stringInto(dst *string) bool {
	if s.null() {
		return true
	}
	if !s.next('"') {
		return false
	}
	start := s.i
	plain := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			return false
		}
		if c == '\\' {
			plain = false
			s.i += 2
			continue
		}
		s.i++
	}
	if s.i >= len(s.b) {
		return false
	}
	raw := s.b[start:s.i]
	s.i++
	if plain {
		if !utf8.Valid(raw) {
			return false // encoding/json replaces invalid bytes; leave it to it
		}
		*dst = s.str(start, start+len(raw))
		return true
	}
	out, ok := unescape(raw)
	if ok {
		*dst = out
	}
	return ok
}

// stringAs is stringInto for the string kinds of a document (kpitree.Kind,
// AlertKind, Freq): the same rules, converted.
func stringAs[T ~string](s *scanner, dst *T) bool {
	v := string(*dst)
	ok := s.stringInto(&v)
	*dst = T(v)
	return ok
}

// unescape decodes the body of a JSON string with escapes. Lone
// surrogates and invalid UTF-8 report false.
func unescape(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			if c < 0x20 {
				return "", false
			}
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(raw) {
			return "", false
		}
		switch raw[i+1] {
		case '"', '\\', '/':
			out = append(out, raw[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(raw[i+2:])
			if !ok {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if len(raw) < i+6 || raw[i] != '\\' || raw[i+1] != 'u' {
					return "", false
				}
				r2, ok := hex4(raw[i+2:])
				if !ok {
					return "", false
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					return "", false
				}
				i += 6
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", false
		}
		i += 2
	}
	if !utf8.Valid(out) {
		return "", false
	}
	return string(out), true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number consumes a JSON number token (strict grammar: ParseFloat alone
// would also take "Inf", "0x1p3", "+1" or "1.") and returns it.
func (s *scanner) number() ([]byte, bool) {
	s.ws()
	b, i := s.b, s.i
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return nil, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return nil, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return nil, false
		}
	}
	s.i = i
	return b[start:i], true
}

// floatInto reads a number into *dst; null leaves it unchanged.
func (s *scanner) floatInto(dst *float64) bool {
	if s.null() {
		return true
	}
	tok, ok := s.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return false
	}
	*dst = v
	return true
}

// intInto reads an integer into *dst; null leaves it unchanged.
func (s *scanner) intInto(dst *int) bool {
	if s.null() {
		return true
	}
	tok, ok := s.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil || int64(int(v)) != v {
		return false
	}
	*dst = int(v)
	return true
}

func (s *scanner) boolInto(dst *bool) bool {
	switch {
	case s.word("true"):
		*dst = true
	case s.word("false"):
		*dst = false
	case s.null():
	default:
		return false
	}
	return true
}

// valuesInto reads null (nil) or an array of numbers and nulls (NaN), as
// Values.UnmarshalJSON does.
func (s *scanner) valuesInto(dst *[]float64) bool {
	if s.null() {
		*dst = nil
		return true
	}
	if !s.next('[') {
		return false
	}
	out := []float64{}
	if s.next(']') {
		*dst = out
		return true
	}
	for {
		if s.null() {
			out = append(out, math.NaN())
		} else {
			tok, ok := s.number()
			if !ok {
				return false
			}
			v, err := strconv.ParseFloat(string(tok), 64)
			if err != nil {
				return false
			}
			out = append(out, v)
		}
		if s.next(']') {
			*dst = out
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}
