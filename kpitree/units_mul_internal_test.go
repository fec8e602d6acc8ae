package kpitree

import (
	"fmt"
	"testing"
)

// mulUnitsMaps is mulUnits as it was before its shortcuts: always a new
// map. The shortcuts must give the same unit.
func mulUnitsMaps(a, b unit, sign int) unit {
	switch {
	case !a.known || !b.known:
		return unit{}
	case a.literal && b.literal:
		return a
	}
	out := unit{dims: map[string]int{}, known: true}
	for k, e := range a.dims {
		if !a.literal {
			out.dims[k] += e
		}
	}
	for k, e := range b.dims {
		if !b.literal {
			out.dims[k] += sign * e
		}
	}
	for k, e := range out.dims {
		if e == 0 {
			delete(out.dims, k)
		}
	}
	return out
}

func TestMulUnits_ShortcutsMatchMaps(t *testing.T) {
	units := []unit{
		{}, // unknown
		{known: true, literal: true},
		{known: true, literal: true, dims: map[string]int{"JPY": 1}},
		{known: true, dims: map[string]int{}},
		{known: true},
		{known: true, dims: map[string]int{"person": 0}}, // person^0
		{known: true, dims: map[string]int{"person": 0, "JPY": 1}},
	}
	for _, s := range []string{"JPY", "accounts", "JPY/month", "JPY/account/month", "%", "person^2", "month^-1", "accounts/accounts"} {
		u := parseUnit(s)
		u.text = "" // derived units carry no text; compare dimensions only
		units = append(units, u)
	}
	for i, a := range units {
		for j, b := range units {
			for _, sign := range []int{1, -1} {
				t.Run(fmt.Sprintf("%d×%d^%d", i, j, sign), func(t *testing.T) {
					got, want := mulUnits(a, b, sign), mulUnitsMaps(a, b, sign)
					if got.known != want.known || got.literal != want.literal || !got.equal(want) || got.String() != want.String() || got.text != want.text {
						t.Fatalf("mulUnits(%v, %v, %d) = %+v, want %+v", a, b, sign, got, want)
					}
					if got.known && !noZeroDims(got.dims) {
						t.Fatalf("mulUnits(%v, %v, %d) kept a zero exponent: %v", a, b, sign, got.dims)
					}
				})
			}
		}
	}
}
