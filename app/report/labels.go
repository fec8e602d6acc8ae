package report

import (
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/kpitree"
)

// FiscalLabel names fiscal year fy: "FY2026" or "2026年度".
func (t *Translator) FiscalLabel(fy int) string {
	return t.L("chart.fy", map[string]any{"Year": fy})
}

// ScenarioLabel is the display name of a scenario ("" is the base).
func (t *Translator) ScenarioLabel(name string) string {
	if name == "" {
		return t.L("scenario.base")
	}
	return name
}

// Period maps a calendar to a chart's time axis, its fiscal years named in
// the language.
func (t *Translator) Period(cal kpitree.Calendar) chart.Period {
	p := chart.Period{Start: cal.Start, FiscalYearStart: cal.FiscalYearStart, FiscalLabel: t.L("chart.fy_pattern")}
	switch cal.Freq {
	case kpitree.Quarter:
		p.Freq = chart.Quarterly
	case kpitree.Week:
		p.Freq = chart.Weekly
	case kpitree.Day:
		p.Freq = chart.Daily
	case kpitree.Year:
		p.Freq = chart.Yearly
	}
	return p
}

// PeriodUnitLabel is the axis title of a node's per-period values: its
// unit in the language ("JPY/month", "円/月").
func (t *Translator) PeriodUnitLabel(unit string) string { return t.UnitText(unit) }

// FiscalUnitLabel is the axis title of a node's fiscal-year value: its
// total unit and the year ("JPY, FY2026", "円（2026年度）"), never a
// per-month unit; the year alone when the node has no unit.
func (t *Translator) FiscalUnitLabel(unit string, fy int) string {
	u := t.UnitText(TotalUnit(unit))
	if strings.TrimSpace(u) == "" {
		return t.FiscalLabel(fy)
	}
	return t.L("report.unit_fy", map[string]any{"Unit": u, "FY": t.FiscalLabel(fy)})
}

// ChartUnit is how a chart writes a node's values, titled label: rates
// as percentages, yen with a yen sign, counts of things as whole numbers,
// anything else (ratios such as "accounts/person") with up to two
// decimals; large numbers as the language writes them.
func (t *Translator) ChartUnit(unit, label string) chart.Unit {
	var u chart.Unit
	switch {
	case unit == "%":
		u = chart.Percent(label)
	case strings.HasPrefix(unit, "JPY"):
		u = chart.Yen(label)
	case isCountUnit(unit):
		u = chart.Count(label)
	default:
		u = chart.Number(label)
	}
	u.Numbering = t.Numbering()
	return u
}
