package main

import (
	"bytes"
	"errors"
	"math"
	"testing"

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
	called := func(got *bool) func(string, *workspace.Workspace, bool) error {
		return func(string, *workspace.Workspace, bool) error { *got = true; return nil }
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
