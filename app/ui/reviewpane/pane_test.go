package reviewpane_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/reviewpane"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// jaChild is uitest.LangChildEnv's value for the Japanese runs.
const jaChild = "ja"

// lang is the language under test: English, or Japanese in a child
// process started by the *_Japanese tests.
func lang(t *testing.T) (report.Lang, string) {
	t.Helper()
	if os.Getenv(uitest.LangChildEnv) == jaChild {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		return report.Japanese, "ja"
	}
	return report.English, "en"
}

// inJapanese runs test in a Japanese child process unless this is it;
// it reports whether the caller should go on (it is the child, or English).
func inJapanese(t *testing.T, name string) bool {
	t.Helper()
	if os.Getenv(uitest.LangChildEnv) == jaChild {
		return true
	}
	uitest.RunLanguageChild(t, name, jaChild)
	return false
}

// newPane is the Review pane over the sample, laid out in a 1280×800
// window, settled; onAlerts records the counts the pane reports.
func newPane(t *testing.T, code string, onAlerts func(int)) (*reviewpane.Pane, uitest.Workspace, fyne.Window) {
	t.Helper()
	w := uitest.NewWindow(t)
	ws := uitest.Sample(t, code)
	v := reviewpane.New(w, ws, nil, onAlerts)
	w.SetContent(v.Content())
	uitest.Settle(v)
	return v, ws, w
}

// texts are the texts of the visible labels, selects and buttons under o,
// as drawn (a table's cells are its rendered labels).
func texts(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *widget.Select:
		return []string{x.Selected}
	case *widget.Button:
		return []string{x.Text}
	case *canvas.Text:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
		return out
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, texts(c)...)
		}
	}
	return out
}

// checkRendered fails unless every cell of the first rows of want (header
// included) is drawn in table.
func checkRendered(t *testing.T, what string, table *widget.Table, want report.Table, rows int) {
	t.Helper()
	drawn := texts(table)
	for r, row := range append([][]string{want.Header}, want.Rows[:min(rows, len(want.Rows))]...) {
		for c, cell := range row {
			if cell != "" && !slices.Contains(drawn, cell) {
				t.Errorf("%s row %d col %d: %q is not drawn (drawn: %q)", what, r, c, cell, drawn)
			}
		}
	}
}

// sameTable fails unless got equals want cell for cell; the bridge's
// drill column may differ (the CLI names its flag, the pane says click).
func sameTable(t *testing.T, what string, got, want report.Table, skipLast bool) {
	t.Helper()
	if got.Note != want.Note || !slices.Equal(got.Header, want.Header) || len(got.Rows) != len(want.Rows) {
		t.Fatalf("%s: shown\n%q\n%q\n%d rows; report\n%q\n%q\n%d rows", what, got.Note, got.Header, len(got.Rows), want.Note, want.Header, len(want.Rows))
	}
	for i := range want.Rows {
		g, w := got.Rows[i], want.Rows[i]
		if skipLast {
			if (g[len(g)-1] == "") != (w[len(w)-1] == "") {
				t.Errorf("%s row %d: drill %q, report %q", what, i, g[len(g)-1], w[len(w)-1])
			}
			g, w = g[:len(g)-1], w[:len(w)-1]
		}
		if !slices.Equal(g, w) {
			t.Errorf("%s row %d: shown %q, report %q", what, i, g, w)
		}
	}
}

// bridgeOf is the workspace's bridge for --vs and --period, as the CLI's
// review command computes it.
func bridgeOf(t *testing.T, ws uitest.Workspace, vs, period, node string) *workspace.Bridge {
	t.Helper()
	ref, plan, err := workspace.ParseBridgeRef(vs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ws.Bridge(context.Background(), workspace.BridgeOptions{Ref: ref, Plan: plan, Period: period, Node: node})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReviewPane_Bridge(t *testing.T) { checkBridge(t) }
func TestReviewPane_Bridge_Japanese(t *testing.T) {
	if inJapanese(t, "TestReviewPane_Bridge_Japanese") {
		checkBridge(t)
	}
}

// checkBridge: the pane opens on the latest month against the forecast
// made then, and for every window and reference shows the bridge table,
// its sentence and its waterfall exactly as app/report lays out the
// workspace's bridge; a click on a driver drills one level down and Up
// comes back.
func checkBridge(t *testing.T) {
	l, code := lang(t)
	tr := report.For(l)
	v, ws, w := newPane(t, code, nil)
	if got := v.Period(); got != "2026-03" {
		t.Fatalf("opens on %q, want the latest month 2026-03", got)
	}
	if got := v.Ref(); got != "forecast" {
		t.Fatalf("without plans compares with %q, want the forecast made then", got)
	}
	if want := []string{tr.L("reviewpane.kind_month"), tr.L("reviewpane.kind_quarter"), tr.L("reviewpane.kind_fytd"),
		tr.L("reviewpane.kind_fy")}; !slices.Equal(v.Kinds(), want) {
		t.Fatalf("period kinds %q, want %q", v.Kinds(), want)
	}
	for _, tc := range []struct{ period, vs string }{
		{"2026-03", "forecast"}, {"2026-03", "prior"}, {"FY2025-Q4", "yoy"}, {"FY2025-YTD", "forecast"}, {"FY2025", "yoy"},
	} {
		t.Run("should show "+tc.period+" against "+tc.vs+" as the CLI does", func(t *testing.T) {
			if !v.PickPeriod(tc.period) || !v.PickRef(tc.vs) {
				t.Fatalf("%s / %s not offered: %q %q", tc.period, tc.vs, v.Windows(), v.Refs())
			}
			uitest.Settle(v)
			b := bridgeOf(t, ws, tc.vs, tc.period, "")
			want := tr.BridgeTable(b)
			sameTable(t, "bridge", v.BridgeTable(), want, true)
			bridge, _, _ := v.Tables()
			v.ShowTab(reviewpane.TabBridge)
			checkRendered(t, "bridge", bridge, v.BridgeTable(), 4)
			if drawn := texts(w.Content()); !slices.Contains(drawn, want.Note) {
				t.Errorf("the bridge's sentence %q is not drawn", want.Note)
			}
			if !slices.Contains(v.Windows(), tr.WindowLabel(b.Period)) {
				t.Errorf("window picker %q lacks %q", v.Windows(), tr.WindowLabel(b.Period))
			}
			wf, ok := v.Waterfall().Figure().(*chart.Waterfall)
			if !ok || v.Waterfall().Image() == nil {
				t.Fatalf("no waterfall drawn: %s", v.Status())
			}
			ref := tr.BridgeWaterfall(b, chart.Light)
			if wf.Start != ref.Start || wf.End != ref.End || len(wf.Parts) != len(ref.Parts) || wf.Subtitle != ref.Subtitle {
				t.Errorf("waterfall %v→%v %d parts %q; report %v→%v %d parts %q", wf.Start, wf.End, len(wf.Parts), wf.Subtitle,
					ref.Start, ref.End, len(ref.Parts), ref.Subtitle)
			}
			for i := range ref.Parts {
				if i < len(wf.Parts) && wf.Parts[i] != ref.Parts[i] {
					t.Errorf("waterfall part %d %+v, report %+v", i, wf.Parts[i], ref.Parts[i])
				}
			}
		})
	}
	t.Run("should drill into a driver and come back up", func(t *testing.T) {
		v.PickPeriod("FY2025")
		v.PickRef("yoy")
		uitest.Settle(v)
		top := v.Bridge()
		k := slices.IndexFunc(top.Parts, func(p workspace.BridgePart) bool { return p.Drill })
		if k < 0 {
			t.Fatalf("no driver of %s can be drilled into: %+v", top.Node, top.Parts)
		}
		if v.CanGoUp() {
			t.Fatal("Up is enabled at the root")
		}
		v.ClickRow(k)
		uitest.Settle(v)
		part := top.Parts[k]
		down := bridgeOf(t, ws, "yoy", "FY2025", part.Node)
		sameTable(t, "drilled bridge", v.BridgeTable(), tr.BridgeTable(down), true)
		if want := top.Name + " ▸ " + part.Name; v.Crumbs() != want {
			t.Errorf("breadcrumb %q, want %q", v.Crumbs(), want)
		}
		if !v.CanGoUp() {
			t.Error("Up is disabled one level down")
		}
		if v.Bridge().Node != part.Node {
			t.Errorf("drilled into %s, want %s", v.Bridge().Node, part.Node)
		}
		v.Up()
		uitest.Settle(v)
		sameTable(t, "bridge after Up", v.BridgeTable(), tr.BridgeTable(top), true)
		if v.Crumbs() != top.Name || v.CanGoUp() {
			t.Errorf("after Up: breadcrumb %q, Up enabled %v", v.Crumbs(), v.CanGoUp())
		}
	})
	t.Run("should say so when a driver cannot be drilled into", func(t *testing.T) {
		top := v.Bridge()
		k := slices.IndexFunc(top.Parts, func(p workspace.BridgePart) bool { return !p.Drill })
		if k < 0 {
			t.Skip("every driver has drivers")
		}
		v.ClickRow(k)
		uitest.Settle(v)
		if v.CanGoUp() || !strings.Contains(v.Status(), top.Parts[k].Name) {
			t.Errorf("clicking leaf %s: status %q, Up %v", top.Parts[k].Name, v.Status(), v.CanGoUp())
		}
	})
	if l == report.Japanese {
		noEnglish(t, append(append(append(v.Kinds(), v.Vs()...), v.Status(), v.AlertsTitle()), texts(w.Content())...))
	}
}

// noEnglish fails on a shown text with a Latin word other than the names
// the app keeps in every language (FY labels are 年度 in Japanese; the
// sample's ids, units and the month labels have no letters).
func noEnglish(t *testing.T, shown []string) {
	t.Helper()
	allowed := []string{"KPI", "CSM", "NPS", "MAU", "DAU", "v"}
	for _, s := range shown {
		word := ""
		flush := func() {
			if word != "" && !slices.Contains(allowed, word) {
				t.Errorf("English %q in the Japanese UI: %q", word, s)
			}
			word = ""
		}
		for _, r := range s {
			if r < unicode.MaxASCII && unicode.IsLetter(r) {
				word += string(r)
				continue
			}
			flush()
		}
		flush()
	}
}

func TestReviewPane_WorthAndPlans(t *testing.T) { checkWorthAndPlans(t) }
func TestReviewPane_WorthAndPlans_Japanese(t *testing.T) {
	if inJapanese(t, "TestReviewPane_WorthAndPlans_Japanese") {
		checkWorthAndPlans(t)
	}
}

// checkWorthAndPlans: the worth table is report.WorthTable of
// workspace.Worth; a plan frozen through the pane is listed, becomes the
// default reference, explains the bridge as the CLI's plan:NAME does,
// compares with the current forecast as `plan compare` prints it, and a
// rename and a confirmed delete leave the workspace without it.
func checkWorthAndPlans(t *testing.T) {
	l, code := lang(t)
	tr := report.For(l)
	v, ws, _ := newPane(t, code, nil)
	ctx := context.Background()
	t.Run("should rank what each KPI is worth as the CLI does", func(t *testing.T) {
		res, err := ws.Worth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := tr.WorthTable(res)
		if len(want.Rows) == 0 {
			t.Fatal("the sample has targets: want worth rows")
		}
		sameTable(t, "worth", v.WorthTable(), want, false)
		_, worth, _ := v.Tables()
		v.ShowTab(reviewpane.TabWorth)
		checkRendered(t, "worth", worth, want, 3)
		if v.WorthNote() != want.Note {
			t.Errorf("worth note %q, want %q", v.WorthNote(), want.Note)
		}
	})
	var name string
	t.Run("should freeze a plan under the proposed name and explain against it", func(t *testing.T) {
		name = v.TapFreeze()
		want := tr.L("reviewpane.default_plan", map[string]any{"FY": tr.FiscalLabel(2026), "N": 1})
		if name != want {
			t.Fatalf("proposed name %q, want %q", name, want)
		}
		v.ConfirmFreeze("")
		uitest.Settle(v)
		ps, err := ws.Plans()
		if err != nil || len(ps) != 1 || ps[0].Name != name {
			t.Fatalf("plans %+v, %v: want %q", ps, err, name)
		}
		if !slices.Equal(v.PlanNames(), []string{name}) || v.PickedPlan() != name {
			t.Fatalf("plan picker %q (%q)", v.PlanNames(), v.PickedPlan())
		}
		// The pick stays: a plan frozen with this month's actuals in it
		// would explain nothing about this month.
		if v.Refs()[0] != "plan:"+name || v.Ref() != "forecast" {
			t.Fatalf("vs %q, picked %q: want the new plan offered first, the pick kept", v.Refs(), v.Ref())
		}
		if v.TapFreeze() == name {
			t.Error("a second freeze proposes the name already taken")
		}
		v.PickPeriod("FY2025-YTD")
		v.PickRef("plan:" + name)
		uitest.Settle(v)
		sameTable(t, "bridge vs plan", v.BridgeTable(), tr.BridgeTable(bridgeOf(t, ws, "plan:"+name, "FY2025-YTD", "")), true)
	})
	t.Run("should compare the plan with the current forecast as the CLI does", func(t *testing.T) {
		v.TapCompare()
		uitest.Settle(v)
		c, err := ws.ComparePlans(ctx, name, "")
		if err != nil {
			t.Fatal(err)
		}
		sameTable(t, "comparison", v.Comparison(), tr.PlanCompareTable(c), false)
	})
	t.Run("should rename and delete it, asking first", func(t *testing.T) {
		renamed := name + " final"
		v.TapRename(renamed)
		uitest.Settle(v)
		if ps, _ := ws.Plans(); len(ps) != 1 || ps[0].Name != renamed || !slices.Equal(v.PlanNames(), []string{renamed}) {
			t.Fatalf("after rename: workspace %+v, picker %q", ps, v.PlanNames())
		}
		if q := v.TapDelete(false); !strings.Contains(q, renamed) {
			t.Errorf("delete asks %q: want the plan named", q)
		}
		uitest.Settle(v)
		if ps, _ := ws.Plans(); len(ps) != 1 {
			t.Fatalf("dismissing the question deleted the plan: %+v", ps)
		}
		v.TapDelete(true)
		uitest.Settle(v)
		if ps, _ := ws.Plans(); len(ps) != 0 || len(v.PlanNames()) != 0 {
			t.Fatalf("after delete: workspace %+v, picker %q", ps, v.PlanNames())
		}
		if v.Ref() != "forecast" {
			t.Errorf("without plans the pane compares with %q", v.Ref())
		}
	})
	t.Run("should refuse a taken name in the user's language", func(t *testing.T) {
		v.TapFreeze()
		v.ConfirmFreeze("dup")
		uitest.Settle(v)
		v.TapFreeze()
		v.ConfirmFreeze("dup")
		uitest.Settle(v)
		// The sentence before the technical detail, which only the English
		// UI shows inline.
		want, _, _ := strings.Cut(tr.L("error.ws.plan_exists", map[string]any{"Err": "\x00"}), "\x00")
		want = strings.TrimRight(want, "(（")
		if !strings.HasPrefix(v.Status(), want) || want == "" {
			t.Errorf("status %q, want it to start %q", v.Status(), want)
		}
	})
}

func TestReviewPane_Alerts(t *testing.T) { checkAlerts(t) }
func TestReviewPane_Alerts_Japanese(t *testing.T) {
	if inJapanese(t, "TestReviewPane_Alerts_Japanese") {
		checkAlerts(t)
	}
}

// plantDeviation gives the root and active_rate band rules and imports
// the sample with March 2026's active rate planted at 40 % (the data says
// 69 %), as app/workspace's alert tests do.
func plantDeviation(t *testing.T, ws *workspace.Workspace, csv string) {
	t.Helper()
	for id, rules := range map[string][]kpitree.AlertRule{
		"addon_revenue": {{Kind: kpitree.AlertBand95}},
		"active_rate":   {{Kind: kpitree.AlertBand95}, {Kind: kpitree.AlertBand80}},
	} {
		n, ok := ws.Node(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		n.Alerts = rules
		if err := ws.SetNode(n); err != nil {
			t.Fatal(err)
		}
	}
	ImportCSV(t, ws, csv)
}

// ImportCSV imports one of app/workspace's alert test files over the
// sample's bindings.
func ImportCSV(t *testing.T, ws *workspace.Workspace, name string) {
	t.Helper()
	ds, _, err := dataio.Read(context.Background(), filepath.Join("..", "..", "workspace", "testdata", "alerts", name),
		dataio.Options{FiscalYearStart: time.April})
	if err != nil {
		t.Fatal(err)
	}
	ds.Source = "cs_monthly.csv"
	if _, err := ws.ImportOrRefresh(ds, map[string]string{"unit_price": "unit_price_jpy", "csm_count": "csm_count",
		"onboarded_per_csm": "onboarded_per_csm", "active_rate": "active_rate"}); err != nil {
		t.Fatal(err)
	}
}

// checkAlerts: without rules the pane says nothing is watched; an import
// that plants a deviation lists the alerts workspace.Alerts finds, in
// report.AlertTable's words, counts them on the tab and tells the shell.
func checkAlerts(t *testing.T) {
	l, code := lang(t)
	tr := report.For(l)
	var counts []int
	v, ws, w := newPane(t, code, func(n int) { counts = append(counts, n) })
	if v.AlertNote() != tr.L("reviewpane.alerts_no_rules") || len(v.AlertTable().Rows) != 0 {
		t.Fatalf("without rules: %q, %d rows", v.AlertNote(), len(v.AlertTable().Rows))
	}
	plantDeviation(t, ws.Workspace, "cs_monthly_planted.csv")
	uitest.Settle(v)
	alerts, err := ws.Alerts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 3 {
		t.Fatalf("the planted month should fire 3 alerts, got %+v", alerts)
	}
	want := tr.AlertTable(alerts)
	sameTable(t, "alerts", v.AlertTable(), want, false)
	_, _, table := v.Tables()
	v.ShowTab(reviewpane.TabAlerts)
	checkRendered(t, "alerts", table, want, 3)
	if got, wantTitle := v.AlertsTitle(), tr.L("reviewpane.tab_alerts_n", map[string]any{"Count": 3}); got != wantTitle {
		t.Errorf("alerts tab %q, want %q", got, wantTitle)
	}
	if drawn := texts(w.Content()); !slices.Contains(drawn, v.AlertsTitle()) {
		t.Errorf("the alerts tab's title %q is not drawn", v.AlertsTitle())
	}
	if len(counts) == 0 || counts[len(counts)-1] != 3 {
		t.Errorf("the shell was told %v, want 3 last", counts)
	}
	for _, row := range want.Rows {
		if !strings.Contains(row[4], tr.FormatValue(alerts[0].Observed, alerts[0].Unit)) && row[1] == alerts[0].Name {
			t.Errorf("the root's alert %q does not say its observed value", row[4])
		}
	}
	if l == report.Japanese {
		noEnglish(t, append([]string{v.AlertNote(), v.AlertsTitle()}, want.Header...))
	}
}
