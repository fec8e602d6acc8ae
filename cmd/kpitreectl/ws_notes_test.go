package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestNoteAndInitiativeCommands(t *testing.T) {
	p := sampleWS(t) // Japanese workspace with the sample data
	must(t, runScenario, p, "add", "--name", "price up", "--node", "unit_price", "--op", "add", "--value", "500", "--from", "2025-10")
	t.Run("should add a note and say so in the workspace's language", func(t *testing.T) {
		out := must(t, runNote, "add", p, "--node", "addon_revenue", "--period", "2026-2", "--text", "大口顧客が解約", "--author", "佐藤")
		if !strings.Contains(out, "メモ 1 を追加しました") || !strings.Contains(out, "2026-02") {
			t.Errorf("add said %q", out)
		}
	})
	t.Run("should list notes as text in English and as JSON", func(t *testing.T) {
		out := must(t, runNote, "list", p, "--lang", "en")
		if !strings.Contains(out, "Period") || !strings.Contains(out, "大口顧客が解約") || !strings.Contains(out, "佐藤") {
			t.Errorf("list:\n%s", out)
		}
		var got struct {
			Notes []struct{ ID, Node, Period, Text string } `json:"notes"`
		}
		if err := json.Unmarshal([]byte(must(t, runNote, "list", p, "--json", "--read-only")), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Notes) != 1 || got.Notes[0].ID != "1" || got.Notes[0].Period != "2026-02" {
			t.Errorf("list JSON %+v", got)
		}
	})
	t.Run("should change a note's text and author, undoably", func(t *testing.T) {
		out := must(t, runNote, "set", p, "1", "--text", "大口顧客2社が解約", "--author", "鈴木")
		if !strings.Contains(out, "メモ 1 を変更しました") {
			t.Errorf("set said %q", out)
		}
		var got struct {
			Notes []struct{ ID, Node, Period, Text, Author string } `json:"notes"`
		}
		if err := json.Unmarshal([]byte(must(t, runNote, "list", p, "--json", "--read-only")), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Notes) != 1 || got.Notes[0].Text != "大口顧客2社が解約" || got.Notes[0].Author != "鈴木" ||
			got.Notes[0].Node != "addon_revenue" || got.Notes[0].Period != "2026-02" {
			t.Errorf("after set: %+v, want the new text and author on the same node and period", got.Notes)
		}
		must(t, runUndo, p)
		if out := must(t, runNote, "list", p, "--lang", "en"); !strings.Contains(out, "大口顧客が解約") || !strings.Contains(out, "佐藤") {
			t.Errorf("after undo:\n%s", out)
		}
	})
	t.Run("should add, change and list an initiative with its effect", func(t *testing.T) {
		must(t, runInitiative, "add", p, "--name", "価格改定", "--node", "unit_price", "--start", "2025-10", "--cost", "1200000",
			"--hours", "80", "--scenario", "price up", "--owner", "田中")
		must(t, runInitiative, "set", p, "価格改定", "--status", "active")
		out := must(t, runInitiative, "list", p)
		if !strings.Contains(out, "価格改定") || !strings.Contains(out, "実施中") || !strings.Contains(out, "¥120万") {
			t.Errorf("list:\n%s", out)
		}
		var eff struct {
			Measurable bool `json:"measurable"`
			Node       struct {
				Expected *float64 `json:"expected"`
			} `json:"node"`
			Periods []struct {
				Expected float64 `json:"expected"`
			} `json:"periods"`
		}
		if err := json.Unmarshal([]byte(must(t, runInitiative, "effect", p, "価格改定", "--json")), &eff); err != nil {
			t.Fatal(err)
		}
		if !eff.Measurable || len(eff.Periods) != 6 || eff.Node.Expected == nil || math.Abs(*eff.Node.Expected-6*500) > 1e-6 {
			t.Errorf("effect JSON %+v, want six months of +500 (a flow: summed)", eff)
		}
		text := must(t, runInitiative, "effect", p, "価格改定", "--lang", "en")
		if !strings.Contains(text, "Total") || !strings.Contains(text, "forecast made with data to 2025-09") {
			t.Errorf("effect text:\n%s", text)
		}
	})
	t.Run("should undo an initiative removal", func(t *testing.T) {
		must(t, runInitiative, "remove", p, "価格改定")
		must(t, runUndo, p)
		if out := must(t, runInitiative, "list", p, "--lang", "en"); !strings.Contains(out, "価格改定") {
			t.Errorf("after undo:\n%s", out)
		}
	})
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no action", []string{"note"}, 2},
		{"an unknown action", []string{"note", "edit", p}, 2},
		{"a note without text", []string{"note", "add", p, "--node", "unit_price", "--period", "2026-01"}, 2},
		{"a period that is no period", []string{"note", "add", p, "--node", "unit_price", "--period", "January", "--text", "x"}, 2},
		{"a note on an unknown node", []string{"note", "add", p, "--node", "nope", "--period", "2026-01", "--text", "x"}, 1},
		{"removing an unknown note", []string{"note", "remove", p, "99"}, 1},
		{"changing an unknown note", []string{"note", "set", p, "99", "--text", "x"}, 1},
		{"changing nothing", []string{"note", "set", p, "1"}, 2},
		{"changing a note's period to no period", []string{"note", "set", p, "1", "--period", "January"}, 2},
		{"adding a note read-only", []string{"note", "add", p, "--read-only", "--node", "unit_price", "--period", "2026-01", "--text", "x"}, 2},
		{"an initiative without a start", []string{"initiative", "add", p, "--name", "x", "--node", "unit_price"}, 2},
		{"a cost that is no number", []string{"initiative", "add", p, "--name", "x", "--node", "unit_price", "--start", "2026-01", "--cost", "NaN"}, 2},
		{"a negative cost", []string{"initiative", "add", p, "--name", "x", "--node", "unit_price", "--start", "2026-01", "--cost", "-5"}, 2},
		{"an unknown status", []string{"initiative", "set", p, "価格改定", "--status", "paused"}, 2},
		{"a set without fields", []string{"initiative", "set", p, "価格改定"}, 2},
		{"the effect of an unknown initiative", []string{"initiative", "effect", p, "nope"}, 1},
		{"a language that is not en or ja", []string{"initiative", "list", p, "--lang", "fr"}, 2},
		{"help", []string{"initiative", "--help"}, 0},
	}
	for _, c := range cases {
		t.Run("should exit "+string(rune('0'+c.code))+" for "+c.name, func(t *testing.T) {
			if code, stderr := exitOf(c.args...); code != c.code {
				t.Errorf("exit %d, want %d: %s", code, c.code, stderr)
			}
		})
	}
}
