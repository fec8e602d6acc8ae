// Package gallery is KPI Tree's template gallery: the templates a new
// workspace can start from, as cards in a grid (a picture of the tree, the
// name, the product–market-fit stage and the description), with a search
// box that filters them as the user types, in English or Japanese.
//
// The gallery declares what it needs: the templates (Params.Templates, as
// the shell's opener lists them) and a function that draws a tree
// (Params.Preview, the canvas's painter in the shell); it reads no
// workspace and writes nothing.
//
// Error contract: none of its functions fails; a template whose tree
// cannot be built is shown by its name with an icon instead of a picture,
// and any search text (full-width, mixed case, emoji) is matched without
// panicking.
package gallery
