package theme_test

import (
	"errors"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/kpitree/kpitree/app/theme"
)

const japanese = "付帯売上 アクティブ率"

// renderText draws s in black on white with th and returns the captured image.
func renderText(t *testing.T, th fyne.Theme, s string) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(th)
	bg := canvas.NewRectangle(color.White)
	txt := canvas.NewText(s, color.Black)
	txt.TextSize = 20
	w := test.NewTempWindow(t, container.NewStack(bg, container.NewCenter(txt)))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(260, 40))
	return w.Canvas().Capture()
}

// inkPixels counts pixels that are clearly darker than the white background.
func inkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xa000 {
				n++
			}
		}
	}
	return n
}

// differingPixels counts pixels whose grey levels differ by more than a small
// tolerance, so anti-aliasing noise does not count as a difference.
func differingPixels(a, b image.Image) int {
	n := 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			d := int(ar+ag+ab)/3 - int(br+bg+bb)/3
			if d < 0 {
				d = -d
			}
			if d > 0x2000 {
				n++
			}
		}
	}
	return n
}

func TestTheme_JapaneseGlyphs(t *testing.T) {
	t.Run("should draw Japanese glyphs that differ from the default theme's rendering", func(t *testing.T) {
		// given the same string rendered with our theme and with Fyne's default
		ours := renderText(t, theme.New(theme.ModeLight), japanese)
		def := renderText(t, fynetheme.DefaultTheme(), japanese)

		// then ours has ink, and it is not the default's tofu (or nothing)
		ink := inkPixels(ours)
		if ink < 200 {
			t.Fatalf("ink pixels = %d, want ≥ 200: the Japanese text looks blank", ink)
		}
		if d := differingPixels(ours, def); d < ink/4 {
			t.Fatalf("only %d of %d ink pixels differ from the default theme: glyphs look like the default's fallback", d, ink)
		}
		test.AssertImageMatches(t, "japanese_text.png", ours)
	})
	t.Run("should render Latin text with the embedded font too", func(t *testing.T) {
		img := renderText(t, theme.New(theme.ModeLight), "Add-on revenue")
		if ink := inkPixels(img); ink < 100 {
			t.Fatalf("ink pixels = %d, want ≥ 100", ink)
		}
	})
}

func TestTheme_Font(t *testing.T) {
	th := theme.New(theme.ModeSystem)
	def := fynetheme.DefaultTheme()
	tests := []struct {
		name     string
		style    fyne.TextStyle
		embedded bool
	}{
		{"regular text uses the embedded font", fyne.TextStyle{}, true},
		{"bold text uses the embedded font", fyne.TextStyle{Bold: true}, true},
		{"italic text uses the embedded font", fyne.TextStyle{Italic: true}, true},
		{"monospace keeps Fyne's font", fyne.TextStyle{Monospace: true}, false},
		{"symbols keep Fyne's font", fyne.TextStyle{Symbol: true}, false},
	}
	for _, tt := range tests {
		t.Run("should say "+tt.name, func(t *testing.T) {
			got := th.Font(tt.style)
			if tt.embedded {
				if got.Name() != theme.FontName {
					t.Fatalf("font = %q, want %q", got.Name(), theme.FontName)
				}
				return
			}
			if got.Name() != def.Font(tt.style).Name() {
				t.Fatalf("font = %q, want Fyne's %q", got.Name(), def.Font(tt.style).Name())
			}
		})
	}
}

func TestTheme_Color(t *testing.T) {
	def := fynetheme.DefaultTheme()
	tests := []struct {
		name    string
		mode    theme.Mode
		asked   fyne.ThemeVariant
		usesVar fyne.ThemeVariant
	}{
		{"system mode follows the asked light variant", theme.ModeSystem, fynetheme.VariantLight, fynetheme.VariantLight},
		{"system mode follows the asked dark variant", theme.ModeSystem, fynetheme.VariantDark, fynetheme.VariantDark},
		{"light mode forces light", theme.ModeLight, fynetheme.VariantDark, fynetheme.VariantLight},
		{"dark mode forces dark", theme.ModeDark, fynetheme.VariantLight, fynetheme.VariantDark},
	}
	for _, tt := range tests {
		t.Run("should use the right variant when "+tt.name, func(t *testing.T) {
			got := theme.New(tt.mode).Color(fynetheme.ColorNameBackground, tt.asked)
			want := def.Color(fynetheme.ColorNameBackground, tt.usesVar)
			if got != want {
				t.Fatalf("background = %v, want %v", got, want)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    theme.Mode
		wantErr bool
	}{
		{"", theme.ModeSystem, false},
		{"system", theme.ModeSystem, false},
		{"light", theme.ModeLight, false},
		{"dark", theme.ModeDark, false},
		{"Dark", theme.ModeSystem, true},
		{"purple", theme.ModeSystem, true},
	}
	for _, tt := range tests {
		got, err := theme.ParseMode(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, theme.ErrUnknownMode) {
			t.Errorf("ParseMode(%q) error %v does not wrap ErrUnknownMode", tt.in, err)
		}
	}
	if m := theme.New("bogus").Mode(); m != theme.ModeSystem {
		t.Errorf("New(bogus).Mode() = %q, want system", m)
	}
}
