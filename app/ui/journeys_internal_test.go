package ui

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/datapane"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/ui/whatifpane"
	"github.com/kpitree/kpitree/kpitree"
)

// The three journeys of the issue "numbers an executive can trust", each
// followed through the widgets a person uses and checked against what
// app/workspace computes, in English and in Japanese (a child process).

// journeyData is the CS data file of the sample in a language.
func journeyData(lang string) string {
	if lang == "ja" {
		return dataFile("cs_monthly_ja_sjis.csv")
	}
	return dataFile("cs_monthly.csv")
}

// csLeaderJourney: design, bind, check. A new workspace from the template
// has no data: every leaf is reported missing in the Problems tab and on
// its box; binding the CS export through the wizard clears them and puts
// the workspace's values on the boxes; adding a driver shows the parent's
// formula with names and its own missing data.
func csLeaderJourney(t *testing.T, lang string) {
	a := newEmptyAdapter(t, lang)
	app := uitest.NewApp(t)
	s, err := New(Params{App: app, Opener: FileOpener{Lang: lang}, Workspace: a, Panes: []Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { s.WaitIdle(); s.Window().Close() })
	s.WaitIdle()
	ws := a.Workspace
	problemsMatchTheChecker := func(t *testing.T) []kpitree.Diagnostic {
		t.Helper()
		diags, err := ws.Check()
		if err != nil {
			t.Fatal(err)
		}
		if len(s.problems.Rows()) != len(diags) {
			t.Fatalf("Problems tab lists %d findings, the checker %d", len(s.problems.Rows()), len(diags))
		}
		for id, sev := range report.WorstByNode(diags) {
			if got, ok := s.canvas.Problem(id); !ok || got != sev {
				t.Errorf("box %s badge %q (%v), want %q", id, got, ok, sev)
			}
		}
		return diags
	}
	t.Run("should list every unbound leaf's missing data, as the checker does", func(t *testing.T) {
		diags := problemsMatchTheChecker(t)
		if !slices.ContainsFunc(diags, func(d kpitree.Diagnostic) bool { return d.Node == "active_rate" }) {
			t.Fatalf("no finding about the unbound active rate in %v", diags)
		}
	})
	t.Run("should bind the CS export and show the workspace's values on the boxes", func(t *testing.T) {
		bw := datapane.NewWizard(s.Window(), a, nil)
		bw.Load(journeyData(lang))
		bw.Wait()
		bw.Confirm()
		bw.Wait()
		s.WaitIdle()
		e, err := ws.Evaluate("")
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, b := range s.canvas.Boxes() {
			n, _ := ws.Node(b.ID)
			last, i := report.LastValue(e.Values(b.ID))
			if i < 0 {
				continue
			}
			checked++
			if want := uikit.FormatValue(last, n.Unit); b.ValueText != want {
				t.Errorf("box %s shows %q, the workspace computes %q", b.ID, b.ValueText, want)
			}
		}
		if checked < 7 {
			t.Errorf("only %d boxes have values after binding", checked)
		}
		if _, bad := s.canvas.Problem("active_rate"); bad {
			t.Error("the bound active rate still has a badge")
		}
		problemsMatchTheChecker(t)
	})
	t.Run("should show the root's formula after the import with no completion chips and no unlabelled button", func(t *testing.T) {
		// Reported: unlabelled chips under the root's formula after an
		// import. Completions belong to typing only; every button the
		// inspector shows must say what it does.
		s.canvas.Select(ws.Tree().Root)
		s.WaitIdle()
		in := s.inspector
		if in.Suggestions.Visible() || len(in.Suggestions.Objects) > 0 {
			t.Errorf("%d completion chips under the root's formula though nothing is being typed", len(in.Suggestions.Objects))
		}
		var buttons, unlabelled int
		walkVisible(in.Content(), func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok {
				buttons++
				if strings.TrimSpace(b.Text) == "" && b.Icon == nil {
					unlabelled++
				}
			}
		})
		if buttons < 2 {
			t.Fatalf("found %d buttons in the inspector: the walk misses Revert and Apply", buttons)
		}
		if unlabelled > 0 {
			t.Errorf("%d buttons in the inspector have neither text nor icon", unlabelled)
		}
	})
	t.Run("should add a driver with names in the parent's formula and flag its missing data", func(t *testing.T) {
		n := kpitree.Node{ID: ws.NewNodeID("Weekly logins", "active_customers"), Name: "Weekly logins", Kind: kpitree.KindInput, Unit: "logins"}
		if err := ws.AddDriver("active_customers", n, "*"); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		s.canvas.Select("active_customers")
		parent, _ := ws.Node("active_customers")
		if want := kpitree.FormulaForDisplay(ws.Tree(), parent.Formula); s.inspector.Formula.Text != want || !strings.Contains(want, `"Weekly logins"`) {
			t.Errorf("inspector formula %q, want %q with the new driver's name", s.inspector.Formula.Text, want)
		}
		if _, ok := s.canvas.Problem(n.ID); !ok {
			t.Errorf("no badge on the new driver %s", n.ID)
		}
		problemsMatchTheChecker(t)
	})
}

// executiveJourney: forecast, what-if "+5 pt from April, ramp 3", impact.
// The what-if's tree preview is above the base in every forecast period
// and equals the saved scenario's projection; the impact pane's tornado
// and table rank the same drivers with the same swings.
func executiveJourney(t *testing.T, lang string) {
	w := newTestWindow(t)
	a := newSampleAdapterLang(t, lang)
	forecastSample(t, a)
	ws := a.Workspace
	p := whatifpane.New(w, a, nil)
	wait := func() { settle(p) }
	wait()
	w.SetContent(p.Content())
	wait()
	const name = "Active +5pt"
	t.Run("should preview +5 pt from April, ramped over 3 months, above the base in every forecast period", func(t *testing.T) {
		p.SetWindow("2026-04", 3)
		if op, _ := p.DriverOp("active_rate"); op != kpitree.OpAdd {
			t.Fatalf("active rate row op %q, want add (pt)", op)
		}
		if !p.MoveDriver("active_rate", 5) {
			t.Fatal("no slider for active_rate")
		}
		wait()
		snap := a.Snapshot()
		root := snap.Tree.Root
		act, base := snap.Actual[root], snap.Base[root]
		for h := p.Engine().History(); h < len(act); h++ {
			if !(act[h] > base[h]) {
				t.Fatalf("root at period %d = %v, base %v", h, act[h], base[h])
			}
		}
		p.SaveDraftAs(name)
		wait()
		sc, err := ws.Scenario(name)
		if err != nil || len(sc.Overrides) != 1 {
			t.Fatalf("saving the draft failed: scenario %+v, %v (%s)", sc, err, p.Status())
		}
		o := sc.Overrides[0]
		if o.Node != "active_rate" || o.Op != kpitree.OpAdd || math.Abs(o.Value-0.05) > 1e-12 || o.Ramp != 3 ||
			snap.Tree.Calendar.Label(o.From) != "2026-04" {
			t.Fatalf("stored override %+v, want add 0.05 from 2026-04 ramp 3", o)
		}
		proj, err := ws.Projection(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		for h := p.Engine().History(); h < len(act); h++ {
			if got := proj.Values(root)[h]; math.Abs(got-act[h]) > 1e-9*math.Abs(got) {
				t.Fatalf("period %d: preview %v, saved scenario %v", h, act[h], got)
			}
		}
	})
	t.Run("should rank the same drivers with the same swings in the tornado and the table", func(t *testing.T) {
		v := impactpane.New(w, a, nil)
		w.SetContent(v.Content())
		v.ExplainScenario(name)
		settle(v)
		tn, ok := v.Tornado().Figure().(*chart.Tornado)
		if !ok || len(tn.Bars) == 0 {
			t.Fatalf("no tornado drawn: %T (%s)", v.Tornado().Figure(), v.Status())
		}
		if len(v.Ranking().Rows) != len(tn.Bars) {
			t.Fatalf("%d table rows, %d tornado bars", len(v.Ranking().Rows), len(tn.Bars))
		}
		root, _ := ws.Node(ws.Tree().Root)
		for i, bar := range tn.Bars {
			row := v.Ranking().Rows[i]
			if !strings.Contains(bar.Label, row[1]) {
				t.Errorf("bar %d %q, table row %q", i, bar.Label, row[1])
			}
			if swing := uikit.Translator().FormatAmount(math.Abs(bar.High-bar.Low), root.Unit); swing != row[4] {
				t.Errorf("%s: tornado swing %s, table %s", row[1], swing, row[4])
			}
		}
	})
}

// plannerJourney: export. The numbers and every chart are written; the
// fiscal-year figures are labelled with the fiscal year and a total unit,
// never per month.
func plannerJourney(t *testing.T, lang string) {
	a := newSampleAdapterLang(t, lang)
	forecastSample(t, a)
	ws := a.Workspace
	if err := ws.AddScenario(kpitree.Scenario{Name: "Up", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: 36, To: -1, Ramp: 3}}}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	req := chartspane.ExportRequest{Kinds: report.Kinds(), Format: chart.PNG, Size: chart.SizePixels(960, 540, 96), Dir: dir, Numbers: true, Scenario: "Up"}
	jobs, err := chartspane.ExportJobs(context.Background(), a, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should label fiscal-year figures with the year and a total unit", func(t *testing.T) {
		fy := uikit.Translator().FiscalLabel(2026)
		perMonth := uikit.Translator().UnitText("JPY/month")
		checked := 0
		for _, j := range jobs {
			var text string
			switch f := j.Figure.(type) {
			case *chart.Tornado:
				text = f.Subtitle + " " + f.Unit.Label
			case *chart.Waterfall:
				text = f.Subtitle + " " + f.Unit.Label
			default:
				continue
			}
			checked++
			if !strings.Contains(text, fy) || strings.Contains(text, perMonth) {
				t.Errorf("%s: %q, want %q and no %q", j.Figure.Kind(), text, fy, perMonth)
			}
		}
		if checked < 2 {
			t.Fatalf("%d fiscal-year figures among %d charts, want the waterfall and the tornado", checked, len(jobs))
		}
	})
	t.Run("should write every chart and the numbers", func(t *testing.T) {
		files, err := chartspane.WriteExport(context.Background(), a, req, jobs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != len(jobs)+1 || filepath.Base(files[len(files)-1]) != chartspane.NumbersFile {
			t.Fatalf("wrote %v for %d charts and the numbers", files, len(jobs))
		}
		for _, f := range files {
			if st, err := os.Stat(f); err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", f, err)
			}
		}
	})
}

func TestJourneys(t *testing.T) {
	t.Run("CS leader", func(t *testing.T) { csLeaderJourney(t, "en") })
	t.Run("executive", func(t *testing.T) { executiveJourney(t, "en") })
	t.Run("planner", func(t *testing.T) { plannerJourney(t, "en") })
}

// journeysChild names the Japanese child of TestJourneysJapanese.
const journeysChild = "journeys-ja"

func TestJourneysJapanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case journeysChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		t.Run("CS leader", func(t *testing.T) { csLeaderJourney(t, "ja") })
		t.Run("executive", func(t *testing.T) { executiveJourney(t, "ja") })
		t.Run("planner", func(t *testing.T) { plannerJourney(t, "ja") })
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestJourneysJapanese", journeysChild)
	if !strings.Contains(out, "--- PASS: TestJourneysJapanese/") || strings.Contains(out, "--- FAIL") {
		t.Fatalf("the Japanese child failed or ran no cases:\n%s", out)
	}
}

// walkVisible calls fn for o and every visible object under it, looking
// into containers and into widgets' renderers.
func walkVisible(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkVisible(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walkVisible(c, fn)
		}
	}
}
