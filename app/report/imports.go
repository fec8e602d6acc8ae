package report

import (
	"strings"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// What an import read, as the import wizard and `kpitreectl import` say it.

// FreqName names a frequency ("month", "月次"); a dash when there is none.
func (t *Translator) FreqName(f kpitree.Freq) string {
	if f == "" || !t.Has("freq."+string(f)) {
		return "–"
	}
	return t.L("freq." + string(f))
}

// ImportSummary is one sentence on what was read from the file named
// file: encoding, header row, period column, frequencies, periods, rows
// and the columns with their units.
func (t *Translator) ImportSummary(file string, ds *dataio.Dataset, r *dataio.Report) string {
	cal := ds.Calendar
	first, last := "", ""
	if cal.Periods > 0 {
		first, last = cal.Label(0), cal.Label(cal.Periods-1)
	}
	cols := make([]string, 0, len(ds.Columns))
	for _, c := range ds.Columns {
		if c.Unit != "" {
			cols = append(cols, c.Name+" ["+t.UnitText(c.Unit)+"]")
		} else {
			cols = append(cols, c.Name)
		}
	}
	enc := r.Encoding
	if enc == "" {
		enc = "xlsx"
	}
	return t.L("bind.summary", map[string]any{
		"File": file, "Encoding": enc, "Header": r.HeaderRow, "PeriodColumn": r.PeriodColumn,
		"SourceFreq": t.FreqName(r.SourceFreq), "Freq": t.FreqName(r.Freq), "Periods": cal.Periods,
		"First": first, "Last": last, "Rows": r.Rows, "Columns": strings.Join(cols, ", "),
	})
}

// ImportIssueText says an import issue by its code, falling back to the
// importer's English message for codes without a translation.
func (t *Translator) ImportIssueText(is dataio.Issue) string {
	where := is.Period
	switch {
	case is.Row > 0 && is.Period != "":
		where = t.L("bind.row", map[string]any{"Row": is.Row, "Period": is.Period})
	case is.Row > 0:
		where = t.L("bind.row_only", map[string]any{"Row": is.Row})
	}
	key := "import.issue." + string(is.Code)
	if !t.Has(key) {
		return is.Message
	}
	return t.L(key, map[string]any{"Where": where, "Column": is.Column, "Period": is.Period, "Raw": is.Raw, "Row": is.Row})
}

// ImportSeverityText names an issue's severity.
func (t *Translator) ImportSeverityText(s dataio.Severity) string {
	if t.Has("bind.severity." + string(s)) {
		return t.L("bind.severity." + string(s))
	}
	return t.L("bind.severity.info")
}

// importIssuesInOrder is r's issues most serious first, in the file's
// order within a severity.
func importIssuesInOrder(r *dataio.Report) []dataio.Issue {
	var out []dataio.Issue
	for _, sev := range []dataio.Severity{dataio.SeverityError, dataio.SeverityWarning, dataio.SeverityInfo} {
		for _, is := range r.Issues {
			if is.Severity == sev {
				out = append(out, is)
			}
		}
	}
	return out
}

// ImportIssueLines is the import's quality report, most serious first, a
// line an issue ("Warning: …"); the no-issues line when there are none.
func (t *Translator) ImportIssueLines(r *dataio.Report) []string {
	var out []string
	for _, is := range importIssuesInOrder(r) {
		out = append(out, t.ImportSeverityText(is.Severity)+": "+t.ImportIssueText(is))
	}
	if len(out) == 0 {
		out = []string{t.L("bind.no_issues")}
	}
	return out
}

// ImportIssuesTable is the quality report as `kpitreectl import` prints
// it: the issues of ImportIssueLines with each one's code, for scripts;
// its note says when there are none.
func (t *Translator) ImportIssuesTable(r *dataio.Report) Table {
	tb := Table{Header: []string{t.L("import.col_severity"), t.L("import.col_code"), t.L("import.col_issue")}}
	for _, is := range importIssuesInOrder(r) {
		tb.Rows = append(tb.Rows, []string{t.ImportSeverityText(is.Severity), string(is.Code), t.ImportIssueText(is)})
	}
	if len(tb.Rows) == 0 {
		tb.Note = t.L("bind.no_issues")
	}
	return tb
}
