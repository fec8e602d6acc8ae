package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// Preference keys. They are part of the stored settings: renaming one
// loses the user's setting.
const (
	prefWidth       = "window.width"
	prefHeight      = "window.height"
	prefRecent      = "recent"
	prefTheme       = "theme"
	prefLanguage    = "language"
	prefOrientation = "view.orientation"
	prefShowOutline = "view.outline"
	prefShowCharts  = "view.charts"
)

// MaxRecent is how many recent workspaces File ▸ Open recent lists.
const MaxRecent = 10

// Default window size when none is remembered.
const (
	defaultWidth  float32 = 1280
	defaultHeight float32 = 800
)

// RecentFiles returns the remembered workspace paths, most recent first.
func RecentFiles(p fyne.Preferences) []string {
	return p.StringList(prefRecent)
}

// AddRecentFile puts path first in the recent list, dropping duplicates and
// keeping at most MaxRecent entries.
func AddRecentFile(p fyne.Preferences, path string) {
	if path == "" {
		return
	}
	list := slices.DeleteFunc(RecentFiles(p), func(s string) bool { return s == path || s == "" })
	list = append([]string{path}, list...)
	if len(list) > MaxRecent {
		list = list[:MaxRecent]
	}
	p.SetStringList(prefRecent, list)
}

// RemoveRecentFile forgets path (after it failed to open).
func RemoveRecentFile(p fyne.Preferences, path string) {
	p.SetStringList(prefRecent, slices.DeleteFunc(RecentFiles(p), func(s string) bool { return s == path }))
}

// LanguagePreference returns the stored language setting (uikit.LangSystem if
// unset or invalid).
func LanguagePreference(p fyne.Preferences) uikit.Language {
	l, _ := uikit.ParseLanguage(p.String(prefLanguage))
	return l
}

// SetLanguagePreference stores the language setting for the next start.
func SetLanguagePreference(p fyne.Preferences, l uikit.Language) {
	p.SetString(prefLanguage, string(l))
}

// windowSize returns the remembered window size, or the default.
func windowSize(p fyne.Preferences) fyne.Size {
	w := float32(p.FloatWithFallback(prefWidth, float64(defaultWidth)))
	h := float32(p.FloatWithFallback(prefHeight, float64(defaultHeight)))
	if w < 400 || h < 300 {
		return fyne.NewSize(defaultWidth, defaultHeight)
	}
	return fyne.NewSize(w, h)
}

func saveWindowSize(p fyne.Preferences, s fyne.Size) {
	if s.Width < 400 || s.Height < 300 {
		return
	}
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}
