package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/kpitree/kpitree/app/ui/reviewpane"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// ReviewPane is the Review tab (app/ui/reviewpane) over ws; badge marks
// the tab with the number of alerts the latest evaluation fired.
func ReviewPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope, badge func(n int)) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	// Scrolled like the other panes: its bars are wider than a laptop's
	// bottom area.
	return container.NewScroll(reviewpane.New(w, a, scope, badge).Content())
}

// reviewUnbadged is the Review tab for callers that build a pane with
// Pane.Make (its tab title then never counts alerts).
func reviewUnbadged(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	return ReviewPane(w, ws, scope, nil)
}

var _ reviewpane.Workspace = (*Adapter)(nil)
