package workspace

import (
	"fmt"

	"github.com/kpitree/kpitree/kpitree"
)

// BridgeWindows lists the windows a bridge can explain over cal's history,
// as the Review pane offers them: every month with data, every fiscal
// quarter, every fiscal year to date and every whole fiscal year, each kind
// newest first, grouped in that order (a kind without windows is left
// out). Each is what ParsePeriod returns for its Label, the form the CLI's
// --period takes, so the pane and `kpitreectl review` name the same
// windows; windows not wholly inside the history are left out (a bridge
// explains actuals).
func BridgeWindows(cal kpitree.Calendar) []WindowGroup {
	hist := cal.Periods
	if hist <= 0 {
		return nil
	}
	var out []WindowGroup
	group := func(k PeriodKind) {
		out = append(out, WindowGroup{Kind: k})
	}
	add := func(label string) {
		// ParsePeriod is the one judge of what a label means; a label it
		// refuses (a month cut by the history's start) is simply not offered.
		if p, err := ParsePeriod(cal, label); err == nil {
			g := &out[len(out)-1]
			g.Windows = append(g.Windows, p)
		}
	}
	group(PeriodMonth)
	// Months, newest first; a weekly calendar has several periods a month,
	// so the months are those of the periods' start dates, once each.
	seen := map[string]bool{}
	for t := hist - 1; t >= 0; t-- {
		at := cal.Time(t)
		label := fmt.Sprintf("%04d-%02d", at.Year(), int(at.Month()))
		if !seen[label] {
			seen[label] = true
			add(label)
		}
	}
	first, last := cal.FiscalYear(0), cal.FiscalYear(hist-1)
	group(PeriodQuarter)
	for fy := last; fy >= first; fy-- {
		for q := 4; q >= 1; q-- {
			add(fmt.Sprintf("FY%d-Q%d", fy, q))
		}
	}
	group(PeriodFYTD)
	for fy := last; fy >= first; fy-- {
		add(fmt.Sprintf("FY%d-YTD", fy))
	}
	group(PeriodFY)
	for fy := last; fy >= first; fy-- {
		add(fmt.Sprintf("FY%d", fy))
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.Windows) > 0 {
			kept = append(kept, g)
		}
	}
	return kept
}

// WindowGroup is one kind of bridge window and its windows, newest first.
type WindowGroup struct {
	// Kind is what the user picks: PeriodMonth for the months also on a
	// weekly calendar, whose ParsePeriod kind is PeriodQuarter (several
	// periods).
	Kind    PeriodKind
	Windows []BridgePeriod
}
