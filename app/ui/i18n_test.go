package ui_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/dataio"
	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// keyLiteral matches string literals shaped like translation keys in the
// namespaces the UI uses, wherever they appear (lang.L("…") calls, menu
// helpers, pane and error tables), so keys passed indirectly are checked too.
var keyLiteral = regexp.MustCompile(`"((?:app|about|canvas|chart|dialog|error|formula|import|inspector|kind|language|menu|pane|scenario|status|theme|whatif|forecast|binding|check)(?:\.[a-z0-9_]+)+)"`)

// langCall matches the first argument of lang.L / lang.X calls.
var langCall = regexp.MustCompile(`lang\.[LX]\(\s*"([^"]+)"`)

func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	// Every package of the UI: the shell here and uikit and the panes below.
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{keyLiteral, langCall} {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				used[m[1]] = f
			}
		}
	}
	// Keys built from values at run time.
	for _, m := range apptheme.Modes() {
		used["theme."+string(m)] = "menu.go (theme modes)"
	}
	for _, l := range uikit.Languages() {
		used["language."+string(l)] = "menu.go (languages)"
	}
	// The fiscal-year words (report/fiscal.go: the inspector and kpitreectl fy).
	for _, k := range kpitree.AggKinds() {
		used["fy.kind."+string(k)] = "inspector/fiscal.go (kinds)"
		used["fy.label."+string(k)] = "inspector/fiscal.go (value captions)"
	}
	for _, r := range kpitree.FYRates() {
		used["fy.rate."+string(r)] = "inspector/fiscal.go (rates)"
	}
	for _, r := range kpitree.AggReasons() {
		used["fy.reason."+string(r)] = "inspector/fiscal.go (reasons)"
	}
	for _, src := range []kpitree.AggSource{kpitree.SourceSet, kpitree.SourceTemplate, kpitree.SourceLegacy, kpitree.SourceInferred} {
		used["fy.source."+string(src)] = "inspector/fiscal.go (sources)"
	}
	// Salvage reports (salvage.go, LostItemText) and the date-order
	// question (bindwizard_reliability.go).
	for _, k := range workspace.LostKinds() {
		used["salvage.kind."+k] = "salvage.go (lost kinds)"
	}
	for m := 1; m <= 12; m++ {
		used[fmt.Sprintf("dateorder.month.%d", m)] = "bindwizard_reliability.go (month names)"
	}
	for _, o := range dataio.DateOrders() {
		used["dateorder."+string(o)] = "bindwizard_reliability.go (choices)"
		used["dateorder.order_"+string(o)] = "bindwizard_reliability.go (remembered order)"
	}
	return used
}

func TestTranslations(t *testing.T) {
	en, ja := uitest.TranslationTable(t, "en"), uitest.TranslationTable(t, "ja")
	t.Run("should have the same keys in both languages", func(t *testing.T) {
		for k := range en {
			if _, ok := ja[k]; !ok {
				t.Errorf("key %q is in en.json but not in ja.json", k)
			}
		}
		for k := range ja {
			if _, ok := en[k]; !ok {
				t.Errorf("key %q is in ja.json but not in en.json", k)
			}
		}
	})
	t.Run("should have no empty values", func(t *testing.T) {
		for name, m := range map[string]map[string]string{"en": en, "ja": ja} {
			for k, v := range m {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s.json: %q is empty", name, k)
				}
			}
		}
	})
	t.Run("should translate every key the UI source uses", func(t *testing.T) {
		used := usedKeys(t)
		if len(used) < 50 {
			t.Fatalf("found only %d keys in the source: the scan is broken", len(used))
		}
		for k, f := range used {
			_, inEN := en[k]
			_, inJA := ja[k]
			if strings.HasSuffix(k, ".") {
				// A prefix completed at run time (lang.L("sources.kind." + kind)):
				// the table must hold keys under it.
				inEN, inJA = hasKeyWithPrefix(en, k), hasKeyWithPrefix(ja, k)
			}
			if !inEN || !inJA {
				t.Errorf("%s uses %q: missing in en %v, ja %v; add it to assets/translations/en.json and ja.json (or a prefix.en.json/prefix.ja.json pair)", f, k, !inEN, !inJA)
			}
		}
	})
	t.Run("should translate Fyne's own dialog strings, which Fyne ships no Japanese for", func(t *testing.T) {
		for _, k := range []string{"Cancel", "OK", "Yes", "No", "Open", "Save", "Error", "Confirm", "Quit", "Copy", "Paste"} {
			if ja[k] == "" || (ja[k] == en[k] && k != "OK") {
				t.Errorf("ja.json: %q = %q, want a Japanese string", k, ja[k])
			}
		}
	})
	t.Run("should keep template fields identical across languages", func(t *testing.T) {
		field := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
		for k, v := range en {
			got, want := field.FindAllString(ja[k], -1), field.FindAllString(v, -1)
			if strings.Join(sortedCopy(got), ",") != strings.Join(sortedCopy(want), ",") {
				t.Errorf("%q: ja fields %v, en fields %v", k, got, want)
			}
		}
	})
}

// hasKeyWithPrefix reports whether table has a key starting with prefix.
func hasKeyWithPrefix(table map[string]string, prefix string) bool {
	for k := range table {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestParseLanguage(t *testing.T) {
	tests := []struct {
		in      string
		want    uikit.Language
		wantErr bool
	}{
		{"", uikit.LangSystem, false},
		{"system", uikit.LangSystem, false},
		{"en", uikit.LangEnglish, false},
		{"ja", uikit.LangJapanese, false},
		{"fr", uikit.LangSystem, true},
		{"JA", uikit.LangSystem, true},
	}
	for _, tt := range tests {
		got, err := uikit.ParseLanguage(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, uikit.ErrUnknownLanguage) {
			t.Errorf("ParseLanguage(%q): %v does not wrap ErrUnknownLanguage", tt.in, err)
		}
	}
}

// TestSetupLanguage_Forced runs each case in a child process: Fyne's lang
// package keeps its bundle in package state, so cases would leak into each
// other in one process.
func TestSetupLanguage_Forced(t *testing.T) {
	if c := os.Getenv(uitest.LangChildEnv); c != "" {
		parts := strings.SplitN(c, "|", 2)
		l, _ := uikit.ParseLanguage(parts[0])
		if err := uikit.SetupLanguage(l); err != nil {
			t.Fatal(err)
		}
		if got := lang.L("menu.file"); got != parts[1] {
			t.Fatalf("menu.file = %q, want %q", got, parts[1])
		}
		return
	}
	tests := []struct {
		name, osLang, setting, want string
	}{
		{"should show Japanese when forced on an English system", "en_US.UTF-8", "ja", "ファイル"},
		{"should show English when forced on a Japanese system", "ja_JP.UTF-8", "en", "File"},
		{"should show Japanese when forced on a C locale", "C", "ja", "ファイル"},
		{"should follow a Japanese system", "ja_JP.UTF-8", "system", "ファイル"},
		{"should follow an English system", "en_GB.UTF-8", "system", "File"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSetupLanguage_Forced$")
			cmd.Env = append(os.Environ(), uitest.LangChildEnv+"="+tt.setting+"|"+tt.want,
				"LANG="+tt.osLang, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("child failed: %v\n%s", err, out)
			}
		})
	}
}
