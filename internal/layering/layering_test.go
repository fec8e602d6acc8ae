// Package layering holds the test that keeps the module's layers apart:
// the domain core knows nothing of the app, the UI and the CLI draw from
// the same figure builder, and the UI package holds only code that needs
// Fyne.
package layering

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/kpitree/kpitree"

// repoRoot is the module root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// imports returns the import paths of each non-test Go file in dir.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			paths = append(paths, p)
		}
		out[filepath.Base(f)] = paths
	}
	return out
}

// TestCoreImportsNothingOfTheApp: kpitree and forecast (with everything
// they depend on) import no package under app/ or cmd/.
func TestCoreImportsNothingOfTheApp(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath", "./kpitree/...", "./forecast/...")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for dec.More() {
		var p struct{ ImportPath string }
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		if strings.HasPrefix(p.ImportPath, module+"/app/") || strings.HasPrefix(p.ImportPath, module+"/cmd/") {
			t.Errorf("the core depends on %s", p.ImportPath)
		}
	}
	if n < 5 {
		t.Fatalf("go list gave %d packages: the listing is broken", n)
	}
}

// TestUIAndCLIDrawFromTheSameBuilder: the app and kpitreectl both import
// app/report, the one builder of figures and tables, and the CLI imports
// nothing of the UI.
func TestUIAndCLIDrawFromTheSameBuilder(t *testing.T) {
	root := repoRoot(t)
	for _, dir := range []string{"app/ui", "cmd/kpitreectl"} {
		found := false
		for _, paths := range imports(t, filepath.Join(root, dir)) {
			found = found || slices.Contains(paths, module+"/app/report")
			for _, p := range paths {
				if dir == "cmd/kpitreectl" && (strings.HasPrefix(p, module+"/app/ui") || strings.HasPrefix(p, "fyne.io/")) {
					t.Errorf("kpitreectl imports %s", p)
				}
			}
		}
		if !found {
			t.Errorf("%s does not import app/report", dir)
		}
	}
}

// fyneFreeDebt lists the files under app/ui (paths relative to it) that
// do not need Fyne yet and are still there: they belong in a fyne-free
// package (the ports beside the shell) and are moved out with the
// per-pane packages. A file may leave this list,
// never join it.
var fyneFreeDebt = []string{
	"service.go", // the shell's ports (Workspace, Opener, Snapshot)
}

// TestUIHoldsOnlyFyneCode: every non-test file of app/ui and of its
// packages (uikit, the panes) imports Fyne, except the listed debt, which
// must not grow.
func TestUIHoldsOnlyFyneCode(t *testing.T) {
	ui := filepath.Join(repoRoot(t), "app/ui")
	dirs := 0
	err := filepath.WalkDir(ui, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		dirs++
		rel, err := filepath.Rel(ui, dir)
		if err != nil {
			return err
		}
		for name, paths := range imports(t, dir) {
			if name == "doc.go" {
				continue // a package's documentation: no code
			}
			name = filepath.ToSlash(filepath.Join(rel, name))
			usesFyne := slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(p, "fyne.io/") })
			listed := slices.Contains(fyneFreeDebt, name)
			switch {
			case !usesFyne && !listed:
				t.Errorf("app/ui/%s does not need Fyne: put it in a fyne-free package (app/workspace, app/report)", name)
			case usesFyne && listed:
				t.Errorf("app/ui/%s now imports Fyne: take it off fyneFreeDebt", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if dirs < 3 {
		t.Fatalf("walked %d folders of app/ui: the walk is broken", dirs)
	}
	for _, name := range fyneFreeDebt {
		if _, err := os.Stat(filepath.Join(ui, name)); err != nil {
			t.Errorf("fyneFreeDebt lists app/ui/%s, which is gone: drop it from the list", name)
		}
	}
}
