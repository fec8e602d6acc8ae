package pack_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkReviewPack times the review pack of the sample workspace as the
// user asks for it (File ▸ Export review pack…, `kpitreectl review-pack`):
// Build, then the HTML and the PDF written. cold opens a fresh sample
// workspace for each op (the leaves' forecasts are not cached yet, so Build
// fits them); warm builds again on an open one. The target is 2 s.
//
//	CGO_ENABLED=0 go test -tags ci -run '^$' -bench 'BenchmarkReviewPack' -benchtime 5x -benchmem ./app/pack/
func BenchmarkReviewPack(b *testing.B) {
	ctx := context.Background()
	for _, lang := range []report.Lang{report.English, report.Japanese} {
		open := func(b *testing.B) *workspace.Workspace {
			ws, err := workspace.CreateSample(filepath.Join(b.TempDir(), "sample.kpitree"), string(lang))
			if err != nil {
				b.Fatal(err)
			}
			return ws
		}
		write := func(b *testing.B, ws *workspace.Workspace) {
			doc, err := pack.Build(ctx, ws, pack.Options{Lang: lang, Now: stamp})
			if err != nil {
				b.Fatal(err)
			}
			if err := pack.WriteHTML(io.Discard, doc); err != nil {
				b.Fatal(err)
			}
			if err := pack.WritePDF(io.Discard, doc, stamp); err != nil {
				b.Fatal(err)
			}
		}
		b.Run("cold/"+string(lang), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				ws := open(b)
				b.StartTimer()
				write(b, ws)
				b.StopTimer()
				_ = ws.Close()
				b.StartTimer()
			}
		})
		b.Run("warm/"+string(lang), func(b *testing.B) {
			ws := open(b)
			defer ws.Close()
			write(b, ws)
			for b.Loop() {
				write(b, ws)
			}
		})
	}
}
