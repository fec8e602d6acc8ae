package datapane

import (
	"fmt"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
)

// Two questions the binding wizard asks instead of failing or guessing:
// the date order of a file whose dates could all be read day first or
// month first (dataio.AmbiguousDateError), and whether a file that is
// already a dataset refreshes it or is imported beside it
// (ImportPreview.Existing).

// dateOrderKey prefixes the date-order question's run-time keys (listed in
// i18n_test.go).
const dateOrderKey = "dateorder."

// askDateOrder asks which date order path uses when reading it failed
// because every date could be read either way, and reads it again with
// the choice, which the wizard remembers for the file. It reports whether
// it asked; other errors are left to the caller.
func (bw *Wizard) askDateOrder(path string, err error) bool {
	example, readings, ok := workspace.DateOrderChoices(err)
	if !ok || bw.orders[path] != dataio.DateAuto {
		return false // a chosen order that still fails is reported as is
	}
	options := make([]string, len(readings))
	for i, r := range readings {
		key := dateOrderKey + string(r.Order)
		options[i] = lang.L(key, map[string]any{"Example": example, "Date": longDate(r.Date.Year(), int(r.Date.Month()), r.Date.Day())})
	}
	explain := widget.NewLabel(lang.L("dateorder.explain", map[string]any{"File": filepath.Base(path), "Example": example}))
	explain.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	read := widget.NewButton(lang.L("dateorder.read"), nil)
	read.Importance = widget.HighImportance
	read.Disable() // the user chooses: nothing is guessed
	choice := widget.NewRadioGroup(options, func(string) { read.Enable() })
	read.OnTapped = func() {
		i := slices.Index(options, choice.Selected)
		if i < 0 {
			return
		}
		d.Hide()
		bw.orders[path] = readings[i].Order
		bw.load(path)
	}
	cancel := widget.NewButton(lang.L("dialog.cancel"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(lang.L("dateorder.title"), container.NewVBox(explain, choice), bw.win)
	d.SetButtons([]fyne.CanvasObject{cancel, read})
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	bw.dlg = d
	d.Show()
	return true
}

// dateOrderNote says, after the summary, which order the dates were read
// in when the user chose it; or "".
func (bw *Wizard) dateOrderNote() string {
	o := bw.orders[bw.path]
	if o == dataio.DateAuto {
		return ""
	}
	key := dateOrderKey + "order_" + string(o)
	return "\n" + lang.L("dateorder.remembered", map[string]any{"Order": lang.L(key)})
}

// longDate writes a day in the user's language: "5 January 2024",
// "2024年1月5日".
func longDate(year, month, day int) string {
	return lang.L("dateorder.date", map[string]any{
		"Year": year, "Month": lang.L(fmt.Sprintf("%smonth.%d", dateOrderKey, month)), "Day": day,
	})
}

// reimportChoice is the wizard's notice when the file is already a
// dataset: what a refresh would change, and the choice between refreshing
// it (the default) and importing it beside it. It is an empty box when the
// file is new.
func (bw *Wizard) reimportChoice() fyne.CanvasObject {
	p := bw.preview
	bw.reimport = nil
	if p == nil || p.Existing == "" {
		return container.NewVBox()
	}
	name := p.Existing
	for _, d := range bw.ws.Datasets() {
		if d.ID == p.Existing {
			name = d.Name
		}
	}
	title := widget.NewLabelWithStyle(lang.L("reimport.title", map[string]any{"File": filepath.Base(bw.path)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	explain := widget.NewLabel(lang.L("reimport.explain", map[string]any{"Name": name}) + "\n" + DiffText(p.ExistingDiff))
	explain.Wrapping = fyne.TextWrapWord
	bw.reimport = widget.NewRadioGroup([]string{lang.L("reimport.refresh"), lang.L("reimport.new")}, nil)
	bw.reimport.Required = true
	bw.reimport.SetSelected(lang.L("reimport.refresh"))
	return container.NewVBox(widget.NewSeparator(), title, explain, bw.reimport, widget.NewSeparator())
}

// confirmText is the wizard's confirm button: "Refresh the dataset" when
// the file is already one and the user keeps that choice, else "Import and
// bind".
func (bw *Wizard) confirmText() string {
	if bw.reimport != nil && bw.reimport.Selected != lang.L("reimport.new") {
		return lang.L("bind.confirm_refresh")
	}
	return lang.L("bind.confirm")
}

// chosenPreview is the preview to commit: as a refresh of the dataset the
// file already is unless the user chose to import it as a new one.
func (bw *Wizard) chosenPreview() *workspace.ImportPreview {
	if bw.reimport != nil && bw.reimport.Selected != lang.L("reimport.new") {
		return bw.preview.AsRefresh()
	}
	return bw.preview
}
