package workspace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// forecastAll runs ForecastAll and fails the test on error.
func forecastAll(t *testing.T, w *workspace.Workspace) *workspace.ForecastReport {
	t.Helper()
	rep, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// fewPaths keeps the forecasts of these tests quick.
func fewPaths(t *testing.T, w *workspace.Workspace) {
	t.Helper()
	s := w.Settings()
	s.Paths = 50
	if err := w.SetSettings(s); err != nil {
		t.Fatal(err)
	}
}

func TestSetLeafModel(t *testing.T) {
	w, path := newSampleWorkspace(t)
	fewPaths(t, w)
	forecastAll(t, w)
	before := w.Forecasts()
	parent := t // a workspace reopened in a subtest lives until the end

	t.Run("should forecast the overridden leaf with its own model and reuse the others", func(t *testing.T) {
		if err := w.SetLeafModel("active_rate", "snaive"); err != nil {
			t.Fatal(err)
		}
		if n := len(w.Forecasts()); n != 3 {
			t.Fatalf("%d current forecasts after the override, want 3 (active_rate stale)", n)
		}
		rep := forecastAll(t, w)
		if rep.Computed != 1 || rep.Cached != 3 {
			t.Fatalf("report %+v, want 1 computed and 3 cached", rep)
		}
		fc := w.Forecasts()
		if m := fc["active_rate"].Model; m != "snaive" {
			t.Errorf("active_rate model %q, want snaive", m)
		}
		if fc["csm_count"].Model != before["csm_count"].Model {
			t.Errorf("csm_count changed model: %q → %q", before["csm_count"].Model, fc["csm_count"].Model)
		}
		if m, over := w.Settings().ModelFor("active_rate"); m != "snaive" || !over {
			t.Errorf("ModelFor = %q, %v", m, over)
		}
		if m, over := w.Settings().ModelFor("csm_count"); m != "auto" || over {
			t.Errorf("ModelFor(csm_count) = %q, %v, want the workspace model", m, over)
		}
	})
	t.Run("should keep the override when the workspace model changes", func(t *testing.T) {
		s := w.Settings()
		s.Model = "naive"
		if err := w.SetSettings(s); err != nil {
			t.Fatal(err)
		}
		forecastAll(t, w)
		fc := w.Forecasts()
		if fc["active_rate"].Model != "snaive" || fc["csm_count"].Model != "naive" {
			t.Errorf("models %q and %q, want snaive (pinned) and naive (workspace)", fc["active_rate"].Model, fc["csm_count"].Model)
		}
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("should undo and redo the override", func(t *testing.T) {
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
		if n := w.Settings().LeafModels.Len(); n != 0 {
			t.Fatalf("%d overrides after undo", n)
		}
		forecastAll(t, w)
		if m := w.Forecasts()["active_rate"].Model; m != before["active_rate"].Model {
			t.Errorf("after undo active_rate is %q, want %q", m, before["active_rate"].Model)
		}
		if _, err := w.Redo(); err != nil {
			t.Fatal(err)
		}
		if m, _ := w.Settings().ModelFor("active_rate"); m != "snaive" {
			t.Errorf("after redo ModelFor = %q", m)
		}
	})
	t.Run("should store the model in canonical form and survive reopening", func(t *testing.T) {
		if err := w.SetLeafModel("unit_price", " ETS( a, ad , n ) "); err != nil {
			t.Fatal(err)
		}
		w.Close()
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		parent.Cleanup(func() { _ = w2.Close() })
		got := w2.Settings().LeafModels.Map()
		if got["unit_price"] != "ets(A,Ad,N)" || got["active_rate"] != "snaive" || len(got) != 2 {
			t.Errorf("overrides after reopen %v", got)
		}
		w = w2
	})
	t.Run("should remove the override with default", func(t *testing.T) {
		if err := w.SetLeafModel("unit_price", "default"); err != nil {
			t.Fatal(err)
		}
		if _, over := w.Settings().ModelFor("unit_price"); over {
			t.Error("unit_price is still overridden")
		}
	})
	t.Run("should record nothing when the override does not change", func(t *testing.T) {
		h1, _ := w.History()
		if err := w.SetLeafModel("active_rate", "SNAIVE"); err != nil {
			t.Fatal(err)
		}
		if h2, _ := w.History(); len(h2) != len(h1) {
			t.Errorf("history grew from %d to %d entries", len(h1), len(h2))
		}
	})
}

func TestSetLeafModel_Rejects(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	tests := []struct {
		name, node, model string
		want              error
	}{
		{"should reject a model forecast cannot parse", "active_rate", "arima(1,1,1)", workspace.ErrBadSettings},
		{"should reject a formula node", "revenue", "naive", workspace.ErrNotInput},
		{"should reject an unknown node", "no_such_node", "naive", kpitree.ErrUnknownNode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := w.SetLeafModel(tt.node, tt.model)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if w.Settings().LeafModels.Len() != 0 {
				t.Error("a rejected override was stored")
			}
		})
	}
}

func TestLeafModel_DeletedNode(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	fewPaths(t, w)
	if err := w.SetLeafModel("active_rate", "naive"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetLeafModel("csm_count", "drift"); err != nil {
		t.Fatal(err)
	}
	if err := w.RemoveNode("active_rate"); err != nil {
		t.Fatal(err)
	}
	t.Run("should forecast the remaining leaves, ignoring the dangling override", func(t *testing.T) {
		rep := forecastAll(t, w)
		if len(rep.Failed) != 0 || rep.Computed != 3 {
			t.Fatalf("report %+v, want the 3 remaining leaves", rep)
		}
		if m := w.Forecasts()["csm_count"].Model; m != "drift" {
			t.Errorf("csm_count model %q, want drift", m)
		}
	})
	t.Run("should drop the dangling override at the next override edit", func(t *testing.T) {
		if err := w.SetLeafModel("unit_price", "naive"); err != nil {
			t.Fatal(err)
		}
		got := w.Settings().LeafModels.Map()
		if _, ok := got["active_rate"]; ok || len(got) != 2 {
			t.Errorf("overrides %v, want csm_count and unit_price only", got)
		}
	})
}

func TestLeafModels_JSON(t *testing.T) {
	t.Run("should leave the field out of settings without overrides", func(t *testing.T) {
		b, err := json.Marshal(workspace.DefaultSettings("ja"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "leaf_models") {
			t.Errorf("settings JSON %s mentions leaf_models", b)
		}
	})
	t.Run("should read settings written before overrides existed", func(t *testing.T) {
		var s workspace.Settings
		if err := json.Unmarshal([]byte(`{"lang":"ja","fiscal_year_start":4,"model":"auto","paths":1000,"seed":1}`), &s); err != nil {
			t.Fatal(err)
		}
		if s.LeafModels.Len() != 0 || s.Validate() != nil || s != workspace.DefaultSettings("ja") {
			t.Errorf("decoded %+v", s)
		}
	})
	tests := []struct {
		name, in string
		want     map[string]string
		valid    bool
	}{
		{"should read an object of models", `{"b":"naive","a":"ets(A,N,N)"}`, map[string]string{"a": "ets(A,N,N)", "b": "naive"}, true},
		{"should read null as none", `null`, nil, true},
		{"should drop empty models", `{"a":"","b":" "}`, nil, true},
		{"should decode but not validate an unknown model", `{"a":"arima"}`, map[string]string{"a": "arima"}, false},
		{"should decode but not validate an empty id", `{"":"naive"}`, map[string]string{"": "naive"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l workspace.LeafModels
			if err := json.Unmarshal([]byte(tt.in), &l); err != nil {
				t.Fatal(err)
			}
			got := l.Map()
			if len(got) != len(tt.want) {
				t.Fatalf("decoded %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("decoded %v, want %v", got, tt.want)
				}
			}
			s := workspace.DefaultSettings("en")
			s.LeafModels = l
			if err := s.Validate(); (err == nil) != tt.valid {
				t.Errorf("Validate() = %v, want valid %v", err, tt.valid)
			} else if err != nil && !errors.Is(err, workspace.ErrBadSettings) {
				t.Errorf("Validate() = %v, want ErrBadSettings", err)
			}
		})
	}
	t.Run("should reject a non-object", func(t *testing.T) {
		var l workspace.LeafModels
		if err := json.Unmarshal([]byte(`["naive"]`), &l); err == nil {
			t.Error("an array decoded")
		}
	})
	t.Run("should compare equal for equal overrides built in any order", func(t *testing.T) {
		a := workspace.LeafModels{}.With("x", "naive").With("y", "drift")
		b := workspace.NewLeafModels(map[string]string{"y": "drift", "x": "naive"})
		if a != b {
			t.Errorf("%v != %v", a.Map(), b.Map())
		}
		if a.With("x", "") == b {
			t.Error("removing an override left the value equal")
		}
	})
}

func TestLeafModels_Interchange(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.SetLeafModel("active_rate", "theta"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.ExportJSON(&buf); err != nil {
		t.Fatal(err)
	}
	t.Run("should export and import the overrides", func(t *testing.T) {
		x, err := workspace.DecodeInterchange(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if m, _ := x.Settings.ModelFor("active_rate"); m != "theta" {
			t.Errorf("imported override %q", m)
		}
	})
	t.Run("should reject an exported file with an invalid override", func(t *testing.T) {
		bad := strings.Replace(buf.String(), `"active_rate": "theta"`, `"active_rate": "magic"`, 1)
		if bad == buf.String() {
			t.Fatalf("override not found in %s", buf.String())
		}
		if _, err := workspace.DecodeInterchange([]byte(bad)); !errors.Is(err, workspace.ErrBadSettings) {
			t.Errorf("err = %v, want ErrBadSettings", err)
		}
	})
}

func TestLeafForecast_ReasonParts(t *testing.T) {
	w, path := newSampleWorkspace(t)
	fewPaths(t, w)
	forecastAll(t, w)
	check := func(t *testing.T, w *workspace.Workspace) {
		t.Helper()
		for id, lf := range w.Forecasts() {
			if len(lf.ReasonParts) == 0 || forecast.ReasonText(lf.ReasonParts) != lf.Reason {
				t.Errorf("%s: parts %+v do not spell reason %q", id, lf.ReasonParts, lf.Reason)
			}
		}
	}
	t.Run("should carry the machine-readable reason with every forecast", func(t *testing.T) { check(t, w) })
	t.Run("should keep it in the file", func(t *testing.T) {
		w.Close()
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		if len(w2.Forecasts()) != 4 {
			t.Fatal("forecasts not reloaded")
		}
		check(t, w2)
	})
}

// FuzzLeafModelsJSON checks that decoding never panics and that whatever
// decodes re-encodes to a value that decodes to the same overrides.
func FuzzLeafModelsJSON(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `{"a":"naive"}`, `{"a":"ets(A,Ad,N)","b":"auto"}`, `{"":""}`, `[1]`, `"x"`, `{"a":1}`, `{"\u0000":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var l workspace.LeafModels
		if json.Unmarshal(b, &l) != nil {
			return
		}
		_ = (workspace.Settings{LeafModels: l}).Validate()
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back workspace.LeafModels
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decode %s: %v", out, err)
		}
		if back != l {
			t.Fatalf("round trip changed %v to %v", l.Map(), back.Map())
		}
	})
}
