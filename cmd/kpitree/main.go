// Command kpitree is the KPI Tree desktop app. It only wires things
// together: crash output, flags, language and theme, the workspace, the
// main window.
//
// Usage:
//
//	kpitree [--workspace FILE] [--lang en|ja|system]
//
// Without --workspace it reopens the most recent workspace, or creates the
// sample workspace in the per-user app-data folder on the first run
// (~/.local/share/kpitree, %APPDATA%\KPI Tree, ~/Library/Application
// Support/KPI Tree). The "system" language follows the OS's user language.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/kpitree/kpitree/app/platform"
	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/assets"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	closeCrash := setupCrashOutput() // first, so even start-up crashes are kept
	err := run(os.Args[1:])
	closeCrash()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kpitree:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("kpitree", flag.ContinueOnError)
	wsPath := fs.String("workspace", "", "workspace `file` to open (created with sample data if missing)")
	langFlag := fs.String("lang", "", "UI language: en, ja or system (default: the saved setting)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	// Check flags before creating the app, so a typo fails fast.
	forced, err := uikit.ParseLanguage(*langFlag)
	if err != nil {
		return err
	}

	a := app.NewWithID("io.kpitree.app")
	language := ui.LanguagePreference(a.Preferences())
	if *langFlag != "" {
		language = forced
	}
	language = systemLanguage(language, platform.Locale())
	if err := uikit.SetupLanguage(language); err != nil {
		return err
	}
	mode, _ := apptheme.ParseMode(a.Preferences().String("theme")) // invalid: follow the system
	a.Settings().SetTheme(apptheme.New(mode))

	opener := ui.FileOpener{Lang: string(uikit.Resolve(language)), AppVersion: version}
	// When nothing can be opened the window shows its start page with
	// the reason: never a stand-in tree whose edits could not be saved.
	ws, openErr := openStartWorkspace(a, opener, *wsPath)
	shell, err := ui.New(ui.Params{App: a, Opener: opener, Workspace: ws, Version: version,
		FontLicense: assets.FontLicense, StartupError: openErr, Panes: ui.AnalysisPanes()})
	if err != nil {
		return err
	}
	shell.ShowAndRun()
	return nil
}

// openStartWorkspace opens the workspace the app starts with: the flag's
// file, else the most recent file, else the sample in the app's storage.
func openStartWorkspace(a fyne.App, o ui.FileOpener, path string) (ui.Workspace, error) {
	ctx := context.Background()
	if path == "" {
		if recent := ui.RecentFiles(a.Preferences()); len(recent) > 0 {
			if _, err := os.Stat(recent[0]); err == nil {
				path = recent[0]
			}
		}
	}
	if path == "" {
		// The per-user app-data folder of the OS (XDG, %APPDATA%,
		// Application Support), where users and backups expect app data.
		sample, err := platform.SampleWorkspace()
		if err != nil {
			return nil, fmt.Errorf("open workspace: %w: %w", uikit.ErrNoWorkspace, err)
		}
		path = sample
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// First run (or a new file named on the command line): start with
		// the sample tree and data rather than an empty window.
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create workspace folder: %w", err)
		}
		return o.Create(ctx, path, ui.SampleTemplateID)
	}
	ws, err := o.Open(ctx, path)
	if err != nil {
		return nil, &uikit.OpenError{Path: path, Err: err}
	}
	return ws, nil
}

// systemLanguage resolves the "system" setting from the OS's own answer
// (locale, a BCP 47 tag or ""): Japanese when the user's Windows display
// language, macOS locale or POSIX locale is Japanese, else English, the
// only two translations. Fyne alone reads only the environment on some
// systems, and Windows does not set LANG. A forced language stays.
func systemLanguage(l uikit.Language, locale string) uikit.Language {
	if l != uikit.LangSystem {
		return l
	}
	if platform.IsJapanese(locale) {
		return uikit.LangJapanese
	}
	return uikit.LangEnglish
}

// setupCrashOutput copies fatal crash output (unrecovered panics in any
// goroutine) to crash.log in the user cache directory, so a crash in a
// double-clicked app leaves a trace. It returns a function closing the file.
func setupCrashOutput() func() {
	dir, err := os.UserCacheDir()
	if err != nil {
		return func() {}
	}
	dir = filepath.Join(dir, "kpitree")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return func() {}
	}
	f, err := os.OpenFile(filepath.Join(dir, "crash.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return func() {}
	}
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() { _ = f.Close() }
}
