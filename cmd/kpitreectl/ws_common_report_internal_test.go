package main

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

func TestWriteJSON(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"should indent objects by two spaces", map[string]any{"a": []int{1}}, "{\n  \"a\": [\n    1\n  ]\n}\n"},
		{"should write an empty list as []", []string{}, "[]\n"},
		{"should write null for nil", nil, "null\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeJSON(&b, tc.in); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
	t.Run("should fail on a value JSON cannot hold", func(t *testing.T) {
		if err := writeJSON(&bytes.Buffer{}, math.NaN()); err == nil {
			t.Error("no error for NaN")
		}
	})
}

func TestRunReport(t *testing.T) {
	called := func(got *bool) func(string, *workspace.Workspace, *report.Translator, bool) error {
		return func(string, *workspace.Workspace, *report.Translator, bool) error { *got = true; return nil }
	}
	cases := []struct {
		name string
		args []string
	}{
		{"should refuse a format other than text or json", []string{"--format", "csv", "x.kpitree"}},
		{"should refuse a missing workspace file", []string{"--format", "json"}},
		{"should refuse an unknown flag", []string{"--write", "x.kpitree"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ran bool
			err := runReport("probe", tc.args, called(&ran))
			if !errors.Is(err, errUsage) {
				t.Errorf("err = %v, want a usage error", err)
			}
			if ran {
				t.Error("the report ran")
			}
		})
	}
}

func TestObserved(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name        string
		in          []float64
		n           int
		first, last float64
	}{
		{"should give NaN ends for no values", nil, 0, nan, nan},
		{"should give NaN ends when every value is missing", []float64{nan, nan}, 0, nan, nan},
		{"should skip missing values at both ends", []float64{nan, 3, nan, 5, nan}, 2, 3, 5},
		{"should give one value as both ends", []float64{7}, 1, 7, 7},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, first, last := observed(tc.in)
			if n != tc.n || !same(first, tc.first) || !same(last, tc.last) {
				t.Errorf("observed(%v) = %d, %v, %v; want %d, %v, %v", tc.in, n, first, last, tc.n, tc.first, tc.last)
			}
		})
	}
}

func TestParseExactly(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		n       int
		want    []string
		wantErr bool
	}{
		{"should return the one argument after the flags", []string{"--read-only", "base"}, 1, []string{"base"}, false},
		{"should accept no arguments when none are wanted", []string{"--read-only"}, 0, []string{}, false},
		{"should refuse a missing argument", []string{"--read-only"}, 1, nil, true},
		{"should refuse an extra argument", []string{"a", "b"}, 1, nil, true},
		{"should refuse an unknown flag", []string{"--nope", "a"}, 1, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFlags("probe")
			_ = fs.Bool("read-only", false, "")
			pos, err := parseExactly(fs, tc.args, tc.n, "the NAME")
			if tc.wantErr {
				if !errors.Is(err, errUsage) {
					t.Errorf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil || len(pos) != len(tc.want) || (len(pos) > 0 && pos[0] != tc.want[0]) {
				t.Errorf("parseExactly = %q, %v; want %q", pos, err, tc.want)
			}
		})
	}
}
