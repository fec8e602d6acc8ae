// Package sources is the Fyne UI for database sources: a connection
// manager (add, test, remove) and a query editor that previews the first
// rows and the series the database aggregates, then binds leaves to the
// columns like the file import does. It declares the small Workspace
// interface it needs; the use cases live in app/workspace and app/source.
//
// Long work (testing a connection, running a query) runs off the UI
// goroutine with a progress dialog whose Cancel cancels the query's
// context; results are applied on the UI goroutine by uikit's job runner, and
// connections and datasets are stored through its writer. A password typed here goes to
// the OS keyring when there is one, else it is kept in memory for the
// session: it is never written to the workspace.
package sources
