package reviewpane

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// planBar manages the plan versions: freeze the current forecasts as a
// new one, rename, delete and compare two. Each action runs off the UI
// goroutine; the workspace's PlansChanged event then refreshes the pane.
type planBar struct {
	v *Pane

	pick                            *widget.Select // the plan rename and delete act on
	freeze, rename, remove, compare *widget.Button
	busy                            *widget.ProgressBarInfinite
	cancel                          *widget.Button
	stop                            context.CancelFunc // cancels a freeze; or nil
	names                           []string
	box                             *fyne.Container
	lastCompare                     report.Table // the comparison last shown
	compareDialog                   dialog.Dialog
	freezeDialog, renameDialog      *dialog.FormDialog
	freezeEntry, renameEntry        *widget.Entry
	compareA, compareB              *widget.Select
	confirmDelete                   *dialog.ConfirmDialog
	deleteQuestion                  string
}

func newPlanBar(v *Pane) *planBar {
	p := &planBar{v: v}
	p.pick = widget.NewSelect(nil, func(string) { p.enable() })
	p.pick.PlaceHolder = lang.L("reviewpane.no_plans")
	p.freeze = widget.NewButton(lang.L("reviewpane.freeze"), p.askFreeze)
	p.rename = widget.NewButton(lang.L("reviewpane.rename"), p.askRename)
	p.remove = widget.NewButton(lang.L("reviewpane.delete"), p.askDelete)
	p.compare = widget.NewButton(lang.L("reviewpane.compare"), p.askCompare)
	p.busy = widget.NewProgressBarInfinite()
	p.busy.Stop()
	p.busy.Hide()
	p.cancel = widget.NewButton(lang.L("reviewpane.cancel"), func() {
		if p.stop != nil {
			p.stop()
		}
	})
	p.cancel.Hide()
	p.enable()
	return p
}

func (p *planBar) content() fyne.CanvasObject {
	p.box = container.NewHBox(widget.NewLabel(lang.L("reviewpane.plans")), sized(p.pick, 220), p.freeze, p.rename, p.remove, p.compare,
		container.NewGridWrap(fyne.NewSize(120, p.busy.MinSize().Height), p.busy), p.cancel)
	return p.box
}

// setPlans lists the plan versions, newest first, keeping the pick.
func (p *planBar) setPlans(ps []workspace.PlanInfo) {
	keep := p.pick.Selected
	p.names = p.names[:0]
	for i := len(ps) - 1; i >= 0; i-- {
		p.names = append(p.names, ps[i].Name)
	}
	p.pick.SetOptions(slices.Clone(p.names))
	switch {
	case slices.Contains(p.names, keep):
		p.pick.SetSelected(keep)
	case len(p.names) > 0:
		p.pick.SetSelectedIndex(0)
	default:
		p.pick.ClearSelected()
	}
	p.enable()
}

// enable allows rename and delete with a plan picked, compare with one.
func (p *planBar) enable() {
	for _, b := range []*widget.Button{p.rename, p.remove, p.compare} {
		if p.pick.Selected == "" || p.stop != nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if p.stop != nil {
		p.freeze.Disable()
	} else {
		p.freeze.Enable()
	}
}

// defaultName is the name Freeze plan… proposes: the planned fiscal year
// and the first version number not taken ("FY2026 plan v1").
func (p *planBar) defaultName() string {
	fy := ""
	if b, err := report.NewBasis(p.v.ws); err == nil {
		fy = uikit.Translator().FiscalLabel(b.FY)
	}
	for n := 1; ; n++ {
		name := lang.L("reviewpane.default_plan", map[string]any{"FY": fy, "N": n})
		if !slices.Contains(p.names, name) {
			return name
		}
	}
}

// askFreeze asks for the new plan's name, then freezes it.
func (p *planBar) askFreeze() {
	p.freezeEntry = widget.NewEntry()
	p.freezeEntry.SetText(p.defaultName())
	p.freezeDialog = dialog.NewForm(lang.L("reviewpane.freeze_title"), lang.L("reviewpane.freeze_ok"), lang.L("reviewpane.cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("reviewpane.plan_name"), p.freezeEntry)},
		func(ok bool) {
			if ok {
				p.Freeze(p.freezeEntry.Text)
			}
		}, p.v.win)
	p.freezeDialog.Resize(fyne.NewSize(420, 160))
	p.freezeDialog.Show()
}

// Freeze stores the current forecasts as plan version name, off the UI
// goroutine, with a progress bar and Cancel.
func (p *planBar) Freeze(name string) {
	ctx, cancel := context.WithCancel(p.v.jobs.Ctx())
	p.stop = cancel
	p.busy.Show()
	p.busy.Start()
	p.cancel.Show()
	p.enable()
	p.v.setStatus(lang.L("reviewpane.freezing", map[string]any{"Name": name}))
	uikit.RunJob(&p.v.jobs, ctx, func(ctx context.Context) (workspace.PlanInfo, error) {
		return p.v.ws.FreezePlan(ctx, name)
	}, func(info workspace.PlanInfo, err error) {
		cancel()
		p.stop = nil
		p.busy.Stop()
		p.busy.Hide()
		p.cancel.Hide()
		p.enable()
		if err != nil {
			p.v.setStatus(uikit.UserMessage(err))
			uikit.ShowError(err, p.v.win)
			return
		}
		tr := uikit.Translator()
		p.v.setStatus(tr.L("review.frozen", map[string]any{"Name": info.Name, "LastActual": info.LastActual,
			"Nodes": info.Nodes, "Size": tr.Compact(float64(info.Bytes)) + " B"}))
	})
}

// askRename asks for the picked plan's new name.
func (p *planBar) askRename() {
	old := p.pick.Selected
	if old == "" {
		return
	}
	p.renameEntry = widget.NewEntry()
	p.renameEntry.SetText(old)
	p.renameDialog = dialog.NewForm(lang.L("reviewpane.rename_title", map[string]any{"Name": old}), lang.L("reviewpane.rename_ok"),
		lang.L("reviewpane.cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("reviewpane.plan_name"), p.renameEntry)},
		func(ok bool) {
			if ok {
				p.Rename(old, p.renameEntry.Text)
			}
		}, p.v.win)
	p.renameDialog.Resize(fyne.NewSize(420, 160))
	p.renameDialog.Show()
}

// Rename renames plan old to name, off the UI goroutine.
func (p *planBar) Rename(old, name string) {
	p.run(func() error { return p.v.ws.RenamePlan(old, name) }, func() {
		p.pick.SetSelected(name)
		p.v.setStatus(uikit.Translator().L("review.renamed", map[string]any{"Name": old, "To": name}))
	})
}

// askDelete asks before deleting the picked plan (Undo brings it back).
func (p *planBar) askDelete() {
	name := p.pick.Selected
	if name == "" {
		return
	}
	p.deleteQuestion = lang.L("reviewpane.delete_ask", map[string]any{"Name": name})
	p.confirmDelete = dialog.NewConfirm(lang.L("reviewpane.delete_title"), p.deleteQuestion, func(ok bool) {
		if ok {
			p.Delete(name)
		}
	}, p.v.win)
	p.confirmDelete.SetConfirmText(lang.L("reviewpane.delete"))
	p.confirmDelete.SetDismissText(lang.L("reviewpane.cancel"))
	p.confirmDelete.Show()
}

// Delete deletes plan version name, off the UI goroutine.
func (p *planBar) Delete(name string) {
	p.run(func() error { return p.v.ws.DeletePlan(name) }, func() {
		p.v.setStatus(uikit.Translator().L("review.deleted", map[string]any{"Name": name}))
	})
}

// run does one quick plan edit off the UI goroutine; done runs on it
// after success, an error shows in the user's language.
func (p *planBar) run(work func() error, done func()) {
	uikit.RunJob(&p.v.jobs, p.v.jobs.Ctx(), func(context.Context) (struct{}, error) { return struct{}{}, work() },
		func(_ struct{}, err error) {
			if err != nil {
				p.v.setStatus(uikit.UserMessage(err))
				uikit.ShowError(err, p.v.win)
				return
			}
			done()
		})
}

// askCompare opens the comparison of two plans (or a plan and the
// current forecast): the picked plan against the current forecast at
// first, either side changeable.
func (p *planBar) askCompare() {
	if p.pick.Selected == "" {
		return
	}
	current := lang.L("reviewpane.current_forecast")
	options := append(slices.Clone(p.names), current)
	side := func(s string) string {
		if s == current {
			return ""
		}
		return s
	}
	var table *widget.Table
	note := widget.NewLabel("")
	note.Wrapping = fyne.TextWrapWord
	show := func() {
		a, b := side(p.compareA.Selected), side(p.compareB.Selected)
		note.SetText(lang.L("charts.drawing"))
		uikit.RunJob(&p.v.jobs, p.v.jobs.Ctx(), func(ctx context.Context) (*workspace.PlanComparison, error) {
			return p.v.ws.ComparePlans(ctx, a, b)
		}, func(c *workspace.PlanComparison, err error) {
			if err != nil {
				p.lastCompare = report.Table{}
				note.SetText(uikit.UserMessage(err))
			} else {
				p.lastCompare = uikit.Translator().PlanCompareTable(c)
				note.SetText(lang.L("reviewpane.compare_note", map[string]any{"Rows": len(p.lastCompare.Rows)}))
			}
			table.Refresh()
		})
	}
	p.compareA = widget.NewSelect(options, func(string) { show() })
	p.compareB = widget.NewSelect(options, func(string) { show() })
	table = newTable(&p.lastCompare, []float32{200, 110, 150, 150, 150})
	pickers := container.NewHBox(widget.NewLabel(lang.L("reviewpane.compare_a")), p.compareA,
		widget.NewLabel(lang.L("reviewpane.compare_b")), p.compareB)
	body := container.NewBorder(container.NewVBox(pickers, note), nil, nil, nil, table)
	p.compareDialog = dialog.NewCustom(lang.L("reviewpane.compare_title"), lang.L("reviewpane.close"), body, p.v.win)
	p.compareDialog.Resize(fyne.NewSize(820, 520))
	p.compareA.SetSelected(p.pick.Selected)
	p.compareB.SetSelected(current)
	p.compareDialog.Show()
}
