// Package listeners keeps the callbacks subscribed to a source of changes.
// It is the one subscriber list of the module (the workspace's events; the
// UI adapter's changes and selection can use it too), so subscribing,
// unsubscribing and the order of the calls behave alike everywhere.
package listeners

import (
	"maps"
	"slices"
	"sync"
)

// List is a set of subscribed callbacks of type F, safe for concurrent use.
// The zero List is empty and ready to use; a List must not be copied.
type List[F any] struct {
	mu   sync.Mutex
	next int
	fns  map[int]F
}

// Add subscribes fn and returns the function that removes it again;
// calling that more than once is harmless.
func (l *List[F]) Add(fn F) (remove func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fns == nil {
		l.fns = map[int]F{}
	}
	id := l.next
	l.next++
	l.fns[id] = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.fns, id)
	}
}

// Snapshot returns the subscribed callbacks in the order they were added.
// The caller calls them without the list's lock held, so a callback may
// subscribe or unsubscribe without deadlocking.
func (l *List[F]) Snapshot() []F {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := slices.Sorted(maps.Keys(l.fns))
	out := make([]F, len(ids))
	for i, id := range ids {
		out[i] = l.fns[id]
	}
	return out
}

// Clear removes every callback, as when the source of changes closes.
func (l *List[F]) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.fns)
}
