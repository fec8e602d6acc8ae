package ui_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestUserMessage_OpenFailures checks what a user reads when a workspace
// cannot be opened: one sentence naming the file, no repeated technical
// detail, and a backup named only when it exists.
func TestUserMessage_OpenFailures(t *testing.T) {
	uitest.NewApp(t)
	dir := t.TempDir()
	o := ui.FileOpener{Lang: "en"}
	ctx := context.Background()
	open := func(path string) string {
		t.Helper()
		ws, err := o.Open(ctx, path)
		if err == nil {
			_ = ws.Close()
			t.Fatalf("%s opened", path)
		}
		return uikit.UserMessage(&uikit.OpenError{Path: path, Err: err})
	}
	sample := filepath.Join(dir, "sample.kpitree")
	held, err := o.Create(ctx, sample, ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	good, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rand.N(256))
	}
	damaged := write("damaged.kpitree", random)
	withBak := write("restored.kpitree", random)
	write("restored.kpitree.v2.bak", good)
	tests := []struct {
		name, path string
		want       string
		notWant    string
	}{
		{"a file open in another window", sample, "sample.kpitree is open in another window", ""},
		{"an empty file", write("empty.kpitree", nil), "empty.kpitree is empty", ".bak"},
		{"a truncated file", write("cut.kpitree", good[:100]), "cut.kpitree", ".bak"},
		{"random bytes with no backup", damaged, "damaged.kpitree", ".bak"},
		{"random bytes with a backup beside it", withBak, "restored.kpitree.v2.bak", ""},
		{"a file that is gone", filepath.Join(dir, "gone.kpitree"), "gone.kpitree no longer exists", ".bak"},
	}
	for _, tt := range tests {
		t.Run("should explain "+tt.name+" in one sentence naming the file", func(t *testing.T) {
			msg := open(tt.path)
			if !strings.Contains(msg, tt.want) {
				t.Fatalf("message %q, want it to contain %q", msg, tt.want)
			}
			if tt.notWant != "" && strings.Contains(msg, tt.notWant) {
				t.Fatalf("message %q names %q, which does not exist", msg, tt.notWant)
			}
			if strings.Contains(msg, "(") || strings.Count(msg, ". ") > 1 || strings.Contains(msg, dir) {
				t.Fatalf("message %q repeats detail or the full path", msg)
			}
		})
	}
}
