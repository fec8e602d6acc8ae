package chartspane

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// sizePresets are the export sizes offered, as chart.ParseSize strings.
func sizePresets() []string { return []string{"slide", "slide@240", "a4", "1200x700"} }

// sizeNames are the presets' translated names, in sizePresets order.
func sizeNames() []string {
	return []string{lang.L("export.size.slide"), lang.L("export.size.slide_hd"), lang.L("export.size.a4"), lang.L("export.size.web")}
}

// ExportRequest is one batch export of charts.
type ExportRequest struct {
	// Kinds are the chart types; the tree picture is drawn once.
	Kinds []report.Kind
	// Nodes are the node ids to draw; nil means the root.
	Nodes []string
	// Scenario is drawn beside the base; or "".
	Scenario string
	Format   chart.Format
	Size     chart.Size
	// Dir is the folder written into (created if missing).
	Dir string
	// Numbers also writes every node's projection (base and scenarios) to
	// NumbersFile (XLSX) or NumbersCSVFile in Dir, as NumbersAs says.
	Numbers   bool
	NumbersAs NumbersFormat
	// TreeRoot and TreeDepth cut the tree picture to a subtree and a
	// number of levels ("" and 0: the whole tree; trees over 10,000 boxes
	// are cut to fit, with a note).
	TreeRoot  string
	TreeDepth int
}

// NumbersFormat is the file type of the numbers export.
type NumbersFormat int

const (
	// NumbersXLSX is an Excel workbook, a sheet per projection (the default).
	NumbersXLSX NumbersFormat = iota
	// NumbersCSV is UTF-8 CSV with a byte-order mark, which Excel on
	// Japanese Windows opens without garbling.
	NumbersCSV
	// NumbersCSVShiftJIS is Shift_JIS CSV, for tools that read nothing else.
	NumbersCSVShiftJIS
)

// NumbersFile and NumbersCSVFile are the names of the numbers export
// ExportCharts writes.
const (
	NumbersFile    = "kpitree-numbers.xlsx"
	NumbersCSVFile = "kpitree-numbers.csv"
)

// numbersPath is where req's numbers export goes.
func numbersPath(req ExportRequest) string {
	if req.NumbersAs == NumbersXLSX {
		return filepath.Join(req.Dir, NumbersFile)
	}
	return filepath.Join(req.Dir, NumbersCSVFile)
}

// numbersOptions are the writer's options for f.
func numbersOptions(f NumbersFormat) report.NumbersOptions {
	if f == NumbersCSVShiftJIS {
		return report.NumbersOptions{Encoding: dataio.EncodingShiftJIS}
	}
	return report.NumbersOptions{}
}

// ExportCharts builds and writes every requested chart with chart.Batch,
// reporting progress (0–1) and honouring ctx; it returns the files written.
// Files already in req.Dir are replaced (the dialog asks first).
func ExportCharts(ctx context.Context, ws Source, req ExportRequest, progress func(float64)) ([]string, error) {
	jobs, err := ExportJobs(ctx, ws, req, progress)
	if err != nil {
		return nil, err
	}
	return WriteExport(ctx, ws, req, jobs, progress)
}

// ExportJobs builds the figures of req with app/report in the UI language
// (progress up to 0.3): the first half of ExportCharts.
func ExportJobs(ctx context.Context, ws Source, req ExportRequest, progress func(float64)) ([]chart.Job, error) {
	nodes := req.Nodes
	if len(nodes) == 0 {
		nodes = []string{ws.Tree().Root}
	}
	bd, err := report.NewBuilder(ws, uikit.Translator())
	if err != nil {
		return nil, err
	}
	var jobs []chart.Job
	perNode := slices.DeleteFunc(slices.Clone(req.Kinds), func(k report.Kind) bool { return k == report.Tree })
	for i, id := range nodes {
		if len(perNode) > 0 {
			js, err := bd.Build(ctx, report.Request{Node: id, Scenario: req.Scenario, Kinds: perNode})
			if err != nil {
				return nil, fmt.Errorf("export charts of %s: %w", id, err)
			}
			jobs = append(jobs, js...)
		}
		if progress != nil {
			progress(0.3 * float64(i+1) / float64(len(nodes)))
		}
	}
	if slices.Contains(req.Kinds, report.Tree) {
		js, err := bd.Build(ctx, report.Request{Scenario: req.Scenario, Kinds: []report.Kind{report.Tree},
			TreeRoot: req.TreeRoot, TreeDepth: req.TreeDepth})
		if err != nil {
			return nil, fmt.Errorf("export tree picture: %w", err)
		}
		jobs = append(jobs, js...)
	}
	if len(jobs) == 0 && !req.Numbers {
		return nil, fmt.Errorf("export charts: %w", chart.ErrNoData)
	}
	return jobs, nil
}

// existingFiles lists the files an export of jobs would replace.
func existingFiles(req ExportRequest, jobs []chart.Job) []string {
	there := chart.Existing(jobs, req.Dir, req.Format.Ext())
	if req.Numbers {
		if _, err := os.Stat(numbersPath(req)); err == nil {
			there = append(there, numbersPath(req))
		}
	}
	return there
}

// WriteExport writes built jobs (and the numbers when asked) into req.Dir
// (progress from 0.3 to 1): the second half of ExportCharts.
func WriteExport(ctx context.Context, ws Source, req ExportRequest, jobs []chart.Job, progress func(float64)) ([]string, error) {
	var files []string
	if len(jobs) > 0 {
		var err error
		// All or nothing: a chart that fails leaves no partial set behind.
		files, err = chart.BatchAll(ctx, jobs, req.Dir, req.Format, req.Size, func(done, total int) {
			if progress != nil {
				progress(0.3 + 0.6*float64(done)/float64(max(total, 1)))
			}
		})
		if err != nil {
			return files, err
		}
	}
	if req.Numbers {
		if err := os.MkdirAll(req.Dir, 0o755); err != nil {
			return files, fmt.Errorf("export numbers: %w", err)
		}
		path := numbersPath(req)
		if err := writeNumbersAs(ctx, ws, path, numbersOptions(req.NumbersAs)); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	if progress != nil {
		progress(1)
	}
	return files, nil
}

// WriteNumbers writes the numbers export (report.Builder.ProjectionTables
// of the base and every scenario, in the UI language) to path, .csv or
// .xlsx, atomically.
func WriteNumbers(ctx context.Context, ws Source, path string) error {
	return writeNumbersAs(ctx, ws, path, report.NumbersOptions{})
}

// writeNumbersAs is WriteNumbers with the writer's options (CSV encoding).
func writeNumbersAs(ctx context.Context, ws Source, path string, opt report.NumbersOptions) error {
	format := report.NumbersFormat(path)
	if format == "" {
		return fmt.Errorf("export numbers to %s: use a .csv or .xlsx name: %w", path, uikit.ErrNotSupported)
	}
	bd, err := report.NewBuilder(ws, uikit.Translator())
	if err != nil {
		return err
	}
	names, err := ws.ScenarioNames()
	if err != nil {
		return err
	}
	tables, err := bd.ProjectionTables(ctx, names)
	if err != nil {
		return err
	}
	return uikit.WriteFileAtomic(path, func(f *os.File) error {
		return bd.Translator().WriteNumbers(f, format, tables, opt)
	})
}

// exportDialog collects an ExportRequest and runs it with progress and
// cancel.
type exportDialog struct {
	win  fyne.Window
	ws   Source
	node string
	jobs uikit.Jobs

	kinds   *widget.CheckGroup
	numbers *widget.Check
	// numbersAs picks XLSX or CSV (UTF-8 for Excel, Shift_JIS); treeRoot
	// and treeDepth cut the tree picture; rootIDs are treeRoot's nodes
	// after its first option, the whole tree.
	numbersAs *widget.Select
	treeRoot  *widget.Select
	treeDepth *widget.Select
	rootIDs   []string
	format    *widget.Select
	size      *widget.Select
	scope     *widget.RadioGroup
	dir       *widget.Entry
	bar       *widget.ProgressBar
	status    *widget.Label
	run       *widget.Button
	stop      *widget.Button
	mu        sync.Mutex
	cancel    context.CancelFunc
	written   []string
	// askOverwrite, when set, answers the overwrite question instead of
	// a dialog (tests).
	askOverwrite func(msg string, answer func(bool))
}

// ShowExportDialog opens the chart export dialog; node is the selected node.
func ShowExportDialog(w fyne.Window, ws Source, node string) {
	newExportDialog(w, ws, node).show()
}

func newExportDialog(w fyne.Window, ws Source, node string) *exportDialog {
	e := &exportDialog{win: w, ws: ws, node: node}
	names := make([]string, 0, len(report.Kinds()))
	for _, k := range report.Kinds() {
		names = append(names, chartKindName(k))
	}
	e.kinds = widget.NewCheckGroup(names, nil)
	e.kinds.Horizontal = true
	e.kinds.SetSelected(names[:1])
	e.numbers = widget.NewCheck(lang.L("export.numbers"), nil)
	e.numbersAs = widget.NewSelect([]string{lang.L("export.numbers_xlsx"), lang.L("export.numbers_csv"), lang.L("export.numbers_sjis")}, nil)
	e.numbersAs.SetSelectedIndex(0)
	roots := []string{lang.L("export.tree_whole")}
	for _, n := range ws.Tree().Nodes {
		e.rootIDs = append(e.rootIDs, n.ID)
		roots = append(roots, cmp.Or(n.Name, n.ID))
	}
	e.treeRoot = widget.NewSelect(roots, nil)
	e.treeRoot.SetSelectedIndex(0)
	depths := []string{lang.L("export.depth_all")}
	for d := 1; d <= 8; d++ {
		depths = append(depths, strconv.Itoa(d))
	}
	e.treeDepth = widget.NewSelect(depths, nil)
	e.treeDepth.SetSelectedIndex(0)
	e.format = widget.NewSelect([]string{"PNG", "SVG", "PDF"}, nil)
	e.format.SetSelectedIndex(0)
	e.size = widget.NewSelect(sizeNames(), nil)
	e.size.SetSelectedIndex(0)
	e.scope = widget.NewRadioGroup([]string{lang.L("export.scope_selected"), lang.L("export.scope_all")}, nil)
	e.scope.SetSelected(lang.L("export.scope_selected"))
	e.dir = widget.NewEntry()
	e.dir.SetText(defaultExportDir())
	e.bar = widget.NewProgressBar()
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.run = widget.NewButton(lang.L("export.run"), e.start)
	e.run.Importance = widget.HighImportance
	e.stop = widget.NewButton(lang.L("forecast.cancel"), e.Cancel)
	e.stop.Disable()
	return e
}

// defaultExportDir is "KPI Tree exports" in Documents on Windows and
// macOS, in the home folder on Linux (or the temp folder).
func defaultExportDir() string { return platform.ExportsDir() }

func (e *exportDialog) show() {
	browse := widget.NewButton(lang.L("export.browse"), func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				e.dir.SetText(platform.NativePath(u.Path()))
			}
		}, e.win)
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("export.kinds"), e.kinds),
		widget.NewFormItem("", container.NewHBox(e.numbers, e.numbersAs)),
		widget.NewFormItem(lang.L("export.tree_root"), container.NewHBox(e.treeRoot, widget.NewLabel(lang.L("export.tree_depth")), e.treeDepth)),
		widget.NewFormItem(lang.L("export.format"), e.format),
		widget.NewFormItem(lang.L("export.size"), e.size),
		widget.NewFormItem(lang.L("export.scope"), e.scope),
		widget.NewFormItem(lang.L("export.folder"), container.NewBorder(nil, nil, nil, browse, e.dir)),
	)
	body := container.NewVBox(form, container.NewHBox(e.run, e.stop), e.bar, e.status)
	d := dialog.NewCustom(lang.L("export.title"), lang.L("dialog.close"), body, e.win)
	d.Resize(fyne.NewSize(720, 460))
	d.Show()
}

// request reads the form.
func (e *exportDialog) request() (ExportRequest, error) {
	req := ExportRequest{Dir: e.dir.Text, Numbers: e.numbers.Checked, NumbersAs: NumbersFormat(max(0, e.numbersAs.SelectedIndex())),
		TreeDepth: max(0, e.treeDepth.SelectedIndex())}
	if i := e.treeRoot.SelectedIndex(); i > 0 {
		req.TreeRoot = e.rootIDs[i-1]
	}
	for _, k := range report.Kinds() {
		if slices.Contains(e.kinds.Selected, chartKindName(k)) {
			req.Kinds = append(req.Kinds, k)
		}
	}
	if len(req.Kinds) == 0 && !req.Numbers {
		return req, fmt.Errorf("export: choose at least one chart type or the numbers: %w", uikit.ErrIncomplete)
	}
	f, err := chart.ParseFormat(e.format.Selected)
	if err != nil {
		return req, fmt.Errorf("export: %w", err)
	}
	req.Format = f
	size, err := chart.ParseSize(sizePresets()[max(0, e.size.SelectedIndex())])
	if err != nil {
		return req, fmt.Errorf("export: %w", err)
	}
	req.Size = size
	if e.scope.Selected == lang.L("export.scope_all") {
		for _, n := range e.ws.Tree().Nodes {
			req.Nodes = append(req.Nodes, n.ID)
		}
	} else if e.node != "" {
		req.Nodes = []string{e.node}
	}
	if req.Dir == "" {
		return req, fmt.Errorf("export: choose a folder: %w", uikit.ErrIncomplete)
	}
	return req, nil
}

// Cancel stops a running export; files already written stay.
func (e *exportDialog) Cancel() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
	}
}

func (e *exportDialog) start() {
	req, err := e.request()
	if err != nil {
		uikit.ShowError(err, e.win)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.mu.Lock()
	e.cancel = cancel
	e.mu.Unlock()
	e.run.Disable()
	e.stop.Enable()
	e.bar.SetValue(0)
	e.status.SetText(lang.L("export.running"))
	progress := func(f float64) { uikit.Post(func() { e.bar.SetValue(f) }) }
	done := func(files []string, err error) {
		cancel()
		e.run.Enable()
		e.stop.Disable()
		e.written = files
		if err != nil {
			e.status.SetText(uikit.UserMessage(err))
			return
		}
		e.bar.SetValue(1)
		e.status.SetText(lang.L("export.done", map[string]any{"Count": len(files), "Dir": req.Dir}))
	}
	write := func(jobs []chart.Job) {
		uikit.RunJob(&e.jobs, ctx, func(ctx context.Context) ([]string, error) {
			return WriteExport(ctx, e.ws, req, jobs, progress)
		}, done)
	}
	uikit.RunJob(&e.jobs, ctx, func(ctx context.Context) ([]chart.Job, error) {
		return ExportJobs(ctx, e.ws, req, progress)
	}, func(jobs []chart.Job, err error) {
		if err != nil {
			done(nil, err)
			return
		}
		there := existingFiles(req, jobs)
		if len(there) == 0 {
			write(jobs)
			return
		}
		// Re-exporting into the same folder would replace last week's
		// charts without a word: ask first.
		e.confirm(lang.L("export.overwrite_title"), lang.L("export.overwrite_message",
			map[string]any{"Count": len(there), "Dir": req.Dir, "First": filepath.Base(there[0])}), func(ok bool) {
			if ok {
				write(jobs)
				return
			}
			done(nil, fmt.Errorf("export: %w", context.Canceled))
		})
	})
}

// confirm asks a yes/no question over the dialog's window; tests replace
// it through askOverwrite.
func (e *exportDialog) confirm(title, msg string, then func(bool)) {
	if e.askOverwrite != nil {
		e.askOverwrite(msg, then)
		return
	}
	dialog.ShowConfirm(title, msg, then, e.win)
}
