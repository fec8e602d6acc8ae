package store

import "testing"

// TestTagPanic checks whose panic the boundary sees: contain tags a panic
// from bbolt, callUser one from the caller's callback, and neither re-tags
// a panic that already carries a tag (a user panic passing up through
// bbolt stays the user's).
func TestTagPanic(t *testing.T) {
	caught := func(f func()) (r any) {
		defer func() { r = recover() }()
		f()
		return nil
	}
	cases := []struct {
		name string
		run  func()
		want func(any) bool
	}{
		{"should tag a plain panic under contain as bbolt's", func() { contain(func() { panic("x") }) },
			func(r any) bool { p, ok := r.(bboltPanic); return ok && p.v == "x" }},
		{"should tag a plain panic under callUser as the user's", func() { _ = callUser(func() error { panic("x") }) },
			func(r any) bool { p, ok := r.(userPanic); return ok && p.v == "x" }},
		{"should keep a user panic the user's when it crosses contain", func() {
			contain(func() { _ = callUser(func() error { panic("x") }) })
		}, func(r any) bool { p, ok := r.(userPanic); return ok && p.v == "x" }},
		{"should keep a bbolt panic bbolt's when it crosses callUser", func() {
			_ = callUser(func() error { contain(func() { panic("x") }); return nil })
		}, func(r any) bool { p, ok := r.(bboltPanic); return ok && p.v == "x" }},
		{"should not panic when nothing does", func() { contain(func() {}); _ = callUser(func() error { return nil }) },
			func(r any) bool { return r == nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := caught(tc.run); !tc.want(r) {
				t.Errorf("recovered %#v", r)
			}
		})
	}
}
