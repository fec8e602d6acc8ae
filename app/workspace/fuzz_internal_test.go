package workspace

import (
	"encoding/json"
	"math"
	"testing"
)

func FuzzDecodeRecord(f *testing.F) {
	fwd, inv, _ := encodeRecord([]docChange{
		{Bucket: "scenarios", Key: "upside", After: []byte(`{"name":"upside","overrides":[]}`)},
		{Bucket: "trees", Key: "node/a", Before: []byte(`{"id":"a"}`), After: []byte(`{"id":"a","name":"A"}`)},
	}, act(LabelAddScenario, `up,"changes":side`))
	f.Add(fwd)
	f.Add(inv)
	f.Add([]byte(`{"v":2,"kind":"docs","changes":[]}`))
	f.Add([]byte(`{"v":1,"kind":"docs","changes":[{"bucket":"meta","key":"x"}]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = recordAction(b) // never panics on damaged records
		changes, err := decodeRecord(b)
		if err != nil {
			return
		}
		// An accepted record re-encodes and decodes to the same changes,
		// and its action reads back.
		a := act(LabelRenameScenario, "x")
		fwd, _, err := encodeRecord(changes, a)
		if err != nil {
			t.Fatal(err)
		}
		again, err := decodeRecord(fwd)
		if err != nil || len(again) != len(changes) {
			t.Fatalf("round trip: %v, %d vs %d changes", err, len(again), len(changes))
		}
		if got, ok := recordAction(fwd); !ok || got.code != a.code || len(got.args) != 1 || got.args[0] != "x" {
			t.Fatalf("record action: %+v, %v", got, ok)
		}
		// Applying it to an empty state must not panic.
		_, _ = emptyState().apply(changes)
	})
}

func FuzzValuesJSON(f *testing.F) {
	for _, s := range []string{`[1,2.5,null,-3e10]`, `null`, `[]`, `[1,`, `["1"]`, `[1e999]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Values
		err := json.Unmarshal(b, &v)
		// Differential: the fast path must agree with encoding/json.
		var ref []*float64
		rerr := json.Unmarshal(b, &ref)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("%q: error %v, encoding/json %v", b, err, rerr)
		}
		if err != nil {
			return
		}
		if len(ref) != len(v) || (ref == nil) != (v == nil) {
			t.Fatalf("%q: %d values (nil %v), encoding/json %d (nil %v)", b, len(v), v == nil, len(ref), ref == nil)
		}
		for i := range ref {
			if (ref[i] == nil) != math.IsNaN(v[i]) || (ref[i] != nil && *ref[i] != v[i]) {
				t.Fatalf("%q: value %d = %v", b, i, v[i])
			}
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal of decoded values: %v", err)
		}
		var w Values
		if err := json.Unmarshal(out, &w); err != nil || len(w) != len(v) {
			t.Fatalf("round trip of %s: %v", out, err)
		}
		for i := range v {
			if !sameFloat(v[i], w[i]) {
				t.Fatalf("value %d: %v → %v", i, v[i], w[i])
			}
		}
	})
}

func TestDefaultHorizon(t *testing.T) {
	cases := []struct {
		name       string
		start      string
		periods    int
		fy         int
		wantPeriod int
	}{
		{"data to March with April years: all of the next year", "2023-04", 36, 4, 12},
		{"data to October with April years: rest of this year and next", "2023-04", 31, 4, 17},
		{"data to December with January years", "2023-01", 12, 1, 12},
		{"data to March with January years", "2023-01", 15, 1, 21},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal := calendarFor(t, c.start, c.periods)
			if got := defaultHorizon(cal, monthOf(c.fy)); got != c.wantPeriod {
				t.Errorf("horizon = %d, want %d", got, c.wantPeriod)
			}
		})
	}
}

// TestParseNumberArrayMatchesJSON checks the fast path against
// encoding/json on inputs of every shape it must accept or refuse.
func TestParseNumberArrayMatchesJSON(t *testing.T) {
	for _, in := range []string{`[]`, `[ ]`, `[1]`, `[1, null ,2.5e3,-0.25]`, `["1"]`, `[[1]]`, `[1e999]`, `["a,1"]`, `[{"a":1}]`} {
		var want []*float64
		werr := json.Unmarshal([]byte(in), &want)
		var got Values
		gerr := json.Unmarshal([]byte(in), &got)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: error %v, encoding/json says %v", in, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d values, want %d", in, len(got), len(want))
		}
		for i := range want {
			if (want[i] == nil) != math.IsNaN(got[i]) || (want[i] != nil && *want[i] != got[i]) {
				t.Errorf("%s: value %d = %v", in, i, got[i])
			}
		}
	}
}
