package workspace

import (
	"time"
)

// decodeDatasetFast decodes a dataset document without reflection, like
// decodeNodeFast: only the shape marshal(&Dataset) writes, with the same
// fallback contract (false means "ask encoding/json"). Times go through
// time.Time.UnmarshalJSON, as with encoding/json, so they parse alike.
func decodeDatasetFast(b []byte) (*Dataset, bool) {
	s := &scanner{b: b}
	d := new(Dataset)
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return s.stringInto(&d.ID)
		case "name":
			return s.stringInto(&d.Name)
		case "source":
			return s.stringInto(&d.Source)
		case "options":
			raw, ok := s.skipValue()
			if !ok || string(raw) == "null" {
				return false // encoding/json keeps "null" as raw bytes: leave that to it
			}
			d.Options = append([]byte(nil), raw...)
			return true
		case "calendar":
			return s.object(func(k []byte) bool {
				switch string(k) {
				case "freq":
					return stringAs(s, &d.Calendar.Freq)
				case "start":
					return s.timeInto(&d.Calendar.Start)
				case "periods":
					return s.intInto(&d.Calendar.Periods)
				case "fiscal_year_start":
					var m int
					ok := s.intInto(&m)
					d.Calendar.FiscalYearStart = time.Month(m)
					return ok
				}
				return false
			})
		case "columns":
			return listInto(s, &d.Columns, func(c *Column) bool {
				return s.object(func(k []byte) bool {
					switch string(k) {
					case "name":
						return s.stringInto(&c.Name)
					case "unit":
						return s.stringInto(&c.Unit)
					case "values":
						return s.valuesInto((*[]float64)(&c.Values))
					}
					return false
				})
			})
		case "imported_at":
			return s.timeInto(&d.ImportedAt)
		}
		return false
	})
	s.ws()
	if !ok || s.i != len(s.b) {
		return nil, false
	}
	return d, true
}

// timeInto reads a time the way encoding/json does: null leaves it
// unchanged, a string goes to time.Time.UnmarshalJSON.
func (s *scanner) timeInto(dst *time.Time) bool {
	if s.null() {
		return true
	}
	s.ws()
	start := s.i
	var tmp string
	if !s.stringInto(&tmp) {
		return false
	}
	return dst.UnmarshalJSON(s.b[start:s.i]) == nil
}

// skipValue consumes one JSON value of the handled subset and returns its
// bytes.
func (s *scanner) skipValue() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) {
		return nil, false
	}
	start := s.i
	if c := s.b[s.i]; c == '{' || c == '[' {
		if s.depth >= maxSkipDepth {
			return nil, false
		}
		s.depth++
		defer func() { s.depth-- }()
	}
	var ok bool
	switch c := s.b[s.i]; {
	case c == '"':
		var tmp string
		ok = s.stringInto(&tmp)
	case c == '{':
		ok = s.object(func([]byte) bool { _, ok := s.skipValue(); return ok })
	case c == '[':
		var tmp []struct{}
		ok = listInto(s, &tmp, func(*struct{}) bool { _, ok := s.skipValue(); return ok })
	case c == 't':
		ok = s.word("true")
	case c == 'f':
		ok = s.word("false")
	case c == 'n':
		ok = s.null()
	default:
		_, ok = s.number()
	}
	if !ok {
		return nil, false
	}
	return s.b[start:s.i], true
}
