package main

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPlanCommands(t *testing.T) {
	p := sampleWS(t) // the embedded sample data, Japanese workspace
	t.Run("should freeze a plan and say so in the workspace's language", func(t *testing.T) {
		out := must(t, runPlan, "freeze", p, "FY2026 plan v1")
		if !strings.Contains(out, "計画「FY2026 plan v1」を確定しました") || !strings.Contains(out, "2026-03") {
			t.Errorf("freeze said %q", out)
		}
	})
	t.Run("should list it as text and JSON", func(t *testing.T) {
		out := must(t, runPlan, "list", p, "--lang", "en")
		if !strings.Contains(out, "FY2026 plan v1") || !strings.Contains(out, "Last actual") {
			t.Errorf("list:\n%s", out)
		}
		var got struct {
			Plans []struct {
				Name       string `json:"name"`
				LastActual string `json:"last_actual"`
				Nodes      int    `json:"nodes"`
				Bytes      int    `json:"bytes"`
			} `json:"plans"`
		}
		if err := json.Unmarshal([]byte(must(t, runPlan, "list", p, "--json")), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Plans) != 1 || got.Plans[0].LastActual != "2026-03" || got.Plans[0].Nodes != 7 || got.Plans[0].Bytes == 0 {
			t.Errorf("list JSON %+v", got)
		}
	})
	t.Run("should compare it with the current forecast as text and JSON", func(t *testing.T) {
		out := must(t, runPlan, "compare", p, "FY2026 plan v1")
		if !strings.Contains(out, "現在の予測") || !strings.Contains(out, "2026年度") {
			t.Errorf("compare:\n%s", out)
		}
		var c struct {
			A    string `json:"a"`
			Rows []struct {
				Node    string  `json:"node"`
				MaxDiff float64 `json:"max_abs_diff"`
			} `json:"rows"`
		}
		if err := json.Unmarshal([]byte(must(t, runPlan, "compare", p, "FY2026 plan v1", "--json")), &c); err != nil {
			t.Fatal(err)
		}
		if c.A != "FY2026 plan v1" || len(c.Rows) != 7 {
			t.Fatalf("compare JSON a=%q, %d rows", c.A, len(c.Rows))
		}
		for _, r := range c.Rows {
			if r.MaxDiff != 0 {
				t.Errorf("%s differs by %v from the forecast it was frozen from", r.Node, r.MaxDiff)
			}
		}
	})
	t.Run("should rename and delete, and undo the delete", func(t *testing.T) {
		must(t, runPlan, "rename", p, "FY2026 plan v1", "v1")
		must(t, runPlan, "delete", p, "v1")
		if out := must(t, runPlan, "list", p, "--lang", "en"); !strings.Contains(out, "No plan versions yet") {
			t.Errorf("list after delete:\n%s", out)
		}
		must(t, runUndo, p)
		if out := must(t, runPlan, "list", p); !strings.Contains(out, "v1") {
			t.Errorf("list after undo:\n%s", out)
		}
	})
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no action", []string{"plan"}, 2},
		{"an unknown action", []string{"plan", "archive", p}, 2},
		{"freeze without a name", []string{"plan", "freeze", p}, 2},
		{"freeze with --read-only", []string{"plan", "freeze", p, "x", "--read-only"}, 2},
		{"freeze with a blank name", []string{"plan", "freeze", p, " "}, 2},
		{"freeze of an existing name", []string{"plan", "freeze", p, "v1"}, 1},
		{"delete of an unknown plan", []string{"plan", "delete", p, "nope"}, 1},
		{"list", []string{"plan", "list", p}, 0},
	}
	for _, c := range cases {
		t.Run("should exit "+string(rune('0'+c.code))+" on "+c.name, func(t *testing.T) {
			if code, stderr := exitOf(c.args...); code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, stderr)
			}
		})
	}
}

func TestReviewCommand(t *testing.T) {
	p := sampleWS(t)
	must(t, runPlan, "freeze", p, "v1")
	t.Run("should print the bridge in Japanese by default and English on request", func(t *testing.T) {
		ja := must(t, runReview, p, "--vs", "yoy", "--period", "FY2025-YTD")
		if !strings.Contains(ja, "2025年度累計") || !strings.Contains(ja, "内訳の合計は差と一致します") || !strings.Contains(ja, "--node active_customers") {
			t.Errorf("review ja:\n%s", ja)
		}
		en := must(t, runReview, p, "--vs", "prior", "--period", "2026-03", "--lang", "en")
		if !strings.Contains(en, "the prior period (from 2026-02)") || !strings.Contains(en, "Part of the gap (JPY/month, 2026-03)") {
			t.Errorf("review en:\n%s", en)
		}
	})
	for _, vs := range []string{"yoy", "prior", "forecast", "plan:v1"} {
		for _, per := range []string{"2026-03", "2025-Q4", "FY2025-Q3", "FY2025-YTD"} {
			t.Run("should give parts summing to the gap in JSON, "+vs+" "+per, func(t *testing.T) {
				var b struct {
					Node   string  `json:"node"`
					Vs     string  `json:"vs"`
					Actual float64 `json:"actual"`
					Ref    float64 `json:"reference"`
					Gap    float64 `json:"gap"`
					Parts  []struct {
						Node         string  `json:"node"`
						Value        float64 `json:"value"`
						Controllable bool    `json:"controllable"`
						Drill        bool    `json:"drill"`
					} `json:"parts"`
				}
				if err := json.Unmarshal([]byte(must(t, runReview, p, "--vs", vs, "--period", per, "--json")), &b); err != nil {
					t.Fatal(err)
				}
				sum := 0.0
				for _, part := range b.Parts {
					sum += part.Value
				}
				if b.Node != "addon_revenue" || math.Abs(sum-b.Gap) > 1e-9*math.Abs(b.Actual) || math.Abs(b.Gap-(b.Actual-b.Ref)) > 1e-9*math.Abs(b.Actual) {
					t.Errorf("bridge of %s: parts %v, gap %v, actual %v, reference %v", b.Node, sum, b.Gap, b.Actual, b.Ref)
				}
			})
		}
	}
	t.Run("should drill into a driver with --node", func(t *testing.T) {
		out := must(t, runReview, p, "--vs", "yoy", "--period", "FY2025", "--node", "active_customers", "--lang", "en")
		if !strings.Contains(out, "--node onboarded_accounts") || strings.Contains(out, "--node active_customers") {
			t.Errorf("drill:\n%s", out)
		}
	})
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no --vs", []string{"review", p, "--period", "2026-03"}, 2},
		{"an unknown reference", []string{"review", p, "--vs", "budget", "--period", "2026-03"}, 2},
		{"a period after the data", []string{"review", p, "--vs", "yoy", "--period", "2030-01"}, 2},
		{"a malformed period", []string{"review", p, "--vs", "yoy", "--period", "March"}, 2},
		{"an unknown node", []string{"review", p, "--vs", "yoy", "--period", "2026-03", "--node", "nope"}, 2},
		{"an unknown plan", []string{"review", p, "--vs", "plan:nope", "--period", "2026-03"}, 1},
		{"a missing file", []string{"review", p + ".missing", "--vs", "yoy", "--period", "2026-03"}, 1},
		{"a good bridge", []string{"review", p, "--vs", "yoy", "--period", "2026-03"}, 0},
	}
	for _, c := range cases {
		t.Run("should exit "+string(rune('0'+c.code))+" on "+c.name, func(t *testing.T) {
			if code, stderr := exitOf(c.args...); code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, stderr)
			}
		})
	}
}

func TestWorthCommand(t *testing.T) {
	p := sampleWS(t)
	out := must(t, runWorth, p)
	if !strings.Contains(out, "2026年度目標") || !strings.Contains(out, "KPIの価値") {
		t.Errorf("worth ja:\n%s", out)
	}
	en := must(t, runWorth, p, "--lang", "en")
	if !strings.Contains(en, "Worth (JPY, FY2026)") {
		t.Errorf("worth en:\n%s", en)
	}
	var w struct {
		FiscalYear int `json:"fiscal_year"`
		Rows       []struct {
			Node  string   `json:"node"`
			Worth *float64 `json:"worth"`
		} `json:"rows"`
		RootTarget *struct {
			Node string `json:"node"`
		} `json:"root_target"`
	}
	if err := json.Unmarshal([]byte(must(t, runWorth, p, "--json")), &w); err != nil {
		t.Fatal(err)
	}
	if w.FiscalYear != 2026 || len(w.Rows) < 1 || w.RootTarget == nil || w.RootTarget.Node != "addon_revenue" {
		t.Fatalf("worth JSON FY%d, %d rows, root target %+v", w.FiscalYear, len(w.Rows), w.RootTarget)
	}
	for _, r := range w.Rows {
		if r.Node == w.RootTarget.Node {
			t.Errorf("the root is ranked among its KPIs: %+v", w.Rows)
		}
	}
	if !strings.Contains(en, "the gap each KPI's worth is measured against") || !strings.Contains(out, "各KPIの価値はこの差") {
		t.Errorf("the root's own gap is not stated:\n%s\n%s", en, out)
	}
	for k := 1; k < len(w.Rows); k++ {
		if w.Rows[k].Worth == nil || math.Abs(*w.Rows[k].Worth) > math.Abs(*w.Rows[k-1].Worth) {
			t.Errorf("rows not ranked by |worth|: %+v", w.Rows)
		}
	}
	if _, err := call(t, runWorth, p, "--lang", "fr"); !errors.Is(err, errUsage) {
		t.Errorf("--lang fr: %v, want a usage error", err)
	}
}
