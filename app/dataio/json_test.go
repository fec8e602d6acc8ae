package dataio_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

func TestJSONRoundTrip(t *testing.T) {
	// given a dataset and report with missing values (NaN), when they are
	// written as JSON and read back, then missing values survive as null
	ds, rep := read(t, "testdata/messy_export.csv", dataio.Options{})
	b, err := json.Marshal(struct {
		D *dataio.Dataset
		R *dataio.Report
	}{ds, rep})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"values":[132,138,129,124,127,null,`) {
		t.Errorf("missing values are not null: %.300s", b)
	}
	var back struct {
		D dataio.Dataset
		R dataio.Report
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	assertSameDataset(t, ds, &back.D)
	if len(back.R.Issues) != len(rep.Issues) {
		t.Fatalf("%d issues, want %d", len(back.R.Issues), len(rep.Issues))
	}
	for i, is := range rep.Issues {
		got := back.R.Issues[i]
		if got.Code != is.Code || got.Row != is.Row || len(got.Values) != len(is.Values) {
			t.Errorf("issue %d: %+v, want %+v", i, got, is)
		}
	}
	if !math.IsNaN(back.D.Columns[1].Values[5]) {
		t.Errorf("null did not become NaN: %v", back.D.Columns[1].Values[5])
	}
}
