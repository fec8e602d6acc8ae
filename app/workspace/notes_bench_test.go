package workspace_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleWithNotes is the sample workspace with n notes spread over its
// nodes and 36 months.
func sampleWithNotes(b *testing.B, n int) *workspace.Workspace {
	b.Helper()
	w, _ := newSample(b)
	ids := []string{"addon_revenue", "unit_price", "active_customers", "csm_count", "active_rate"}
	for i := range n {
		if _, err := w.AddNote(workspace.Note{Node: ids[i%len(ids)], Period: fmt.Sprintf("%d-%02d", 2023+i%3, 1+i%12),
			Text: fmt.Sprintf("note %d: a sentence about what happened this month", i), Author: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

// BenchmarkNotes measures adding one note (a durable, undoable write) to
// and listing the notes of a workspace holding 1,000 of them.
func BenchmarkNotes(b *testing.B) {
	w := sampleWithNotes(b, 1000)
	b.Run("list-all/1k", func(b *testing.B) {
		for b.Loop() {
			if ns, err := w.Notes(""); err != nil || len(ns) != 1000 {
				b.Fatal(len(ns), err)
			}
		}
	})
	b.Run("list-node/1k", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.Notes("unit_price"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("annotated/1k", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.Annotated(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Last: each add leaves one more note behind.
	b.Run("add/at-1k", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.AddNote(workspace.Note{Node: "unit_price", Period: "2026-03", Text: "one more"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInitiativeEffect measures one initiative's expected vs measured
// effect on the sample: the leaves refitted on the data before the start,
// the tree run for the base and the scenario.
func BenchmarkInitiativeEffect(b *testing.B) {
	w, _ := newSample(b)
	e, _ := w.Evaluate("")
	from, _ := workspace.PeriodIndex(e.Calendar, "2025-10")
	if err := w.AddScenario(kpitree.Scenario{Name: "price up", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: from, To: -1}}}); err != nil {
		b.Fatal(err)
	}
	if err := w.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Scenario: "price up", Start: "2025-10"}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if ef, err := w.InitiativeEffect(ctx, "Price revision"); err != nil || !ef.Measurable {
			b.Fatal(err)
		}
	}
}

// BenchmarkInitiativeEffects measures the list of five initiatives
// starting in the same month: one refit shared, against five alone.
func BenchmarkInitiativeEffects(b *testing.B) {
	w, _ := newSample(b)
	e, _ := w.Evaluate("")
	from, _ := workspace.PeriodIndex(e.Calendar, "2025-10")
	if err := w.AddScenario(kpitree.Scenario{Name: "price up", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: from, To: -1}}}); err != nil {
		b.Fatal(err)
	}
	for i := range 5 {
		if err := w.AddInitiative(workspace.Initiative{Name: fmt.Sprint("i", i), Node: "unit_price", Scenario: "price up", Start: "2025-10"}); err != nil {
			b.Fatal(err)
		}
	}
	ins, _ := w.Initiatives("")
	ctx := context.Background()
	b.Run("together/5", func(b *testing.B) {
		for b.Loop() {
			if m, err := w.InitiativeEffects(ctx, ins); err != nil || len(m) != 5 {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-by-one/5", func(b *testing.B) {
		for b.Loop() {
			for _, in := range ins {
				if _, err := w.InitiativeEffect(ctx, in.Name); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
