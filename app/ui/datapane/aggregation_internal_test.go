package datapane

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

// TestBindWizard_AggregationChoice: daily data for a monthly tree shows
// the suggested rule per column (daily active users averaged, not
// summed), and choosing another rule reads the file again with it.
func TestBindWizard_AggregationChoice(t *testing.T) {
	w := uitest.NewWindow(t)
	a := emptyWorkspace(t, "en")
	bw := NewWizard(w, a, nil)
	bw.load(dataFile("daily_usage.csv"))
	bw.Wait()
	if bw.preview == nil {
		t.Fatal("no preview shown")
	}
	want := map[string]string{"logins": dataio.AggSum, "active_users": dataio.AggMean, "chats_sent": dataio.AggSum}
	for c, r := range want {
		if got := bw.preview.Aggregation[c]; got != r {
			t.Errorf("%s suggested %q, want %q", c, got, r)
		}
	}
	form := bw.aggregationForm()
	if form == nil {
		t.Fatal("no aggregation choice for daily data")
	}
	var users *widget.Select
	for _, it := range form.Items {
		if it.Text == "active_users" {
			users = it.Widget.(*widget.Select)
		}
	}
	if users == nil || users.SelectedIndex() != 1 {
		t.Fatalf("active_users select %+v, want mean preselected", users)
	}
	meanJan := bw.preview.Dataset.Columns[1].Values[9]
	users.SetSelectedIndex(2) // last
	bw.Wait()
	if got := bw.preview.Aggregation["active_users"]; got != dataio.AggLast {
		t.Fatalf("after choosing last: %q", got)
	}
	if lastJan := bw.preview.Dataset.Columns[1].Values[9]; lastJan == meanJan {
		t.Errorf("January's value did not change with the rule (%v)", lastJan)
	}
	bw.confirm()
	bw.Wait()
	ds := a.Datasets()
	if len(ds) != 1 {
		t.Fatalf("datasets %d", len(ds))
	}
	// The rule is stored with the import options, so a refresh reads the
	// file the same way.
	if got := string(ds[0].Options); !strings.Contains(got, `"active_users":"last"`) {
		t.Errorf("stored options %s", got)
	}

	monthly := NewWizard(w, emptyWorkspace(t, "en"), nil)
	monthly.load(dataFile("cs_monthly.csv"))
	monthly.jobs.Wait()
	if monthly.aggregationForm() != nil {
		t.Error("monthly data for a monthly tree needs no aggregation choice")
	}
}
