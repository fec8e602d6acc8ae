package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

// A pane is built when its tab is first shown: built at once, the panes
// behind hidden tabs ran forecasts and drew charts while the window opened,
// on the cores the window needs (about 150–200 ms of start-up on the
// sample; docs/benchmarks.md).
//
// A pane with a badge marks its tab's title with a count the user should
// see without opening it: the Review tab shows how many alerts the latest
// evaluation fired ("Review (3 alerts)") as soon as an import brings them.
// It is built at once, since the count comes from it.

// tabItem makes pane p's tab: a badged pane is built now and given the
// function that retitles the tab (on the UI goroutine; 0 restores the
// plain title); any other is built by showTab.
func (s *Shell) tabItem(p Pane) *container.TabItem {
	if p.MakeBadged == nil {
		item := container.NewTabItem(lang.L(p.TitleKey), container.NewStack())
		win, ws, scope := s.win, s.ws, s.paneScope
		s.unbuilt[item] = func() fyne.CanvasObject { return p.Make(win, ws, scope) }
		return item
	}
	var item *container.TabItem
	tabs := s.tabs
	badge := func(n int) {
		if item == nil {
			return
		}
		title := lang.L(p.TitleKey)
		if n > 0 {
			title = lang.L(p.BadgeKey, map[string]any{"Count": n})
		}
		if item.Text != title {
			item.Text = title
			tabs.Refresh()
		}
	}
	item = container.NewTabItem(lang.L(p.TitleKey), p.MakeBadged(s.win, s.ws, s.paneScope, badge))
	return item
}

// showTab builds the pane of tab item if it has not been built yet.
func (s *Shell) showTab(item *container.TabItem) {
	build, ok := s.unbuilt[item]
	if !ok {
		return
	}
	delete(s.unbuilt, item)
	item.Content = build()
	s.tabs.Refresh()
}

// TabTitles are the bottom tabs' titles as shown, for tests.
func (s *Shell) TabTitles() []string {
	out := make([]string, len(s.tabs.Items))
	for i, it := range s.tabs.Items {
		out[i] = it.Text
	}
	return out
}

// badgedMaker is the signature of Pane.MakeBadged.
type badgedMaker = func(w fyne.Window, ws Workspace, scope *uikit.PaneScope, badge func(n int)) fyne.CanvasObject
