package uikit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PaneScope is the lifetime of one set of bottom panes: the shell makes
// one each time it builds the panes and closes it before building the next
// set or closing the workspace. Closing cancels the panes' background work,
// drops their subscriptions and discards results that arrive afterwards,
// so a pane never updates itself, or reads the workspace, once it is gone.
// A nil *PaneScope (a pane built on its own, in a test) never closes.
type PaneScope struct {
	ctx    context.Context
	cancel context.CancelFunc
	busy   InFlight // jobs in flight, for Shell.WaitIdle

	mu      sync.Mutex
	cleanup []func()
	closed  bool
}

// NewPaneScope returns an open scope.
func NewPaneScope() *PaneScope {
	ctx, cancel := context.WithCancel(context.Background())
	return &PaneScope{ctx: ctx, cancel: cancel}
}

// Context is cancelled when the scope closes.
func (s *PaneScope) Context() context.Context {
	if s == nil {
		return context.Background()
	}
	return s.ctx
}

// Defer registers fn (typically an unsubscribe) to run when the scope
// closes; on a closed scope it runs fn at once.
func (s *PaneScope) Defer(fn func()) {
	if s == nil {
		return
	}
	s.mu.Lock()
	if !s.closed {
		s.cleanup = append(s.cleanup, fn)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	fn()
}

// Close cancels the scope's work and runs its cleanups, last first. It
// does not wait for the work: results that arrive later are dropped.
func (s *PaneScope) Close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	fns := s.cleanup
	s.cleanup, s.closed = nil, true
	s.mu.Unlock()
	s.cancel()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

// Closed reports whether the scope has closed.
func (s *PaneScope) Closed() bool { return s != nil && s.ctx.Err() != nil }

// Idle returns a channel closed once none of the scope's jobs is running.
func (s *PaneScope) Idle() <-chan struct{} {
	if s == nil {
		return closedChan()
	}
	return s.busy.Idle()
}

// Jobs runs a pane's background work: load off the UI goroutine, apply on
// it. Every pane goes through RunJob, so error handling cannot drift, and
// tests wait for the work with Wait. The zero value is a pane built alone.
type Jobs struct {
	// Scope is the pane's lifetime (the shell's pane scope); nil for a
	// pane built alone, whose work never stops early.
	Scope *PaneScope
	wg    InFlight
}

// Ctx is the context of the pane's work: cancelled when the pane goes.
func (j *Jobs) Ctx() context.Context { return j.Scope.Context() }

// Subscribed keeps unsubscribe until the pane goes.
func (j *Jobs) Subscribed(unsubscribe func()) { j.Scope.Defer(unsubscribe) }

// Closed reports whether the pane has gone (its scope closed).
func (j *Jobs) Closed() bool { return j.Scope.Closed() }

// OnUI runs fn on the UI goroutine, one update at a time, and waits for
// it; once the pane is gone it drops fn. Call it from a worker goroutine.
func (j *Jobs) OnUI(fn func()) {
	if j.Scope.Closed() {
		return
	}
	DoAndWait(func() {
		if j.Scope.Closed() { // closed while fn waited in the queue
			return
		}
		fn()
	})
}

// Start runs fn on a new goroutine that Wait and the scope's Idle wait for.
func (j *Jobs) Start(fn func()) {
	j.wg.Add()
	if j.Scope != nil {
		j.Scope.busy.Add()
	}
	go func() {
		defer func() {
			if j.Scope != nil {
				j.Scope.busy.Done()
			}
			j.wg.Done()
		}()
		fn()
	}()
}

// RunJob runs work on a new goroutine and then apply with its result on
// the UI goroutine, unless the pane has gone meanwhile.
func RunJob[T any](j *Jobs, ctx context.Context, work func(ctx context.Context) (T, error), apply func(T, error)) {
	j.Start(func() {
		v, err := work(ctx)
		j.OnUI(func() { apply(v, err) })
	})
}

// Later runs fn on the UI goroutine after the current update, through a
// job, so event handlers never update widgets while another update runs
// (and never wait for one, which could deadlock when the event comes from
// inside an update).
func (j *Jobs) Later(fn func()) {
	RunJob(j, j.Ctx(), func(context.Context) (struct{}, error) { return struct{}{}, nil },
		func(struct{}, error) { fn() })
}

// Idle returns a channel closed once no job started so far is running.
func (j *Jobs) Idle() <-chan struct{} { return j.wg.Idle() }

// Wait blocks until every job started so far has been applied (running
// queued UI updates under the test driver). Tests use it.
func (j *Jobs) Wait() {
	for WaitUI(j.wg.Idle()) > 0 {
	}
}

// Coalescer runs work for the latest submitted value only: while one run is
// in progress, newer submissions replace each other and the last one runs
// next. A slider can emit hundreds of values a second; evaluating each in
// turn would build a backlog and the chart would lag behind the hand.
type Coalescer[T any] struct {
	jobs *Jobs // runs the work: the pane's, so the pane waits for it and it stops with the pane
	work func(T)

	mu      sync.Mutex
	busy    bool
	pending *T
	idle    InFlight
}

// NewCoalescer returns a Coalescer that runs work through j.
func NewCoalescer[T any](j *Jobs, work func(T)) *Coalescer[T] {
	return &Coalescer[T]{jobs: j, work: work}
}

// Submit asks for v to be processed; it never blocks.
func (c *Coalescer[T]) Submit(v T) {
	c.mu.Lock()
	if c.busy {
		c.pending = &v
		c.mu.Unlock()
		return
	}
	c.busy = true
	c.idle.Add()
	c.mu.Unlock()
	c.jobs.Start(func() { c.loop(v) })
}

func (c *Coalescer[T]) loop(v T) {
	defer c.idle.Done()
	for {
		c.work(v)
		c.mu.Lock()
		if c.pending == nil {
			c.busy = false
			c.mu.Unlock()
			return
		}
		v, c.pending = *c.pending, nil
		c.mu.Unlock()
	}
}

// Wait blocks until no work is running or pending.
func (c *Coalescer[T]) Wait() { WaitUI(c.idle.Idle()) }

// Writer runs a pane's store writes off the UI goroutine: one at a time,
// in the order they were asked for, each followed by its done on the UI
// goroutine. A store write can wait on the disk (an fsync, another
// process's lock), and on the UI goroutine that wait freezes the window.
//
// A write may name a key: a write with the same key as the last one still
// waiting replaces it. A slider released ten times a second then stores
// the value the hand stopped at once, rather than a backlog the disk works
// through after the hand has stopped (each one more undo step). Writes
// with other keys, or none, keep their order, so a scenario renamed right
// after a slider release is renamed after the release is stored.
//
// Writes go on after the pane's scope closes (the workspace may stay
// open, e.g. when the panes are rebuilt for a new language); only their
// done is dropped.
type Writer struct {
	jobs *Jobs
	kick *Coalescer[struct{}]

	mu    sync.Mutex
	queue []storeWrite
}

// storeWrite is one write waiting in a Writer.
type storeWrite struct {
	key  string
	do   func(ctx context.Context) error
	done func(err error) // or nil
}

// NewWriter returns a Writer that runs its writes through j.
func NewWriter(j *Jobs) *Writer {
	w := &Writer{jobs: j}
	w.kick = NewCoalescer(j, func(struct{}) { w.drain() })
	return w
}

// Write queues do, and then done (if not nil) with its error on the UI
// goroutine; with a key, it replaces the last waiting write if that has
// the same key (whose done then never runs). It never blocks.
func (w *Writer) Write(key string, do func(ctx context.Context) error, done func(err error)) {
	wr := storeWrite{key: key, do: do, done: done}
	w.mu.Lock()
	if n := len(w.queue); key != "" && n > 0 && w.queue[n-1].key == key {
		w.queue[n-1] = wr
	} else {
		w.queue = append(w.queue, wr)
	}
	w.mu.Unlock()
	w.kick.Submit(struct{}{})
}

// drain runs the queued writes in order until none is left.
func (w *Writer) drain() {
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			w.mu.Unlock()
			return
		}
		wr := w.queue[0]
		w.queue = slices.Delete(w.queue, 0, 1)
		w.mu.Unlock()
		// Not the pane's context: a write asked for must not be lost
		// because the pane went (see Writer).
		err := wr.do(context.WithoutCancel(w.jobs.Ctx()))
		if wr.done != nil {
			w.jobs.OnUI(func() { wr.done(err) })
		}
	}
}

// Wait blocks until no write is running or waiting.
func (w *Writer) Wait() { w.kick.Wait() }

// Idle returns a channel closed once the writes asked for so far have run
// (and their done has been shown), for work that must follow them without
// blocking the UI goroutine, such as closing the file they write to.
func (w *Writer) Idle() <-chan struct{} { return w.kick.idle.Idle() }

// ShowError shows err in a dialog, in the user's language with what to
// do next (UserMessage).
func ShowError(err error, w fyne.Window) {
	if err == nil || w == nil {
		return
	}
	msg := UserMessage(err)
	if strings.Contains(msg, err.Error()) {
		dialog.ShowError(errors.New(msg), w)
		return
	}
	// The sentence left the technical text out (the Japanese UI): offer it
	// folded away, for a support request.
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(err.Error())
	detail.Wrapping = fyne.TextWrapBreak
	detail.Hide()
	more := widget.NewButtonWithIcon(lang.L("error.details"), theme.MenuDropDownIcon(), nil)
	more.Importance = widget.LowImportance
	d := dialog.NewCustom(lang.L("Error"), lang.L("OK"), container.NewVBox(text, container.NewHBox(more), detail), w)
	size := fyne.NewSize(520, 0) // the height follows the content
	more.OnTapped = func() {
		more.Hide()
		detail.Show()
		d.Resize(size) // grow to the shown text: the dialog does not on its own
	}
	d.Resize(size)
	d.Show()
}

// CellLabel is a table or list cell: long texts (model descriptions, file
// names) end in an ellipsis instead of running into the next column.
func CellLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// Every widget update from a background goroutine goes through Post or
// DoAndWait, never through fyne.Do directly.
//
// Fyne's real drivers run fyne.Do functions one at a time on the main
// goroutine, between frames. Fyne's headless test driver (-tags ci and
// fyne.io/fyne/v2/test) runs them at once on the calling goroutine
// instead, so a finishing job would update widgets while the test
// goroutine lays them out: a data race, and in CI a panic inside
// widget.RichText. Under the ci build tag the functions therefore queue
// (uiloop_ci.go) and run on the goroutine that waits for background work
// (WaitUI: Shell.WaitIdle, Jobs.Wait), which plays the part of the event
// loop; a desktop build (uiloop_desktop.go) calls fyne.Do directly.

// InFlight counts work in progress, for waiting until none is left. Unlike
// sync.WaitGroup it lets work start while someone waits for it to reach
// zero: under the test driver, waiting runs queued UI updates, and an
// update may start more work (every change starts a checker run), which a
// WaitGroup forbids (Add concurrent with Wait at zero) and the race
// detector reports. The zero value counts nothing.
type InFlight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n is 0
}

// Add counts one more piece of work.
func (f *InFlight) Add() {
	f.mu.Lock()
	if f.n == 0 {
		f.zero = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

// Done counts one piece of work finished.
func (f *InFlight) Done() {
	f.mu.Lock()
	f.n--
	if f.n == 0 {
		close(f.zero)
		f.zero = nil
	}
	f.mu.Unlock()
}

// Idle returns a channel closed once no work is in progress.
func (f *InFlight) Idle() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		return closedChan()
	}
	return f.zero
}

// closedChan is a channel that is already closed: "nothing to wait for".
func closedChan() <-chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}
