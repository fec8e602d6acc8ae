// Package ui is KPI Tree's Fyne shell: the main window (menus, shortcuts,
// status bar, remembered size and recent files, start page, salvage),
// composing the tree canvas (app/ui/treecanvas), the inspector
// (app/ui/inspector), the Problems tab (app/ui/problemspane) and the panes
// the bottom tabs show. With its packages it is the only code besides
// app/theme that imports fyne.
//
// The shell drives a Workspace, a small interface declared here and
// implemented over app/workspace by Adapter. Workspace callbacks may
// arrive on any goroutine. Long work runs through the job
// runner of app/ui/uikit, and its outcome reaches the UI goroutine through
// uikit.Post / uikit.DoAndWait only.
//
// The shell composes the parts, each in its own package (app/ui/whatifpane,
// app/ui/chartspane, app/ui/impactpane, app/ui/forecastpane,
// app/ui/datapane, app/ui/reviewpane, app/ui/goalseek, app/ui/inspector,
// app/ui/sources), each declaring the small Workspace interface it needs,
// which the shell's Adapter satisfies; the template gallery
// (app/ui/gallery) takes the opener's templates and the canvas's picture
// of a tree.
//
// Every user-visible string goes through Fyne's lang package with keys
// from assets/translations (en.json, ja.json, and optional prefix.en.json /
// prefix.ja.json pairs); the language follows the OS or a stored setting
// that applies at the next start.
//
// Error contract: constructors fail with uikit.ErrMissingDependency for missing
// dependencies; user input (formulas, numbers, file names) never panics;
// errors shown to users go through uikit.UserMessage, which says what to do next.
package ui
