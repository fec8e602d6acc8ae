package chartspane

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// fakeClipboard records what Copy image writes, or refuses like a session
// without a clipboard service.
type fakeClipboard struct {
	got []byte
	err error
}

func (f *fakeClipboard) WritePNG(b []byte) error {
	if f.err != nil {
		return f.err
	}
	f.got = append([]byte(nil), b...)
	return nil
}

func TestChartsPane_CopyImage(t *testing.T) {
	w := uitest.NewWindow(t)
	a := newTestWorkspace(t)
	p := New(w, a, nil)
	p.Wait()
	w.SetContent(p.Content())
	p.Wait()

	t.Run("should put the visible chart on the clipboard as a slide-size PNG", func(t *testing.T) {
		clip := &fakeClipboard{}
		p.clip = clip
		p.copyImage()
		if len(clip.got) == 0 {
			t.Fatal("nothing written to the clipboard")
		}
		img, err := png.Decode(bytes.NewReader(clip.got))
		if err != nil {
			t.Fatalf("clipboard holds no PNG: %v", err)
		}
		s := chart.SizeSlide()
		wantW, wantH := int(math.Round(s.Width*s.DPI)), int(math.Round(s.Height*s.DPI))
		if b := img.Bounds(); abs(b.Dx()-wantW) > 1 || abs(b.Dy()-wantH) > 1 {
			t.Fatalf("image %v, want the slide size %d×%d", b.Size(), wantW, wantH)
		}
		if p.status.Text == "" || !p.status.Visible() {
			t.Fatal("no confirmation after copying")
		}
	})
	t.Run("should save a PNG and copy its path when the clipboard takes no images", func(t *testing.T) {
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv("HOME", t.TempDir())
		p.clip = &fakeClipboard{err: uikit.ErrNoImageClipboard}
		fyne.CurrentApp().Clipboard().SetContent("")
		p.copyImage()
		got := fyne.CurrentApp().Clipboard().Content()
		if !strings.HasSuffix(got, ".png") {
			t.Fatalf("clipboard text %q, want the saved PNG's path", got)
		}
	})
	t.Run("should report that the clipboard takes no images in a build without it", func(t *testing.T) {
		err := platform.Clipboard{}.WritePNG([]byte{1})
		if err != nil && !errors.Is(err, uikit.ErrNoImageClipboard) {
			t.Fatalf("err = %v, want uikit.ErrNoImageClipboard or success", err)
		}
	})
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
