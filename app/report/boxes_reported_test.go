package report_test

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleSeries is what the boxes of the sample workspace in lang show:
// its evaluated history and reported actuals.
func sampleSeries(t testing.TB, lang string) report.BoxSeries {
	t.Helper()
	ws := sample(t, lang)
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	return report.EvaluatedSeries(ws.Tree(), e)
}

// reportedSeries is a one-node tree computing 103 in its last period,
// reported as rep; node is changed by edit.
func reportedSeries(rep []float64, edit func(n *kpitree.Node)) report.BoxSeries {
	n := kpitree.Node{ID: "rev", Name: "Revenue", Unit: "JPY", Kind: kpitree.KindInput}
	if edit != nil {
		edit(&n)
	}
	s := report.BoxSeries{
		Tree:   kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{n}},
		Actual: map[string][]float64{"rev": {100, 101, 103}},
	}
	if rep != nil {
		s.Reported = map[string][]float64{"rev": rep}
	}
	return s
}

func TestBuildBoxes_Reported(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name                string
		rep                 []float64
		edit                func(n *kpitree.Node)
		wantText, wantShort string
		wantGap             string
		wantAlert           bool
	}{
		{"should show the reported value of the same period and the gap", []float64{1, 1, 101}, nil,
			"reported ¥101", "rep. ¥101", "+2.0%", false},
		{"should flag a gap beyond the reconciliation threshold", []float64{1, 1, 110}, nil,
			"reported ¥110", "rep. ¥110", "−6.4%", true},
		{"should not flag a gap the node silences", []float64{1, 1, 110},
			func(n *kpitree.Node) { n.Silenced = []string{workspace.CodeReconciliation} },
			"reported ¥110", "rep. ¥110", "−6.4%", false},
		{"should show a dash and no gap when the period has no reported value", []float64{100, 101, nan}, nil,
			"reported –", "reported –", "", false},
		{"should show a dash when the reported series is shorter", []float64{100}, nil,
			"reported –", "reported –", "", false},
		{"should show no relative gap to a zero report", []float64{1, 1, 0}, nil,
			"reported ¥0", "rep. ¥0", "", false},
		{"should show a tiny gap as ±0.0%, never −0.0%", []float64{1, 1, 103.0001}, nil,
			"reported ¥103", "rep. ¥103", "±0.0%", false},
		{"should drop the unit, which the value row shows", []float64{1, 1, 1.0e7},
			func(n *kpitree.Node) { n.Unit = "JPY/month" }, "reported ¥10M", "rep. ¥10M", "−100.0%", true},
		{"should show nothing for a node without a reported actual", nil, nil, "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := report.BuildBoxes(reportedSeries(tt.rep, tt.edit), report.For(report.English))[0]
			if b.ReportedText != tt.wantText || b.ReportedShort != tt.wantShort || b.GapText != tt.wantGap || b.GapAlert != tt.wantAlert {
				t.Errorf("got %q / %q / %q alert=%v, want %q / %q / %q alert=%v",
					b.ReportedText, b.ReportedShort, b.GapText, b.GapAlert, tt.wantText, tt.wantShort, tt.wantGap, tt.wantAlert)
			}
		})
	}
	t.Run("should label the reported value in the translator's language", func(t *testing.T) {
		b := report.BuildBoxes(reportedSeries([]float64{1, 1, 101}, nil), report.For(report.Japanese))[0]
		if b.ReportedText != "報告 ¥101" || b.GapText != "+2.0%" {
			t.Errorf("got %q / %q, want 報告 ¥101 / +2.0%%", b.ReportedText, b.GapText)
		}
	})
}

// TestBuildBoxes_Sample: the sample workspace's boxes show the root's
// reported revenue beside the computed one, and the Japanese sample's
// values carry Japanese units.
func TestBuildBoxes_Sample(t *testing.T) {
	t.Run("should show the root's reported actual and its gap", func(t *testing.T) {
		s := sampleSeries(t, "en")
		root := report.BuildBoxes(s, report.For(report.English))[0]
		if root.ID != s.Tree.Root || root.ReportedText != "reported ¥8.66M" || root.GapText != "+1.9%" || root.GapAlert {
			t.Errorf("root box %s: %q %q alert=%v", root.ID, root.ReportedText, root.GapText, root.GapAlert)
		}
	})
	t.Run("should show the Japanese sample tree's values with Japanese units", func(t *testing.T) {
		word := regexp.MustCompile(`[A-Za-z]{2,}`)
		var units []string
		for _, b := range report.BuildBoxes(sampleSeries(t, "ja"), report.For(report.Japanese)) {
			if w := word.FindString(b.ValueText); w != "" {
				t.Errorf("box %s shows %q: the English word %q is left", b.ID, b.ValueText, w)
			}
			units = append(units, b.ValueText)
		}
		if !slices.ContainsFunc(units, func(s string) bool { return strings.HasSuffix(s, "人") }) {
			t.Errorf("no box shows 人 (CSM headcount): %q", units)
		}
	})
}

// TestGapNote: the note names the period with the largest gap beyond the
// threshold, like workspace.Evaluation.Reconciliation, and nothing else.
func TestGapNote(t *testing.T) {
	nan := math.NaN()
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC), Periods: 4}
	series := func(comp, rep []float64, silenced bool) report.BoxSeries {
		n := kpitree.Node{ID: "rev", Name: "Revenue", Kind: kpitree.KindInput}
		if silenced {
			n.Silenced = []string{workspace.CodeReconciliation}
		}
		s := report.BoxSeries{Tree: kpitree.Tree{Root: "rev", Calendar: cal, Nodes: []kpitree.Node{n}},
			Actual: map[string][]float64{"rev": comp}}
		if rep != nil {
			s.Reported = map[string][]float64{"rev": rep}
		}
		return s
	}
	en := report.For(report.English)
	tests := []struct {
		name string
		s    report.BoxSeries
		want string // a fragment of the note; "" for no note
	}{
		{"should name the worst period", series([]float64{106, 100, 91, 100}, []float64{100, 100, 100, 100}, false), "−9.0% against the reported actual in 2025-06"},
		{"should stay quiet within the threshold", series([]float64{104, 100, 96, 100}, []float64{100, 100, 100, 100}, false), ""},
		{"should skip missing and zero reports", series([]float64{200, nan, 5, 100}, []float64{0, 100, nan, 100}, false), ""},
		{"should respect a node that silences the gap", series([]float64{150, 100, 100, 100}, []float64{100, 100, 100, 100}, true), ""},
		{"should stay quiet without a reported actual", series([]float64{150, 100, 100, 100}, nil, false), ""},
		{"should cope with a reported series longer than the computed one", series([]float64{150}, []float64{100, 100, 100, 100, 100, 100}, false), "+50.0% against the reported actual in 2025-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.GapNote(tt.s, "rev", en)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("GapNote = %q, want it to contain %q", got, tt.want)
			}
		})
	}
	if got := report.GapNote(series([]float64{150}, []float64{100}, false), "missing", en); got != "" {
		t.Errorf("GapNote of an unknown node = %q", got)
	}
}

// BenchmarkBuildBoxes_Reported measures the view-model of the sample
// workspace, whose three reported nodes add a reconciliation line each.
func BenchmarkBuildBoxes_Reported(b *testing.B) {
	s := sampleSeries(b, "en")
	if len(s.Reported) == 0 {
		b.Fatal("the sample has no reported actuals")
	}
	en := report.For(report.English)
	b.ReportAllocs()
	for b.Loop() {
		report.BuildBoxes(s, en)
	}
}
