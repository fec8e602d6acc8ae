// Package chartspane is the charts tab of KPI Tree: the fan, scenario
// comparison, waterfall, tornado and tree charts of the chosen node and
// scenario, built by app/report in the UI language and drawn by app/chart
// exactly as `kpitreectl export` draws them; and the exports the tab
// offers: charts in a batch (the export dialog, with progress and cancel),
// the visible chart to the clipboard, and every node's numbers to CSV or
// XLSX.
//
// The pane declares the Workspace it needs (the exports only a Source);
// the shell's adapter satisfies it. Drawing runs on a coalescer (the
// latest request wins), exports on the pane's job runner; nothing here
// writes to the workspace.
//
// Error contract: export failures (no data, a bad file name, the open
// workspace's own file, a cancelled run) are shown through
// uikit.UserMessage, which says what to do next; files are written through
// a temporary file renamed into place, so a failure leaves none half
// written.
package chartspane
