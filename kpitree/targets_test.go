package kpitree_test

import (
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func TestRAG_Status(t *testing.T) {
	up := &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
	down := &kpitree.RAG{Green: 1, Red: 1.2}
	tests := []struct {
		r              *kpitree.RAG
		actual, target float64
		want           kpitree.Status
	}{
		{up, 100, 100, kpitree.StatusGreen},
		{up, 95, 100, kpitree.StatusAmber},
		{up, 89, 100, kpitree.StatusRed},
		{down, 0.02, 0.03, kpitree.StatusGreen},
		{down, 0.033, 0.03, kpitree.StatusAmber},
		{down, 0.04, 0.03, kpitree.StatusRed},
		{up, -90, -100, kpitree.StatusGreen}, // a smaller loss than planned
		{up, -120, -100, kpitree.StatusRed},
		{up, math.NaN(), 100, kpitree.StatusNone},
		{up, 1, 0, kpitree.StatusNone},
		{nil, 1, 1, kpitree.StatusNone},
	}
	for _, tt := range tests {
		if got := tt.r.Status(tt.actual, tt.target); got != tt.want {
			t.Errorf("%+v.Status(%v, %v) = %s, want %s", tt.r, tt.actual, tt.target, got, tt.want)
		}
	}
}

func TestFiscalValue_AggregatesAprilToMarch(t *testing.T) {
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}
	v := make([]float64, 30)
	for k := range v {
		v[k] = float64(k + 1)
	}
	if got, ok := kpitree.FiscalValue(cal, v, 2023, "sum"); !ok || got != 78 {
		t.Errorf("sum FY2023 = %v %v, want 78", got, ok)
	}
	if got, ok := kpitree.FiscalValue(cal, v, 2024, "last"); !ok || got != 24 {
		t.Errorf("last FY2024 = %v %v, want 24", got, ok)
	}
	if got, ok := kpitree.FiscalValue(cal, v, 2024, "mean"); !ok || got != 18.5 {
		t.Errorf("mean FY2024 = %v %v, want 18.5", got, ok)
	}
	if _, ok := kpitree.FiscalValue(cal, v, 2025, "sum"); ok {
		t.Error("FY2025 is only half inside the series")
	}
	v[3] = math.NaN()
	if got, _ := kpitree.FiscalValue(cal, v, 2023, "last"); !math.IsNaN(got) {
		t.Errorf("a gap must make the year missing, got %v", got)
	}
}

func TestNode_Targets(t *testing.T) {
	n := kpitree.Node{Targets: []kpitree.Target{{Period: 3, Value: 10}, {FiscalYear: 2024, Value: 120}}}
	if v, ok := n.TargetFor(3); !ok || v != 10 {
		t.Errorf("TargetFor(3) = %v %v", v, ok)
	}
	if _, ok := n.TargetFor(0); ok {
		t.Error("TargetFor(0) must not match the fiscal-year target")
	}
	if v, ok := n.FiscalTarget(2024); !ok || v != 120 {
		t.Errorf("FiscalTarget(2024) = %v %v", v, ok)
	}
}
