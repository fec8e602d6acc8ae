package main

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// modelLine returns the listing line of leaf, or "".
func modelLine(out, leaf string) string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == leaf {
			return l
		}
	}
	return ""
}

func TestModelCommand(t *testing.T) {
	p := sampleWS(t)
	tr := report.For(report.Japanese) // the sample's language
	t.Run("should list every input leaf with the workspace default", func(t *testing.T) {
		out := must(t, runModel, p, "--read-only")
		for _, leaf := range []string{"unit_price", "csm_count", "onboarded_per_csm", "active_rate"} {
			if r := rowCells(out, leaf); !cellIs(r, 2, tr.L("forecast.default_model", map[string]any{"Model": report.ModelChoice(tr, "auto")})) || !cellIs(r, 3, "auto") || !cellIs(r, 4, tr.L("model.source.default")) {
				t.Errorf("line of %s: %q\n%s", leaf, r, out)
			}
		}
		if modelLine(out, "addon_revenue") != "" {
			t.Errorf("the listing shows a formula node:\n%s", out)
		}
	})
	t.Run("should pin a leaf's model in canonical form, undoably", func(t *testing.T) {
		out := must(t, runModel, p, "active_rate", "ETS(a,ad,n)")
		if !strings.Contains(out, "active_rate: model ets(A,Ad,N) (pinned; was auto)") {
			t.Errorf("output %q", out)
		}
		if r := rowCells(must(t, runModel, p, "active_rate"), "active_rate"); !cellIs(r, 3, "ets(A,Ad,N)") || !cellIs(r, 4, tr.L("model.source.override")) {
			t.Errorf("line %q", r)
		}
		if h := must(t, runHistory, p, "--lang", "en"); !strings.Contains(h, "Set forecast model of アクティブ率") {
			t.Errorf("history:\n%s", h)
		}
	})
	t.Run("should forecast the leaf with the pinned model and show it", func(t *testing.T) {
		pinned := report.ModelName(tr, "ETS(A,Ad,N)")
		if out := must(t, runForecasts, p); !cellIs(rowCells(out, "active_rate"), 3, pinned) {
			t.Errorf("forecasts do not show %q:\n%s", pinned, out)
		}
		if r := rowCells(must(t, runModel, p, "--read-only"), "active_rate"); !cellIs(r, 5, pinned) {
			t.Errorf("last forecast column: %q, want %q", r, pinned)
		}
	})
	t.Run("should follow the workspace model again after default", func(t *testing.T) {
		out := must(t, runModel, p, "active_rate", "default")
		if !strings.Contains(out, "model auto (the workspace default; was ets(A,Ad,N))") {
			t.Errorf("output %q", out)
		}
		w, err := workspace.Open(p, workspace.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if n := w.Settings().LeafModels.Len(); n != 0 {
			t.Errorf("%d overrides left", n)
		}
	})
	t.Run("should say a formula node is not forecast", func(t *testing.T) {
		want := tr.L("model.source.not_forecast", map[string]any{"Kind": tr.L("kind.formula")})
		if r := rowCells(must(t, runModel, p, "addon_revenue", "--read-only"), "addon_revenue"); !cellIs(r, 4, want) {
			t.Errorf("line %q, want %q", r, want)
		}
	})
	errs := []struct {
		name string
		args []string
		want error
	}{
		{"should report a model it cannot parse as a usage error", []string{p, "active_rate", "arima"}, errUsage},
		{"should refuse to pin a formula node", []string{p, "addon_revenue", "naive"}, workspace.ErrNotInput},
		{"should refuse an unknown leaf when setting", []string{p, "profit", "naive"}, kpitree.ErrUnknownNode},
		{"should refuse an unknown leaf when showing", []string{p, "profit"}, kpitree.ErrUnknownNode},
		{"should refuse to set with --read-only", []string{p, "active_rate", "naive", "--read-only"}, errUsage},
		{"should want a file", nil, errUsage},
		{"should refuse extra arguments", []string{p, "a", "b", "c"}, errUsage},
	}
	for _, c := range errs {
		t.Run(c.name, func(t *testing.T) {
			if _, err := call(t, runModel, c.args...); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
	t.Run("should be listed in the help", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "help", "model")
		if code != 0 || !strings.Contains(out, "MODEL|default") {
			t.Errorf("exit %d, help %q", code, out)
		}
	})
}

// model FILE LEAF and forecasts --accuracy say a leaf's forecast as the
// app's inspector and forecast tab do: the model in words, why, the
// workspace's backtest accuracy named by the tree's period, in the
// workspace's language or --lang's.
func TestModelCommand_ExplainsTheForecastAsTheApp(t *testing.T) {
	p := sampleWS(t) // Japanese
	must(t, runForecasts, p)
	w, err := openWorkspace(p, true)
	if err != nil {
		t.Fatal(err)
	}
	lf := w.Forecasts()["active_rate"]
	acc, err := w.ForecastAccuracies(context.Background(), nil, nil)
	cal := w.Calendar()
	if cerr := w.Close(); err != nil || cerr != nil || lf == nil {
		t.Fatalf("forecast %v, accuracy %v, %v", lf, err, cerr)
	}
	for _, c := range []struct {
		args []string
		tr   *report.Translator
	}{
		{nil, report.For(report.Japanese)},
		{[]string{"--lang", "en"}, report.For(report.English)},
	} {
		t.Run("should explain the forecast in "+string(c.tr.Lang()), func(t *testing.T) {
			out := must(t, runModel, append([]string{p, "active_rate", "--read-only"}, c.args...)...)
			for _, want := range []string{
				c.tr.L("inspector.model_used") + ": " + report.ModelExplained(c.tr, lf.Model),
				c.tr.L("inspector.reason") + ": " + c.tr.ForecastReason(lf),
				c.tr.L("inspector.accuracy") + ": " + c.tr.ForecastAccuracy(acc["active_rate"], cal.Freq),
			} {
				if !strings.Contains(out, want+"\n") {
					t.Errorf("model lacks %q:\n%s", want, out)
				}
			}
			out = must(t, runForecasts, append([]string{p, "--accuracy", "--read-only"}, c.args...)...)
			for leaf, mape := range acc {
				if r := rowCells(out, leaf); math.IsNaN(mape) || !cellIs(r, 4, c.tr.ForecastAccuracy(mape, cal.Freq)) {
					t.Errorf("forecasts line of %s %q, want its accuracy %v in the fifth column", leaf, r, mape)
				}
			}
		})
	}
	t.Run("should not explain a node that is not forecast", func(t *testing.T) {
		if out := must(t, runModel, p, "addon_revenue", "--read-only"); strings.Contains(out, "使用モデル") {
			t.Errorf("a formula node is explained:\n%s", out)
		}
	})
}
