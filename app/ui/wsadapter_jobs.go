package ui

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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
	busy   inFlight // jobs in flight, for Shell.WaitIdle

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

// done reports whether the scope has closed.
func (s *PaneScope) done() bool { return s != nil && s.ctx.Err() != nil }

// jobs runs a pane's background work: load off the UI goroutine, apply on
// it. Every pane goes through runJob, so error handling cannot drift, and
// tests wait for the work with Wait.
type jobs struct {
	scope *PaneScope // the pane's lifetime; nil for a pane built alone
	wg    inFlight
}

// ctx is the context of the pane's work: cancelled when the pane goes.
func (j *jobs) ctx() context.Context { return j.scope.Context() }

// subscribed keeps unsubscribe until the pane goes.
func (j *jobs) subscribed(unsubscribe func()) { j.scope.Defer(unsubscribe) }

// onUI runs fn on the UI goroutine, one update at a time, and waits for
// it; once the pane is gone it drops fn. Call it from a worker goroutine.
func (j *jobs) onUI(fn func()) {
	if j.scope.done() {
		return
	}
	doAndWait(func() {
		if j.scope.done() { // closed while fn waited in the queue
			return
		}
		fn()
	})
}

// start runs fn on a new goroutine that Wait and Shell.WaitIdle wait for.
func (j *jobs) start(fn func()) {
	j.wg.Add()
	if j.scope != nil {
		j.scope.busy.Add()
	}
	go func() {
		defer func() {
			if j.scope != nil {
				j.scope.busy.Done()
			}
			j.wg.Done()
		}()
		fn()
	}()
}

// runJob runs work on a new goroutine and then apply with its result on
// the UI goroutine, unless the pane has gone meanwhile.
func runJob[T any](j *jobs, ctx context.Context, work func(ctx context.Context) (T, error), apply func(T, error)) {
	j.start(func() {
		v, err := work(ctx)
		j.onUI(func() { apply(v, err) })
	})
}

// later runs fn on the UI goroutine after the current update, through a
// job, so event handlers never update widgets while another update runs
// (and never wait for one, which could deadlock when the event comes from
// inside an update).
func (j *jobs) later(fn func()) {
	runJob(j, j.ctx(), func(context.Context) (struct{}, error) { return struct{}{}, nil },
		func(struct{}, error) { fn() })
}

// Wait blocks until every job started so far has been applied (running
// queued UI updates under the test driver). Tests use it.
func (j *jobs) Wait() {
	for waitUI(j.wg.idle()) > 0 {
	}
}

// coalescer runs work for the latest submitted value only: while one run is
// in progress, newer submissions replace each other and the last one runs
// next. A slider can emit hundreds of values a second; evaluating each in
// turn would build a backlog and the chart would lag behind the hand.
type coalescer[T any] struct {
	jobs *jobs // runs the work: the pane's, so the pane waits for it and it stops with the pane
	work func(T)

	mu      sync.Mutex
	busy    bool
	pending *T
	idle    inFlight
}

func newCoalescer[T any](j *jobs, work func(T)) *coalescer[T] {
	return &coalescer[T]{jobs: j, work: work}
}

// Submit asks for v to be processed; it never blocks.
func (c *coalescer[T]) Submit(v T) {
	c.mu.Lock()
	if c.busy {
		c.pending = &v
		c.mu.Unlock()
		return
	}
	c.busy = true
	c.idle.Add()
	c.mu.Unlock()
	c.jobs.start(func() { c.loop(v) })
}

func (c *coalescer[T]) loop(v T) {
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
func (c *coalescer[T]) Wait() { waitUI(c.idle.idle()) }

// showAnalysisError shows err in the user's language with what to do next.
func showAnalysisError(err error, w fyne.Window) {
	if err == nil || w == nil {
		return
	}
	dialog.ShowError(errors.New(AnalysisErrorMessage(err)), w)
}

// AnalysisErrorMessage turns an error of the analysis panes into a
// translated sentence saying what to do next, with the detail at the end.
// It is UserMessage (errors.go holds the one table of messages).
func AnalysisErrorMessage(err error) string { return UserMessage(err) }

// cellLabel is a table or list cell: long texts (model descriptions, file
// names) end in an ellipsis instead of running into the next column.
func cellLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}
