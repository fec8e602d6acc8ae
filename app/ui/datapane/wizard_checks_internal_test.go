package datapane

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// dateOrderChild is uitest.LangChildEnv's value for the Japanese wizard test.
const dateOrderChild = "wizard-reliability-ja"

// ambiguousCSV writes a monthly export whose dates could all be day first
// or month first: 01/02/2024 … 01/12/2024. Day first they are the first of
// eleven months (February to December); month first, eleven days of
// January.
func ambiguousCSV(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("date,csm_count,active_rate\n")
	for m := 2; m <= 12; m++ {
		b.WriteString("01/" + twoDigits(m) + "/2024," + twoDigits(5+m) + ",0.6\n")
	}
	path := filepath.Join(t.TempDir(), "ambiguous.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// topRadio is the radio group of the window's top dialog; it fails t when
// there is none.
func topRadio(t *testing.T, bw *Wizard) *widget.RadioGroup {
	t.Helper()
	top := bw.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	for _, o := range test.LaidOutObjects(top) {
		if r, ok := o.(*widget.RadioGroup); ok {
			return r
		}
	}
	t.Fatalf("no choice in the dialog: %q", uitest.RenderedTexts(bw.win))
	return nil
}

// dateOrderCases asks the date order of an ambiguous file and reads it
// with each choice. dmy and mdy are the two choices as the language
// words them.
func dateOrderCases(t *testing.T, language, dmy, mdy string) {
	path := ambiguousCSV(t)
	tests := []struct {
		name          string
		choice        string
		periods       int
		first, second string
	}{
		{"should read eleven months when the dates are day first", dmy, 11, "2024-02", "2024-03"},
		{"should read January when the dates are month first", mdy, 1, "2024-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := uitest.NewWindow(t)
			bw := NewWizard(w, emptyWorkspace(t, language), nil)
			bw.load(path)
			bw.Wait()
			if bw.preview != nil {
				t.Fatal("the wizard guessed the date order")
			}
			texts := uitest.RenderedTexts(w)
			for _, want := range []string{lang.L("dateorder.title"), dmy, mdy} {
				if !uitest.HasText(texts, want) {
					t.Errorf("the question lacks %q: %q", want, texts)
				}
			}
			read := uitest.TopButton(t, w, lang.L("dateorder.read"))
			if !read.Disabled() {
				t.Error("the file can be read before an order is chosen")
			}
			topRadio(t, bw).SetSelected(tt.choice)
			test.Tap(read)
			bw.Wait()
			if bw.preview == nil {
				t.Fatalf("no preview after choosing; the window shows %q", uitest.RenderedTexts(w))
			}
			cal := bw.preview.Dataset.Calendar
			if cal.Periods != tt.periods || cal.Label(0) != tt.first || (tt.second != "" && cal.Label(1) != tt.second) {
				t.Fatalf("%d periods from %s, want %d from %s", cal.Periods, cal.Label(0), tt.periods, tt.first)
			}
			if want := bw.orders[path]; !uitest.HasText(uitest.RenderedTexts(w), lang.L("dateorder.order_"+string(want))) {
				t.Errorf("the summary does not say the dates were read %s: %q", want, uitest.RenderedTexts(w))
			}

			// Read again in the same session: no question, same order.
			bw.dlg.Hide()
			bw.preview = nil
			bw.load(path)
			bw.Wait()
			if bw.preview == nil || bw.preview.Dataset.Calendar.Periods != tt.periods {
				t.Fatalf("the wizard did not remember the order: %q", uitest.RenderedTexts(w))
			}
			bw.confirm()
			bw.Wait()
			if ds := bw.ws.Datasets(); len(ds) != 1 || !strings.Contains(string(ds[0].Options), `"date_order":"`+string(bw.orders[path])+`"`) {
				t.Errorf("stored datasets %+v, want one read with %s", ds, bw.orders[path])
			}
		})
	}
	t.Run("should not ask for a file whose dates show their order", func(t *testing.T) {
		w := uitest.NewWindow(t)
		bw := NewWizard(w, emptyWorkspace(t, language), nil)
		bw.load(dataFile("cs_monthly.csv"))
		bw.Wait()
		if bw.preview == nil || slices.Contains(uitest.RenderedTexts(w), lang.L("dateorder.title")) {
			t.Fatal("asked the date order of an ISO-dated file")
		}
	})
}

// reimportScene imports a copy of the sample data into an empty workspace
// and changes the copy: one more month and one changed value.
func reimportScene(t *testing.T, language string) (*Wizard, string, []workspace.Binding) {
	t.Helper()
	src, err := os.ReadFile(dataFile("cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cs_monthly.csv")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	bw := NewWizard(uitest.NewWindow(t), emptyWorkspace(t, language), nil)
	bw.load(path)
	bw.Wait()
	bw.confirm()
	bw.Wait()
	before := bw.ws.Bindings()
	if len(before) != 4 {
		t.Fatalf("first import bound %+v", before)
	}
	lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
	last := strings.Split(lines[len(lines)-1], ",")
	last[0] = "2026-04"
	lines = append(lines, strings.Join(last, ","))
	lines[1] = strings.Replace(lines[1], ",6,", ",7,", 1) // csm_count of 2023-04: 6 → 7
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bw.dlg.Hide()
	bw.load(path)
	bw.Wait()
	return bw, path, before
}

func TestBindWizard_Reimport(t *testing.T) {
	if os.Getenv(uitest.LangChildEnv) != "" {
		t.Skip("a language child process")
	}
	t.Run("should say the file is a dataset and show what a refresh changes", func(t *testing.T) {
		bw, _, _ := reimportScene(t, "en")
		texts := uitest.RenderedTexts(bw.win)
		for _, want := range []string{
			"cs_monthly.csv is already imported", "as the dataset “cs_monthly.csv”", "Periods: 36 → 37",
			"New periods: 1", "csm_count: 1 values changed", "Refresh the existing dataset (its bindings stay)", "Import as a new dataset beside it",
		} {
			if !uitest.HasText(texts, want) {
				t.Errorf("the wizard lacks %q: %q", want, texts)
			}
		}
		if got := DiffText(bw.preview.ExistingDiff); !uitest.HasText(texts, got) {
			t.Errorf("the wizard does not show ExistingDiff %q", got)
		}
		if uitest.HasText(texts, "active_rate:") {
			t.Errorf("a column whose only change is the new month is shown as changed: %q", texts)
		}
		if bw.reimport == nil || bw.reimport.Selected != lang.L("reimport.refresh") {
			t.Errorf("the default choice is %v, want refresh", bw.reimport)
		}
		if !slices.Contains(texts, "Refresh the dataset") || slices.Contains(texts, "Import and bind") {
			t.Errorf("the confirm button does not say it refreshes: %q", texts)
		}
		bw.reimport.SetSelected(lang.L("reimport.new"))
		if texts := uitest.RenderedTexts(bw.win); !slices.Contains(texts, "Import and bind") || slices.Contains(texts, "Refresh the dataset") {
			t.Errorf("after choosing a new dataset the confirm button does not say import: %q", texts)
		}
	})
	t.Run("should refresh the dataset and keep its bindings by default", func(t *testing.T) {
		bw, _, before := reimportScene(t, "en")
		bw.confirm()
		bw.Wait()
		ws := bw.ws
		if ds := ws.Datasets(); len(ds) != 1 || ds[0].Calendar.Periods != 37 {
			t.Fatalf("datasets %d after a refresh, want 1 of 37 periods", len(ds))
		}
		if got := ws.Bindings(); !slices.Equal(got, before) {
			t.Errorf("bindings %+v, want %+v", got, before)
		}
	})
	t.Run("should import a second dataset when asked", func(t *testing.T) {
		bw, _, before := reimportScene(t, "en")
		bw.reimport.SetSelected(lang.L("reimport.new"))
		bw.confirm()
		bw.Wait()
		ws := bw.ws
		ds := ws.Datasets()
		if len(ds) != 2 {
			t.Fatalf("%d datasets, want the old and the new", len(ds))
		}
		if ds[0].Calendar.Periods+ds[1].Calendar.Periods != 36+37 {
			t.Errorf("periods %d and %d, want 36 and 37", ds[0].Calendar.Periods, ds[1].Calendar.Periods)
		}
		if len(ws.Bindings()) != len(before) {
			t.Errorf("bindings %+v", ws.Bindings())
		}
	})
	t.Run("should not ask for a file that is not a dataset yet", func(t *testing.T) {
		bw := NewWizard(uitest.NewWindow(t), emptyWorkspace(t, "en"), nil)
		bw.load(dataFile("cs_monthly.csv"))
		bw.Wait()
		if bw.reimport != nil || uitest.HasText(uitest.RenderedTexts(bw.win), lang.L("reimport.new")) {
			t.Error("asked refresh or new for a first import")
		}
	})
}

func TestBindWizard_DateOrder_English(t *testing.T) {
	if os.Getenv(uitest.LangChildEnv) != "" {
		t.Skip("a language child process")
	}
	dateOrderCases(t, "en", "Day first: 01/02/2024 = 1 February 2024", "Month first: 01/02/2024 = 2 January 2024")
}

// TestBindWizard_Reliability_Japanese runs the date-order cases and checks
// the re-import labels in Japanese in a child process.
func TestBindWizard_Reliability_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case dateOrderChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		dateOrderCases(t, "ja", "日が先：01/02/2024 ＝ 2024年2月1日", "月が先：01/02/2024 ＝ 2024年1月2日")
		t.Run("should word the re-import question in Japanese", func(t *testing.T) {
			bw, _, _ := reimportScene(t, "ja")
			texts := uitest.RenderedTexts(bw.win)
			for _, want := range []string{"cs_monthly.csv は取り込み済みです", "データセット「cs_monthly.csv」", "期間数：36 → 37", "追加される期間：1",
				"既存のデータセットを更新する（紐付けはそのまま）", "別の新しいデータセットとして取り込む"} {
				if !uitest.HasText(texts, want) {
					t.Errorf("the wizard lacks %q: %q", want, texts)
				}
			}
		})
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestBindWizard_Reliability_Japanese", dateOrderChild)
	if !strings.Contains(out, "--- PASS: TestBindWizard_Reliability_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}
