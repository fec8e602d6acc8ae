package platform

import (
	"errors"
	"fmt"
	"sync"

	"golang.design/x/clipboard"
)

// ErrNoImageClipboard means the system clipboard cannot take an image
// here (no clipboard service, or a build without cgo): the caller saves
// the image to a file instead.
var ErrNoImageClipboard = errors.New("the clipboard cannot hold images here")

// Clipboard is the operating system's clipboard through
// golang.design/x/clipboard: X11 on Linux (loaded at run time, so the app
// still starts without it), the native APIs on macOS and Windows. A build
// without cgo, or a session without a clipboard service, gets
// ErrNoImageClipboard and the caller falls back to a file. Fyne's own
// clipboard holds text only.
type Clipboard struct{}

// clipboardReady initialises the clipboard once per process: the library
// keeps its own display connection, and after a failed Init any further
// call may panic, so the outcome is remembered.
var clipboardReady = sync.OnceValue(clipboard.Init)

// WritePNG puts a PNG image on the system clipboard, so a chart can be
// pasted straight into a slide.
func (Clipboard) WritePNG(png []byte) error {
	if err := clipboardReady(); err != nil {
		return fmt.Errorf("copy image: %w (%w)", ErrNoImageClipboard, err)
	}
	if clipboard.Write(clipboard.FmtImage, png) == nil {
		return fmt.Errorf("copy image: %w", ErrNoImageClipboard)
	}
	return nil
}
