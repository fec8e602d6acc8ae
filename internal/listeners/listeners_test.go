package listeners_test

import (
	"slices"
	"testing"

	"github.com/kpitree/kpitree/internal/listeners"
)

func names(l *listeners.List[func() string]) []string {
	var out []string
	for _, fn := range l.Snapshot() {
		out = append(out, fn())
	}
	return out
}

func TestList(t *testing.T) {
	t.Run("should list nothing when zero", func(t *testing.T) {
		var l listeners.List[func() string]
		if got := l.Snapshot(); len(got) != 0 {
			t.Fatalf("given a zero list, then Snapshot = %d callbacks, want 0", len(got))
		}
	})
	t.Run("should keep the order of subscription and drop removed ones", func(t *testing.T) {
		var l listeners.List[func() string]
		l.Add(func() string { return "a" })
		removeB := l.Add(func() string { return "b" })
		l.Add(func() string { return "c" })
		if got := names(&l); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Fatalf("given a, b, c added, then Snapshot calls %v", got)
		}
		removeB()
		removeB() // a second remove is harmless
		l.Add(func() string { return "d" })
		if got := names(&l); !slices.Equal(got, []string{"a", "c", "d"}) {
			t.Fatalf("when b is removed and d added, then Snapshot calls %v, want [a c d]", got)
		}
	})
	t.Run("should let a callback subscribe while the list is called", func(t *testing.T) {
		var l listeners.List[func()]
		l.Add(func() { l.Add(func() {}) })
		for _, fn := range l.Snapshot() {
			fn() // would deadlock if Snapshot's lock were still held
		}
		if got := len(l.Snapshot()); got != 2 {
			t.Fatalf("when the callback subscribes another, then the list holds %d, want 2", got)
		}
	})
}

func TestList_Clear(t *testing.T) {
	var l listeners.List[func() string]
	remove := l.Add(func() string { return "a" })
	l.Add(func() string { return "b" })
	l.Clear()
	if got := names(&l); len(got) != 0 {
		t.Fatalf("after Clear: %v, want none", got)
	}
	remove() // removing a cleared callback is harmless
	l.Add(func() string { return "c" })
	if got := names(&l); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("after Clear and Add: %v, want [c]", got)
	}
}
