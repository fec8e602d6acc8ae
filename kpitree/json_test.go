package kpitree_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// fullTree exercises every field of the format.
func coreFullTree() kpitree.Tree {
	t := coreCanonicalTree()
	t.Nodes[1].Values = []float64{11746, math.NaN(), 11851, math.Inf(1), -0.5, 1e-300}
	t.Nodes[1].Targets = []kpitree.Target{{Period: 3, Value: 12000}, {FiscalYear: 2024, Value: 1.5e8}}
	t.Nodes[1].RAG = &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
	t.Nodes[1].Owner = "CS部"
	t.Nodes[1].Description = "改行\nと \"引用\""
	t.Nodes[1].Aggregation = "mean"
	t.Nodes[0].Formula = "if(unit_price < 1 && 2 > 1, 0, unit_price * active_customers)"
	t.Nodes[1].Silenced = []string{kpitree.CodeUnit}
	t.Nodes = append(t.Nodes,
		kpitree.Node{ID: "fee", Name: "Fee", Kind: kpitree.KindConstant, Value: math.NaN()},
		kpitree.Node{ID: "health", Name: "ヘルス", Kind: kpitree.KindHealth, Unit: "score",
			Health: []kpitree.HealthComponent{{Ref: "active_rate", Weight: 0.5, Min: 0, Max: 1}, {Ref: "per_csm", Per: "csm_count", Weight: 0.5, Min: 0, Max: 10}}})
	return t
}

func TestMarshalTree_RoundTripsExactly(t *testing.T) {
	for _, tree := range []kpitree.Tree{{}, coreCanonicalTree(), coreFullTree()} {
		b1, err := kpitree.MarshalTree(tree)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		got, err := kpitree.UnmarshalTree(b1)
		if err != nil {
			t.Fatalf("unmarshal: %v\n%s", err, b1)
		}
		b2, err := kpitree.MarshalTree(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1, b2) {
			t.Errorf("second encoding differs:\n%s\n---\n%s", b1, b2)
		}
		if !coreTreesEqual(tree, got) {
			t.Errorf("decoded tree differs:\n%+v\n%+v", tree, got)
		}
	}
}

func TestMarshalTree_WritesVersionedHeaderAndNullForNaN(t *testing.T) {
	b, err := kpitree.MarshalTree(coreFullTree())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"format": "kpitree/tree"`, `"version": 1`, `null`, `"+Inf"`, `"start": "2023-04-01"`, `"アクティブ率"`, `unit_price < 1 && 2 > 1`} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Index(s, `"format"`) > strings.Index(s, `"nodes"`) {
		t.Error("format must come first")
	}
}

func TestUnmarshalTree_RejectsBadInputWithSentinels(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"not json", `{`, kpitree.ErrBadJSON},
		{"wrong format", `{"format":"other","version":1}`, kpitree.ErrBadJSON},
		{"newer", `{"format":"kpitree/tree","version":2}`, kpitree.ErrNewerFormat},
		{"version zero", `{"format":"kpitree/tree","version":0}`, kpitree.ErrBadJSON},
		{"duplicate", `{"format":"kpitree/tree","version":1,"nodes":[{"id":"a","kind":"input"},{"id":"a","kind":"input"}]}`, kpitree.ErrDuplicateID},
		{"invalid id", `{"format":"kpitree/tree","version":1,"nodes":[{"id":"1a","kind":"input"}]}`, kpitree.ErrInvalidID},
		{"bad number", `{"format":"kpitree/tree","version":1,"nodes":[{"id":"a","kind":"input","values":["x"]}]}`, kpitree.ErrBadJSON},
		{"bad start", `{"format":"kpitree/tree","version":1,"calendar":{"start":"April"}}`, kpitree.ErrBadJSON},
		{"trailing", `{"format":"kpitree/tree","version":1} {}`, kpitree.ErrBadJSON},
		{"wrong type", `{"format":"kpitree/tree","version":"1"}`, kpitree.ErrBadJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kpitree.UnmarshalTree([]byte(tt.in))
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestUnmarshalTree_ReadsNullAsMissing(t *testing.T) {
	tree, err := kpitree.UnmarshalTree([]byte(`{"format":"kpitree/tree","version":1,"calendar":{"freq":"month","start":"2024-04-01","periods":2},
		"nodes":[{"id":"a","name":"A","kind":"input","values":[1,null]}],"future_field":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if v := tree.Nodes[0].Values; len(v) != 2 || v[0] != 1 || !math.IsNaN(v[1]) {
		t.Errorf("values = %v", v)
	}
	if !tree.Calendar.Start.Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start = %v", tree.Calendar.Start)
	}
}

func FuzzUnmarshalTree(f *testing.F) {
	for _, tree := range []kpitree.Tree{{}, coreCanonicalTree(), coreFullTree()} {
		b, _ := kpitree.MarshalTree(tree)
		f.Add(b)
	}
	f.Add([]byte(`{"format":"kpitree/tree","version":1,"nodes":[{"id":"a","values":[null,"-Inf",1e308]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, err := kpitree.UnmarshalTree(data)
		if err != nil {
			if !errors.Is(err, kpitree.ErrBadJSON) && !errors.Is(err, kpitree.ErrNewerFormat) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		b1, err := kpitree.MarshalTree(tree)
		if err != nil {
			t.Fatalf("decoded tree does not encode: %v", err)
		}
		again, err := kpitree.UnmarshalTree(b1)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		b2, _ := kpitree.MarshalTree(again)
		if !bytes.Equal(b1, b2) {
			t.Fatalf("not stable:\n%s\n%s", b1, b2)
		}
		_ = kpitree.Check(tree, nil) // whatever decodes must check without panicking
	})
}

// treesEqual compares trees treating NaN as equal to NaN, and nil as equal
// to empty for lists (the JSON form omits empty lists).
func coreTreesEqual(a, b kpitree.Tree) bool {
	ja, _ := kpitree.MarshalTree(a)
	jb, _ := kpitree.MarshalTree(b)
	return bytes.Equal(ja, jb)
}
