package uikit

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
)

// NeedWorkspace is the placeholder of an analysis pane without a workspace
// file (none open, or the in-memory demo).
func NeedWorkspace(err error) fyne.CanvasObject {
	l := widget.NewLabel(lang.L("pane.need_workspace"))
	if errors.Is(err, ErrNoWorkspace) {
		l.SetText(lang.L("error.no_workspace"))
	}
	l.Wrapping = fyne.TextWrapWord
	return container.NewPadded(l)
}

// ChartTheme matches the charts to the app's theme: the background's
// brightness decides, because the app theme may force light or dark
// whatever the system variant says.
func ChartTheme() chart.Theme {
	a := fyne.CurrentApp()
	if a == nil {
		return chart.Light
	}
	s := a.Settings()
	r, g, b, _ := s.Theme().Color(theme.ColorNameBackground, s.ThemeVariant()).RGBA()
	if 299*r+587*g+114*b < 1000*0x8000 {
		return chart.Dark
	}
	return chart.Light
}

// BuildCharts builds the requested figures of ws in the UI language, the
// way `kpitreectl export` builds them (report.Builder).
func BuildCharts(ctx context.Context, ws report.Source, req report.Request) ([]chart.Job, error) {
	bd, err := report.NewBuilder(ws, Translator())
	if err != nil {
		return nil, err
	}
	return bd.Build(ctx, req)
}
