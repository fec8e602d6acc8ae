package pack_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/assets"
)

// TestWriteHTML_InChromium opens the pack in headless Chromium (Debian's
// chromium) as on a fresh machine — no Japanese system font, every network
// route closed: the page must load nothing but itself, its font must load,
// and the Japanese title must be drawn with it, not as missing-glyph boxes.
// KPITREE_PACK_SHOTS=DIR keeps a full-page screenshot.
func TestWriteHTML_InChromium(t *testing.T) {
	browser := tool(t, "chromium")
	for _, lang := range []report.Lang{report.Japanese, report.English} {
		t.Run(string(lang), func(t *testing.T) {
			doc, _ := build(t, lang)
			path := filepath.Join(t.TempDir(), "pack.html")
			var b bytes.Buffer
			if err := pack.WriteHTML(&b, doc); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
				chromedp.DisableGPU, chromedp.WindowSize(1280, 800), chromedp.Env("FONTCONFIG_FILE="+latinOnlyFonts(t)),
				// No network: a proxy that is not there and no name resolves.
				chromedp.ProxyServer("127.0.0.1:9"), chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"))
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
			defer cancelA()
			var mu sync.Mutex
			var requests, failures []string
			bctx, cancelB := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *network.EventRequestWillBeSent:
					requests = append(requests, e.Request.URL)
				case *network.EventLoadingFailed:
					failures = append(failures, e.ErrorText)
				}
			}))
			defer cancelB()
			if err := chromedp.Do(bctx); err != nil {
				t.Fatalf("chromium: %v", err)
			}
			if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(bctx, chromedp.Navigate("file://"+path)); err != nil {
				t.Fatal(err)
			}
			fonts, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`document.fonts.load('16px "KPI Tree Sans"', document.title).then(() =>
				[...document.fonts].map(f => f.family + ":" + f.status))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			title, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("h1")))
			if err != nil {
				t.Fatal(err)
			}
			// The title drawn in the page's font must not look like the
			// same number of unassigned code points (the missing-glyph box):
			// with no Japanese font on the system, only the embedded one
			// can draw it.
			tofu, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => {
				const draw = s => { const c = document.createElement("canvas"); c.width = 1200; c.height = 60;
					const x = c.getContext("2d"); x.font = '32px "KPI Tree Sans", sans-serif'; x.fillText(s, 4, 44);
					return Array.from(x.getImageData(0, 0, c.width, c.height).data).join(","); };
				const t = document.title.replace(/[\x00-\x7f]/g, "");
				return draw(t) === draw("\u0378".repeat([...t].length)); })()`))
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, u := range requests {
				if u != "file://"+path && !strings.HasPrefix(u, "data:") {
					t.Errorf("the page requested %q", u)
				}
			}
			if len(failures) > 0 {
				t.Errorf("resources failed to load: %q", failures)
			}
			if len(fonts) != 1 || fonts[0] != `"KPI Tree Sans":loaded` && fonts[0] != "KPI Tree Sans:loaded" {
				t.Errorf("fonts = %q, want the embedded font loaded", fonts)
			}
			if title != doc.Title {
				t.Errorf("h1 = %q, want %q", title, doc.Title)
			}
			if tofu && lang == report.Japanese {
				t.Errorf("the Japanese title draws as missing-glyph boxes: the embedded font is not used")
			}
			if len(shot) < 10_000 {
				t.Errorf("screenshot is %d bytes: nothing drawn?", len(shot))
			}
			if dir := os.Getenv("KPITREE_PACK_SHOTS"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "review-pack-"+string(lang)+".jpg"), shot, 0o644); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// latinOnlyFonts writes a fontconfig file whose only font has Latin
// letters alone (the embedded font cut to ASCII), so Chromium has a system
// font to fall back on, as every desktop has, but no Japanese one. (With
// no font at all Chromium draws no text, web fonts included.)
func latinOnlyFonts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var ascii strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		ascii.WriteRune(r)
	}
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fonts", "latin.ttf"), fpdf.UTF8CutFont(assets.FontIPAexGothic, ascii.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	xml := `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>` + filepath.Join(dir, "fonts") +
		`</dir><cachedir>` + filepath.Join(dir, "cache") + `</cachedir></fontconfig>`
	if err := os.WriteFile(conf, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}
