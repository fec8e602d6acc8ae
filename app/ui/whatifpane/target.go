package whatifpane

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The root's target for the planned fiscal year and the chance of
// reaching it (app/workspace's Monte Carlo), for the base or the scenario
// being edited.

// fyTarget is the root's target for the planned fiscal year.
func (p *Pane) fyTarget() (float64, bool) {
	return p.engine.Root().FiscalTarget(p.engine.FiscalYear())
}

func (p *Pane) targetText() string {
	if v, ok := p.fyTarget(); ok {
		return uikit.FormatField(uikit.ToDisplay(p.engine.Root().Unit, v))
	}
	return ""
}

// saveTarget stores the typed fiscal-year target on the root (undoable).
func (p *Pane) saveTarget() {
	if p.engine == nil {
		return
	}
	v, ok, err := uikit.ParseField(p.target.Text)
	if err == nil && !ok {
		err = fmt.Errorf("read %q: %w", p.target.Text, uikit.ErrBadNumber)
	}
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	fy := p.engine.FiscalYear()
	root, ok := p.ws.Node(p.engine.Root().ID)
	if !ok {
		return
	}
	v = uikit.FromDisplay(root.Unit, v)
	root.Targets = slices.DeleteFunc(slices.Clone(root.Targets), func(t kpitree.Target) bool { return t.FiscalYear == fy })
	root.Targets = append(root.Targets, kpitree.Target{FiscalYear: fy, Value: v})
	p.write(func() error { return p.ws.Apply(kpitree.UpdateNode{Node: root}) }, func() {})
}

// showProbability starts the Monte Carlo for P(root ≥ target).
func (p *Pane) showProbability() {
	tgt, ok := p.fyTarget()
	if !ok {
		p.probText.SetText(lang.L("whatif.no_target", map[string]any{"FY": uikit.Translator().FiscalLabel(p.engine.FiscalYear())}))
		return
	}
	p.probText.SetText(lang.L("whatif.prob_running"))
	p.prob.Submit(probRequest{scenario: p.cur.Name, fy: p.engine.FiscalYear(), target: tgt})
}

// probability runs on the coalescer's goroutine.
func (p *Pane) probability(r probRequest) {
	var names []string
	if r.scenario != "" {
		names = []string{r.scenario}
	} else {
		names = []string{}
	}
	sim, err := p.ws.Simulate(p.ctx, workspace.SimulateOptions{Scenarios: names,
		Goal: &workspace.Goal{Window: kpitree.Window{FiscalYear: r.fy}, Value: r.target}})
	p.jobs.OnUI(func() {
		if err != nil {
			p.probText.SetText(uikit.UserMessage(err))
			return
		}
		args := map[string]any{"FY": uikit.Translator().FiscalLabel(r.fy), "Target": compactValue(r.target, p.engine.Root().Unit),
			"Base": formatProb(sim.Runs[0].ProbGoal), "Paths": sim.Paths}
		if len(sim.Runs) > 1 {
			args["Scenario"] = formatProb(sim.Runs[1].ProbGoal)
			args["Name"] = r.scenario
			p.probText.SetText(lang.L("whatif.prob_scenario", args))
			return
		}
		p.probText.SetText(lang.L("whatif.prob_base", args))
	})
}

// formatProb writes a probability as a whole percentage ("–" if unknown).
func formatProb(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}
