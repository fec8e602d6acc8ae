package goalseek

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Dialog is the goal seek dialog: which value of one driver makes the
// root reach a target (at one period or over a fiscal year), from a period
// with a ramp; the answer becomes a scenario with one click.
type Dialog struct {
	win  fyne.Window
	ws   Workspace
	b    *report.Basis
	jobs uikit.Jobs
	ctx  context.Context

	periods int // projected periods (history + horizon)
	drivers []kpitree.Node
	fys     []int

	kind     *widget.RadioGroup
	period   *widget.Select
	fy       *widget.Select
	value    *widget.Entry
	driver   *widget.Select
	from     *widget.Select
	ramp     *widget.Select
	result   *widget.Label
	solveBtn *widget.Button
	makeBtn  *widget.Button
	dlg      dialog.Dialog
	// form and targetItem are built by show; the target's label names the
	// window's unit ("JPY, FY2026" for a fiscal-year total).
	form       *widget.Form
	targetItem *widget.FormItem

	// last is the request and answer shown, for "create scenario".
	last    kpitree.GoalSeek
	answer  *kpitree.GoalSeekResult
	created string // the scenario made from the answer; or ""
}

// Workspace is what goal seek needs from the open workspace:
// *workspace.Workspace has it.
type Workspace interface {
	report.BasisSource
	Settings() workspace.Settings
	Forecasts() map[string]*workspace.LeafForecast
	GoalSeek(ctx context.Context, scenario string, gs kpitree.GoalSeek) (*kpitree.GoalSeekResult, error)
	Scenarios() ([]kpitree.Scenario, error)
	AddScenario(sc kpitree.Scenario) error
}

// Show opens the goal seek dialog over ws.
func Show(w fyne.Window, ws Workspace) {
	g, err := New(w, ws)
	if err != nil {
		uikit.ShowError(err, w)
		return
	}
	g.show()
}

// New builds the dialog over ws without showing it.
func New(w fyne.Window, ws Workspace) (*Dialog, error) {
	b, err := report.NewBasis(ws)
	if err != nil {
		return nil, err
	}
	h := ws.Settings().Horizon
	for _, lf := range ws.Forecasts() {
		h = len(lf.Mean) // the horizon actually forecast
		break
	}
	if h <= 0 {
		h = horizonToNextFY(b.Cal)
	}
	g := &Dialog{win: w, ws: ws, b: b, ctx: context.Background(), periods: b.Hist + h}
	g.drivers = workspace.ControllableDrivers(b.Tree)
	g.build()
	return g, nil
}

// horizonToNextFY mirrors the workspace default: forecast to the end of
// the fiscal year after the one holding the last actual period.
func horizonToNextFY(cal kpitree.Calendar) int {
	if cal.Periods == 0 {
		return 12
	}
	last := cal.FiscalYear(cal.Periods - 1)
	n := 0
	for cal.FiscalYear(cal.Periods+n) <= last+1 && n < 1000 {
		n++
	}
	return max(n, 1)
}

func (g *Dialog) build() {
	labels := make([]string, g.periods)
	for i := range labels {
		labels[i] = g.b.Cal.Label(i)
	}
	forecastLabels := labels[min(g.b.Hist, len(labels)):]
	for i := g.b.Hist; i < g.periods; i++ {
		fy := g.b.Cal.FiscalYear(i)
		from, to := g.b.Cal.FiscalPeriods(fy)
		if from >= 0 && to <= g.periods && (len(g.fys) == 0 || g.fys[len(g.fys)-1] != fy) {
			g.fys = append(g.fys, fy)
		}
	}
	fyLabels := make([]string, len(g.fys))
	for i, fy := range g.fys {
		fyLabels[i] = uikit.Translator().FiscalLabel(fy)
	}
	g.period = widget.NewSelect(forecastLabels, nil)
	g.fy = widget.NewSelect(fyLabels, nil)
	kinds := []string{lang.L("goalseek.kind_fy"), lang.L("goalseek.kind_period")}
	g.fy.OnChanged = func(string) { g.relabelTarget() }
	g.kind = widget.NewRadioGroup(kinds, func(s string) {
		if s == kinds[1] {
			g.fy.Disable()
			g.period.Enable()
		} else {
			g.period.Disable()
			g.fy.Enable()
		}
		g.relabelTarget()
	})
	g.kind.Horizontal = true
	g.value = widget.NewEntry()
	root := g.b.Node("")
	if len(g.fys) > 0 {
		if v, ok := root.FiscalTarget(g.fys[0]); ok {
			g.value.SetText(uikit.FormatField(uikit.ToDisplay(root.Unit, v)))
		}
	}
	names := make([]string, len(g.drivers))
	for i, n := range g.drivers {
		names[i] = n.Name
	}
	g.driver = widget.NewSelect(names, nil)
	g.from = widget.NewSelect(forecastLabels, nil)
	ramps := make([]string, 13)
	for i := range ramps {
		ramps[i] = strconv.Itoa(i)
	}
	g.ramp = widget.NewSelect(ramps, nil)
	g.result = widget.NewLabel(lang.L("goalseek.hint"))
	g.result.Wrapping = fyne.TextWrapWord
	g.solveBtn = widget.NewButton(lang.L("goalseek.solve"), g.solve)
	g.solveBtn.Importance = widget.HighImportance
	g.makeBtn = widget.NewButton(lang.L("goalseek.make_scenario"), g.makeScenario)
	g.makeBtn.Disable()
	// Defaults: the first fully projected fiscal year, the first driver,
	// from the first forecast period with a three-period ramp.
	g.kind.SetSelected(kinds[0])
	if len(fyLabels) > 0 {
		g.fy.SetSelectedIndex(0)
	}
	if len(forecastLabels) > 0 {
		g.period.SetSelectedIndex(len(forecastLabels) - 1)
		g.from.SetSelectedIndex(0)
	}
	if len(names) > 0 {
		g.driver.SetSelectedIndex(0)
	}
	g.ramp.SetSelectedIndex(3)
}

// targetLabel names the target field with the root and the unit of the
// chosen window: a fiscal-year total is "JPY, FY2026" ("円（2026年度）"),
// never a per-month unit; a period's value keeps the per-period unit.
func (g *Dialog) targetLabel() string {
	tr, root := uikit.Translator(), g.b.Node("")
	unit := tr.PeriodUnitLabel(root.Unit)
	if g.kind.Selected != lang.L("goalseek.kind_period") && g.fy.SelectedIndex() >= 0 {
		unit = tr.FiscalUnitLabel(root.Unit, g.fys[g.fy.SelectedIndex()])
	}
	return lang.L("goalseek.target", map[string]any{"Node": root.Name, "Unit": unit})
}

// relabelTarget updates the target's label after the window changed.
func (g *Dialog) relabelTarget() {
	if g.targetItem == nil {
		return
	}
	g.targetItem.Text = g.targetLabel()
	g.form.Refresh()
}

func (g *Dialog) show() {
	g.targetItem = widget.NewFormItem(g.targetLabel(), g.value)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("goalseek.target_kind"), g.kind),
		widget.NewFormItem(lang.L("goalseek.fy"), g.fy),
		widget.NewFormItem(lang.L("goalseek.period"), g.period),
		g.targetItem,
		widget.NewFormItem(lang.L("goalseek.driver"), g.driver),
		widget.NewFormItem(lang.L("goalseek.from"), g.from),
		widget.NewFormItem(lang.L("goalseek.ramp"), g.ramp),
	)
	g.form = form
	body := container.NewVBox(form, container.NewHBox(g.solveBtn, g.makeBtn), g.result)
	g.dlg = dialog.NewCustom(lang.L("goalseek.title"), lang.L("dialog.close"), body, g.win)
	g.dlg.Resize(fyne.NewSize(620, 520))
	g.dlg.Show()
}

// request reads the form; it fails when a field is missing or not a number.
func (g *Dialog) request() (kpitree.GoalSeek, error) {
	var gs kpitree.GoalSeek
	v, ok, err := uikit.ParseField(g.value.Text)
	if err == nil && !ok {
		err = fmt.Errorf("read %q: %w", g.value.Text, uikit.ErrBadNumber)
	}
	if err != nil {
		return gs, fmt.Errorf("goal seek target: %w", err)
	}
	if g.driver.SelectedIndex() < 0 {
		return gs, fmt.Errorf("goal seek: choose a driver: %w", uikit.ErrIncomplete)
	}
	gs.Driver = g.drivers[g.driver.SelectedIndex()].ID
	gs.Target = uikit.FromDisplay(g.b.Node("").Unit, v)
	if g.kind.Selected == lang.L("goalseek.kind_period") {
		gs.Window = kpitree.Window{Period: g.b.Hist + max(0, g.period.SelectedIndex())}
	} else {
		if g.fy.SelectedIndex() < 0 {
			return gs, fmt.Errorf("goal seek: no fiscal year is wholly forecast: %w", kpitree.ErrBadWindow)
		}
		gs.Window = kpitree.Window{FiscalYear: g.fys[g.fy.SelectedIndex()]}
	}
	gs.From = g.b.Hist + max(0, g.from.SelectedIndex())
	gs.Ramp = max(0, g.ramp.SelectedIndex())
	return gs, nil
}

// solve runs the goal seek in the background and shows the answer.
func (g *Dialog) solve() {
	gs, err := g.request()
	if err != nil {
		uikit.ShowError(err, g.win)
		return
	}
	ws := g.ws
	g.result.SetText(lang.L("goalseek.running"))
	g.makeBtn.Disable()
	uikit.RunJob(&g.jobs, g.ctx, func(ctx context.Context) (*kpitree.GoalSeekResult, error) {
		return ws.GoalSeek(ctx, "", gs)
	}, func(r *kpitree.GoalSeekResult, err error) {
		if err != nil {
			g.result.SetText(uikit.UserMessage(err))
			return
		}
		g.last, g.answer = gs, r
		g.result.SetText(g.describe(gs, r))
		if r.Reachable {
			g.makeBtn.Enable()
		}
	})
}

// describe says the answer in words (report.Translator.GoalSeekAnswer).
func (g *Dialog) describe(gs kpitree.GoalSeek, r *kpitree.GoalSeekResult) string {
	return uikit.Translator().GoalSeekAnswer(g.b, gs, r)
}

// makeScenario saves the answer as a scenario: one set override from From
// with the ramp, exactly what the search assumed. The store write runs off
// the UI goroutine; the dialog then says what it made.
func (g *Dialog) makeScenario() {
	if g.answer == nil || !g.answer.Reachable {
		return
	}
	ws := g.ws
	d := g.b.Node(g.last.Driver)
	base := lang.L("goalseek.scenario_name", map[string]any{"Driver": d.Name, "Value": uikit.FormatValue(g.answer.Value, d.Unit)})
	sc := kpitree.Scenario{Description: g.result.Text, Overrides: []kpitree.Override{{
		Node: g.last.Driver, Op: kpitree.OpSet, Value: g.answer.Value, From: g.last.From, To: -1, Ramp: g.last.Ramp}}}
	g.makeBtn.Disable()
	uikit.RunJob(&g.jobs, g.ctx, func(context.Context) (string, error) {
		name := base
		taken := map[string]bool{}
		scs, _ := ws.Scenarios() // on a read error AddScenario reports it
		for _, s := range scs {
			taken[s.Name] = true
		}
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s (%d)", base, i)
		}
		sc.Name = name
		return name, ws.AddScenario(sc)
	}, func(name string, err error) {
		if err != nil {
			g.makeBtn.Enable()
			uikit.ShowError(err, g.win)
			return
		}
		g.created = name
		g.result.SetText(g.result.Text + "\n" + lang.L("goalseek.created", map[string]any{"Name": name}))
	})
}

// The methods here drive the dialog as a user would, for the shell's
// end-to-end tests (bind, forecast, goal seek, export).

// FiscalYears are the fiscal years a target can be set for, in order.
func (g *Dialog) FiscalYears() []int { return g.fys }

// Seek asks for the value of driver that makes the root reach target (in
// the root's display unit) over the selected window, and waits for the
// answer; it fails when driver is not offered.
func (g *Dialog) Seek(driver string, target float64) error {
	i := -1
	for j, n := range g.drivers {
		if n.ID == driver {
			i = j
		}
	}
	if i < 0 {
		return fmt.Errorf("goal seek: driver %s is not offered", driver)
	}
	g.driver.SetSelectedIndex(i)
	g.value.SetText(uikit.FormatField(target))
	g.solve()
	g.jobs.Wait()
	return nil
}

// Answer is the last answer; nil before one or after a failure.
func (g *Dialog) Answer() *kpitree.GoalSeekResult { return g.answer }

// Result is the dialog's sentence about the last answer.
func (g *Dialog) Result() string { return g.result.Text }

// MakeScenario saves the answer as a scenario, as the button does, and
// waits for the store.
func (g *Dialog) MakeScenario() {
	g.makeScenario()
	g.jobs.Wait()
}
