package store_test

import (
	"fmt"
	"os"
	"testing"
)

// childEnv selects a child-process role when the test binary re-executes
// itself (see helperCommand); the value is the role, childPathEnv the file.
const (
	childEnv     = "KPITREE_STORE_CHILD"
	childPathEnv = "KPITREE_STORE_CHILD_PATH"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		if err := runChild(role, os.Getenv(childPathEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
