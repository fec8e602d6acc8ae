// Package report builds everything the user sees as figures and tables,
// without fyne: the chart specs (fan, scenario compare, waterfall,
// tornado, tree picture, small multiples), the tree canvas's boxes
// (BuildBoxes), the impact table and the projection table, with units,
// period and fiscal-year labels, one number formatter (k/M/B in English,
// 万/億 in Japanese) and text translated from the same files the UI's
// lang.L reads (assets/translations/*.json).
//
// The desktop app and kpitreectl both call it, so a figure drawn on screen
// and the same figure exported by the CLI are one spec. app/chart only
// draws what this package builds.
//
// Errors from the workspace are returned wrapped with the figure they were
// for ("waterfall: …"); a figure with nothing to show is left out rather
// than returned empty.
package report
