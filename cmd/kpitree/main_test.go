package main

import (
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

func TestRun_BadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		is   error
	}{
		{"an unknown language", []string{"--lang", "fr"}, uikit.ErrUnknownLanguage},
		{"an unknown flag", []string{"--colour", "blue"}, nil},
		{"a stray argument to a flag-less position", []string{"--workspace"}, nil},
	}
	for _, tt := range tests {
		t.Run("should refuse "+tt.name+" before opening a window", func(t *testing.T) {
			err := run(tt.args)
			if err == nil {
				t.Fatal("run succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
		})
	}
}
