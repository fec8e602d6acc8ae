package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// Every widget update from a background goroutine goes through post or
// doAndWait, never through fyne.Do directly.
//
// Fyne's real drivers run fyne.Do functions one at a time on the main
// goroutine, between frames. Fyne's headless test driver (-tags ci and
// fyne.io/fyne/v2/test) runs them at once on the calling goroutine
// instead, so a finishing job would update widgets while the test
// goroutine lays them out: a data race, and in CI a panic inside
// widget.RichText. Under the test driver the functions therefore queue
// here and run on the goroutine that waits for background work (waitUI:
// Shell.WaitIdle, jobs.Wait), which plays the part of the event loop.

// post runs fn on the UI goroutine later; it never blocks.
func post(fn func()) {
	if q := testQueue(); q != nil {
		q.push(fn)
		return
	}
	fyne.Do(fn)
}

// doAndWait runs fn on the UI goroutine and returns once it has run.
// Never call it on the UI goroutine.
func doAndWait(fn func()) {
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

// waitUI blocks until done is closed. Under the test driver it runs the
// queued UI updates meanwhile, as the event loop would, and returns how
// many it ran. Never call it on the UI goroutine of a running app: the
// work it waits for may need that goroutine.
func waitUI(done <-chan struct{}) (ran int) {
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

// inFlight counts work in progress, for waiting until none is left. Unlike
// sync.WaitGroup it lets work start while someone waits for it to reach
// zero: under the test driver, waiting runs queued UI updates, and an
// update may start more work (every change starts a checker run), which a
// WaitGroup forbids (Add concurrent with Wait at zero) and the race
// detector reports.
type inFlight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n is 0
}

// Add counts one more piece of work.
func (f *inFlight) Add() {
	f.mu.Lock()
	if f.n == 0 {
		f.zero = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

// Done counts one piece of work finished.
func (f *inFlight) Done() {
	f.mu.Lock()
	f.n--
	if f.n == 0 {
		close(f.zero)
		f.zero = nil
	}
	f.mu.Unlock()
}

// idle returns a channel closed once no work is in progress.
func (f *inFlight) idle() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		c := make(chan struct{})
		close(c)
		return c
	}
	return f.zero
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
