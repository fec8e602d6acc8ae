package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/datapane"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/goalseek"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/ui/whatifpane"
)

// AnalysisPanes are the bottom tabs over a file-backed workspace: what-if,
// charts, impact, forecast, data and review. Each is a screen value built from the
// window and the workspace (rule 5 of the style guide); without a workspace
// file they ask the user to open one.
func AnalysisPanes() []Pane {
	return []Pane{
		{TitleKey: "pane.whatif", Make: WhatIfPane},
		{TitleKey: "pane.charts", Make: ChartsPane},
		{TitleKey: "pane.impact", Make: ImpactPane},
		{TitleKey: "pane.forecast", Make: ForecastPane},
		{TitleKey: "pane.data", Make: DataPane},
		{TitleKey: "pane.review", Make: reviewUnbadged, MakeBadged: ReviewPane, BadgeKey: "pane.review_alerts"},
	}
}

// The analysis tabs, each its own package over the adapter, which
// satisfies each pane's small Workspace interface (checked below). The
// data tab also makes a data file dropped on the window open the binding
// wizard.
var (
	WhatIfPane   = overFile(func(w fyne.Window, a *Adapter, s *uikit.PaneScope) paneContent { return whatifpane.New(w, a, s) })
	ChartsPane   = overFile(func(w fyne.Window, a *Adapter, s *uikit.PaneScope) paneContent { return chartspane.New(w, a, s) })
	ImpactPane   = overFile(func(w fyne.Window, a *Adapter, s *uikit.PaneScope) paneContent { return impactpane.New(w, a, s) })
	ForecastPane = overFile(func(w fyne.Window, a *Adapter, s *uikit.PaneScope) paneContent { return forecastpane.New(w, a, s) })
	DataPane     = overFile(func(w fyne.Window, a *Adapter, s *uikit.PaneScope) paneContent { return datapane.New(w, a, s) })
)

var (
	_ whatifpane.Workspace   = (*Adapter)(nil)
	_ chartspane.Workspace   = (*Adapter)(nil)
	_ impactpane.Workspace   = (*Adapter)(nil)
	_ forecastpane.Workspace = (*Adapter)(nil)
	_ datapane.Workspace     = (*Adapter)(nil)
	_ goalseek.Workspace     = (*Adapter)(nil)
)

// paneContent is what the shell takes from every pane.
type paneContent interface{ Content() fyne.CanvasObject }

// overFile makes a tab of a pane built over the file-backed workspace
// behind ws, scrolled: a pane's toolbars are wider than a laptop's bottom
// area, and without scrolling their minimum width would widen the whole
// window past the screen. Without a workspace file the tab asks the user
// to open one.
func overFile(build func(fyne.Window, *Adapter, *uikit.PaneScope) paneContent) func(fyne.Window, Workspace, *uikit.PaneScope) fyne.CanvasObject {
	return func(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
		a, err := adapterOf(ws)
		if err != nil {
			return uikit.NeedWorkspace(err)
		}
		return container.NewScroll(build(w, a, scope).Content())
	}
}

// adapterOf is the file-backed workspace behind ws, which every analysis
// pane's own small interface is satisfied by; an error wrapping
// uikit.ErrNoWorkspace or uikit.ErrNotSupported otherwise.
func adapterOf(ws Workspace) (*Adapter, error) {
	if ws == nil {
		return nil, uikit.ErrNoWorkspace
	}
	if a, ok := ws.(*Adapter); ok && a != nil && a.Workspace != nil {
		return a, nil
	}
	return nil, fmt.Errorf("analysis: %w", uikit.ErrNotSupported)
}
