package inspector

import (
	"context"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// leafInfo is the inspector's read-only "Data and forecast" section: for
// an input node its binding, the model setting (the same override select
// as the forecast pane), the model its current forecast used and why, the
// backtest accuracy and the forecast's data notes (gaps filled, possible
// outliers; the row is there only when there are some); for other nodes a
// line saying they are computed.
// Everything is read off the UI goroutine; the workspace remembers each
// forecast's accuracy, so moving the selection back and forth never
// re-measures.
type leafInfo struct {
	section
	cancel context.CancelFunc

	// Binding, ModelUsed, Reason and Accuracy are the section's values.
	Binding, ModelUsed, Reason, Accuracy *widget.Label
	// Notes holds the data notes, one a line; its row is in the form
	// only while there are notes.
	Notes     *widget.Label
	notesItem *widget.FormItem
	// Computed replaces the form for formula, constant and health nodes.
	Computed *widget.Label
	// Error shows why storing an override failed; hidden when empty.
	Error *widget.Label
	pick  *forecastpane.ModelSelect
	form  *widget.Form
	box   *fyne.Container
}

// leafData is what a refresh loads for one leaf.
type leafData struct {
	binding string // translated binding line
	lf      *workspace.LeafForecast
	reason  string   // translated
	notes   []string // translated data notes; or nil
	// accuracy is the forecast's accuracy, translated, when the workspace
	// has it already; otherwise "" and it is measured in a second step.
	accuracy string
	freq     kpitree.Freq // the tree's period, which the accuracy names
}

// writeFunc runs a store write off the UI goroutine and then done with
// its outcome on it (Inspector.write).
type writeFunc func(do func(context.Context) error, done func(error))

// section is what the inspector's sections below the form share.
type section struct {
	src   Workspace   // nil: no workspace open, the section is hidden
	jobs  *uikit.Jobs // its reads; replaced with the pane scope's by SetSource
	write writeFunc   // its store writes (Inspector.write)
	gen   int         // the latest refresh; older results are dropped
	node  string      // the node shown
	// relayout lays the inspector out again: sections appear and
	// disappear, rows come and go, and wrapped labels know their height
	// only once laid out at their width, so without it long texts overlap
	// the next row.
	relayout func()
}

func newSection(write writeFunc) section {
	return section{jobs: &uikit.Jobs{}, write: write, relayout: func() {}}
}

// use shows ws through jobs from now on (SetSource).
func (s *section) use(ws Workspace, jobs *uikit.Jobs) { s.src, s.jobs, s.node = ws, jobs, "" }

func newLeafInfo(write writeFunc) *leafInfo {
	l := &leafInfo{section: newSection(write)}
	wrapped := func() *widget.Label {
		lb := widget.NewLabel("")
		lb.Wrapping = fyne.TextWrapWord
		return lb
	}
	l.Binding, l.ModelUsed, l.Reason, l.Accuracy = wrapped(), wrapped(), wrapped(), wrapped()
	l.Computed, l.Error, l.Notes = wrapped(), wrapped(), wrapped()
	l.notesItem = widget.NewFormItem(lang.L("fcnotes.row"), l.Notes)
	l.Computed.SetText(lang.L("inspector.computed"))
	l.Error.Importance = widget.DangerImportance
	l.Error.Hide()
	l.pick = forecastpane.NewModelSelect(l.picked)
	l.form = widget.NewForm(
		widget.NewFormItem(lang.L("inspector.binding"), l.Binding),
		widget.NewFormItem(lang.L("inspector.model_setting"), container.NewVBox(l.pick.Select, l.Error)),
		widget.NewFormItem(lang.L("inspector.model_used"), l.ModelUsed),
		widget.NewFormItem(lang.L("inspector.reason"), l.Reason),
		widget.NewFormItem(lang.L("inspector.accuracy"), l.Accuracy),
	)
	title := widget.NewLabelWithStyle(lang.L("inspector.data_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.box = container.NewVBox(widget.NewSeparator(), title, l.form, l.Computed)
	l.box.Hide()
	return l
}

// SetSource gives the inspector the workspace it edits and whose
// bindings, forecasts, fiscal-year figures and notes it shows for the
// selected node, and the scope of its background reads (the shell's pane
// scope: closing it cancels them and drops the subscription). Nil (no
// workspace open) hides the sections, and Apply then says so.
func (in *Inspector) SetSource(ws Workspace, scope *uikit.PaneScope) {
	l := in.leaf
	if l.cancel != nil {
		l.cancel()
	}
	j := &uikit.Jobs{Scope: scope}
	in.src = ws
	l.use(ws, j)
	in.fy.use(ws, j)
	in.notes.use(ws, j)
	if ws != nil {
		j.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
			switch e.Kind {
			case workspace.ForecastsChanged, workspace.SettingsChanged, workspace.DataChanged:
				// Bindings, overrides and forecasts change without the
				// tree changing, so SetNode would not notice.
				j.Later(func() { l.refresh(in.node); in.fy.refresh(in.node) })
			}
		}))
	}
	l.refresh(in.node)
	in.fy.refresh(in.node)
	in.notes.refresh(in.node)
}

// refresh shows node n: at once what is known, then the loaded values.
func (l *leafInfo) refresh(n kpitree.Node) {
	l.gen++
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
	if l.src == nil || n.ID == "" || l.jobs.Closed() {
		if !l.box.Hidden {
			l.box.Hide()
			l.relayout()
		}
		return
	}
	wasShown := !l.box.Hidden && !l.form.Hidden
	l.box.Show()
	if n.Kind != kpitree.KindInput {
		l.node = ""
		l.form.Hide()
		l.Computed.Show()
		l.relayout()
		return
	}
	l.Computed.Hide()
	l.form.Show()
	if !wasShown {
		defer l.relayout()
	}
	if l.node != n.ID {
		// Another leaf: drop the previous one's values at once. The same
		// leaf keeps them until the new ones arrive, so a refresh does not
		// flicker.
		l.node = n.ID
		l.Error.Hide()
		l.setNotes(nil)
		for _, lb := range []*widget.Label{l.Binding, l.ModelUsed, l.Reason, l.Accuracy} {
			lb.SetText(lang.L("inspector.loading"))
		}
	}
	ws := l.src
	l.pick.Show(ws.Settings(), n.ID)
	gen, id, j := l.gen, n.ID, l.jobs
	ctx, cancel := context.WithCancel(j.Ctx())
	l.cancel = cancel
	j.Start(func() {
		d := loadLeafData(ws, id)
		j.OnUI(func() {
			if gen == l.gen {
				l.apply(d)
			}
		})
		if d.lf == nil || d.accuracy != "" {
			return
		}
		mape, err := ws.ForecastAccuracy(ctx, id)
		if err != nil {
			return // cancelled: a newer refresh owns the labels
		}
		text := uikit.Translator().ForecastAccuracy(mape, d.freq)
		j.OnUI(func() {
			if gen == l.gen {
				l.Accuracy.SetText(text)
				l.relayout()
			}
		})
	})
}

// apply shows what loadLeafData found.
func (l *leafInfo) apply(d leafData) {
	defer l.relayout()
	l.Binding.SetText(d.binding)
	switch {
	case d.lf == nil:
		l.ModelUsed.SetText(lang.L("inspector.model_pending"))
		l.Reason.SetText("—")
		l.Accuracy.SetText("—")
		l.setNotes(nil)
	default:
		l.ModelUsed.SetText(report.ModelExplained(uikit.Translator(), d.lf.Model))
		l.Reason.SetText(d.reason)
		l.setNotes(d.notes)
		if d.accuracy != "" {
			l.Accuracy.SetText(d.accuracy)
		} else {
			l.Accuracy.SetText(lang.L("inspector.measuring"))
		}
	}
}

// leafFormRows is the number of rows the form always has; the data notes
// row comes after them.
const leafFormRows = 5

// setNotes shows the data notes, adding or removing their row: a form
// cannot hide a row's label, so an empty row would still show "Data notes".
func (l *leafInfo) setNotes(notes []string) {
	l.Notes.SetText(strings.Join(notes, "\n"))
	shown := len(l.form.Items) > leafFormRows
	switch {
	case len(notes) > 0 && !shown:
		l.form.AppendItem(l.notesItem)
		l.relayout()
	case len(notes) == 0 && shown:
		l.form.Items = l.form.Items[:leafFormRows]
		l.form.Refresh()
		l.relayout()
	}
}

// picked stores the override chosen in the inspector; the settings event
// then makes the forecast pane re-forecast and this section refresh.
func (l *leafInfo) picked(model string) {
	if l.src == nil || l.node == "" {
		return
	}
	ws, node := l.src, l.node
	l.write(func(context.Context) error {
		return forecastpane.PickModel(ws, node, model)
	}, func(err error) {
		if err != nil {
			l.Error.SetText(uikit.UserMessage(err))
			l.Error.Show()
			return
		}
		l.Error.Hide()
	})
}

// loadLeafData reads leaf id's binding and current forecast; it runs off
// the UI goroutine.
func loadLeafData(ws Workspace, id string) leafData {
	d := leafData{binding: lang.L("inspector.not_bound")}
	binds := ws.Bindings()
	if i := slices.IndexFunc(binds, func(b workspace.Binding) bool { return b.Node == id }); i >= 0 {
		d.binding = bindingText(ws, binds[i])
	}
	if lf := ws.Forecasts()[id]; lf != nil {
		tr, cal := uikit.Translator(), ws.Calendar()
		d.lf, d.reason, d.freq = lf, tr.ForecastReason(lf), cal.Freq
		d.notes = tr.ForecastNotes(lf, cal.Label)
		if mape, ok := ws.CachedForecastAccuracy(id); ok {
			d.accuracy = tr.ForecastAccuracy(mape, cal.Freq)
		}
	}
	return d
}

// bindingText describes a binding: dataset, column, how many periods
// have values and the last of them.
func bindingText(ws Workspace, b workspace.Binding) string {
	for _, ds := range ws.Datasets() {
		if ds.ID != b.Dataset {
			continue
		}
		for _, c := range ds.Columns {
			if c.Name != b.Column {
				continue
			}
			count, last := 0, -1
			for i, v := range c.Values {
				if !math.IsNaN(v) {
					count, last = count+1, i
				}
			}
			if last < 0 {
				return lang.L("inspector.bound_empty", map[string]any{"Dataset": ds.Name, "Column": c.Name})
			}
			return lang.L("inspector.bound", map[string]any{"Dataset": ds.Name, "Column": c.Name,
				"Count": count, "Last": ds.Calendar.Label(last)})
		}
	}
	return lang.L("inspector.bound_empty", map[string]any{"Dataset": b.Dataset, "Column": b.Column})
}
