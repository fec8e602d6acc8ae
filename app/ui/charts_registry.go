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
		{TitleKey: "pane.whatif", Make: scrolled(WhatIfPane)},
		{TitleKey: "pane.charts", Make: scrolled(ChartsPane)},
		{TitleKey: "pane.impact", Make: scrolled(ImpactPane)},
		{TitleKey: "pane.forecast", Make: scrolled(ForecastPane)},
		{TitleKey: "pane.data", Make: scrolled(DataPane)},
		{TitleKey: "pane.review", Make: reviewUnbadged, MakeBadged: ReviewPane, BadgeKey: "pane.review_alerts"},
	}
}

// scrolled puts a pane in a scroll container: a pane's toolbars are wider
// than a laptop's bottom area, and without scrolling their minimum width
// would widen the whole window past the screen.
func scrolled(make func(fyne.Window, Workspace, *uikit.PaneScope) fyne.CanvasObject) func(fyne.Window, Workspace, *uikit.PaneScope) fyne.CanvasObject {
	return func(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
		return container.NewScroll(make(w, ws, scope))
	}
}

// WhatIfPane is the what-if tab (app/ui/whatifpane) over ws.
func WhatIfPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return whatifpane.New(w, a, scope).Content()
}

var _ whatifpane.Workspace = (*Adapter)(nil)

// ChartsPane is the charts tab (app/ui/chartspane) over ws.
func ChartsPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return chartspane.New(w, a, scope).Content()
}

var _ chartspane.Workspace = (*Adapter)(nil)

// DataPane is the data tab (app/ui/datapane) over ws. It also makes a data
// file dropped on the window open the binding wizard.
func DataPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return datapane.New(w, a, scope).Content()
}

var _ datapane.Workspace = (*Adapter)(nil)

// ForecastPane is the forecast tab (app/ui/forecastpane) over ws.
func ForecastPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return forecastpane.New(w, a, scope).Content()
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

// The adapter satisfies each pane's interface.
var _ forecastpane.Workspace = (*Adapter)(nil)
var _ goalseek.Workspace = (*Adapter)(nil)

// ImpactPane is the impact tab (app/ui/impactpane) over ws.
func ImpactPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	a, err := adapterOf(ws)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return impactpane.New(w, a, scope).Content()
}

var _ impactpane.Workspace = (*Adapter)(nil)
