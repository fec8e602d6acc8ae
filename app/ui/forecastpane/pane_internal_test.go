package forecastpane

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

func TestForecastPanel_Run(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	p := New(w, a, nil)
	// The panel forecasts at once; let that finish before laying out (the
	// test driver runs UI updates on the worker's goroutine).
	uitest.Settle(&p.jobs)
	w.SetContent(p.Content())

	t.Run("should forecast every bound leaf at once and show model and accuracy", func(t *testing.T) {
		uitest.Settle(&p.jobs)
		if p.outcomes != 1 {
			t.Fatalf("status %q", p.status.Text)
		}
		if len(p.rows) != 4 {
			t.Fatalf("%d rows, want the 4 bound leaves", len(p.rows))
		}
		for _, r := range p.rows {
			if r.Model == "" || math.IsNaN(r.MAPE) || r.MAPE < 0 || r.MAPE > 100 {
				t.Fatalf("row %+v: want a model and a backtest error in percent", r)
			}
		}
		for i, r := range p.rows { // the workspace's figure, as the CLI prints it
			mape, err := a.ForecastAccuracy(context.Background(), r.Node)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := p.cell(i+1, ColAccuracy), uikit.Translator().ForecastAccuracy(mape, kpitree.Month); got != want {
				t.Errorf("accuracy cell of %s %q, want %q", r.Node, got, want)
			}
		}
		if p.bar.Value != 1 || p.lastFan == nil {
			t.Fatalf("bar %v, fan %v", p.bar.Value, p.lastFan)
		}
		if n := len(a.Forecasts()); n != 4 {
			t.Fatalf("%d forecasts stored, want 4", n)
		}
		p.table.Select(widget.TableCellID{Row: 1, Col: 1})
		if !strings.Contains(p.status.Text, report.ModelNotation(p.rows[0].Model)) {
			t.Fatalf("selecting a row shows %q, want the model and why", p.status.Text)
		}
	})
	t.Run("should store the chosen model as an undoable setting and re-forecast", func(t *testing.T) {
		p.model.SetSelected("Same period a year earlier") // "snaive" in plain words
		uitest.Settle(&p.jobs)
		if m := a.Settings().Model; m != "snaive" {
			t.Fatalf("model setting %q", m)
		}
		for _, r := range p.rows {
			if !strings.Contains(strings.ToLower(r.Model), "naive") {
				t.Fatalf("row %+v: want the seasonal naive model", r)
			}
		}
		if _, err := a.Undo(); err != nil {
			t.Fatal(err)
		}
		uitest.Settle(&p.jobs)
		if m := a.Settings().Model; m == "snaive" {
			t.Fatal("undo kept the model")
		}
	})
}

func TestRunForecasts_Cancelled(t *testing.T) {
	a := uitest.Sample(t, "en")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := runForecasts(ctx, a, chart.Light, func(float64) {})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(a.Forecasts()); n != 0 {
		t.Fatalf("a cancelled run stored %d forecasts", n)
	}
}
