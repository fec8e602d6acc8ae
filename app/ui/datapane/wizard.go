package datapane

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// dataExtensions are the files the wizard imports (and accepts on drop).
func dataExtensions() []string { return []string{".csv", ".tsv", ".txt", ".xlsx"} }

// isDataFile reports whether path has a data file extension.
func isDataFile(path string) bool {
	return slices.Contains(dataExtensions(), strings.ToLower(filepath.Ext(path)))
}

// previewRows is how many periods the preview table shows.
const previewRows = 12

// Workspace is what the data tab and the binding wizard need from the
// open workspace: the tree's leaves, the datasets and bindings, and the
// import use cases of app/workspace (read a file or a dataset's source
// without writing, commit a preview as one undoable action, remove a
// dataset). *workspace.Workspace has them; the shell's adapter adds
// SubscribeEvents.
type Workspace interface {
	Tree() kpitree.Tree
	Bindings() []workspace.Binding
	Datasets() []*workspace.Dataset
	PreviewImport(ctx context.Context, path string, opt dataio.Options) (*workspace.ImportPreview, error)
	PreviewRefresh(ctx context.Context, id string) (*workspace.ImportPreview, error)
	CommitPreview(p *workspace.ImportPreview, binds []workspace.Binding) (string, error)
	RemoveDataset(id string) error
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
}

// Wizard imports a data file in steps: read it (nothing is written),
// show what was detected with a preview, map columns to leaves (suggested
// automatically, editable), list the quality report, then commit it all as
// one undoable action, or cancel with nothing written.
type Wizard struct {
	win  fyne.Window
	ws   Workspace
	jobs uikit.Jobs
	ctx  context.Context
	// writes stores imports off the UI goroutine, in the order confirmed.
	writes *uikit.Writer

	path    string
	preview *workspace.ImportPreview
	leaves  []kpitree.Node
	selects map[string]*widget.Select // leaf id → column choice
	dlg     dialog.Dialog
	// committed is the dataset id of the last import; or "".
	committed string
	// orders remembers, per file, the date order the user chose when its
	// dates could be read either way (bindwizard_reliability.go).
	orders map[string]dataio.DateOrder
	// reimport asks whether to refresh the dataset the file already is, or
	// import it beside; nil when the file is not a dataset yet.
	reimport *widget.RadioGroup
	// agg holds the aggregation rules the user chose for columns of a file
	// finer than the tree (column → dataio.AggSum …); or nil.
	agg map[string]string
}

// NewWizard returns a wizard over ws that shows its dialogs in w; scope
// ends its background work (nil: it runs until done).
func NewWizard(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Wizard {
	bw := &Wizard{win: w, ws: ws, ctx: scope.Context(), selects: map[string]*widget.Select{},
		orders: map[string]dataio.DateOrder{}}
	bw.jobs.Scope = scope
	bw.writes = uikit.NewWriter(&bw.jobs)
	return bw
}

// ShowWizard asks for a CSV or XLSX file and runs the wizard on it.
func ShowWizard(w fyne.Window, ws Workspace) {
	NewWizard(w, ws, nil).chooseFile()
}

// chooseFile asks for a CSV or XLSX file and runs this wizard on it, so
// the choices made for a file (its date order) hold for the session. The
// path can be typed or pasted (from Explorer's "Copy as path" or a
// terminal) as well as browsed for: a planner who knows where the export
// is should not click through six folders.
func (bw *Wizard) chooseFile() {
	w := bw.win
	path := widget.NewEntry()
	path.SetPlaceHolder(lang.L("bind.path_hint"))
	var d *dialog.FormDialog
	browse := widget.NewButton(lang.L("export.browse"), func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				uikit.ShowError(err, w)
				return
			}
			if r == nil {
				return // cancelled
			}
			path.SetText(platform.NativePath(r.URI().Path()))
			_ = r.Close() // the importer opens the file itself
			d.Submit()
		}, w)
		fd.SetFilter(storage.NewExtensionFileFilter(dataExtensions()))
		fd.Show()
	})
	path.Validator = func(s string) error { return checkDataPath(s) }
	items := []*widget.FormItem{widget.NewFormItem(lang.L("bind.path"), container.NewBorder(nil, nil, nil, browse, path))}
	d = dialog.NewForm(lang.L("bind.choose_title"), lang.L("bind.read"), lang.L("dialog.cancel"), items, func(ok bool) {
		if ok {
			bw.load(cleanDataPath(path.Text))
		}
	}, w)
	path.OnSubmitted = func(string) {
		if checkDataPath(path.Text) == nil {
			d.Submit()
		}
	}
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
	w.Canvas().Focus(path)
}

// cleanDataPath is a typed or pasted path without the quotes Windows'
// "Copy as path" puts around it and without surrounding space.
func cleanDataPath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = s[1 : len(s)-1]
	}
	return platform.NativePath(s)
}

// checkDataPath says, in the user's language, why a typed path cannot be
// read: empty, not a data file, missing, or a folder.
func checkDataPath(s string) error {
	p := cleanDataPath(s)
	switch {
	case p == "":
		return errors.New(lang.L("bind.path_empty"))
	case !isDataFile(p):
		return errors.New(lang.L("bind.path_not_data", map[string]any{"Name": filepath.Base(p)}))
	}
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return errors.New(lang.L("bind.path_missing", map[string]any{"Path": p}))
	case fi.IsDir():
		return errors.New(lang.L("bind.path_not_data", map[string]any{"Name": filepath.Base(p)}))
	}
	return nil
}

// OpenDataFile runs the binding wizard on a data file (a CSV, TSV or XLSX
// path, e.g. one dropped on the window); it fails with uikit.ErrNotDataFile
// for other files.
func OpenDataFile(w fyne.Window, ws Workspace, path string) error {
	if !isDataFile(path) {
		return fmt.Errorf("open %s: %w", filepath.Base(path), uikit.ErrNotDataFile)
	}
	NewWizard(w, ws, nil).load(path)
	return nil
}

// load reads path in the background (aggregated to the tree's frequency)
// and shows the preview.
func (bw *Wizard) load(path string) {
	ws := bw.ws
	freq := ws.Tree().Calendar.Freq
	if freq == "" {
		freq = kpitree.Month
	}
	bw.path = path
	uikit.RunJob(&bw.jobs, bw.ctx, func(ctx context.Context) (*workspace.ImportPreview, error) {
		return ws.PreviewImport(ctx, path, dataio.Options{TargetFreq: freq, DateOrder: bw.orders[path], Agg: bw.agg})
	}, func(p *workspace.ImportPreview, err error) {
		if bw.askDateOrder(path, err) { // bindwizard_reliability.go
			return
		}
		if err != nil {
			uikit.ShowError(err, bw.win)
			return
		}
		bw.setPreview(p)
		bw.show()
	})
}

// setPreview prepares the mapping selects with the suggested bindings.
func (bw *Wizard) setPreview(p *workspace.ImportPreview) {
	bw.preview = p
	t := bw.ws.Tree()
	bw.leaves = bw.leaves[:0]
	for _, n := range t.Nodes {
		if n.Kind == kpitree.KindInput {
			bw.leaves = append(bw.leaves, n)
		}
	}
	var cols []string
	for _, c := range p.Dataset.Columns {
		cols = append(cols, c.Name)
	}
	suggested := map[string]string{}
	for _, b := range p.Suggested {
		suggested[b.Node] = b.Column
	}
	current := map[string]workspace.Binding{}
	for _, b := range bw.ws.Bindings() {
		current[b.Node] = b
	}
	clear(bw.selects)
	for _, n := range bw.leaves {
		// The first choice leaves the leaf as it is: unbound, or bound to
		// the data it has (this import does not touch that binding).
		first := lang.L("bind.none")
		if b, ok := current[n.ID]; ok {
			first = lang.L("bind.keep", map[string]any{"Dataset": b.Dataset, "Column": b.Column})
		}
		s := widget.NewSelect(append([]string{first}, cols...), nil)
		if c, ok := suggested[n.ID]; ok {
			s.SetSelected(c)
		} else {
			s.SetSelectedIndex(0)
		}
		bw.selects[n.ID] = s
	}
}

// bindings are the mapping the user confirmed.
func (bw *Wizard) bindings() []workspace.Binding {
	var out []workspace.Binding
	for _, n := range bw.leaves {
		s := bw.selects[n.ID]
		if s == nil || s.SelectedIndex() <= 0 {
			continue
		}
		out = append(out, workspace.Binding{Node: n.ID, Column: s.Selected})
	}
	return out
}

// summary says what was detected, in the user's language.
func (bw *Wizard) summary() string {
	// The summary needs the columns' names and units, which the preview
	// keeps in the workspace's form.
	d := &dataio.Dataset{Calendar: bw.preview.Dataset.Calendar}
	for _, c := range bw.preview.Dataset.Columns {
		d.Columns = append(d.Columns, dataio.Column{Name: c.Name, Unit: c.Unit})
	}
	return uikit.Translator().ImportSummary(filepath.Base(bw.path), d, bw.preview.Report)
}

// IssueText says an import issue in the UI language
// (report.Translator.ImportIssueText).
func IssueText(is dataio.Issue) string { return uikit.Translator().ImportIssueText(is) }

// previewTable shows the first periods of every column.
func (bw *Wizard) previewTable() *widget.Table {
	d := bw.preview.Dataset
	rows := min(previewRows, d.Calendar.Periods)
	t := widget.NewTable(func() (int, int) { return rows + 1, len(d.Columns) + 1 },
		func() fyne.CanvasObject { return uikit.CellLabel() },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			switch {
			case id.Row == 0 && id.Col == 0:
				l.SetText(lang.L("bind.period"))
			case id.Row == 0:
				l.SetText(d.Columns[id.Col-1].Name)
			case id.Col == 0:
				l.SetText(d.Calendar.Label(id.Row - 1))
			default:
				c := d.Columns[id.Col-1]
				l.SetText(uikit.FormatValue(c.Values[id.Row-1], c.Unit))
			}
		})
	for c := range len(d.Columns) + 1 {
		t.SetColumnWidth(c, 130)
	}
	return t
}

// show is the wizard's review step: detection, preview, mapping, report.
func (bw *Wizard) show() {
	info := widget.NewLabel(bw.summary() + bw.dateOrderNote())
	info.Wrapping = fyne.TextWrapWord
	form := widget.NewForm()
	for _, n := range bw.leaves {
		label := n.Name
		if label != n.ID {
			label += " (" + n.ID + ")"
		}
		form.Append(label, bw.selects[n.ID])
	}
	lines := uikit.Translator().ImportIssueLines(bw.preview.Report)
	report := widget.NewLabel(strings.Join(lines, "\n"))
	report.Wrapping = fyne.TextWrapWord
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.L("bind.tab_preview"), bw.previewTable()),
		container.NewTabItem(lang.L("bind.tab_mapping"), container.NewVScroll(form)),
		container.NewTabItem(lang.L("bind.tab_report", map[string]any{"Count": len(bw.preview.Report.Issues)}),
			container.NewVScroll(report)),
	)
	if agg := bw.aggregationForm(); agg != nil {
		tabs.Append(container.NewTabItem(lang.L("bind.tab_agg"), container.NewVScroll(agg)))
	}
	tabs.SelectIndex(1)
	body := container.NewBorder(container.NewVBox(info, bw.reimportChoice()), nil, nil, nil, tabs)
	dlg := dialog.NewCustomConfirm(lang.L("bind.title"), bw.confirmText(), lang.L("dialog.cancel"), body,
		func(ok bool) {
			if ok {
				bw.confirm()
			}
		}, bw.win)
	if bw.reimport != nil {
		// The button says what it will do: refresh the dataset the file
		// already is, or import it beside it.
		bw.reimport.OnChanged = func(string) { dlg.SetConfirmText(bw.confirmText()) }
	}
	bw.dlg = dlg
	bw.dlg.Resize(fyne.NewSize(900, 640))
	bw.dlg.Show()
}

// aggRules are the rules the wizard offers for daily data: what a column
// counts decides (events sum, daily levels average, stocks take the last).
func aggRules() []string { return []string{dataio.AggSum, dataio.AggMean, dataio.AggLast} }

// aggregationForm lets the user change how each column of a file finer
// than the tree combines into the tree's periods (the rule suggested from
// the column's name is preselected); a change reads the file again with
// it. Nil when the file was not aggregated.
func (bw *Wizard) aggregationForm() *widget.Form {
	p := bw.preview
	if p == nil || len(p.Aggregation) == 0 {
		return nil
	}
	// In aggRules' order; literal keys, so the translation check sees them.
	names := []string{lang.L("bind.agg.sum"), lang.L("bind.agg.mean"), lang.L("bind.agg.last")}
	form := widget.NewForm()
	for _, c := range p.Dataset.Columns {
		rule := p.Aggregation[c.Name]
		sel := widget.NewSelect(names, nil)
		if i := slices.Index(aggRules(), rule); i >= 0 {
			sel.SetSelectedIndex(i)
		} else {
			// A rule chosen elsewhere (max, min, first) is kept and shown.
			sel.PlaceHolder = rule
		}
		col := c.Name
		sel.OnChanged = func(string) {
			i := sel.SelectedIndex()
			if i < 0 || aggRules()[i] == rule {
				return
			}
			if bw.agg == nil {
				bw.agg = map[string]string{}
			}
			bw.agg[col] = aggRules()[i]
			if bw.dlg != nil {
				bw.dlg.Hide()
			}
			bw.load(bw.path)
		}
		form.Append(c.Name, sel)
	}
	form.Append("", widget.NewLabel(lang.L("bind.agg_hint", map[string]any{"Freq": uikit.Translator().FreqName(p.Report.Freq)})))
	return form
}

// confirm writes the dataset and the chosen bindings as one action, off
// the UI goroutine (a large dataset takes a while to store).
func (bw *Wizard) confirm() {
	if bw.preview == nil {
		return
	}
	p, binds := bw.chosenPreview(), bw.bindings()
	var id string
	bw.writes.Write("", func(context.Context) error {
		var err error
		id, err = bw.ws.CommitPreview(p, binds)
		return err
	}, func(err error) {
		if err != nil {
			uikit.ShowError(err, bw.win)
			return
		}
		bw.committed = id
	})
}

// refresh re-reads a dataset's source and shows the difference to accept
// or reject.
func (bw *Wizard) refresh(id string) {
	ws := bw.ws
	uikit.RunJob(&bw.jobs, bw.ctx, func(ctx context.Context) (*workspace.ImportPreview, error) {
		return ws.PreviewRefresh(ctx, id)
	}, func(p *workspace.ImportPreview, err error) {
		if err != nil {
			uikit.ShowError(err, bw.win)
			return
		}
		bw.preview = p
		text := DiffText(p.Diff)
		if len(p.Report.Issues) > 0 {
			text += "\n\n" + strings.Join(uikit.Translator().ImportIssueLines(p.Report), "\n")
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		bw.dlg = dialog.NewCustomConfirm(lang.L("bind.refresh_title", map[string]any{"Name": p.Dataset.Name}),
			lang.L("bind.accept"), lang.L("bind.reject"), container.NewVScroll(l), func(ok bool) {
				if ok {
					bw.acceptRefresh()
				}
			}, bw.win)
		bw.dlg.Resize(fyne.NewSize(640, 420))
		bw.dlg.Show()
	})
}

// acceptRefresh stores the refreshed dataset, keeping its bindings, as one
// undoable action, off the UI goroutine.
func (bw *Wizard) acceptRefresh() {
	if bw.preview == nil || bw.preview.Replaces == "" {
		return
	}
	p := bw.preview
	bw.writes.Write("", func(context.Context) error {
		_, err := bw.ws.CommitPreview(p, nil)
		return err
	}, func(err error) {
		if err != nil {
			uikit.ShowError(err, bw.win)
		}
	})
}

// DiffText says what a refresh changes, in the user's language.
func DiffText(d *workspace.DatasetDiff) string {
	if d == nil || d.Empty() {
		return lang.L("bind.diff_none")
	}
	var lines []string
	if d.OldPeriods != d.NewPeriods || !d.OldStart.Equal(d.NewStart) {
		lines = append(lines, lang.L("bind.diff_periods", map[string]any{"Old": d.OldPeriods, "New": d.NewPeriods}))
	}
	if d.AddedPeriods > 0 {
		lines = append(lines, lang.L("bind.diff_new_periods", map[string]any{"Count": d.AddedPeriods}))
	}
	if d.DroppedPeriods > 0 {
		lines = append(lines, lang.L("bind.diff_dropped_periods", map[string]any{"Count": d.DroppedPeriods}))
	}
	if len(d.AddedColumns) > 0 {
		lines = append(lines, lang.L("bind.diff_added", map[string]any{"Columns": strings.Join(d.AddedColumns, ", ")}))
	}
	if len(d.RemovedColumns) > 0 {
		lines = append(lines, lang.L("bind.diff_removed", map[string]any{"Columns": strings.Join(d.RemovedColumns, ", ")}))
	}
	names := make([]string, 0, len(d.ChangedValues))
	for c := range d.ChangedValues {
		names = append(names, c)
	}
	slices.Sort(names)
	for _, c := range names {
		if n := d.ChangedValues[c]; n > 0 {
			lines = append(lines, lang.L("bind.diff_changed", map[string]any{"Column": c, "Count": n}))
		}
	}
	return strings.Join(lines, "\n")
}

// Load reads the data file at path and shows the wizard's dialog, as
// choosing the file does.
func (bw *Wizard) Load(path string) { bw.load(path) }

// Confirm stores the file with the chosen bindings, as the dialog's
// confirm button does; the write finishes in the background (Wait).
func (bw *Wizard) Confirm() { bw.confirm() }

// Wait blocks until the wizard's reads and writes have finished and been
// applied. Tests use it.
func (bw *Wizard) Wait() {
	for range 2 {
		bw.jobs.Wait()
		bw.writes.Wait()
	}
}
