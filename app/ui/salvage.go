package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// Salvage in the app: when a workspace cannot be opened because some of its
// records are damaged (store.ErrDamagedRecords: the page structure is
// sound), the open-failure dialog and the start page offer "Salvage into a
// new file…". The user picks where (beside the file by default, never an
// existing file without asking, never the damaged file itself), the copy is
// made off the UI goroutine by workspace.SalvageReplacing, the report says
// what was saved and what was lost, and the copy opens. The damaged file is
// only read.

// damagedOpen returns the open failure in err when salvage can help it.
func damagedOpen(err error) (*uikit.OpenError, bool) {
	var oe *uikit.OpenError
	if errors.As(err, &oe) && errors.Is(err, store.ErrDamagedRecords) {
		return oe, true
	}
	return nil, false
}

// offerSalvage shows why src could not be opened and offers to salvage it.
func (s *Shell) offerSalvage(oe *uikit.OpenError) {
	msg := widget.NewLabel(uikit.UserMessage(oe))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	salvage := widget.NewButtonWithIcon(lang.L("salvage.button"), theme.DocumentSaveIcon(), func() {
		d.Hide()
		s.chooseSalvageTarget(oe.Path)
	})
	salvage.Importance = widget.HighImportance
	closeBtn := widget.NewButton(lang.L("dialog.close"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(lang.L("salvage.offer_title"), msg, s.win)
	d.SetButtons([]fyne.CanvasObject{closeBtn, salvage})
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// chooseSalvageTarget asks where to write the salvaged copy of src, then
// salvages into it.
func (s *Shell) chooseSalvageTarget(src string) {
	def := workspace.SalvagePath(src)
	title := lang.L("salvage.target_title", map[string]any{"File": filepath.Base(src)})
	same := fmt.Errorf("salvage %s: %w", filepath.Base(src), workspace.ErrSalvageOntoSource)
	uikit.ShowSaveFormTitled(s.win, title, lang.L("salvage.confirm"), filepath.Dir(def), filepath.Base(def), src, same, func(dst string) {
		_, err := os.Lstat(dst)
		s.salvage(src, dst, err == nil) // the form asked before naming an existing file
	})
}

// salvage copies the intact records of src into dst off the UI goroutine,
// opens the copy and shows what was saved and lost.
func (s *Shell) salvage(src, dst string, replace bool) {
	var (
		rep workspace.SalvageReport
		ws  Workspace
	)
	s.runAsync(lang.L("salvage.busy", map[string]any{"File": filepath.Base(src)}), func(ctx context.Context) error {
		var err error
		if rep, err = workspace.SalvageReplacing(src, dst, replace); err != nil {
			return err
		}
		ws, err = s.opener.Open(ctx, dst)
		if err != nil {
			return &uikit.OpenError{Path: dst, Err: err}
		}
		return nil
	}, func() {
		s.SetWorkspace(ws, lang.L("salvage.status", map[string]any{"File": filepath.Base(dst)}))
		s.setMessage("")
		s.showSalvageReport(src, dst, rep)
	})
}

// showSalvageReport says what the copy holds and what was lost.
func (s *Shell) showSalvageReport(src, dst string, rep workspace.SalvageReport) {
	l := widget.NewLabel(SalvageReportText(src, dst, rep))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("salvage.report_title"), lang.L("dialog.close"), container.NewVScroll(l), s.win)
	d.Resize(fyne.NewSize(600, min(520, l.MinSize().Height+160)))
	d.Show()
}

// SalvageReportText words a salvage report in the user's language: what
// was copied, each lost record named, the nodes taken out of the tree, and
// that the damaged file is unchanged.
func SalvageReportText(src, dst string, rep workspace.SalvageReport) string {
	args := map[string]any{"File": filepath.Base(src), "New": filepath.Base(dst), "Copied": rep.Copied, "Steps": rep.HistoryKept}
	parts := []string{lang.L("salvage.copied", args)}
	if len(rep.Items) == 0 {
		parts = append(parts, lang.L("salvage.nothing_lost"))
	} else {
		lines := []string{lang.L("salvage.lost_heading", map[string]any{"Count": len(rep.Items)})}
		for _, it := range rep.Items {
			lines = append(lines, "• "+LostItemText(it))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if len(rep.Dropped) > 0 {
		parts = append(parts, lang.L("salvage.dropped", map[string]any{"Nodes": strings.Join(rep.Dropped, ", ")}))
	}
	parts = append(parts, lang.L("salvage.original_kept", args))
	return strings.Join(parts, "\n\n")
}

// lostKindKey prefixes the translation keys of workspace.LostKinds (listed
// in i18n_test.go).
const lostKindKey = "salvage.kind."

// LostItemText names one lost item in the user's language.
func LostItemText(it workspace.LostItem) string {
	kind := lostKindKey + it.Kind
	args := map[string]any{"Kind": lang.L(kind), "Name": it.Name, "Count": it.Count}
	switch it.What {
	case store.LostMissing:
		return lang.L("salvage.lost.missing", args)
	case store.LostRest:
		return lang.L("salvage.lost.rest", args)
	case store.LostBucket:
		return lang.L("salvage.lost.bucket", args)
	case store.LostHistory:
		return lang.L("salvage.lost.history", args)
	}
	if it.Name == "" {
		return lang.L(kind)
	}
	return lang.L("salvage.lost.record", args)
}
