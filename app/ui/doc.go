// Package ui is KPI Tree's Fyne user interface: the main window (menus,
// shortcuts, status bar, remembered size and recent files), the tree
// canvas, the outline, the inspector, and the panes the bottom tabs show.
// It is the only package besides app/theme that imports fyne.
//
// The UI drives a Workspace, a small interface declared here and
// implemented over app/workspace (Adapter) and in memory (Demo). Workspace
// callbacks may arrive on any goroutine. Long work runs through the job
// runner of app/ui/uikit, and its outcome reaches the UI goroutine through
// uikit.Post / uikit.DoAndWait only.
//
// The shell composes the panes: those in their own packages
// (app/ui/whatifpane, app/ui/chartspane, app/ui/impactpane,
// app/ui/forecastpane, app/ui/datapane, app/ui/goalseek) each declare the small Workspace interface they need,
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
