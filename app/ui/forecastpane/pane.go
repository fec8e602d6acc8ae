package forecastpane

import (
	"context"
	"image"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// modelLabels are the menu's model choices in plain words, in the order of
// forecastModels.
func modelLabels() []string {
	ms := forecastModels()
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = report.ModelChoice(uikit.Translator(), m)
	}
	return out
}

// modelAt is the model setting of menu option i ("auto" when none).
func modelAt(i int) string {
	ms := forecastModels()
	if i < 0 || i >= len(ms) {
		return "auto"
	}
	return ms[i]
}

// showModel selects the workspace's model in the menu without storing it
// again.
func (p *Pane) showModel() {
	m := p.settings.Model
	if m == "" {
		m = "auto"
	}
	i := slices.IndexFunc(forecastModels(), func(k string) bool { return strings.EqualFold(k, m) })
	if i < 0 || p.model.SelectedIndex() == i {
		return
	}
	p.loading = true
	p.model.SetSelectedIndex(i)
	p.loading = false
}

// forecastModels are the model choices offered, in menu order; the strings
// are forecast.ParseModel's.
func forecastModels() []string {
	return []string{"auto", "combo", "ets", "theta", "snaive", "naive", "drift", "mean"}
}

// Row is one bound leaf's line in the table: report.ForecastRows builds
// it, as for `kpitreectl forecasts`.
type Row = report.ForecastRow

// forecastOutcome is what a forecast run produces for the pane.
type forecastOutcome struct {
	rows []Row
	fan  image.Image
}

// Pane runs forecasts for every bound leaf with progress and
// cancel, shows each leaf's model and backtest accuracy, lets the user
// choose the model for every leaf and override it per leaf, and draws the
// root's fan chart from the Monte Carlo.
type Pane struct {
	win  fyne.Window
	ws   Workspace
	jobs uikit.Jobs

	mu     sync.Mutex // guards cancel, which the Cancel button and the worker share
	cancel context.CancelFunc

	model    *widget.Select
	run      *widget.Button
	stop     *widget.Button
	bar      *widget.ProgressBar
	status   *widget.Label
	table    *widget.Table
	img      *canvas.Image
	rows     []Row
	loading  bool
	lastFan  image.Image
	runs     int // runs started; only the latest may update the pane
	outcomes int // completed runs, for tests
	// settings are the workspace settings the table's model selects show.
	settings workspace.Settings
	// cells maps each table cell object to its parts (cells are reused).
	cells map[fyne.CanvasObject]*forecastCell
}

// Columns of the forecast table.
const (
	ColLeaf = iota // the leaf's name
	// ColOverride holds the leaf's model select.
	ColOverride
	ColModel    // the model used and why
	ColAccuracy // the backtest error
	forecastCols
)

// Workspace is what the forecast pane needs from the open workspace:
// *workspace.Workspace has it, and the shell's adapter adds
// SubscribeEvents (the pane's subscriptions end with its scope).
type Workspace interface {
	report.Source
	ForecastAll(ctx context.Context, opt workspace.ForecastOptions) (*workspace.ForecastReport, error)
	Forecasts() map[string]*workspace.LeafForecast
	ForecastAccuracies(ctx context.Context, nodes []string, progress func(done, total int)) (map[string]float64, error)
	Bindings() []workspace.Binding
	Settings() workspace.Settings
	SetSettings(set workspace.Settings) error
	ModelSetter
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
}

// New builds the forecast tab over ws; scope ends its background work and
// subscriptions (nil: a pane built alone, in a test). The pane forecasts
// at once when leaves are bound.
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Pane {
	p := &Pane{win: w, ws: ws, cells: map[fyne.CanvasObject]*forecastCell{}}
	p.jobs.Scope = scope
	defer p.jobs.Later(p.startIfData) // show models and accuracy at once: cached forecasts make it quick
	p.model = widget.NewSelect(modelLabels(), func(string) { p.modelChosen(modelAt(p.model.SelectedIndex())) })
	p.settings = ws.Settings()
	p.showModel()
	p.run = widget.NewButtonWithIcon(lang.L("forecast.run"), theme.MediaPlayIcon(), p.Run)
	p.run.Importance = widget.HighImportance
	p.stop = widget.NewButtonWithIcon(lang.L("forecast.cancel"), theme.CancelIcon(), p.Cancel)
	p.stop.Disable()
	p.bar = widget.NewProgressBar()
	p.status = widget.NewLabel(lang.L("forecast.hint"))
	p.status.Wrapping = fyne.TextWrapWord
	p.table = widget.NewTable(func() (int, int) { return len(p.rows) + 1, forecastCols },
		p.newCell, p.updateCell)
	p.table.OnSelected = func(id widget.TableCellID) {
		// Say why the model was chosen (Fyne has no tooltips).
		if id.Row > 0 && id.Row <= len(p.rows) {
			p.status.SetText(rowStatus(p.rows[id.Row-1]))
		}
	}
	p.table.SetColumnWidth(ColLeaf, 190)
	p.table.SetColumnWidth(ColOverride, 160)
	p.table.SetColumnWidth(ColModel, 230)
	p.table.SetColumnWidth(ColAccuracy, 280)
	p.img = canvas.NewImageFromImage(nil)
	p.img.FillMode = canvas.ImageFillContain
	p.img.SetMinSize(fyne.NewSize(240, 160)) // small enough for the split to give the table its share
	p.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
		switch e.Kind {
		case workspace.DataChanged:
			p.jobs.Later(func() { p.status.SetText(lang.L("forecast.stale")) })
		case workspace.SettingsChanged:
			// A model change (here, or undone elsewhere) re-forecasts at once.
			p.jobs.Later(p.settingsChanged)
		}
	}))
	return p
}

// Content lays the pane out: toolbar, the leaves' table, the root's fan.
func (p *Pane) Content() fyne.CanvasObject {
	top := container.NewBorder(nil, nil,
		container.NewHBox(p.run, p.stop, widget.NewLabel(lang.L("forecast.model")), p.model), nil, p.bar)
	// The toolbar spans the pane: inside the split its width would be the
	// table side's minimum and squeeze the fan chart to a sliver.
	split := container.NewHSplit(p.table, p.img)
	split.SetOffset(0.6)
	return container.NewBorder(container.NewVBox(top, p.status), nil, nil, nil, split)
}

// cell is the table text: a header row, then name, the model setting
// (shown by a select in the table), the model used, accuracy.
func (p *Pane) cell(row, col int) string {
	if row == 0 {
		return [...]string{lang.L("forecast.col_leaf"), lang.L("forecast.col_override"),
			lang.L("forecast.col_model"), lang.L("forecast.col_accuracy")}[col]
	}
	r := p.rows[row-1]
	switch col {
	case ColLeaf:
		return r.Name
	case ColOverride:
		return uikit.Translator().LeafModelSetting(p.settings, r.Node)
	case ColModel:
		return uikit.Translator().ForecastModelCell(r)
	}
	return uikit.Translator().ForecastAccuracyCell(r)
}

// rowStatus is the status line for a selected row: why its model was
// chosen and, on a second line, its data notes (Fyne has no tooltips, and
// a column of notes would not fit a narrow pane).
func rowStatus(r Row) string {
	s := lang.L("forecast.reason", map[string]any{"Leaf": r.Name, "Model": report.ModelExplained(uikit.Translator(), r.Model), "Reason": r.Reason})
	if len(r.Notes) > 0 {
		s += "\n" + lang.L("fcnotes.status", map[string]any{"Notes": strings.Join(r.Notes, lang.L("fcnotes.separator"))})
	}
	return s
}

// forecastCell is one table cell: a label, or in the override column
// below the header a model select. Cells are reused for other rows, so
// the select's leaf is set on every update.
type forecastCell struct {
	label *widget.Label
	pick  *ModelSelect
	node  string // the leaf the select belongs to now
	box   *fyne.Container
}

func (p *Pane) newCell() fyne.CanvasObject {
	c := &forecastCell{label: uikit.CellLabel()}
	c.pick = NewModelSelect(func(model string) { p.overrideChosen(c.node, model) })
	c.box = container.NewStack(c.label, c.pick.Select)
	p.cells[c.box] = c
	return c.box
}

// updateCell fills a cell: text, or the model select of a leaf's row.
func (p *Pane) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := p.cells[o]
	if c == nil {
		return
	}
	if id.Col != ColOverride || id.Row == 0 || id.Row > len(p.rows) {
		c.node = ""
		c.pick.Select.Hide()
		c.label.Show()
		c.label.SetText(p.cell(id.Row, id.Col))
		return
	}
	c.label.Hide()
	c.pick.Select.Show()
	c.node = p.rows[id.Row-1].Node
	c.pick.Show(p.settings, c.node)
}

// overrideChosen stores leaf's model override as an undoable setting; the
// settings event then re-forecasts, recomputing only that leaf.
func (p *Pane) overrideChosen(leaf, model string) {
	if leaf == "" {
		return
	}
	ws := p.ws
	uikit.RunJob(&p.jobs, p.jobs.Ctx(), func(context.Context) (struct{}, error) {
		return struct{}{}, PickModel(ws, leaf, model) // a store write: off the UI goroutine
	}, func(_ struct{}, err error) { uikit.ShowError(err, p.win) })
}

// modelChosen stores the model for every leaf as an undoable setting; the
// settings event then re-forecasts.
func (p *Pane) modelChosen(m string) {
	if p.loading {
		return
	}
	ws := p.ws
	set := ws.Settings()
	if set.Model == m {
		return
	}
	set.Model = m
	uikit.RunJob(&p.jobs, p.jobs.Ctx(), func(context.Context) (struct{}, error) {
		return struct{}{}, ws.SetSettings(set) // a store write: off the UI goroutine
	}, func(_ struct{}, err error) { uikit.ShowError(err, p.win) })
}

// settingsChanged shows the workspace's model and overrides and
// forecasts with them.
func (p *Pane) settingsChanged() {
	p.settings = p.ws.Settings()
	p.table.Refresh()
	p.showModel()
	p.Run()
}

// startIfData runs the forecast when leaves are bound (else the hint stays).
func (p *Pane) startIfData() {
	if len(p.ws.Bindings()) > 0 {
		p.Run()
	}
}

// Cancel stops a running forecast; nothing is stored from it.
func (p *Pane) Cancel() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
}

// Run forecasts every bound leaf, backtests each model and simulates the
// root, off the UI goroutine, reporting progress through fyne.Do.
func (p *Pane) Run() {
	ws := p.ws
	ctx, cancel := context.WithCancel(p.jobs.Ctx())
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel() // a new run replaces the old one
	}
	p.cancel = cancel
	p.mu.Unlock()
	p.runs++
	run := p.runs
	p.run.Disable()
	p.stop.Enable()
	p.bar.SetValue(0)
	p.status.SetText(lang.L("forecast.running"))
	progress := func(f float64) { uikit.Post(func() { p.bar.SetValue(f) }) }
	th := uikit.ChartTheme()
	uikit.RunJob(&p.jobs, ctx, func(ctx context.Context) (forecastOutcome, error) {
		return runForecasts(ctx, ws, th, progress)
	}, func(o forecastOutcome, err error) {
		cancel()
		if run != p.runs {
			return // superseded: the newer run owns the buttons and the bar
		}
		p.run.Enable()
		p.stop.Disable()
		if err != nil {
			p.bar.SetValue(0)
			p.status.SetText(uikit.UserMessage(err))
			return
		}
		p.outcomes++
		p.rows = o.rows
		p.table.Refresh()
		p.bar.SetValue(1)
		p.lastFan = o.fan
		p.img.Image = o.fan
		p.img.Refresh()
		p.status.SetText(lang.L("forecast.done", map[string]any{"Count": len(o.rows)}))
	})
}

// runForecasts is the pane's background work: forecast (60 % of the bar),
// backtest each leaf with its own model (30 %; the workspace remembers the
// errors of unchanged leaves), then the root's Monte Carlo fan (10 %).
func runForecasts(ctx context.Context, ws Workspace, th chart.Theme, progress func(float64)) (forecastOutcome, error) {
	var out forecastOutcome
	rep, err := ws.ForecastAll(ctx, workspace.ForecastOptions{OnProgress: func(done, total int) {
		progress(0.6 * float64(done) / float64(max(total, 1)))
	}})
	if err != nil {
		return out, err
	}
	out.rows, err = uikit.Translator().ForecastRows(ctx, ws, rep.Failed, uikit.UserMessage, true, func(done, total int) {
		progress(0.6 + 0.3*float64(done)/float64(max(total, 1)))
	})
	if err != nil {
		return out, err
	}
	figs, err := uikit.BuildCharts(ctx, ws, report.Request{Kinds: []report.Kind{report.Fan}, Theme: th})
	if err != nil {
		return out, err
	}
	if len(figs) > 0 {
		if out.fan, err = chart.RenderImage(figs[0].Figure, 760, 320); err != nil {
			return out, err
		}
	}
	progress(1)
	return out, nil
}
