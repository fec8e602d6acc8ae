package inspector

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// targetSlots names the two targets the inspector edits: the one for the
// latest period with actual data (the one the canvas compares with) and
// the annual one of that period's fiscal year. A node may hold many more
// targets (past months, other years); the inspector never touches those.
type targetSlots struct {
	period int // index of the latest actual period (0 for an empty history)
	fy     int // the current fiscal year, e.g. 2026 for FY2026
}

// slotsOf picks the slots for calendar c. The current fiscal year is that
// of the period in progress (the first one without actuals, as a month's
// data arrive after it closes): with actuals to March 2026 and an April
// fiscal start that is FY2026, the year being planned, not the FY2025
// that March closed.
func slotsOf(c kpitree.Calendar) targetSlots {
	return targetSlots{period: max(0, c.Periods-1), fy: c.PlannedFiscalYear()}
}

func (s targetSlots) isPeriod(t kpitree.Target) bool {
	return t.FiscalYear == 0 && t.Period == s.period
}
func (s targetSlots) isYear(t kpitree.Target) bool { return t.FiscalYear == s.fy }

// percentScale is 100 for "%" units, whose values are stored as fractions
// (0.72 is 72 %) but typed and shown as percentages like the RAG fields;
// else 1.
func percentScale(unit string) float64 {
	if strings.TrimSpace(unit) == "%" {
		return 100
	}
	return 1
}

// formatTarget shows a stored target in the unit the user types. Scaling
// by 100 is rounded to 9 decimals so 0.72 shows as 72, not 72.00000000000001.
func formatTarget(v, scale float64) string {
	if scale != 1 {
		v = math.Round(v*scale*1e9) / 1e9
	}
	return report.GroupThousands(strconv.FormatFloat(v, 'f', -1, 64))
}

// findTarget returns the value of the first target matching match.
func findTarget(ts []kpitree.Target, match func(kpitree.Target) bool) (float64, bool) {
	if i := slices.IndexFunc(ts, match); i >= 0 {
		return ts[i].Value, true
	}
	return 0, false
}

// editTarget sets, adds or (for empty text) removes the one target
// matching match, leaving every other target as it is. text is in display
// units (divided by scale to store). When text equals shown, the field
// was not edited and ts is returned unchanged, so a round trip through the
// display format never alters a stored value.
func editTarget(ts []kpitree.Target, match func(kpitree.Target) bool, fresh kpitree.Target, text, shown string, scale float64) ([]kpitree.Target, error) {
	if strings.TrimSpace(text) == strings.TrimSpace(shown) {
		return ts, nil
	}
	v, has, err := uikit.ParseField(text)
	if err != nil {
		return ts, err
	}
	ts = slices.Clone(ts)
	i := slices.IndexFunc(ts, match)
	switch {
	case has && i >= 0:
		ts[i].Value = v / scale
	case has:
		fresh.Value = v / scale
		ts = append(ts, fresh)
	case i >= 0:
		ts = slices.Delete(ts, i, i+1)
	}
	if len(ts) == 0 {
		return nil, nil
	}
	return ts, nil
}

// loadTargets fills the two target fields and their period labels.
func (in *Inspector) loadTargets(n kpitree.Node) {
	slots := slotsOf(in.tree.Calendar)
	scale := percentScale(n.Unit)
	in.shownTarget, in.shownYear = "", ""
	if v, ok := findTarget(n.Targets, slots.isPeriod); ok {
		in.shownTarget = formatTarget(v, scale)
	}
	if v, ok := findTarget(n.Targets, slots.isYear); ok {
		in.shownYear = formatTarget(v, scale)
	}
	in.Target.SetText(in.shownTarget)
	in.YearTarget.SetText(in.shownYear)
	in.TargetPeriod.SetText(in.tree.Calendar.Label(slots.period))
	in.YearPeriod.SetText(kpitree.FiscalLabel(slots.fy))
	// An empty field may still have a target in effect, set for an earlier
	// period (the canvas uses it): show it as the hint rather than nothing.
	hint := lang.L("inspector.target_hint")
	if v, ok := workspace.TargetAt(n, slots.period); ok && in.shownTarget == "" {
		hint = lang.L("inspector.target_inherited", map[string]any{"Value": formatTarget(v, scale)})
	}
	in.Target.SetPlaceHolder(hint)
}

// editedTargets applies the two target fields to n.Targets, in the unit
// typed in the form (so switching the unit to "%" and typing 72 stores 0.72).
func (in *Inspector) editedTargets(n kpitree.Node) ([]kpitree.Target, error) {
	slots := slotsOf(in.tree.Calendar)
	scale := percentScale(n.Unit)
	shownTarget, shownYear := in.shownTarget, in.shownYear
	if scale != percentScale(in.node.Unit) {
		// The unit changed scale: the shown text no longer means the stored
		// value, so whatever is in the fields is taken as typed.
		shownTarget, shownYear = "\x00", "\x00"
	}
	ts, err := editTarget(n.Targets, slots.isPeriod, kpitree.Target{Period: slots.period}, in.Target.Text, shownTarget, scale)
	if err != nil {
		return nil, fmt.Errorf("%s", lang.L("inspector.err_number", map[string]any{"Field": lang.L("inspector.target")}))
	}
	ts, err = editTarget(ts, slots.isYear, kpitree.Target{FiscalYear: slots.fy}, in.YearTarget.Text, shownYear, scale)
	if err != nil {
		return nil, fmt.Errorf("%s", lang.L("inspector.err_number", map[string]any{"Field": lang.L("inspector.target_year")}))
	}
	return ts, nil
}
