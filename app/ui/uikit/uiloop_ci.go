//go:build ci

package uikit

import (
	"sync"

	"fyne.io/fyne/v2"
)

// testUIQueue holds the UI updates of a build with Fyne's headless driver
// (the ci tag), which runs fyne.Do at once on the calling goroutine. It is
// the one piece of process state here: Fyne's own app is process state too,
// and every app of a ci build shares the one headless driver.
var testUIQueue = &uiQueue{wake: make(chan struct{}, 1)}

// testQueue returns the queue once an app exists; before that there is no
// UI to update and fyne.Do is called as usual.
func testQueue() *uiQueue {
	if fyne.CurrentApp() == nil {
		return nil
	}
	return testUIQueue
}

// Post runs fn on the UI goroutine later; it never blocks. Under the test
// driver it queues fn for WaitUI.
func Post(fn func()) {
	if q := testQueue(); q != nil {
		q.push(fn)
		return
	}
	fyne.Do(fn)
}

// DoAndWait runs fn on the UI goroutine and returns once it has run.
// Never call it on the UI goroutine.
func DoAndWait(fn func()) {
	q := testQueue()
	if q == nil {
		fyne.DoAndWait(fn)
		return
	}
	done := make(chan struct{})
	q.push(func() {
		defer close(done)
		fn()
	})
	<-done
}

// WaitUI blocks until done is closed. Under the test driver it runs the
// queued UI updates meanwhile, as the event loop would, and returns how
// many it ran. Never call it on the UI goroutine of a running app: the
// work it waits for may need that goroutine.
func WaitUI(done <-chan struct{}) (ran int) {
	q := testQueue()
	if q == nil {
		<-done
		return 0
	}
	for {
		ran += q.drain()
		select {
		case <-done:
			return ran + q.drain() // updates posted without waiting (progress, late events)
		case <-q.wake:
		}
	}
}

// uiQueue holds UI updates until the test goroutine runs them.
type uiQueue struct {
	mu   sync.Mutex
	fns  []func()
	wake chan struct{} // signalled (never blocking) on every push
}

func (q *uiQueue) push(fn func()) {
	q.mu.Lock()
	q.fns = append(q.fns, fn)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// drain runs the queued functions in order, including any they queue,
// and returns how many it ran.
func (q *uiQueue) drain() (ran int) {
	for ; ; ran++ {
		q.mu.Lock()
		if len(q.fns) == 0 {
			q.mu.Unlock()
			return ran
		}
		fn := q.fns[0]
		q.fns[0] = nil
		q.fns = q.fns[1:]
		q.mu.Unlock()
		fn()
	}
}
