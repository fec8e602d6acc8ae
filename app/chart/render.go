package chart

import (
	"bufio"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"runtime"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is a chart ready to draw: *FanChart, *ScenarioCompare, *Waterfall,
// *Tornado, *TreePicture or *SmallMultiples. The set is closed because each
// figure relies on the package's layout and font set-up.
type Figure interface {
	// Kind names the chart type as used in batch file names: "fan",
	// "compare", "waterfall", "tornado", "tree" or "multiples".
	Kind() string
	// validate reports input errors before anything is drawn, so an
	// export never writes half a file.
	validate() error
	theme() Theme
	draw(c draw.Canvas, f *frame)
}

// RenderImage draws fig into a new wPx × hPx image at 96 dpi, for showing
// in the app (hand it to canvas.NewImageFromImage; no encoding happens).
func RenderImage(fig Figure, wPx, hPx int) (image.Image, error) {
	if wPx < 48 || hPx < 48 {
		return nil, fmt.Errorf("render %d×%d px: %w (use at least 48×48 px)", wPx, hPx, ErrBadSize)
	}
	size := SizePixels(wPx, hPx, defaultDPI)
	c, err := rasterize(fig, size)
	if err != nil {
		return nil, err
	}
	return c.Image(), nil
}

// Write draws fig at size and encodes it to w in format. Nothing is written
// when the figure or the size is invalid.
func Write(w io.Writer, fig Figure, format Format, size Size) error {
	if err := size.Validate(); err != nil {
		return fmt.Errorf("write %s: %w", format, err)
	}
	switch format {
	case PNG:
		c, err := rasterize(fig, size)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		// BestSpeed: default compression costs ~90 ms a chart for a few
		// per cent of file size, and batch exports write hundreds.
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(bw, c.Image()); err != nil {
			return fmt.Errorf("write png: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write png: %w", err)
		}
		return nil
	case SVG, PDF:
		if fig == nil {
			return fmt.Errorf("write %s: %w (no figure)", format, ErrNoData)
		}
		if err := prepare(fig); err != nil {
			return err
		}
		wd, ht := vg.Length(size.Width)*vg.Inch, vg.Length(size.Height)*vg.Inch
		var cw vg.CanvasWriterTo
		if format == SVG {
			cw = vgsvg.New(wd, ht)
		} else {
			pc := vgpdf.New(wd, ht)
			pc.EmbedFonts(false) // text is drawn as outlines: nothing to embed
			cw = pc
		}
		cw = &outlineCanvas{CanvasWriterTo: cw}
		if err := drawOn(fig, draw.NewCanvas(cw, wd, ht), true); err != nil {
			return err
		}
		if _, err := cw.WriteTo(w); err != nil {
			return fmt.Errorf("write %s: %w", format, err)
		}
		return nil
	default:
		return fmt.Errorf("write: %w %v (use png, svg or pdf)", ErrUnknownFormat, format)
	}
}

// prepare registers the font and validates fig.
func prepare(fig Figure) error {
	if err := registerFont(); err != nil {
		return err
	}
	if err := fig.validate(); err != nil {
		return fmt.Errorf("draw %s chart: %w", fig.Kind(), err)
	}
	return nil
}

func rasterize(fig Figure, size Size) (*vgimg.Canvas, error) {
	if fig == nil {
		return nil, fmt.Errorf("render: %w (no figure)", ErrNoData)
	}
	if err := size.Validate(); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := prepare(fig); err != nil {
		return nil, err
	}
	pal := paletteFor(fig.theme())
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(size.Width)*vg.Inch, vg.Length(size.Height)*vg.Inch),
		vgimg.UseDPI(int(math.Round(size.dpi()))),
		vgimg.UseBackgroundColor(pal.background),
	)
	// The raster canvas was cleared to the background already; filling it
	// again as a path would cost half the render time.
	if err := drawOn(fig, draw.New(c), false); err != nil {
		return nil, err
	}
	return c, nil
}

// drawOn paints the background and the figure. gonum/plot reports some
// impossible geometry by panicking; those panics are turned into errors at
// this one boundary so user data never crashes the app, while runtime
// errors (bugs in this package) still crash loudly.
func drawOn(fig Figure, c draw.Canvas, paintBackground bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if re, ok := r.(runtime.Error); ok {
				panic(re)
			}
			err = fmt.Errorf("draw %s chart: %w: %v", fig.Kind(), ErrBadInput, r)
		}
	}()
	f := newFrame(fig.theme(), c)
	if paintBackground {
		c.SetColor(f.pal.background)
		c.Fill(c.Rectangle.Path())
	}
	fig.draw(c, f)
	return nil
}
