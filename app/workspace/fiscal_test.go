package workspace_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// withActiveShare adds a ratio with the old "mean" setting, as workspaces
// made before aggregation by meaning store it.
func withActiveShare(t *testing.T, w *workspace.Workspace) {
	t.Helper()
	if err := w.AddNode(kpitree.Node{ID: "active_share", Unit: "%", Kind: kpitree.KindFormula,
		Formula: "active_customers / onboarded_accounts", Aggregation: "mean"}); err != nil {
		t.Fatal(err)
	}
}

func column(t *testing.T, name string) []float64 {
	t.Helper()
	for _, c := range sampleDataset(t).Columns {
		if c.Name == name {
			return c.Values
		}
	}
	t.Fatalf("no column %s", name)
	return nil
}

func TestMigrationNotes_ListTheNodesWhoseFiscalYearValueChanges(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	withActiveShare(t, w)
	notes, err := w.MigrationNotes()
	if err != nil {
		t.Fatal(err)
	}
	active := column(t, "active_rate")
	byYear := map[int][]string{}
	for _, c := range notes {
		byYear[c.FiscalYear] = append(byYear[c.FiscalYear], c.Node)
		if c.Node != "active_share" {
			continue
		}
		from := (c.FiscalYear - 2023) * 12
		mean := 0.0
		for _, v := range active[from : from+12] {
			mean += v
		}
		mean /= 12
		// The ratio's FY value is year-end active ÷ year-end onboarded,
		// which is the March active rate; before, the mean of the months.
		if !near(c.Old, mean) || !near(c.New, active[from+11]) || c.OldRule != "mean" || c.Agg.Kind != kpitree.AggRatio ||
			!near(c.Change, c.New-c.Old) {
			t.Errorf("FY %d: %+v, want old %v (mean) and new %v (March)", c.FiscalYear, c, mean, active[from+11])
		}
	}
	// The canonical ids are template catalogue ids, so they take the
	// template's kinds: active_rate (old mean), csm_count and
	// onboarded_per_csm (old sum, as nodes without a setting were) become
	// year-end stocks; unit_price stays a flow.
	want := []string{"active_rate", "active_share", "csm_count", "onboarded_per_csm"}
	for _, fy := range []int{2023, 2024, 2025} {
		got := slices.Clone(byYear[fy])
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("FY %d: changed nodes %v, want %v (sum/last settings keep their values)", fy, got, want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestSetAggregation_IsUndoableAndExplained(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	withActiveShare(t, w)
	find := func(id string) workspace.NodeAggregation {
		aggs, err := w.Aggregations()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range aggs {
			if a.ID == id {
				return a
			}
		}
		t.Fatalf("no aggregation for %s", id)
		return workspace.NodeAggregation{}
	}
	if a := find("csm_count"); a.Kind != kpitree.AggStock || a.Inferred || a.Source != kpitree.SourceTemplate || a.Label != "fy.label.stock" {
		t.Fatalf("csm_count = %+v, want a stock from the template", a)
	}
	if a := find("active_share"); a.Kind != kpitree.AggRatio || a.Source != kpitree.SourceLegacy || a.Reason != kpitree.ReasonLegacyMeanRatio {
		t.Fatalf("active_share = %+v, want a ratio migrated from mean", a)
	}
	if err := w.SetAggregation("csm_count", kpitree.AggAverage, "average headcount, as HR reports it"); err != nil {
		t.Fatal(err)
	}
	a := find("csm_count")
	if a.Kind != kpitree.AggAverage || a.Inferred || a.Note != "average headcount, as HR reports it" ||
		!strings.Contains(a.Explanation, "average headcount") {
		t.Errorf("after set: %+v", a)
	}
	if label, err := w.Undo(); err != nil || label != "Set FY aggregation of csm_count" {
		t.Errorf("undo = %q, %v", label, err)
	}
	if a := find("csm_count"); a.Kind != kpitree.AggStock || a.Source != kpitree.SourceTemplate {
		t.Errorf("after undo: %+v", a)
	}
	if err := w.AddNode(kpitree.Node{ID: "page_views", Unit: "views/month", Kind: kpitree.KindInput}); err != nil {
		t.Fatal(err)
	}
	if a := find("page_views"); a.Kind != kpitree.AggFlow || !a.Inferred || a.Reason != kpitree.ReasonUnitFlow || a.Label != "fy.label.flow" {
		t.Errorf("page_views = %+v, want an inferred flow", a)
	}

	if err := w.SetFYRate("active_share", kpitree.RateCompound); err != nil {
		t.Fatal(err)
	}
	if a := find("active_share"); a.Rate != kpitree.RateCompound || !a.RateOK || a.Label != "fy.label.compound" {
		t.Errorf("rate: %+v", a)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if a := find("active_share"); a.Rate != kpitree.RateYear {
		t.Errorf("rate after undo: %+v", a)
	}

	for _, bad := range []func() error{
		func() error { return w.SetAggregation("csm_count", "sum", "") },
		func() error { return w.SetFYRate("active_share", "quarterly") },
	} {
		if err := bad(); !errors.Is(err, workspace.ErrBadSettings) {
			t.Errorf("bad setting: %v, want ErrBadSettings", err)
		}
	}
	if err := w.SetAggregation("nope", kpitree.AggFlow, ""); !errors.Is(err, kpitree.ErrUnknownNode) {
		t.Errorf("unknown node: %v", err)
	}
}

func TestFiscalYear_TargetsAndRAGUseTheRatioOverTheYear(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	withActiveShare(t, w)
	active := column(t, "active_rate")
	n, _ := w.Node("active_share")
	// A target just above the March rate: green under the old mean would
	// need the mean, which is not what the year ended with.
	n.Targets = []kpitree.Target{{FiscalYear: 2024, Value: active[23] * 1.02}}
	n.RAG = &kpitree.RAG{Green: 1, Red: 0.95, HigherIsBetter: true}
	if err := w.SetNode(n); err != nil {
		t.Fatal(err)
	}
	rows, err := w.FiscalYear(t.Context(), "", 2024)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID != "active_share" {
			continue
		}
		if !near(r.Value, active[23]) || !r.HasTarget || r.Status != kpitree.StatusAmber {
			t.Errorf("row = %+v, want value %v amber", r, active[23])
		}
		return
	}
	t.Error("no row for active_share")
}

// TestFiscalTranslations_CoverEveryCode checks that every kind, source,
// rate, label and reason has an English and a Japanese string with the
// same placeholders, and that the new undo labels are translated.
func TestFiscalTranslations_CoverEveryCode(t *testing.T) {
	read := func(name string) map[string]string {
		b, err := assets.Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	var keys []string
	for _, k := range kpitree.AggKinds() {
		keys = append(keys, "fy.kind."+string(k))
		for _, r := range kpitree.FYRates() {
			for _, ok := range []bool{false, true} {
				key, _ := workspace.FYLabel(k, r, ok)
				keys = append(keys, key)
			}
		}
	}
	for _, s := range []kpitree.AggSource{kpitree.SourceSet, kpitree.SourceTemplate, kpitree.SourceLegacy, kpitree.SourceInferred} {
		keys = append(keys, "fy.source."+string(s))
	}
	for _, r := range kpitree.FYRates() {
		keys = append(keys, "fy.rate."+string(r))
	}
	for _, r := range kpitree.AggReasons() {
		keys = append(keys, "fy.reason."+string(r))
	}
	en, ja := read("fiscal.en.json"), read("fiscal.ja.json")
	for _, k := range keys {
		e, ok1 := en[k]
		j, ok2 := ja[k]
		if !ok1 || !ok2 {
			t.Errorf("%s: en %v ja %v", k, ok1, ok2)
			continue
		}
		for _, arg := range []string{"{{.Arg0}}", "{{.Arg1}}"} {
			if strings.Contains(e, arg) != strings.Contains(j, arg) {
				t.Errorf("%s: %s in one language only", k, arg)
			}
		}
	}
	if len(en) != len(ja) {
		t.Errorf("fiscal.en.json has %d keys, fiscal.ja.json %d", len(en), len(ja))
	}
	hen, hja := read("history.en.json"), read("history.ja.json")
	for _, c := range []workspace.LabelCode{workspace.LabelSetAggregation, workspace.LabelSetFYRate} {
		if hen["history."+string(c)] == "" || hja["history."+string(c)] == "" {
			t.Errorf("history.%s is not translated", c)
		}
	}
}
