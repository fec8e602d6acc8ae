// Package chart draws the KPI Tree figures that planners paste into decks:
// fan charts (actuals, forecast median, 80 % and 95 % bands, target and RAG
// band, scenario lines), scenario comparisons, attribution waterfalls,
// sensitivity tornados, the whole KPI tree as a diagram, and small multiples
// of every leaf.
//
// Inputs are plain structs (FanChart, ScenarioCompare, Waterfall, Tornado,
// TreePicture, SmallMultiples); the workspace layer converts its results into
// them and passes every label already translated. The package never imports
// fyne or the workspace: the UI renders a figure with RenderImage (an
// image.Image, no encoding) and exports use Write or Batch (PNG, SVG, PDF),
// so the screen and the deck show the same picture.
//
// Numbers are written with thousands separators (¥12,119,471) unless a
// Unit asks for NumberingJapanese (¥1,212万, ¥8.86億): the caller chooses
// from the UI or workspace language, the package never guesses.
//
// All text is set in the embedded IPAexGothic font, registered with
// gonum/plot exactly once, so Japanese labels render in every format. SVG
// and PDF exports draw text as glyph outlines (see outline.go): plot's PDF
// backend cannot encode Japanese, and outlines make every format look like
// the PNG without depending on the reader's fonts.
//
// Error contract: drawing functions never panic on user data. Invalid input
// (no data, mismatched band lengths, parts that do not add up, unknown
// format, a size that is too small or too large, a tree with a cycle) is
// reported as an error wrapping one of the sentinel errors in errors.go, so
// callers can test with errors.Is and show the message, which says what to
// fix.
package chart
