package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestWriteReviewPack: File ▸ Export review pack… writes the document
// `kpitreectl review-pack` writes, in the UI's language, and a name that
// is neither .html nor .pdf is refused in words, leaving no file.
func TestWriteReviewPack(t *testing.T) {
	newTestWindow(t)
	a := newSampleAdapterLang(t, "en")
	ws := a.Workspace
	dir := t.TempDir()
	want, err := pack.Build(context.Background(), ws, pack.Options{Lang: report.English})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"review.html", "review.pdf"} {
		path := filepath.Join(dir, name)
		if err := writeReviewPack(context.Background(), ws, path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".html") && !strings.Contains(string(b), "<h1>"+want.Title+"</h1>") {
			t.Errorf("%s lacks the pack's title %q", name, want.Title)
		}
		if strings.HasSuffix(name, ".pdf") && !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("%s is not a PDF", name)
		}
	}
	bad := filepath.Join(dir, "review.docx")
	err = writeReviewPack(context.Background(), ws, bad)
	if !errors.Is(err, pack.ErrFormat) {
		t.Fatalf("err = %v, want pack.ErrFormat", err)
	}
	// The advice first; the technical error follows in parentheses, as in
	// every error message of the app.
	if msg := uikit.UserMessage(err); !strings.HasPrefix(msg, "Name the review pack") {
		t.Errorf("message %q: want the translated advice", msg)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".kpitree-export-*")); len(left) > 0 || fileExists(bad) {
		t.Errorf("a refused pack left files behind: %q", left)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
