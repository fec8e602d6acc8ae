package sources

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// QueryEditor defines a dataset by a query, previews it and binds it.
type QueryEditor struct {
	m *Manager

	conn                          *widget.Select
	mode                          *widget.RadioGroup
	sql                           *widget.Entry
	table, dateCol, values        *widget.Entry
	from, to, name                *widget.Entry
	onOpen                        *widget.Check
	sqlBox, tableBox              fyne.CanvasObject
	results                       *container.AppTabs
	summary                       *widget.Label
	importBtn                     *widget.Button
	preview                       *workspace.QueryPreview
	leaves                        []kpitree.Node
	selects                       map[string]*widget.Select
	rowsTab, seriesTab, reportTab *container.TabItem
	bindTab                       *container.TabItem
}

// ShowQuery opens the query editor for connection conn ("" lets the user
// pick) in a dialog.
func (m *Manager) ShowQuery(conn string) {
	q := m.NewQueryEditor(conn)
	d := dialog.NewCustom(lang.L("sources.query.title"), lang.L("sources.close"), q.Content(), m.win)
	d.Resize(fyne.NewSize(1180, 720))
	d.Show()
}

// NewQueryEditor makes the editor with connection conn selected.
func (m *Manager) NewQueryEditor(conn string) *QueryEditor {
	if m.conns == nil {
		m.reload()
	}
	q := &QueryEditor{m: m, selects: map[string]*widget.Select{}}
	var names []string
	for _, c := range m.conns {
		names = append(names, c.Name)
	}
	q.conn = widget.NewSelect(names, nil)
	if conn != "" {
		q.conn.SetSelected(conn)
	} else if len(names) > 0 {
		q.conn.SetSelectedIndex(0)
	}
	q.sql = widget.NewMultiLineEntry()
	q.sql.TextStyle.Monospace = true
	q.sql.SetPlaceHolder("SELECT day, active_rate, unit_price_jpy\nFROM kpi_daily\nWHERE day >= :from AND day < :to")
	q.sql.SetMinRowsVisible(8)
	q.table = widget.NewEntry()
	q.table.SetPlaceHolder("public.events")
	q.dateCol = widget.NewEntry()
	q.dateCol.SetPlaceHolder("created_at")
	q.values = widget.NewMultiLineEntry()
	q.values.TextStyle.Monospace = true
	q.values.SetPlaceHolder("revenue_jpy=sum\nactive_rate=mean\naccount_id=count_distinct")
	q.values.SetMinRowsVisible(5)
	q.from, q.to, q.name = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	q.from.SetPlaceHolder("2023-04")
	q.to.SetPlaceHolder("2026-04")
	q.onOpen = widget.NewCheck(lang.L("sources.query.refresh_on_open"), nil)

	q.sqlBox = container.NewBorder(wrapped(lang.L("sources.query.sql_help")), nil, nil, nil, q.sql)
	q.tableBox = container.NewBorder(container.NewVBox(
		widget.NewLabel(lang.L("sources.query.table")), q.table,
		widget.NewLabel(lang.L("sources.query.date_column")), q.dateCol,
		widget.NewLabel(lang.L("sources.query.values")), wrapped(lang.L("sources.query.values_help")),
	), nil, nil, nil, q.values)
	sqlMode, tableMode := lang.L("sources.query.mode_sql"), lang.L("sources.query.mode_table")
	q.mode = widget.NewRadioGroup([]string{tableMode, sqlMode}, func(s string) {
		if s == sqlMode {
			q.sqlBox.Show()
			q.tableBox.Hide()
		} else {
			q.sqlBox.Hide()
			q.tableBox.Show()
		}
	})
	q.mode.Horizontal = true
	q.mode.SetSelected(tableMode)
	q.summary = widget.NewLabel(lang.L("sources.query.no_preview"))
	q.summary.Wrapping = fyne.TextWrapWord
	q.importBtn = widget.NewButton(lang.L("sources.query.import"), q.commit)
	q.importBtn.Importance = widget.HighImportance
	q.importBtn.Disable()
	q.rowsTab = container.NewTabItem(lang.L("sources.query.tab_rows"), widget.NewLabel(""))
	q.seriesTab = container.NewTabItem(lang.L("sources.query.tab_series"), widget.NewLabel(""))
	q.bindTab = container.NewTabItem(lang.L("sources.query.tab_bind"), widget.NewLabel(""))
	q.reportTab = container.NewTabItem(lang.L("sources.query.tab_report"), widget.NewLabel(""))
	q.results = container.NewAppTabs(q.rowsTab, q.seriesTab, q.bindTab, q.reportTab)
	return q
}

// Content lays the editor out: the definition on the left, the preview on
// the right.
func (q *QueryEditor) Content() fyne.CanvasObject {
	preview := widget.NewButton(lang.L("sources.query.preview"), q.run)
	top := widget.NewForm(
		widget.NewFormItem(lang.L("sources.query.connection"), q.conn),
		widget.NewFormItem(lang.L("sources.query.mode"), q.mode),
	)
	bottom := container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(lang.L("sources.query.from"), q.from),
			widget.NewFormItem(lang.L("sources.query.to"), q.to),
			widget.NewFormItem(lang.L("sources.query.name"), q.name)),
		q.onOpen, container.NewGridWithColumns(2, preview, q.importBtn))
	left := container.NewBorder(top, bottom, nil, nil, container.NewStack(q.sqlBox, q.tableBox))
	right := container.NewBorder(q.summary, nil, nil, nil, q.results)
	split := container.NewHSplit(left, right)
	split.Offset = 0.36
	return split
}

// Spec reads the definition; the error names the field to fix.
func (q *QueryEditor) Spec() (source.Spec, error) {
	s := source.Spec{Conn: q.conn.Selected, From: strings.TrimSpace(q.from.Text), To: strings.TrimSpace(q.to.Text)}
	if q.mode.Selected == lang.L("sources.query.mode_sql") {
		s.SQL = q.sql.Text
	} else {
		s.Table, s.DateColumn = strings.TrimSpace(q.table.Text), strings.TrimSpace(q.dateCol.Text)
		for _, line := range strings.Split(q.values.Text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			col, agg, ok := strings.Cut(line, "=")
			if !ok {
				agg = source.AggSum
			}
			s.Values = append(s.Values, source.Value{Column: strings.TrimSpace(col), Agg: strings.TrimSpace(agg)})
		}
	}
	return s, s.Validate()
}

// SetSpec fills the editor from a definition (a stored dataset's query,
// to edit it).
func (q *QueryEditor) SetSpec(s source.Spec) {
	q.conn.SetSelected(s.Conn)
	q.from.SetText(s.From)
	q.to.SetText(s.To)
	if strings.TrimSpace(s.SQL) != "" {
		q.mode.SetSelected(lang.L("sources.query.mode_sql"))
		q.sql.SetText(s.SQL)
		return
	}
	q.mode.SetSelected(lang.L("sources.query.mode_table"))
	q.table.SetText(s.Table)
	q.dateCol.SetText(s.DateColumn)
	var lines []string
	for _, v := range s.Values {
		lines = append(lines, v.Column+"="+v.Agg)
	}
	q.values.SetText(strings.Join(lines, "\n"))
}

// run previews the query behind a progress dialog with Cancel.
func (q *QueryEditor) run() {
	spec, err := q.Spec()
	if err != nil {
		q.summary.SetText(errorText(err))
		return
	}
	opt := workspace.QueryOptions{Name: strings.TrimSpace(q.name.Text), Secrets: q.m.secrets, RefreshOnOpen: q.onOpen.Checked}
	var p *workspace.QueryPreview
	q.m.withProgress(lang.L("sources.query.running", map[string]any{"Name": spec.Conn}), func(ctx context.Context) error {
		var err error
		p, err = q.m.ws.PreviewQuery(ctx, spec, opt)
		return err
	}, func(err error) {
		if err != nil {
			q.summary.SetText(errorText(err))
			q.importBtn.Disable()
			return
		}
		q.SetPreview(p)
	})
}

// SetPreview shows a preview: the first rows, the aggregated series, the
// binding step and the quality report.
func (q *QueryEditor) SetPreview(p *workspace.QueryPreview) {
	q.preview = p
	ds := &p.Dataset
	q.summary.SetText(lang.L("sources.query.summary", map[string]any{
		"Rows": report.GroupThousands(strconv.FormatInt(p.SourceRows, 10)), "Periods": ds.Calendar.Periods, "Freq": lang.L("sources.freq." + string(ds.Calendar.Freq)),
		"Columns": len(ds.Columns), "Issues": len(p.Report.Issues)}))
	if p.Rows != nil {
		q.rowsTab.Content = table(p.Rows.Columns, p.Rows.Rows)
	}
	labels := (&dataio.Dataset{Calendar: ds.Calendar}).Labels()
	cols := []string{lang.L("sources.query.period")}
	for _, c := range ds.Columns {
		cols = append(cols, c.Name)
	}
	rows := make([][]string, len(labels))
	for i, l := range labels {
		rows[i] = []string{l}
		for _, c := range ds.Columns {
			rows[i] = append(rows[i], uikit.FormatValue(c.Values[i], c.Unit)) // as the file import's preview
		}
	}
	q.seriesTab.Content = table(cols, rows)
	q.results.Select(q.seriesTab)
	q.bindTab.Content = q.bindForm()
	lines := []string{}
	for _, is := range p.Report.Issues {
		lines = append(lines, strings.TrimSpace(is.Period+" "+is.Column)+": "+issueCode(is))
	}
	if len(lines) == 0 {
		lines = []string{lang.L("sources.query.no_issues")}
	}
	rep := widget.NewLabel(strings.Join(lines, "\n"))
	rep.Wrapping = fyne.TextWrapWord
	q.reportTab.Content = container.NewVScroll(rep)
	q.results.Refresh()
	q.importBtn.Enable()
}

// wrapped is a label that wraps, for help text.
func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// issueCode is an issue in the user's language: its code's translation.
func issueCode(is dataio.Issue) string {
	return lang.L("sources.issue." + string(is.Code))
}

// bindForm is the usual binding step: each input leaf takes a column (the
// suggestion preselected) or stays as it is.
func (q *QueryEditor) bindForm() fyne.CanvasObject {
	q.leaves = q.leaves[:0]
	clear(q.selects)
	var cols []string
	for _, c := range q.preview.Dataset.Columns {
		cols = append(cols, c.Name)
	}
	suggested := map[string]string{}
	for _, b := range q.preview.Suggested {
		suggested[b.Node] = b.Column
	}
	form := widget.NewForm()
	for _, n := range q.m.ws.Tree().Nodes {
		if n.Kind != kpitree.KindInput {
			continue
		}
		q.leaves = append(q.leaves, n)
		s := widget.NewSelect(append([]string{lang.L("sources.query.unbound")}, cols...), nil)
		if c, ok := suggested[n.ID]; ok {
			s.SetSelected(c)
		} else {
			s.SetSelectedIndex(0)
		}
		q.selects[n.ID] = s
		form.Append(n.Name, s)
	}
	return container.NewVScroll(form)
}

// Bindings are the leaves the user bound.
func (q *QueryEditor) Bindings() []workspace.Binding {
	var out []workspace.Binding
	for _, n := range q.leaves {
		if s := q.selects[n.ID]; s != nil && s.SelectedIndex() > 0 {
			out = append(out, workspace.Binding{Node: n.ID, Column: s.Selected})
		}
	}
	return out
}

// commit stores the previewed dataset and the bindings as one action.
func (q *QueryEditor) commit() {
	if q.preview == nil {
		return
	}
	p, binds := q.preview, q.Bindings()
	q.importBtn.Disable() // one commit per preview, also while it is stored
	q.m.writes.Write("", func(context.Context) error {
		_, err := q.m.ws.CommitPreview(p.ImportPreview, binds)
		return err
	}, func(err error) {
		if err != nil {
			q.summary.SetText(errorText(err))
			q.importBtn.Enable()
			return
		}
		q.summary.SetText(lang.L("sources.query.imported", map[string]any{"Name": p.Dataset.Name, "Count": len(binds)}))
	})
}

// table is a read-only grid with a header row.
func table(cols []string, rows [][]string) fyne.CanvasObject {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(rows), len(cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < len(rows) && id.Col < len(rows[id.Row]) {
				l.SetText(rows[id.Row][id.Col])
			}
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	// Each column as wide as its widest text among the header and the
	// first rows, measured with the theme's font.
	size := theme.TextSize()
	for i, c := range cols {
		w := fyne.MeasureText(c, size, fyne.TextStyle{Bold: true}).Width
		for r := 0; r < len(rows) && r < 50; r++ {
			if i < len(rows[r]) {
				w = max(w, fyne.MeasureText(rows[r][i], size, fyne.TextStyle{}).Width)
			}
		}
		t.SetColumnWidth(i, w+4*theme.Padding())
	}
	return t
}
