package reviewpane

import (
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// The methods below read and drive the pane as a user would, for tests
// that compare it with the CLI's tables and walk the review.

// Wait blocks until the pane's background work and redraws are done.
func (v *Pane) Wait() {
	for range 4 {
		v.jobs.Wait()
		v.render.Wait()
		v.lists.Wait()
	}
}

// PickPeriod picks the window the CLI's --period names (label); false if
// it is not offered.
func (v *Pane) PickPeriod(label string) bool {
	for k, g := range v.groups {
		for i, p := range g.Windows {
			if p.Label == label {
				v.kind.SetSelectedIndex(k)
				v.window.SetSelectedIndex(i)
				return true
			}
		}
	}
	return false
}

// PickRef picks the reference the CLI's --vs names; false if not offered.
func (v *Pane) PickRef(vs string) bool {
	for i, r := range v.refs {
		if r == vs {
			v.vs.SetSelectedIndex(i)
			return true
		}
	}
	return false
}

// Refs are the vs picker's values in its order (the CLI's --vs forms).
func (v *Pane) Refs() []string { return append([]string(nil), v.refs...) }

// Kinds, Windows and Vs are the pickers' options as shown.
func (v *Pane) Kinds() []string   { return v.kind.Options }
func (v *Pane) Windows() []string { return v.window.Options }
func (v *Pane) Vs() []string      { return v.vs.Options }

// Bridge is the bridge shown; or nil.
func (v *Pane) Bridge() *workspace.Bridge { return v.shown }

// BridgeTable, WorthTable and AlertTable are the tables as shown (the
// drill column of the bridge says where a click leads).
func (v *Pane) BridgeTable() report.Table { return v.bridgeRows }
func (v *Pane) WorthTable() report.Table  { return v.worthRows }
func (v *Pane) AlertTable() report.Table  { return v.alertRows }

// Tables are the widgets of the bridge, worth and alert tables.
func (v *Pane) Tables() (bridge, worth, alerts *widget.Table) { return v.bridge, v.worth, v.alerts }

// ClickRow clicks data row k (0 = the first) of the bridge table.
func (v *Pane) ClickRow(k int) { v.bridge.Select(widget.TableCellID{Row: k + 1, Col: 1}) }

// Texts are the status line, the bridge's sentence, the drill path, the
// worth and alert notes and the alerts tab's title.
func (v *Pane) Status() string      { return v.status.Text }
func (v *Pane) Note() string        { return v.note.Text }
func (v *Pane) Crumbs() string      { return v.crumbs.Text }
func (v *Pane) WorthNote() string   { return v.worthNote.Text }
func (v *Pane) AlertNote() string   { return v.alertNote.Text }
func (v *Pane) AlertsTitle() string { return v.alertsTitle() }

// CanGoUp reports whether the Up button is enabled.
func (v *Pane) CanGoUp() bool { return !v.up.Disabled() }

// Waterfall is the view of the bridge's waterfall.
func (v *Pane) Waterfall() *uikit.ChartView { return v.waterfall }

// PlanNames are the plan picker's options, newest first, and Picked the
// plan picked.
func (v *Pane) PlanNames() []string { return v.plans.pick.Options }
func (v *Pane) PickedPlan() string  { return v.plans.pick.Selected }

// PickPlan picks plan name for rename, delete and compare.
func (v *Pane) PickPlan(name string) { v.plans.pick.SetSelected(name) }

// TapFreeze taps Freeze plan… and returns the name the dialog proposes;
// ConfirmFreeze then types name (if not "") and confirms.
func (v *Pane) TapFreeze() string {
	v.plans.freeze.OnTapped()
	return v.plans.freezeEntry.Text
}

// ConfirmFreeze confirms the open freeze dialog with name ("" keeps the
// proposed one).
func (v *Pane) ConfirmFreeze(name string) {
	if name != "" {
		v.plans.freezeEntry.SetText(name)
	}
	v.plans.freezeDialog.Submit()
}

// TapDelete taps Delete and confirms (ok) or dismisses the question;
// it returns the question asked.
func (v *Pane) TapDelete(ok bool) string {
	v.plans.remove.OnTapped()
	d := v.plans.confirmDelete
	if d == nil {
		return ""
	}
	if ok {
		d.Confirm()
	} else {
		d.Dismiss()
	}
	return v.plans.deleteQuestion
}

// TapRename renames the picked plan through its dialog.
func (v *Pane) TapRename(name string) {
	v.plans.rename.OnTapped()
	v.plans.renameEntry.SetText(name)
	v.plans.renameDialog.Submit()
}

// TapCompare opens the comparison of the picked plan with the current
// forecast and returns its table once loaded (call Wait first).
func (v *Pane) TapCompare() { v.plans.compare.OnTapped() }

// Comparison is the comparison table shown last.
func (v *Pane) Comparison() report.Table { return v.plans.lastCompare }

// The tabs, for ShowTab.
const (
	TabBridge = iota
	TabWaterfall
	TabWorth
	TabAlerts
)

// ShowTab brings tab k (TabBridge …) to the front, as a click on it
// would; Content must have been called.
func (v *Pane) ShowTab(k int) {
	if v.tabs != nil {
		v.tabs.SelectIndex(k)
	}
}

// Refresh reloads everything the pane shows, as a workspace change does:
// the pickers, the bridge and its waterfall, the worth and the alerts.
func (v *Pane) Refresh() {
	v.refreshChoices()
	v.lists.Submit(struct{}{})
}
