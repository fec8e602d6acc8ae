package workspace

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// sameNode is nodeEqual plus nil-ness of every list, which JSON preserves
// (absent or null → nil, [] → empty).
func sameNode(a, b kpitree.Node) bool {
	return nodeEqual(a, b) && (a.Values == nil) == (b.Values == nil) && (a.Health == nil) == (b.Health == nil) &&
		(a.Targets == nil) == (b.Targets == nil) && (a.Silenced == nil) == (b.Silenced == nil) && (a.Alerts == nil) == (b.Alerts == nil)
}

func nodeSeeds(t testing.TB) [][]byte {
	t.Helper()
	nodes := []kpitree.Node{
		{ID: "a", Kind: kpitree.KindInput},
		{ID: "revenue", Name: "売上 <税込> & \"net\"", Unit: "JPY", Kind: kpitree.KindFormula,
			Formula: "if(a > b, a * 2, b)\n", Owner: "CS\tteam", Controllable: true, Description: "line\u2028sep 😀",
			Aggregation: "sum", Silenced: []string{"unused", "unit"},
			Alerts: []kpitree.AlertRule{{Kind: kpitree.AlertBand95}, {Kind: kpitree.AlertGap, Threshold: 0.125}}},
		{ID: "noalerts", Kind: kpitree.KindInput, Alerts: []kpitree.AlertRule{}},
		{ID: "c", Kind: kpitree.KindConstant, Value: -1.5e-7},
		{ID: "typed", Kind: kpitree.KindInput, Values: []float64{1, math.NaN(), 2.25, math.Copysign(0, -1), 1e300}},
		{ID: "empty", Kind: kpitree.KindInput, Values: []float64{}, Targets: []kpitree.Target{}},
		{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{{Ref: "a", Per: "c", Weight: 0.5, Min: 0, Max: 1}, {Ref: "typed", Weight: 1, Min: -1, Max: 1}},
			Targets: []kpitree.Target{{Period: 3, Value: 10}, {FiscalYear: 2026, Value: 1.2e9}}, RAG: &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}},
	}
	var out [][]byte
	for _, n := range nodes {
		b, err := encodeNode(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// TestDecodeNodeFastAcceptsEncodedNodes: what encodeNode writes takes the
// fast path and decodes to the same node as encoding/json.
func TestDecodeNodeFastAcceptsEncodedNodes(t *testing.T) {
	for _, b := range nodeSeeds(t) {
		fast, ok := decodeNodeFast(b)
		if !ok {
			t.Errorf("fast path refused encodeNode output %s", b)
			continue
		}
		slow, err := decodeNodeJSON(b)
		if err != nil || !sameNode(fast, slow) {
			t.Errorf("fast %+v, encoding/json %+v (%v) for %s", fast, slow, err, b)
		}
	}
}

// TestDecodeNodeFastLeavesOddDocuments: inputs outside the subset fall back
// to encoding/json rather than being decoded differently.
func TestDecodeNodeFastLeavesOddDocuments(t *testing.T) {
	for _, doc := range []string{
		`{"id":"a","ID":"b"}`,                            // case-folded key: encoding/json matches it
		`{"id":"a","id":"b"}`,                            // repeated key: last wins
		`{"id":"a","extra":1}`,                           // unknown key: ignored by encoding/json
		`{"id":"a","silenced":[null]}`,                   // null element
		`{"id":"a","alerts":[null]}`,                     // null rule
		`{"id":"a","alerts":[{"kind":"rag","limit":1}]}`, // unknown rule key
		`{"id":"a","name":"\ud800"}`,                     // lone surrogate
		"{\"id\":\"a\",\"name\":\"\xff\"}",               // invalid UTF-8
		`{"id":"a","value":1e999}`,                       // out of range
		`{"id":"a","targets":[{"period":1.5}]}`,
		`{"id":"a","value":+1}`,
		`{"id":"a"} x`,
		`null`,
		`{"id":"a",}`,
	} {
		if n, ok := decodeNodeFast([]byte(doc)); ok {
			t.Errorf("fast path accepted %s as %+v", doc, n)
		}
	}
	// The fallback still decodes what encoding/json accepts.
	n, err := decodeNode([]byte(`{"ID":"a","extra":1}`))
	if err != nil || n.ID != "a" {
		t.Errorf("fallback: %+v, %v", n, err)
	}
}

// FuzzNodeFastDecode is differential: whenever the fast path accepts a
// document, encoding/json accepts it too and yields the same node.
func FuzzNodeFastDecode(f *testing.F) {
	for _, b := range nodeSeeds(f) {
		f.Add(b)
	}
	for _, s := range []string{`{}`, `{"id":"a","rag":null,"health":null}`, `{"id":"\u0041\n\/"}`,
		`{"values":[1, null ,2]}`, ` { "id" : "a" } `, `{"targets":[{"period":-0}]}`, `{"name":"\ud83d\ude00"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, ok := decodeNodeFast(b)
		if !ok {
			return
		}
		slow, err := decodeNodeJSON(b)
		if err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refused it: %v", b, err)
		}
		if !sameNode(fast, slow) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", b, fast, slow)
		}
	})
}

// sameDataset compares datasets exactly (NaN equals NaN; nil-ness of
// lists and options kept).
func sameDataset(a, b *Dataset) bool {
	if a.ID != b.ID || a.Name != b.Name || a.Source != b.Source || string(a.Options) != string(b.Options) ||
		(a.Options == nil) != (b.Options == nil) || a.Calendar.Freq != b.Calendar.Freq ||
		a.Calendar.Start.String() != b.Calendar.Start.String() || a.Calendar.Periods != b.Calendar.Periods ||
		a.Calendar.FiscalYearStart != b.Calendar.FiscalYearStart || a.ImportedAt.String() != b.ImportedAt.String() ||
		len(a.Columns) != len(b.Columns) || (a.Columns == nil) != (b.Columns == nil) {
		return false
	}
	for i, c := range a.Columns {
		o := b.Columns[i]
		if c.Name != o.Name || c.Unit != o.Unit || (c.Values == nil) != (o.Values == nil) ||
			!slices.EqualFunc(c.Values, o.Values, sameFloat) {
			return false
		}
	}
	return true
}

func datasetSeeds(t testing.TB) [][]byte {
	t.Helper()
	start := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	ds := []Dataset{
		{ID: "cs", Name: "CS 月次", Source: "/data/cs.csv", Options: []byte(`{"encoding":"shift_jis","mapping":{"a":"列"},"skip":[1,2],"x":null,"y":true}`),
			Calendar:   kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 3, FiscalYearStart: time.April},
			Columns:    []Column{{Name: "売上", Unit: "JPY", Values: Values{1, math.NaN(), 3.5}}, {Name: "b", Values: Values{0, -1, 1e-9}}},
			ImportedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Name: "empty", Calendar: kpitree.Calendar{Freq: kpitree.Week, Start: start.Add(9 * time.Hour)}},
	}
	var out [][]byte
	for i := range ds {
		b, err := marshal(&ds[i])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestDecodeDatasetFastAcceptsEncodedDatasets(t *testing.T) {
	for _, b := range datasetSeeds(t) {
		fast, ok := decodeDatasetFast(b)
		if !ok {
			t.Errorf("fast path refused %s", b)
			continue
		}
		slow, err := decodeDatasetJSON(b)
		if err != nil || !sameDataset(fast, slow) {
			t.Errorf("fast %+v, encoding/json %+v (%v)", fast, slow, err)
		}
	}
	for _, doc := range []string{`{"options":null}`, `{"calendar":{"start":"2024-13-01T00:00:00Z"}}`, `{"columns":[{"values":["1"]}]}`, `{"name":"a","Name":"b"}`} {
		if _, ok := decodeDatasetFast([]byte(doc)); ok {
			t.Errorf("fast path accepted %s", doc)
		}
	}
}

// FuzzDatasetFastDecode is differential, like FuzzNodeFastDecode.
func FuzzDatasetFastDecode(f *testing.F) {
	for _, b := range datasetSeeds(f) {
		f.Add(b)
	}
	for _, s := range []string{`{}`, `{"options":[1,{"a":"b"}],"imported_at":null}`, `{"calendar":{"start":"2024-04-01T00:00:00+09:00"}}`,
		`{"columns":null}`, `{"columns":[{"values":null}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, ok := decodeDatasetFast(b)
		if !ok {
			return
		}
		slow, err := decodeDatasetJSON(b)
		if err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refused it: %v", b, err)
		}
		if !sameDataset(fast, slow) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", b, fast, slow)
		}
	})
}
