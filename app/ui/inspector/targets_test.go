package inspector_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/kpitree"
)

// withTargets returns the canonical tree with node id's targets replaced.
func withTargets(id string, ts ...kpitree.Target) kpitree.Tree {
	t := canonical()
	for i := range t.Nodes {
		if t.Nodes[i].ID == id {
			t.Nodes[i].Targets = ts
		}
	}
	return t
}

func TestInspector_PendingEditsOnSelectionChange(t *testing.T) {
	t.Run("should apply valid edits when the selection moves to another node", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		rec := record(t, in)
		in.Name.SetText("Active rate (weekly)")
		if !in.Dirty() {
			t.Fatal("typing did not mark the form dirty")
		}
		in.SetNode(canonical(), "csm_count")
		in.Wait()
		got := rec.stored()
		if len(got) != 1 || got[0].ID != "active_rate" || got[0].Name != "Active rate (weekly)" {
			t.Fatalf("applied %+v, want the edited active_rate", got)
		}
		if in.NodeID() != "csm_count" || in.Dirty() {
			t.Fatalf("now showing %q, dirty %v; want csm_count, clean", in.NodeID(), in.Dirty())
		}
		if !strings.Contains(in.Status.Text, "Active rate (weekly)") || !strings.Contains(in.Status.Text, "Undo") {
			t.Fatalf("status = %q, want it to say the edit was applied and can be undone", in.Status.Text)
		}
	})
	t.Run("should say why invalid edits were not applied when the selection moves", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		rec := record(t, in)
		in.Name.SetText("")
		in.SetNode(canonical(), "csm_count")
		in.Wait()
		if len(rec.stored()) != 0 {
			t.Fatal("an edit with an empty name was applied")
		}
		if !strings.Contains(in.Status.Text, "Active rate") || !strings.Contains(in.Status.Text, "name") {
			t.Fatalf("status = %q, want the node and the reason", in.Status.Text)
		}
	})
	t.Run("should not apply anything when nothing was typed", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		rec := record(t, in)
		in.SetNode(canonical(), "csm_count")
		in.SetNode(canonical(), "")
		in.Wait()
		if len(rec.stored()) != 0 || in.Dirty() {
			t.Fatalf("stored %+v, dirty %v after selection changes without edits", rec.stored(), in.Dirty())
		}
	})
	t.Run("should be clean again after Apply", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		record(t, in)
		in.Owner.SetText("CS team B")
		test.Tap(in.Apply)
		in.Wait()
		if in.Dirty() {
			t.Fatal("dirty after Apply")
		}
	})
}

func TestInspector_Targets(t *testing.T) {
	fy := canonical().Calendar.FiscalYear(36) // the fiscal year in progress: FY2026
	other := []kpitree.Target{{Period: 24, Value: 5_400_000}, {FiscalYear: fy - 1, Value: 80_000_000}}
	sample := append(slices.Clone(other), kpitree.Target{Period: 35, Value: 9_000_000}, kpitree.Target{FiscalYear: fy, Value: 110_000_000})

	t.Run("should show the latest period's target and the current fiscal year's, each labelled", func(t *testing.T) {
		in := newInspector(t, "")
		in.SetNode(withTargets("addon_revenue", sample...), "addon_revenue")
		if in.Target.Text != "9,000,000" || in.YearTarget.Text != "110,000,000" {
			t.Fatalf("target %q, annual %q; want 9,000,000 and 110,000,000", in.Target.Text, in.YearTarget.Text)
		}
		if in.TargetPeriod.Text != "2026-03" || in.YearPeriod.Text != "FY2026" {
			t.Fatalf("labels %q, %q; want 2026-03 and FY2026", in.TargetPeriod.Text, in.YearPeriod.Text)
		}
	})
	t.Run("should leave all targets as they are when the fields are not touched", func(t *testing.T) {
		in := newInspector(t, "")
		in.SetNode(withTargets("active_rate", kpitree.Target{Period: 35, Value: 0.123456789012}), "active_rate")
		n, err := in.Edited()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(n.Targets, []kpitree.Target{{Period: 35, Value: 0.123456789012}}) {
			t.Fatalf("targets = %+v, want them unchanged", n.Targets)
		}
	})
	tests := []struct {
		name       string
		unit, node string
		start      []kpitree.Target
		period, fy string // typed text; "-" leaves the field as loaded
		want       []kpitree.Target
	}{
		{"clearing the period target removes only that one", "JPY", "addon_revenue", sample, "", "-",
			append(slices.Clone(other), kpitree.Target{FiscalYear: fy, Value: 110_000_000})},
		{"clearing the annual target removes only that one", "JPY", "addon_revenue", sample, "-", "",
			append(slices.Clone(other), kpitree.Target{Period: 35, Value: 9_000_000})},
		{"editing the period target changes only that one", "JPY", "addon_revenue", sample, "9,500,000", "-",
			append(slices.Clone(other), kpitree.Target{Period: 35, Value: 9_500_000}, kpitree.Target{FiscalYear: fy, Value: 110_000_000})},
		{"a new period target is added for the latest period", "JPY", "addon_revenue", other, "7,000,000", "-",
			append(slices.Clone(other), kpitree.Target{Period: 35, Value: 7_000_000})},
		{"a new annual target is added for the current fiscal year", "JPY", "addon_revenue", nil, "-", "120,000,000",
			[]kpitree.Target{{FiscalYear: fy, Value: 120_000_000}}},
		{"a percentage typed with a % sign is stored as a fraction", "%", "active_rate", nil, "72%", "-",
			[]kpitree.Target{{Period: 35, Value: 0.72}}},
		{"a percentage typed without a sign is stored as a fraction", "%", "active_rate", nil, "-", "７５", // full-width
			[]kpitree.Target{{FiscalYear: fy, Value: 0.75}}},
	}
	for _, tt := range tests {
		t.Run("should handle "+tt.name, func(t *testing.T) {
			in := newInspector(t, "")
			in.SetNode(withTargets(tt.node, tt.start...), tt.node)
			if tt.period != "-" {
				in.Target.SetText(tt.period)
			}
			if tt.fy != "-" {
				in.YearTarget.SetText(tt.fy)
			}
			n, err := in.Edited()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(n.Targets, tt.want) {
				t.Fatalf("targets = %+v, want %+v", n.Targets, tt.want)
			}
		})
	}
	t.Run("should show a % target as a percentage like the RAG thresholds", func(t *testing.T) {
		in := newInspector(t, "")
		in.SetNode(withTargets("active_rate", kpitree.Target{Period: 35, Value: 0.72}, kpitree.Target{FiscalYear: fy, Value: 0.7}), "active_rate")
		if in.Target.Text != "72" || in.YearTarget.Text != "70" {
			t.Fatalf("target %q, annual %q; want 72 and 70", in.Target.Text, in.YearTarget.Text)
		}
	})
	t.Run("should hint at a target in effect from an earlier period instead of a blank", func(t *testing.T) {
		in := newInspector(t, "")
		in.SetNode(withTargets("addon_revenue", kpitree.Target{Period: 30, Value: 8_000_000}), "addon_revenue")
		if in.Target.Text != "" || !strings.Contains(in.Target.PlaceHolder, "8,000,000") {
			t.Fatalf("text %q placeholder %q; want empty with the inherited 8,000,000 as hint", in.Target.Text, in.Target.PlaceHolder)
		}
	})
	for _, bad := range []string{"lots", "NaN", "-Inf", "1e400"} {
		t.Run("should refuse an annual target of "+bad+" and name the field", func(t *testing.T) {
			in := newInspector(t, "addon_revenue")
			in.YearTarget.SetText(bad)
			if _, err := in.Edited(); err == nil || !strings.Contains(err.Error(), "Annual target") {
				t.Fatalf("err = %v, want it to name the annual target", err)
			}
		})
	}
}

// FuzzInspector_Targets types arbitrary text into both target fields:
// Edited must never panic, and whatever it accepts leaves every target
// other than the two edited slots exactly as it was.
func FuzzInspector_Targets(f *testing.F) {
	for _, s := range [][2]string{{"72%", ""}, {"１，２００", "-"}, {"", ""}, {"1e308", "-1e308"}, {"NaN", "Inf"}, {"%", "．"}, {"\x00", "　"}} {
		f.Add(s[0], s[1])
	}
	in := newInspector(f, "")
	fy := canonical().Calendar.FiscalYear(36)
	other := []kpitree.Target{{Period: 3, Value: 1}, {FiscalYear: fy - 1, Value: 2}}
	start := append(slices.Clone(other), kpitree.Target{Period: 35, Value: 0.5}, kpitree.Target{FiscalYear: fy, Value: 0.6})
	tree := withTargets("active_rate", start...)
	f.Fuzz(func(t *testing.T, period, year string) {
		in.SetNode(canonical(), "csm_count") // reset between inputs
		in.SetNode(tree, "active_rate")
		in.Target.SetText(period)
		in.YearTarget.SetText(year)
		n, err := in.Edited()
		if err != nil {
			return
		}
		kept := slices.DeleteFunc(slices.Clone(n.Targets), func(x kpitree.Target) bool {
			return (x.FiscalYear == 0 && x.Period == 35) || x.FiscalYear == fy
		})
		if !reflect.DeepEqual(kept, other) {
			t.Fatalf("targets %+v: the other targets changed", n.Targets)
		}
	})
}
