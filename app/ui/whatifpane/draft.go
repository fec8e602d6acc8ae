package whatifpane

import (
	"context"
	"image/color"
	"maps"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// A draft on the base (the sliders moved with no scenario chosen) is a
// preview: the tree and chart show it, a banner says it is not saved, and
// it becomes a scenario only when the user saves it. Switching scenario
// with a draft asks first. Editing a chosen scenario saves on release, as
// one undoable action (whatIf.commit).

// buildBanner makes the "Preview — not saved" strip: a tinted band with the
// explanation and the two ways out, so nobody mistakes the tree's preview
// values for saved numbers.
func (p *Pane) buildBanner() *fyne.Container {
	text := widget.NewLabel(lang.L("whatif.preview_banner"))
	text.Wrapping = fyne.TextWrapWord
	text.Importance = widget.WarningImportance
	save := widget.NewButtonWithIcon(lang.L("whatif.save_draft"), theme.DocumentSaveIcon(), p.saveDraft)
	save.Importance = widget.HighImportance
	discard := widget.NewButton(lang.L("whatif.discard_draft"), p.discardDraft)
	r, g, b, _ := theme.Color(theme.ColorNameWarning).RGBA()
	tint := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30})
	tint.CornerRadius = theme.InputRadiusSize()
	// The buttons go under the text: beside it they would widen the
	// column past a laptop's bottom pane and scroll out of sight.
	band := container.NewStack(tint, container.NewPadded(
		container.NewVBox(text, container.NewHBox(save, discard))))
	band.Hide()
	return band
}

// unsaved reports whether the sliders hold a draft on the base that no
// scenario stores: the tree then shows values nothing keeps.
func (p *Pane) unsaved() bool {
	return p.engine != nil && p.cur.Name == "" && p.cur.Moved(p.engine.BaseValue)
}

// refreshBanner shows the banner exactly while there is an unsaved draft.
func (p *Pane) refreshBanner() {
	show := p.unsaved()
	if show == p.banner.Visible() {
		return
	}
	if show {
		p.banner.Show()
	} else {
		p.banner.Hide()
	}
	// Showing a container does not lay out its parent: without this the
	// banner keeps the size it had while hidden (none).
	if p.controls != nil {
		p.controls.Refresh()
	}
}

// showSelected puts name in the scenario select without reacting to it.
func (p *Pane) showSelected(name string) {
	p.loading = true
	p.scenarioSel.SetSelected(name)
	p.loading = false
}

// keepKnownDrivers drops draft values of drivers the tree no longer has.
func (p *Pane) keepKnownDrivers() {
	known := map[string]bool{}
	for _, n := range p.all {
		known[n.ID] = true
	}
	maps.DeleteFunc(p.cur.Changes, func(id string, _ workspace.DriverChange) bool { return !known[id] })
}

// isBase reports whether a select option is the base.
func isBase(name string) bool { return name == "" || name == lang.L("whatif.base_option") }

// scenarioPicked handles the user's choice in the scenario select: with an
// unsaved draft on the base it first asks whether to save it.
func (p *Pane) scenarioPicked(name string) {
	if p.loading || p.engine == nil {
		return
	}
	if isBase(name) && p.cur.Name == "" {
		return // already on the base: keep the draft
	}
	if p.unsaved() {
		p.askSwitch(name)
		return
	}
	p.selectScenario(name)
}

// switchChoice is the answer to "save the draft before switching?".
type switchChoice int

const (
	switchCancel switchChoice = iota
	switchDiscard
	switchSave
)

// askSwitch asks what to do with the unsaved draft before showing target.
func (p *Pane) askSwitch(target string) {
	msg := widget.NewLabel(lang.L("whatif.unsaved_message", map[string]any{"Name": target}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomWithoutButtons(lang.L("whatif.unsaved_title"), msg, p.win)
	choose := func(c switchChoice) func() {
		return func() {
			d.Hide()
			p.resolveSwitch(c, target)
		}
	}
	save := widget.NewButton(lang.L("whatif.unsaved_save"), choose(switchSave))
	save.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(lang.L("dialog.cancel"), choose(switchCancel)),
		widget.NewButton(lang.L("whatif.unsaved_discard"), choose(switchDiscard)), save})
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}

// resolveSwitch carries out the answer of askSwitch.
func (p *Pane) resolveSwitch(c switchChoice, target string) {
	switch c {
	case switchDiscard:
		p.selectScenario(target)
	case switchSave:
		p.askName(lang.L("whatif.save_title"), p.freeName(lang.L("whatif.auto_name")), func(name string) {
			p.saveDraftAs(name, func(saved bool) {
				if saved {
					p.showSelected(target)
					p.selectScenario(target)
					return
				}
				p.showSelected(lang.L("whatif.base_option"))
			})
		}, func() { p.showSelected(lang.L("whatif.base_option")) })
	default:
		p.showSelected(lang.L("whatif.base_option"))
	}
}

// saveDraft asks for a name and stores the draft as a new scenario.
func (p *Pane) saveDraft() {
	if !p.unsaved() {
		return
	}
	p.askName(lang.L("whatif.save_title"), p.freeName(lang.L("whatif.auto_name")), func(name string) {
		p.saveDraftAs(name, nil)
	}, nil)
}

// saveDraftAs stores the draft as scenario name (one undoable action, off
// the UI goroutine) and goes on editing that scenario; then (if not nil)
// learns on the UI goroutine whether it could.
func (p *Pane) saveDraftAs(name string, then func(saved bool)) {
	if p.engine == nil {
		if then != nil {
			then(false)
		}
		return
	}
	sc := p.cur.Scenario(p.engine.BaseValue)
	sc.Name = name
	p.writes.Write("", func(context.Context) error { return p.ws.AddScenario(sc) }, func(err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
		} else {
			p.cur.Name = name
			p.refreshScenarios()
		}
		if then != nil {
			then(err == nil)
		}
	})
}

// discardDraft drops the draft: the sliders, chart and tree return to the
// base.
func (p *Pane) discardDraft() {
	if p.engine == nil {
		return
	}
	p.showSelected(lang.L("whatif.base_option"))
	p.selectScenario("")
}
