package store

import (
	"errors"
	"fmt"
	"runtime/debug"

	berrors "go.etcd.io/bbolt/errors"
)

// bboltPanic carries a panic (or memory fault) raised inside bbolt, which on
// a damaged file means corruption rather than a bug in the caller.
type bboltPanic struct{ v any }

// userPanic carries a panic raised by a caller's callback so the boundary can
// re-raise it instead of reporting a damaged file.
type userPanic struct{ v any }

// contain runs fn, which calls into bbolt, and tags any panic from it as a
// bboltPanic. Panics already tagged pass through unchanged.
func contain(fn func()) {
	defer tagPanic(func(r any) any { return bboltPanic{r} })
	fn()
}

// callUser runs a caller's callback and tags its panics as userPanic.
func callUser(fn func() error) error {
	defer tagPanic(func(r any) any { return userPanic{r} })
	return fn()
}

// tagPanic, deferred (recover works only in the deferred call itself),
// re-raises a panic in flight: one already tagged unchanged, any other
// wrapped by tag, so that the boundary knows whose panic it is.
func tagPanic(tag func(r any) any) {
	if r := recover(); r != nil {
		switch r.(type) {
		case bboltPanic, userPanic:
			panic(r)
		}
		panic(tag(r))
	}
}

// guard is the package boundary: it turns faults on the mapped file into
// panics (SetPanicOnFault is per goroutine, so it covers exactly this call),
// converts bbolt panics into ErrCorrupt and re-raises the caller's own panics.
// onCorrupt, when not nil, runs before returning ErrCorrupt.
func guard(op string, onCorrupt func(), fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch p := r.(type) {
		case userPanic:
			panic(p.v)
		case bboltPanic:
			if onCorrupt != nil {
				onCorrupt()
			}
			err = fmt.Errorf("%w (bbolt panicked during %s: %v)", ErrCorrupt, op, p.v)
		default:
			// A fault outside contain still happened on our side of the
			// boundary, while reading the mapped file.
			if onCorrupt != nil {
				onCorrupt()
			}
			err = fmt.Errorf("%w (fault during %s: %v)", ErrCorrupt, op, r)
		}
	}()
	return fn()
}

// translate maps bbolt errors to the package's sentinels so errors.Is works
// for callers that never import bbolt; other errors pass through.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w (%v)", ErrLocked, err)
	case errors.Is(err, berrors.ErrInvalid):
		return fmt.Errorf("%w (%v)", ErrNotWorkspace, err)
	case errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrInvalidMapping), errors.Is(err, berrors.ErrIncompatibleValue):
		return fmt.Errorf("%w (%v)", ErrCorrupt, err)
	case errors.Is(err, berrors.ErrDatabaseReadOnly), errors.Is(err, berrors.ErrTxNotWritable):
		return fmt.Errorf("%w (%v)", ErrReadOnly, err)
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return fmt.Errorf("%w (%v)", ErrClosed, err)
	}
	return err
}
