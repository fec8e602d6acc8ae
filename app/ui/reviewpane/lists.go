package reviewpane

import (
	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// loadLists runs on its coalescer's goroutine: what each KPI is worth
// (workspace.Worth) and the alerts on the latest data (workspace.Alerts),
// laid out by report.WorthTable and report.AlertTable.
func (v *Pane) loadLists() {
	ctx := v.jobs.Ctx()
	tr := uikit.Translator()
	w, werr := v.ws.Worth(ctx)
	var worth report.Table
	if werr == nil {
		worth = tr.WorthTable(w)
	}
	hasRules := v.ws.HasAlertRules()
	alerts, aerr := v.ws.Alerts(ctx)
	v.jobs.OnUI(func() {
		switch {
		case werr != nil:
			v.worthRows = report.Table{}
			v.worthNote.SetText(uikit.UserMessage(werr))
		case len(worth.Rows) == 0:
			v.worthRows = worth
			v.worthNote.SetText(lang.L("reviewpane.no_targets"))
		default:
			v.worthRows = worth
			v.worthNote.SetText(worth.Note)
		}
		v.worth.Refresh()
		v.showAlerts(alerts, aerr, hasRules)
	})
}

// showAlerts lists an evaluation's alerts (on the UI goroutine), says
// when none fired or no rule is set, and updates the counts on the tab
// titles.
func (v *Pane) showAlerts(alerts []workspace.Alert, err error, hasRules bool) {
	v.alertRows = uikit.Translator().AlertTable(alerts)
	v.alertCount = len(alerts)
	switch {
	case err != nil:
		v.alertRows = report.Table{}
		v.alertCount = 0
		v.alertNote.SetText(uikit.UserMessage(err))
	case !hasRules:
		v.alertNote.SetText(lang.L("reviewpane.alerts_no_rules"))
	case len(alerts) == 0:
		v.alertNote.SetText(lang.L("reviewpane.alerts_none"))
	default:
		v.alertNote.SetText(lang.L("reviewpane.alerts_count", map[string]any{"Count": len(alerts)}))
	}
	for r := 1; r <= len(v.alertRows.Rows); r++ {
		v.alerts.SetRowHeight(r, alertRowHeight)
	}
	v.alerts.Refresh()
	if v.tabs != nil {
		v.tabs.Items[TabAlerts].Text = v.alertsTitle()
		v.tabs.Refresh()
	}
	if v.onAlerts != nil {
		v.onAlerts(v.alertCount)
	}
}

// alertRowHeight is the height of an alert's row in points: two lines of
// the message.
const alertRowHeight = 64

// alertsTitle is the alerts tab's title, with the count when any fired.
func (v *Pane) alertsTitle() string {
	if v.alertCount == 0 {
		return lang.L("reviewpane.tab_alerts")
	}
	return lang.L("reviewpane.tab_alerts_n", map[string]any{"Count": v.alertCount})
}
