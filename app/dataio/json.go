package dataio

import (
	"encoding/json"
	"math"
)

// nullable converts NaN and ±Inf to JSON null, which encoding/json cannot
// write as numbers.
func nullable(vs []float64) []*float64 {
	if vs == nil {
		return nil
	}
	out := make([]*float64, len(vs))
	for i := range vs {
		if !math.IsNaN(vs[i]) && !math.IsInf(vs[i], 0) {
			out[i] = &vs[i]
		}
	}
	return out
}

func fromNullable(ps []*float64) []float64 {
	if ps == nil {
		return nil
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = math.NaN()
		if p != nil {
			out[i] = *p
		}
	}
	return out
}

// MarshalJSON writes missing values as null.
func (c Column) MarshalJSON() ([]byte, error) {
	type plain Column
	return json.Marshal(struct {
		plain
		Values []*float64 `json:"values"`
	}{plain(c), nullable(c.Values)})
}

// UnmarshalJSON reads null values as missing (NaN).
func (c *Column) UnmarshalJSON(b []byte) error {
	type plain Column
	var v struct {
		plain
		Values []*float64 `json:"values"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Column(v.plain)
	c.Values = fromNullable(v.Values)
	return nil
}

// MarshalJSON writes Values, with missing values as null.
func (is Issue) MarshalJSON() ([]byte, error) {
	type plain Issue
	return json.Marshal(struct {
		plain
		Values []*float64 `json:"values,omitempty"`
	}{plain(is), nullable(is.Values)})
}

// UnmarshalJSON reads null values as missing (NaN).
func (is *Issue) UnmarshalJSON(b []byte) error {
	type plain Issue
	var v struct {
		plain
		Values []*float64 `json:"values,omitempty"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*is = Issue(v.plain)
	is.Values = fromNullable(v.Values)
	return nil
}
