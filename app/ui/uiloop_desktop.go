//go:build !ci

package ui

// testQueue is nil in a desktop build: fyne.Do reaches the real event loop.
func testQueue() *uiQueue { return nil }
