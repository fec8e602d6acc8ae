package workspace

import "testing"

func TestRankRows_StatesTies(t *testing.T) {
	rows := []ImpactRow{
		{Driver: "price", Controllable: true, Swing: 10},
		{Driver: "rate", Controllable: true, Swing: 10 * (1 + 1e-12)},
		{Driver: "csm", Controllable: true, Swing: 30},
		{Driver: "market", Controllable: false, Swing: 50},
		{Driver: "season", Controllable: false, Swing: 5},
	}
	rankRows(rows)
	want := []struct {
		driver string
		rank   int
		tied   bool
	}{{"csm", 1, false}, {"price", 2, true}, {"rate", 2, true}, {"market", 4, false}, {"season", 5, false}}
	for i, w := range want {
		if r := rows[i]; r.Driver != w.driver || r.Rank != w.rank || r.Tied != w.tied {
			t.Errorf("row %d = %s rank %d tied %v, want %s rank %d tied %v", i, r.Driver, r.Rank, r.Tied, w.driver, w.rank, w.tied)
		}
	}
}
