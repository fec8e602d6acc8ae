package report

import "github.com/kpitree/kpitree/kpitree"

// GoalSeekAnswer says a goal seek's answer in words, the driver's values
// in its unit and the root's in its own, as the goal-seek dialog and
// `kpitreectl goalseek` say it: what value of the driver from when (and
// ramped over how many periods) reaches the target, or, when none does,
// the closest it gets within the driver's range.
func (t *Translator) GoalSeekAnswer(b *Basis, gs kpitree.GoalSeek, r *kpitree.GoalSeekResult) string {
	d, root := b.Node(gs.Driver), b.Node("")
	rootValue := func(v float64) string { return t.FormatValue(v, root.Unit) }
	if gs.Window.FiscalYear != 0 {
		// A fiscal-year total is not "per month": drop the per-period suffix.
		rootValue = func(v float64) string { return t.FormatAmount(v, root.Unit) }
	}
	args := map[string]any{
		"Driver": d.Name, "Value": t.FormatValue(r.Value, d.Unit), "Current": t.FormatValue(r.Current, d.Unit),
		"From": b.Cal.Label(gs.From), "Ramp": gs.Ramp, "Node": root.Name,
		"Target": rootValue(gs.Target), "Achieved": rootValue(r.Achieved), "Baseline": rootValue(r.Baseline),
		"Lower": t.FormatValue(r.Lower, d.Unit), "Upper": t.FormatValue(r.Upper, d.Unit),
	}
	if r.Reachable {
		return t.L("goalseek.reachable", args)
	}
	return t.L("goalseek.unreachable", args)
}
