package kpitree_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestParseAlertRule(t *testing.T) {
	for _, tc := range []struct {
		in    string
		want  kpitree.AlertRule
		canon string // String(); "" = error
	}{
		{"band95", kpitree.AlertRule{Kind: kpitree.AlertBand95}, "band95"},
		{" BAND80 ", kpitree.AlertRule{Kind: kpitree.AlertBand80}, "band80"},
		{"rag", kpitree.AlertRule{Kind: kpitree.AlertRAG}, "rag"},
		{"gap:10%", kpitree.AlertRule{Kind: kpitree.AlertGap, Threshold: 0.10}, "gap:10%"},
		{"gap:10", kpitree.AlertRule{Kind: kpitree.AlertGap, Threshold: 0.10}, "gap:10%"},
		{"recon: 2.5 %", kpitree.AlertRule{Kind: kpitree.AlertRecon, Threshold: 0.025}, "recon:2.5%"},
		{"gap", kpitree.AlertRule{}, ""},        // needs a threshold
		{"band95:5%", kpitree.AlertRule{}, ""},  // takes none
		{"gap:0%", kpitree.AlertRule{}, ""},     // must be above 0
		{"gap:-5%", kpitree.AlertRule{}, ""},    // negative
		{"gap:2000%", kpitree.AlertRule{}, ""},  // beyond 1000 %
		{"gap:ten%", kpitree.AlertRule{}, ""},   // not a number
		{"gap:NaN", kpitree.AlertRule{}, ""},    // not a number either
		{"recon:Inf%", kpitree.AlertRule{}, ""}, // nor this
		{"page-me", kpitree.AlertRule{}, ""},    // unknown kind
		{"", kpitree.AlertRule{}, ""},           // empty
		{"rag:", kpitree.AlertRule{}, ""},       // threshold on rag
	} {
		got, err := kpitree.ParseAlertRule(tc.in)
		if tc.canon == "" {
			if !errors.Is(err, kpitree.ErrBadAlertRule) {
				t.Errorf("%q: want ErrBadAlertRule, got %+v, %v", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want || got.String() != tc.canon {
			t.Errorf("%q: got %+v (%q), %v; want %+v (%q)", tc.in, got, got.String(), err, tc.want, tc.canon)
			continue
		}
		again, err := kpitree.ParseAlertRule(got.String())
		if err != nil || again != got {
			t.Errorf("%q: String() %q does not parse back: %+v, %v", tc.in, got.String(), again, err)
		}
	}
}

func TestCheckAlerts(t *testing.T) {
	b95 := kpitree.AlertRule{Kind: kpitree.AlertBand95}
	for _, tc := range []struct {
		name  string
		rules []kpitree.AlertRule
		ok    bool
	}{
		{"none", nil, true},
		{"one of each kind", []kpitree.AlertRule{b95, {Kind: kpitree.AlertBand80}, {Kind: kpitree.AlertRAG}, {Kind: kpitree.AlertGap, Threshold: 0.1}, {Kind: kpitree.AlertRecon, Threshold: 0.05}}, true},
		{"a kind twice", []kpitree.AlertRule{b95, b95}, false},
		{"a stored threshold on band", []kpitree.AlertRule{{Kind: kpitree.AlertBand95, Threshold: 0.1}}, false},
		{"a gap without threshold", []kpitree.AlertRule{{Kind: kpitree.AlertGap}}, false},
		{"an unknown kind", []kpitree.AlertRule{{Kind: "x"}}, false},
	} {
		err := kpitree.CheckAlerts(tc.rules)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, kpitree.ErrBadAlertRule)) {
			t.Errorf("%s: got %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// TestAlertsJSONRoundTrip: rules survive the tree format, and a node
// without rules writes no "alerts" key (old files keep their bytes).
func TestAlertsJSONRoundTrip(t *testing.T) {
	tr := kpitree.Tree{Name: "t", Root: "a", Calendar: kpitree.Calendar{Freq: kpitree.Week}, Nodes: []kpitree.Node{
		{ID: "a", Kind: kpitree.KindFormula, Formula: "b", Alerts: []kpitree.AlertRule{{Kind: kpitree.AlertBand95}, {Kind: kpitree.AlertGap, Threshold: 0.125}}},
		{ID: "b", Kind: kpitree.KindInput},
	}}
	b, err := kpitree.MarshalTree(tr)
	if err != nil {
		t.Fatal(err)
	}
	back, err := kpitree.UnmarshalTree(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Nodes[0].Alerts; len(got) != 2 || got[0] != tr.Nodes[0].Alerts[0] || got[1] != tr.Nodes[0].Alerts[1] {
		t.Errorf("round trip: %+v", got)
	}
	if back.Nodes[1].Alerts != nil {
		t.Errorf("node without rules decoded %+v", back.Nodes[1].Alerts)
	}
	c := tr.Clone()
	c.Nodes[0].Alerts[0].Kind = kpitree.AlertRAG
	if tr.Nodes[0].Alerts[0].Kind != kpitree.AlertBand95 {
		t.Error("Clone shares the alert rules")
	}
	tr.Nodes[0].Alerts = nil
	b, _ = kpitree.MarshalTree(tr)
	if strings.Contains(string(b), `"alerts"`) {
		t.Errorf("a tree without rules should not write alerts: %s", b)
	}
}
