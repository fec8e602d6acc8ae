package pack_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// stamp fixes the pack's date so two builds give the same bytes.
var stamp = time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)

func sample(t *testing.T, lang string) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.CreateSample(filepath.Join(t.TempDir(), "sample.kpitree"), lang)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func build(t *testing.T, lang report.Lang) (*pack.Document, *workspace.Workspace) {
	t.Helper()
	ws := sample(t, string(lang))
	doc, err := pack.Build(context.Background(), ws, pack.Options{Lang: lang, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	return doc, ws
}

var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

func TestBuild_SectionsAgreeWithTheWorkspace(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			doc, ws := build(t, lang)
			tr := report.For(lang)
			if len(doc.Sections) != 7 {
				t.Fatalf("%d sections, want 7 (KPIs, bridge, worth, alerts, tree, forecast, impact): %+v", len(doc.Sections), doc.Sections)
			}
			kpis := doc.Sections[0]
			cal := ws.Calendar()
			fy := cal.FiscalYear(cal.Periods)
			rows, err := ws.FiscalYear(context.Background(), "", fy)
			if err != nil {
				t.Fatal(err)
			}
			var want [][2]string
			for _, r := range rows {
				if r.HasTarget {
					want = append(want, [2]string{r.Name, tr.FormatFiscal(r.Value, r.Unit, r.Agg.Kind)})
				}
			}
			if kpis.Table == nil || len(kpis.Table.Rows) != len(want) || len(want) == 0 {
				t.Fatalf("KPI table %+v, want one row per KPI with an FY target (%d)", kpis.Table, len(want))
			}
			for i, w := range want {
				if got := kpis.Table.Rows[i]; got[0] != w[0] || got[2] != w[1] {
					t.Errorf("KPI row %d = %q, want name %q and FY value %q", i, got, w[0], w[1])
				}
			}
			if !strings.Contains(kpis.Table.Header[2], tr.FiscalLabel(fy)) {
				t.Errorf("FY column %q does not name %s", kpis.Table.Header[2], tr.FiscalLabel(fy))
			}
			last := cal.Label(cal.Periods - 1)
			b, err := ws.Bridge(context.Background(), workspace.BridgeOptions{Ref: workspace.RefForecast, Period: last})
			if err != nil {
				t.Fatal(err)
			}
			bt := tr.BridgeTable(b)
			if br := doc.Sections[1]; br.Table == nil || len(br.Text) != 1 || br.Text[0] != tr.BridgeTitle(b) || len(br.Table.Rows) != len(bt.Rows) {
				t.Errorf("bridge section %+v, want the bridge of %s against the forecast made before it (%d parts)", br, last, len(bt.Rows))
			} else {
				for i, row := range bt.Rows {
					if got := br.Table.Rows[i]; strings.Join(got, "|") != strings.Join(row[:len(row)-1], "|") {
						t.Errorf("bridge row %d = %q, want %q", i, got, row[:len(row)-1])
					}
				}
			}
			w, err := ws.Worth(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if wt := tr.WorthTable(w); doc.Sections[2].Table == nil || len(doc.Sections[2].Table.Rows) != len(wt.Rows) || len(wt.Rows) == 0 {
				t.Errorf("worth section %+v, want %d rows", doc.Sections[2], len(wt.Rows))
			} else if strings.Join(doc.Sections[2].Table.Rows[0], "|") != strings.Join(wt.Rows[0], "|") {
				t.Errorf("worth row 0 = %q, want %q", doc.Sections[2].Table.Rows[0], wt.Rows[0])
			}
			if a := doc.Sections[3]; a.Table != nil || len(a.Text) != 1 || a.Text[0] != tr.L("pack.alerts_no_rules") {
				t.Errorf("alerts section of a workspace without rules = %+v, want the note that no rule is set", a)
			}
			for _, s := range doc.Sections[4:] {
				if s.Figure == nil {
					t.Errorf("section %q has no figure", s.Heading)
				}
			}
			if lang != report.Japanese {
				return
			}
			var text []string
			text = append(text, doc.Title)
			text = append(text, doc.Facts[:2]...) // the file name is the user's
			for _, s := range doc.Sections {
				text = append(text, s.Heading, s.FigureAlt)
				text = append(text, s.Text...)
				if s.Table != nil {
					text = append(text, s.Table.Header...)
				}
			}
			for _, s := range text {
				if w := latinWord.FindString(strings.NewReplacer("KPI", "", "FY", "").Replace(s)); w != "" {
					t.Errorf("Japanese pack says %q (in %q)", w, s)
				}
			}
		})
	}
}

func TestWriteHTML_SelfContained(t *testing.T) {
	doc, _ := build(t, report.Japanese)
	var b bytes.Buffer
	if err := pack.WriteHTML(&b, doc); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"Content-Security-Policy", "default-src 'none'", "@font-face", "data:font/ttf;base64,", "<svg", doc.Title} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, ref := range regexp.MustCompile(`(?:src|href)\s*=\s*"([^"]*)"|url\(([^)]*)\)`).FindAllStringSubmatch(html, -1) {
		u := ref[1] + ref[2]
		if !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "#") {
			t.Errorf("HTML refers to %q outside itself", u)
		}
	}
	if n := strings.Count(html, "<svg"); n < 3 {
		t.Errorf("%d figures in the HTML, want 3", n)
	}
	if size := b.Len(); size > 4<<20 {
		t.Errorf("HTML is %d bytes: the font is not cut to the pack's characters", size)
	}
	var again bytes.Buffer
	if err := pack.WriteHTML(&again, doc); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("two writes of one pack differ (err %v)", err)
	}
}

// TestWritePDF_RealTextEveryPage reads the PDF back with poppler (the
// pdftotext and pdfinfo of Debian's poppler-utils): the Japanese title and
// headings are text, one page per section after the title page.
func TestWritePDF_RealTextEveryPage(t *testing.T) {
	pdftotext, pdfinfo := tool(t, "pdftotext"), tool(t, "pdfinfo")
	doc, _ := build(t, report.Japanese)
	path := filepath.Join(t.TempDir(), "pack.pdf")
	var b bytes.Buffer
	if err := pack.WritePDF(&b, doc, stamp); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(pdfinfo, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	pages, _ := strconv.Atoi(string(m[1]))
	if pages < 1+len(doc.Sections) {
		t.Errorf("%d pages, want at least %d (a title page and one a section)", pages, 1+len(doc.Sections))
	}
	text, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range append([]string{doc.Title, doc.Sections[0].Table.Rows[0][0]}, headings(doc)...) {
		if !strings.Contains(string(text), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func headings(doc *pack.Document) []string {
	var out []string
	for _, s := range doc.Sections {
		out = append(out, s.Heading)
	}
	return out
}

// tool finds a command the test needs; missing, the test fails under
// KPITREE_REQUIRE_BROWSER=1 (make test installs it) and is skipped otherwise.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("KPITREE_REQUIRE_BROWSER") != "" {
			t.Fatalf("%s is missing: run `make test-deps` (Debian packages chromium and poppler-utils)", name)
		}
		t.Skipf("%s is missing; `make test-deps` installs it", name)
	}
	return p
}

// TestBuild_BridgeReference: a plan frozen with the last month's actuals
// in it explains nothing about that month, so the pack falls back to the
// forecast made before it; a plan named with Vs is used as asked.
func TestBuild_BridgeReference(t *testing.T) {
	ws := sample(t, "en")
	ctx := context.Background()
	for _, name := range []string{"v1", "v2"} {
		if _, err := ws.FreezePlan(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	tr := report.For(report.English)
	for _, c := range []struct{ vs, want string }{
		{"", "the forecast made with data to"},
		{"plan:v2", "v2"},
	} {
		doc, err := pack.Build(ctx, ws, pack.Options{Lang: report.English, Now: stamp, Vs: c.vs})
		if err != nil {
			t.Fatal(err)
		}
		if s := doc.Sections[1]; s.Heading != tr.L("pack.bridge") || len(s.Text) != 1 || !strings.Contains(s.Text[0], c.want) {
			t.Errorf("vs %q: bridge section %q %q, want it against %q", c.vs, s.Heading, s.Text, c.want)
		}
	}
	doc, err := pack.Build(ctx, ws, pack.Options{Lang: report.English, Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := ws.Plan("v2")
	if err != nil {
		t.Fatal(err)
	}
	pn, _ := plan.Node(ws.Tree().Root)
	var fan *chart.FanChart
	for _, s := range doc.Sections {
		if f, ok := s.Figure.(*chart.FanChart); ok {
			fan = f
		}
	}
	if fan == nil || len(fan.Scenarios) == 0 {
		t.Fatalf("no plan line on the fan chart")
	}
	line := fan.Scenarios[len(fan.Scenarios)-1]
	first := plan.LastActual() + 1
	if line.Name != tr.L("pack.plan_line", map[string]any{"Name": "v2"}) || line.Start != first || len(line.Values) == 0 ||
		line.Values[0] != pn.Values[first] || line.Values[len(line.Values)-1] != pn.Values[first+len(line.Values)-1] {
		t.Errorf("plan line %q from %d (%d values), want plan v2's root from %d", line.Name, line.Start, len(line.Values), first)
	}
	if _, err := pack.Build(ctx, ws, pack.Options{Lang: report.English, Vs: "plan:nope"}); err == nil {
		t.Errorf("a pack against an unknown plan should fail")
	}
}
