package chart

import "errors"

// ErrNoData means the figure has nothing to draw: every series is empty or
// all values are missing. Bind data to the node or choose another node.
var ErrNoData = errors.New("no data to draw")

// ErrBadInput means the figure's input is inconsistent, for example forecast
// bands of different lengths, waterfall parts that do not add up to the
// change, or a non-finite value where a number is required.
var ErrBadInput = errors.New("invalid chart input")

// ErrBadTree means the nodes passed to LayoutTree or TreePicture do not form
// a forest: an ID is empty or repeated, or parent links form a cycle.
var ErrBadTree = errors.New("invalid tree")

// ErrUnknownFormat means the export format is not one of png, svg or pdf.
var ErrUnknownFormat = errors.New("unknown export format")

// ErrBadSize means the requested size or resolution is outside what can be
// drawn (too small to hold the text, or too large for memory).
var ErrBadSize = errors.New("invalid chart size")
