package chart

import (
	"image/color"
)

// Theme selects the colour scheme. The zero value is Light, the print theme
// used for exports; Dark matches the app's dark mode.
type Theme int

const (
	// Light is dark ink on white: for decks, print and PDF.
	Light Theme = iota
	// Dark is light ink on a near-black background, for the app's dark mode.
	Dark
)

// palette holds every colour a figure uses. The series colours follow the
// Okabe–Ito palette, which stays distinguishable for the common forms of
// colour blindness; scenarios also differ by dash pattern so they survive
// greyscale printing.
type palette struct {
	background, text, muted, grid, axis color.Color
	actual, forecast                    color.Color
	band80, band95                      color.Color
	target                              color.Color
	scenarios                           []color.Color
	up, down, total                     color.Color
	green, amber, red                   color.Color
	greenBand, amberBand, redBand       color.Color
	box, boxBorder                      color.Color
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// tint returns hex laid over bg at opacity a/255, as an opaque colour.
// Tints are pre-blended because gonum/plot's PDF backend passes
// premultiplied components as if they were straight, which turns
// translucent fills grey; opaque colours look the same in every format.
func tint(hex uint32, a uint8, bg color.NRGBA) color.NRGBA {
	c := rgb(hex)
	mix := func(f, b uint8) uint8 { return uint8((int(f)*int(a) + int(b)*(255-int(a)) + 127) / 255) }
	return color.NRGBA{R: mix(c.R, bg.R), G: mix(c.G, bg.G), B: mix(c.B, bg.B), A: 0xff}
}

// paletteFor returns the colours of th; unknown themes fall back to Light.
func paletteFor(th Theme) palette {
	okabeIto := []color.Color{
		rgb(0xE69F00), // orange
		rgb(0xCC79A7), // reddish purple
		rgb(0x009E73), // bluish green
		rgb(0xD55E00), // vermillion
		rgb(0x56B4E9), // sky blue
	}
	if th == Dark {
		bg := rgb(0x1E1F22)
		rgba := func(hex uint32, a uint8) color.NRGBA { return tint(hex, a, bg) }
		return palette{
			background: bg, text: rgb(0xECECEC), muted: rgb(0xA0A4AB),
			grid: rgb(0x34373D), axis: rgb(0x6B7079),
			actual: rgb(0xF2F2F2), forecast: rgb(0x56B4E9),
			band80: rgba(0x56B4E9, 0x80), band95: rgba(0x56B4E9, 0x40),
			target: rgb(0xC8C8C8), scenarios: okabeIto,
			up: rgb(0x2BB58E), down: rgb(0xE8743B), total: rgb(0x7D8EA8),
			green: rgb(0x2BB58E), amber: rgb(0xE6A817), red: rgb(0xE8743B),
			greenBand: rgba(0x009E73, 0x22), amberBand: rgba(0xE69F00, 0x22), redBand: rgba(0xD55E00, 0x22),
			box: rgb(0x2A2C31), boxBorder: rgb(0x4A4E56),
		}
	}
	bg := rgb(0xFFFFFF)
	rgba := func(hex uint32, a uint8) color.NRGBA { return tint(hex, a, bg) }
	return palette{
		background: bg, text: rgb(0x1F2328), muted: rgb(0x636C76),
		grid: rgb(0xE4E7EB), axis: rgb(0x9AA1A9),
		actual: rgb(0x1F2328), forecast: rgb(0x0072B2),
		band80: rgba(0x0072B2, 0x5C), band95: rgba(0x0072B2, 0x26),
		target: rgb(0x57606A), scenarios: okabeIto,
		up: rgb(0x009E73), down: rgb(0xD55E00), total: rgb(0x44546A),
		green: rgb(0x009E73), amber: rgb(0xE69F00), red: rgb(0xD55E00),
		greenBand: rgba(0x009E73, 0x18), amberBand: rgba(0xE69F00, 0x1C), redBand: rgba(0xD55E00, 0x18),
		box: rgb(0xF6F8FA), boxBorder: rgb(0xD0D7DE),
	}
}

// scenarioColor returns the colour of the i-th scenario, cycling.
func (p palette) scenarioColor(i int) color.Color {
	return p.scenarios[((i%len(p.scenarios))+len(p.scenarios))%len(p.scenarios)]
}
