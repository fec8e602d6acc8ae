package kpitree

import (
	"fmt"
	"strconv"
	"strings"
)

// Preset is a common formula shape offered when a node is factored into
// children. Presets are only a way to write formula text.
type Preset string

// The presets.
const (
	PresetProduct    Preset = "product"    // a * b * c
	PresetSum        Preset = "sum"        // a + b + c
	PresetDifference Preset = "difference" // a - b - c
	PresetRatio      Preset = "ratio"      // a / b
)

// PresetFormula builds the formula text of a preset over child ids (ids
// that are not plain identifiers are quoted). Ratio takes exactly two
// children; the others at least one.
func PresetFormula(p Preset, children ...string) (string, error) {
	var sep string
	switch p {
	case PresetProduct:
		sep = " * "
	case PresetSum:
		sep = " + "
	case PresetDifference:
		sep = " - "
	case PresetRatio:
		sep = " / "
		if len(children) != 2 {
			return "", fmt.Errorf("ratio preset: %d children: %w: pick a numerator and a denominator", len(children), ErrBadOp)
		}
	default:
		return "", fmt.Errorf("preset %q: %w: use product, sum, difference or ratio", p, ErrBadOp)
	}
	if len(children) == 0 {
		return "", fmt.Errorf("%s preset: %w: pick at least one child", p, ErrBadOp)
	}
	parts := make([]string, len(children))
	for i, c := range children {
		if ValidID(c) {
			parts[i] = c
		} else {
			parts[i] = strconv.Quote(c)
		}
	}
	return strings.Join(parts, sep), nil
}
