package source_test

import (
	"os"
	"testing"

	"github.com/kpitree/kpitree/internal/dbtest"
)

// servers are the throwaway database servers of this test binary: started
// on first use, stopped when the tests end.
var servers = &dbtest.Servers{}

func TestMain(m *testing.M) {
	code := m.Run()
	servers.Close()
	os.Exit(code)
}
