//go:build ci

package ui

import "fyne.io/fyne/v2"

// testUIQueue holds the UI updates of a build with Fyne's headless driver
// (the ci tag), which runs fyne.Do at once on the calling goroutine.
var testUIQueue = &uiQueue{wake: make(chan struct{}, 1)}

// testQueue returns the queue once an app exists: every app of a ci build
// runs on the headless driver.
func testQueue() *uiQueue {
	if fyne.CurrentApp() == nil {
		return nil
	}
	return testUIQueue
}
