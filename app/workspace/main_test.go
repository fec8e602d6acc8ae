package workspace_test

import (
	"os"
	"testing"

	"github.com/kpitree/kpitree/internal/dbtest"
)

// servers are the throwaway database servers of the query-dataset tests:
// started on first use (tests that need none start none), stopped when
// the tests end.
var servers = &dbtest.Servers{}

func TestMain(m *testing.M) {
	code := m.Run()
	servers.Close()
	os.Exit(code)
}
