package chartspane

import (
	"fmt"
	"sync"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"golang.design/x/clipboard"
)

// imageClipboard puts a PNG image on the system clipboard, so a chart can
// be pasted straight into a slide. Fyne's own clipboard holds text only.
type imageClipboard interface {
	WritePNG(png []byte) error
}

// systemClipboard is the operating system's clipboard through
// golang.design/x/clipboard: X11 on Linux (loaded at run time, so the app
// still starts without it), the native APIs on macOS and Windows. A build
// without cgo, or a session without a clipboard service, gets
// uikit.ErrNoImageClipboard and the caller falls back to a file.
type systemClipboard struct{}

// clipboardReady initialises the clipboard once per process: the library
// keeps its own display connection, and after a failed Init any further
// call may panic, so the outcome is remembered.
var clipboardReady = sync.OnceValue(clipboard.Init)

func (systemClipboard) WritePNG(png []byte) error {
	if err := clipboardReady(); err != nil {
		return fmt.Errorf("copy image: %w (%w)", uikit.ErrNoImageClipboard, err)
	}
	if clipboard.Write(clipboard.FmtImage, png) == nil {
		return fmt.Errorf("copy image: %w", uikit.ErrNoImageClipboard)
	}
	return nil
}
