// Package pack builds the monthly review pack — the tree with its status,
// the root's forecast, the KPIs against their targets and the drivers that
// matter — as one Document, and writes it as a self-contained HTML file
// (fonts and figures embedded, nothing fetched) or as a multi-page PDF
// (real, selectable text, Japanese included). The desktop app and
// `kpitreectl review-pack` both call Build and then WriteHTML or WritePDF,
// so the two packs are the same document.
//
// Every figure and table comes from app/report, in the workspace's
// language; this package only arranges them on pages.
package pack
