package datapane

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Pane is the data tab: it lists the datasets and bindings, imports files
// (button or drop on the window) and refreshes datasets from their source
// files.
type Pane struct {
	jobs     uikit.Jobs
	writes   *uikit.Writer // removals, off the UI goroutine
	win      fyne.Window
	ws       Workspace
	wizard   *Wizard
	datasets []*workspace.Dataset
	list     *widget.List
	binds    *widget.Label
	selected int
}

// New builds the data tab over ws; scope ends its background work and
// subscriptions (nil: a pane built alone, in a test). It also makes a data
// file dropped on window w open the binding wizard.
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Pane {
	p := &Pane{win: w, ws: ws, wizard: NewWizard(w, ws, scope), selected: -1}
	p.jobs.Scope = scope
	p.writes = uikit.NewWriter(&p.jobs)
	if w != nil {
		w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { p.dropped(uris) })
	}
	p.list = widget.NewList(func() int { return len(p.datasets) },
		func() fyne.CanvasObject { return uikit.CellLabel() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(datasetLine(p.datasets[i])) })
	p.list.OnSelected = func(i widget.ListItemID) { p.selected = i }
	p.binds = widget.NewLabel("")
	p.binds.Wrapping = fyne.TextWrapWord
	p.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
		if e.Kind == workspace.DataChanged || e.Kind == workspace.TreeChanged {
			p.jobs.Later(p.reload)
		}
	}))
	p.reload()
	return p
}

// Content lays the pane out: the actions above the datasets and the
// bindings.
func (p *Pane) Content() fyne.CanvasObject {
	bar := container.NewHBox(
		widget.NewButton(lang.L("bind.import"), p.wizard.chooseFile),
		widget.NewButton(lang.L("bind.refresh"), func() {
			if p.selected >= 0 && p.selected < len(p.datasets) {
				p.wizard.refresh(p.datasets[p.selected].ID)
			}
		}),
		widget.NewButton(lang.L("bind.remove"), p.confirmRemove),
		widget.NewLabel(lang.L("bind.drop_hint")))
	split := container.NewHSplit(p.list, container.NewVScroll(p.binds))
	return container.NewBorder(bar, nil, nil, nil, split)
}

// confirmRemove asks before removing the selected dataset and its bindings.
func (p *Pane) confirmRemove() {
	if p.selected < 0 || p.selected >= len(p.datasets) {
		return
	}
	d := p.datasets[p.selected]
	dialog.ShowConfirm(lang.L("bind.remove_title"), lang.L("bind.remove_message", map[string]any{"Name": d.Name}),
		func(ok bool) {
			if ok {
				p.remove(d.ID)
			}
		}, p.win)
}

// remove deletes a dataset and every binding to it (one undoable action),
// off the UI goroutine.
func (p *Pane) remove(id string) {
	p.writes.Write("", func(context.Context) error { return p.ws.RemoveDataset(id) }, func(err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		p.selected = -1
		p.list.UnselectAll()
	})
}

func (p *Pane) dropped(uris []fyne.URI) {
	for _, u := range uris {
		if path := platform.NativePath(u.Path()); isDataFile(path) { // Windows hands over "Z:/…"
			p.wizard.load(path)
			return
		}
	}
	uikit.ShowError(fmt.Errorf("drop: %w", uikit.ErrNotDataFile), p.win)
}

func (p *Pane) reload() {
	ws := p.ws
	p.datasets = ws.Datasets()
	p.list.Refresh()
	t := ws.Tree()
	names := map[string]string{}
	for _, n := range t.Nodes {
		names[n.ID] = n.Name
	}
	var lines []string
	bound := map[string]bool{}
	for _, b := range ws.Bindings() {
		bound[b.Node] = true
		lines = append(lines, lang.L("bind.binding", map[string]any{"Node": names[b.Node], "Dataset": b.Dataset, "Column": b.Column}))
	}
	for _, n := range t.Nodes {
		if n.Kind == kpitree.KindInput && !bound[n.ID] {
			lines = append(lines, lang.L("bind.unbound", map[string]any{"Node": n.Name}))
		}
	}
	p.binds.SetText(strings.Join(lines, "\n"))
}

// datasetLine is a dataset's list entry: name, span, source.
func datasetLine(d *workspace.Dataset) string {
	cal := d.Calendar
	span := ""
	if cal.Periods > 0 {
		span = cal.Label(0) + " – " + cal.Label(cal.Periods-1)
	}
	src := d.Source
	if src == "" {
		src = lang.L("bind.embedded")
	}
	return lang.L("bind.dataset_line", map[string]any{"Name": d.Name, "Span": span, "Columns": len(d.Columns), "Source": filepath.Base(src)})
}

// Wait blocks until the pane's and its wizard's background work has
// finished and been applied. Tests use it.
func (p *Pane) Wait() {
	for range 2 {
		p.jobs.Wait()
		p.writes.Wait()
		p.wizard.Wait()
	}
}
