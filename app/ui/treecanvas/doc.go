// Package treecanvas draws a KPI tree: the canvas (boxes and connectors in
// a tidy layout, with zoom, pan, collapse, selection, keyboard navigation
// and drag-to-reparent), the overview map in its corner, the outline that
// mirrors it, and the small picture of a tree the template gallery shows.
//
// It draws report.BoxModel values, the boxes app/report builds from a
// workspace's series (report.BuildBoxes), and reads no workspace: the
// shell hands it the boxes, the checker's worst finding per node
// (SetProblems) and the nodes with notes (SetAnnotated), and acts on the
// user's gestures through the canvas's On… callbacks.
//
// Error contract: nothing here fails. Boxes whose parent is unknown or
// would close a loop are drawn as roots, so whatever the shell hands the
// canvas is shown. Every method must run on the UI goroutine.
package treecanvas
