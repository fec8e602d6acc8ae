//go:build !ci

package uikit

import "fyne.io/fyne/v2"

// Post runs fn on the UI goroutine later; it never blocks.
func Post(fn func()) { fyne.Do(fn) }

// DoAndWait runs fn on the UI goroutine and returns once it has run.
// Never call it on the UI goroutine.
func DoAndWait(fn func()) { fyne.DoAndWait(fn) }

// WaitUI blocks until done is closed and returns how many queued UI
// updates it ran meanwhile: none in a desktop build, where the event loop
// runs them. Never call it on the UI goroutine of a running app: the work
// it waits for may need that goroutine.
func WaitUI(done <-chan struct{}) (ran int) {
	<-done
	return 0
}
