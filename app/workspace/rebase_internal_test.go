package workspace

import (
	"fmt"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func TestRebaseOverrides(t *testing.T) {
	set := func(from, to, ramp int) kpitree.Override {
		return kpitree.Override{Node: "a", Op: kpitree.OpSet, Value: 1, From: from, To: to, Ramp: ramp}
	}
	for _, tc := range []struct {
		name  string
		in    []kpitree.Override
		shift int
		want  []kpitree.Override
	}{
		{"should move a window later when the calendar starts earlier", []kpitree.Override{set(3, 5, 2)}, 12, []kpitree.Override{set(15, 17, 2)}},
		{"should keep an open end open", []kpitree.Override{set(3, -1, 0)}, 4, []kpitree.Override{set(7, -1, 0)}},
		{"should move a window earlier when the calendar starts later", []kpitree.Override{set(15, 17, 0)}, -12, []kpitree.Override{set(3, 5, 0)}},
		{"should cut a window at period 0 and shorten its ramp", []kpitree.Override{set(2, 9, 6)}, -4, []kpitree.Override{set(0, 5, 4)}},
		{"should drop a window that ends before period 0", []kpitree.Override{set(1, 2, 0), set(5, -1, 0)}, -3, []kpitree.Override{set(2, -1, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := rebaseOverrides(tc.in, tc.shift)
			if !changed || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v (changed %v), want %v", got, changed, tc.want)
			}
		})
	}
}

func TestRebaseTargets(t *testing.T) {
	in := []kpitree.Target{{Period: 0, Value: 1}, {Period: 5, Value: 2}, {FiscalYear: 2024, Value: 3}}
	got, changed := rebaseTargets(in, -2)
	want := []kpitree.Target{{Period: 3, Value: 2}, {FiscalYear: 2024, Value: 3}}
	if !changed || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("should drop the target before period 0 and keep the fiscal one: got %v, want %v", got, want)
	}
	if _, changed := rebaseTargets([]kpitree.Target{{FiscalYear: 2024}}, 3); changed {
		t.Error("should leave fiscal-year targets alone")
	}
}

func TestCalendarShift(t *testing.T) {
	m := func(y, mo int) kpitree.Calendar {
		return kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)}
	}
	for _, tc := range []struct {
		name      string
		old, next kpitree.Calendar
		shift     int
		ok        bool
	}{
		{"should shift by the months the start moved earlier", m(2024, 4), m(2023, 4), 12, true},
		{"should shift back when it moves later", m(2023, 4), m(2024, 1), -9, true},
		{"should not shift an unchanged start", m(2024, 4), m(2024, 4), 0, false},
		{"should not shift before the first data", kpitree.Calendar{Freq: kpitree.Month}, m(2024, 4), 0, false},
		{"should not map across frequencies", m(2024, 4), kpitree.Calendar{Freq: kpitree.Quarter, Start: m(2023, 4).Start}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shift, ok := calendarShift(tc.old, tc.next)
			if shift != tc.shift || ok != tc.ok {
				t.Errorf("got %d, %v; want %d, %v", shift, ok, tc.shift, tc.ok)
			}
		})
	}
}

func TestMergeChangesWritesEachKeyOnce(t *testing.T) {
	got := mergeChanges([]docChange{{Bucket: "b", Key: "x", After: []byte("1")}},
		[]docChange{{Bucket: "b", Key: "x", After: []byte("2")}, {Bucket: "b", Key: "y", After: []byte("3")}})
	if len(got) != 2 || string(got[0].After) != "2" || got[1].Key != "y" {
		t.Errorf("got %+v", got)
	}
}
