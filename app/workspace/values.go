package workspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Values is a series of numbers with NaN for missing periods. It encodes to
// JSON with null in place of NaN (and of ±Inf), because JSON has no NaN and
// a missing month must survive a round trip as missing, not as zero.
type Values []float64

// MarshalJSON writes the values as a JSON array, null for NaN or ±Inf.
func (v Values) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+len(v)*8)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, "null"...)
			continue
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a JSON array of numbers and nulls (null becomes NaN).
func (v *Values) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*v = nil
		return nil
	}
	if out, ok := parseNumberArray(bytes.TrimSpace(data)); ok {
		*v = out
		return nil
	}
	var raw []*float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("values: want an array of numbers or null: %w", err)
	}
	out := make(Values, len(raw))
	for i, p := range raw {
		if p == nil {
			out[i] = math.NaN()
			continue
		}
		out[i] = *p
	}
	*v = out
	return nil
}

// parseNumberArray is the fast path of UnmarshalJSON for the common case,
// an array of numbers and nulls: encoding/json through []*float64 costs an
// allocation per value, which dominated opening workspaces with many
// datasets. It reports false for anything else (strings, nesting, numbers
// out of range), and the caller falls back to encoding/json, which then
// reports the error. encoding/json has validated data before calling
// UnmarshalJSON, so every token here is well-formed JSON; any string or
// nested value makes a token that ParseFloat rejects.
func parseNumberArray(data []byte) (Values, bool) {
	if len(data) < 2 || data[0] != '[' || data[len(data)-1] != ']' {
		return nil, false
	}
	inner := bytes.TrimSpace(data[1 : len(data)-1])
	if len(inner) == 0 {
		return Values{}, true
	}
	out := make(Values, 0, bytes.Count(inner, []byte{','})+1)
	for len(inner) > 0 {
		tok := inner
		if i := bytes.IndexByte(inner, ','); i >= 0 {
			tok, inner = inner[:i], inner[i+1:]
			if len(bytes.TrimSpace(inner)) == 0 {
				return nil, false // trailing comma
			}
		} else {
			inner = nil
		}
		tok = bytes.TrimSpace(tok)
		if string(tok) == "null" {
			out = append(out, math.NaN())
			continue
		}
		if len(tok) == 0 || !(tok[0] == '-' || (tok[0] >= '0' && tok[0] <= '9')) {
			return nil, false // not a JSON number (ParseFloat would take "Inf")
		}
		x, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return nil, false
		}
		out = append(out, x)
	}
	return out, true
}
