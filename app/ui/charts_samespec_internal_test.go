package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// sameSpecChild marks the Japanese child process of
// TestAppAndCLI_DrawTheSameSpecs.
const sameSpecChild = "ja|same-spec"

// buildCLI builds kpitreectl (pure Go, as shipped) into a temporary folder
// and returns its path.
func buildCLI(t *testing.T) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..")
	bin := filepath.Join(t.TempDir(), "kpitreectl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/kpitreectl")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot build kpitreectl here (%v): %s", err, out)
	}
	return bin
}

// cli runs the built kpitreectl and returns its standard output.
func cli(t *testing.T, bin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("kpitreectl %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// copyFile copies the workspace file so the CLI can open it while the app
// holds the original (bbolt locks an open file).
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// diffLines says where two texts first differ, with a little context.
func diffLines(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  app: %s\n  cli: %s", i+1, x, y)
		}
	}
	return "equal"
}

// sameSpecCases checks, for the sample workspace with two scenarios and for
// the base and each scenario, that every figure the charts pane and the
// impact pane draw, the impact table and the numbers export are exactly
// what `kpitreectl export`, `impact --rank` and `export-data` produce in
// language l: the app's side goes through the panes' own selects and
// request building, the CLI's through its flags, and the specs are
// compared as canonical JSON, field by field (numbers, labels, units,
// period labels).
func sameSpecCases(t *testing.T, l report.Lang) {
	bin := buildCLI(t)
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	ws := a.Workspace
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	from := e.Calendar.Periods
	for _, sc := range []kpitree.Scenario{
		{Name: "Active +5pt", Overrides: []kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: from, To: -1, Ramp: 3}}},
		{Name: "Price +3%", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpScale, Value: 3, From: from, To: -1}}},
	} {
		if err := ws.AddScenario(sc); err != nil {
			t.Fatal(err)
		}
	}
	p := chartspane.New(w, a, nil)
	settle(p)
	iv := impactpane.New(w, a, nil)
	settle(iv)
	file := filepath.Join(t.TempDir(), "copy.kpitree")
	copyFile(t, ws.Path(), file)
	lang := string(l)

	for _, scen := range append([]string{""}, "Active +5pt", "Price +3%") {
		name := scen
		if name == "" {
			name = "base"
		}
		t.Run("should draw the same figures for "+name, func(t *testing.T) {
			// given the charts pane showing the scenario, as a user picks it
			if !p.SelectScenario(scen) {
				t.Fatalf("the charts pane offers no scenario %q", scen)
			}
			settle(p)
			// when the CLI exports the same scenario's figure specs
			dir := t.TempDir()
			args := []string{"export", file, "--read-only", "--out", dir, "--format", "json", "--lang", lang,
				"--charts", "fan,compare,waterfall,tornado,tree"}
			if scen != "" {
				args = append(args, "--scenario", scen)
			}
			files := strings.Fields(cli(t, bin, args...))
			cliSpecs := map[string]string{}
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				kind := strings.SplitN(filepath.Base(f), "_", 2)[0]
				kind = strings.TrimSuffix(kind, ".json")
				cliSpecs[kind] = string(b)
			}
			// then every figure is the same spec
			for _, k := range report.Kinds() {
				fig := p.Figure(k)
				if fig == nil {
					if _, ok := cliSpecs[string(k)]; ok {
						t.Errorf("%s: the CLI drew it, the app did not (%s)", k, p.Note(k))
					}
					continue
				}
				app, err := report.SpecJSON(fig)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := cliSpecs[string(k)]
				if !ok {
					t.Errorf("%s: the app drew it, the CLI did not (files %v)", k, files)
					continue
				}
				if string(app) != got {
					t.Errorf("%s differs between the app and the CLI: %s", k, diffLines(string(app), got))
				}
			}
			if len(cliSpecs) < 4 {
				t.Fatalf("the CLI drew only %v", files)
			}
			// and the figures are in the language, fiscal-year totals
			// labelled as such
			wantFY := map[report.Lang]string{report.English: `"Label": "JPY, FY2026"`, report.Japanese: `"Label": "円（2026年度）"`}[l]
			for _, k := range []string{"waterfall", "tornado"} {
				if spec, ok := cliSpecs[k]; ok && !strings.Contains(spec, wantFY) {
					t.Errorf("%s axis is not labelled %s", k, wantFY)
				}
			}
			if l == report.Japanese && !strings.Contains(cliSpecs["fan"], "実績") {
				t.Errorf("the Japanese fan chart is not in Japanese:\n%.600s", cliSpecs["fan"])
			}
		})
		t.Run("should rank the drivers the same way for "+name, func(t *testing.T) {
			// given the impact pane explaining the scenario
			if scen == "" {
				iv.ExplainPeriods()
			} else {
				iv.ExplainScenario(scen)
			}
			settle(iv)
			// when the CLI ranks the same scenario
			args := []string{"impact", file, "--read-only", "--rank", "--lang", lang}
			if scen != "" {
				args = append(args, "--scenario", scen)
			}
			out := cli(t, bin, args...)
			// then the table has the same cells and the tornado the same bars
			var app strings.Builder
			if err := iv.Ranking().WriteText(&app, false); err != nil {
				t.Fatal(err)
			}
			if app.String() != out {
				t.Errorf("impact table differs: %s", diffLines(app.String(), out))
			}
			tn, ok := iv.Tornado().Figure().(*chart.Tornado)
			if !ok {
				t.Fatalf("no tornado: %s", iv.Status())
			}
			if len(tn.Bars) != len(iv.Ranking().Rows) {
				t.Fatalf("%d bars, %d rows", len(tn.Bars), len(iv.Ranking().Rows))
			}
			if scen != "" {
				if wf, ok := iv.LastWaterfall().(*chart.Waterfall); !ok || wf.EndLabel != scen {
					t.Errorf("impact waterfall ends at %v, want %s", iv.LastWaterfall(), scen)
				}
			}
		})
	}
	t.Run("should export the same numbers", func(t *testing.T) {
		dir := t.TempDir()
		app := filepath.Join(dir, "app.csv")
		if err := chartspane.WriteNumbers(context.Background(), ws, app); err != nil {
			t.Fatal(err)
		}
		cliPath := filepath.Join(dir, "cli.csv")
		cli(t, bin, "export-data", file, "--read-only", "--all-scenarios", "--lang", lang, "--out", cliPath)
		x, err := os.ReadFile(app)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(cliPath)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("numbers differ: %s", diffLines(string(x), string(y)))
		}
		if l == report.Japanese && !strings.Contains(string(x), "ベース") {
			t.Errorf("Japanese numbers export lacks the sheet ベース:\n%.400s", x)
		}
	})
}

func TestAppAndCLI_DrawTheSameSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kpitreectl")
	}
	switch os.Getenv(uitest.LangChildEnv) {
	case sameSpecChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		sameSpecCases(t, report.Japanese)
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	sameSpecCases(t, report.English)
	out := uitest.RunLanguageChild(t, "TestAppAndCLI_DrawTheSameSpecs", sameSpecChild)
	if !strings.Contains(out, "--- PASS: TestAppAndCLI_DrawTheSameSpecs/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}
