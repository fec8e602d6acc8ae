// Package uitest holds helpers for the UI's tests. Every test that lays
// out, measures or draws text must use the app's theme with the embedded
// font: Fyne's test theme falls back to whatever fonts the machine has, so
// a test using it passes or fails depending on the installed fonts.
package uitest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	apptheme "github.com/kpitree/kpitree/app/theme"
)

// NewApp returns Fyne's headless test app with the app's light theme set,
// torn down when tb ends.
func NewApp(tb testing.TB) fyne.App {
	tb.Helper()
	a := test.NewTempApp(tb)
	a.Settings().SetTheme(apptheme.New(apptheme.ModeLight))
	return a
}
