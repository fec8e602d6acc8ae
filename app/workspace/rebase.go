package workspace

import (
	"slices"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Scenario overrides (From, To) and per-period targets (Target.Period) are
// period indexes into the effective calendar, whose first period is the
// earliest bound data (state.calendar). An action that moves that first
// period (importing data that starts earlier, removing the earliest
// dataset, rebinding, editing the tree's calendar) would silently move
// every override and target to other months. changeLocked therefore adds
// rebaseChanges to such an action: the same documents with their indexes
// shifted so they keep their dates, written and recorded in the same
// transaction, so one Undo restores both the calendar and the indexes.

// calendarShift returns by how many periods the first period moved
// earlier from old to next (negative: later). ok is false when indexes
// need no rewrite: the start did not move, the frequency changed (indexes
// of another frequency cannot be mapped), or either calendar has no start
// yet (before the first import, indexes count from whatever first period
// the data will have).
func calendarShift(old, next kpitree.Calendar) (shift int, ok bool) {
	if old.Start.IsZero() || next.Start.IsZero() || old.Freq != next.Freq || old.Start.Equal(next.Start) {
		return 0, false
	}
	shift = next.PeriodOf(old.Start)
	return shift, shift != 0
}

// touchesCalendar reports whether changes can move the effective
// calendar's start: only datasets, bindings and the tree header can.
func touchesCalendar(changes []docChange) bool {
	for _, c := range changes {
		switch {
		case c.Bucket == store.BucketDatasets, c.Bucket == store.BucketBindings,
			c.Bucket == store.BucketTrees && c.Key == keyTree:
			return true
		}
	}
	return false
}

// rebaseChanges returns the scenario and node documents of next with
// their period indexes shifted to keep their dates after the calendar
// moved from old's to next's; or nil when nothing moved.
func rebaseChanges(old, next *state) ([]docChange, error) {
	shift, ok := calendarShift(old.calendar(), next.calendar())
	if !ok {
		return nil, nil
	}
	var out []docChange
	for _, name := range sortedKeys(next.scenarios) {
		sc := next.scenarios[name]
		ovs, changed := rebaseOverrides(sc.Overrides, shift)
		if !changed {
			continue
		}
		sc.Overrides = ovs
		c, err := scenarioChange(sc)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	for _, n := range next.tree.Nodes {
		ts, changed := rebaseTargets(n.Targets, shift)
		if !changed {
			continue
		}
		n.Targets = ts
		b, err := encodeNode(n)
		if err != nil {
			return nil, err
		}
		out = append(out, docChange{Bucket: store.BucketTrees, Key: nodeKeyPrefix + n.ID, After: b})
	}
	return out, nil
}

// rebaseOverrides shifts every override window by shift periods. When the
// calendar starts later (shift < 0) a window that now begins before period
// 0 is cut at 0 (its ramp shortened by the cut periods, so full effect is
// still reached on the same date), and a window that ends before period 0
// is dropped: those months are no longer part of the workspace. Undo of
// the action restores them.
func rebaseOverrides(ovs []kpitree.Override, shift int) ([]kpitree.Override, bool) {
	if len(ovs) == 0 || shift == 0 {
		return ovs, false
	}
	out := make([]kpitree.Override, 0, len(ovs))
	for _, o := range ovs {
		if o.To >= 0 {
			o.To += shift
			if o.To < 0 {
				continue
			}
		}
		o.From += shift
		if o.From < 0 {
			if o.Ramp > 0 {
				o.Ramp = max(o.Ramp+o.From, 0)
			}
			o.From = 0
		}
		out = append(out, o)
	}
	return out, true
}

// rebaseTargets shifts the per-period targets (fiscal-year targets name a
// year, not an index, and stay); a target that would fall before period 0
// is dropped, like an override window.
func rebaseTargets(ts []kpitree.Target, shift int) ([]kpitree.Target, bool) {
	if shift == 0 || !slices.ContainsFunc(ts, func(t kpitree.Target) bool { return t.FiscalYear == 0 }) {
		return ts, false
	}
	out := make([]kpitree.Target, 0, len(ts))
	for _, t := range ts {
		if t.FiscalYear == 0 {
			t.Period += shift
			if t.Period < 0 {
				continue
			}
		}
		out = append(out, t)
	}
	return out, true
}

// mergeChanges adds extra to changes; a document both change replaces the
// earlier change's After, so each key is written once.
func mergeChanges(changes, extra []docChange) []docChange {
	at := make(map[[2]string]int, len(changes))
	for i, c := range changes {
		at[[2]string{c.Bucket, c.Key}] = i
	}
	for _, c := range extra {
		if i, ok := at[[2]string{c.Bucket, c.Key}]; ok {
			changes[i].After = c.After
			continue
		}
		at[[2]string{c.Bucket, c.Key}] = len(changes)
		changes = append(changes, c)
	}
	return changes
}
