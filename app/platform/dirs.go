package platform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// AppFolder is the folder name of the app's data on Windows and macOS,
// where folders are shown to users; Linux uses the lower-case appDirUnix.
const (
	AppFolder  = "KPI Tree"
	appDirUnix = "kpitree"
	// SampleName is the sample workspace's file name in DataDir.
	SampleName = "sample.kpitree"
	// exportsFolder is the default folder for chart and number exports.
	exportsFolder = "KPI Tree exports"
)

// ErrNoHome means neither the environment nor the OS names a home folder,
// so there is nowhere per-user to keep data.
var ErrNoHome = errors.New("no home folder: set HOME (or APPDATA on Windows), or pass --workspace FILE")

// env is what the folder rules read: the OS, environment variables and the
// home folder. The real one comes from the process; tests fill it in.
type env struct {
	goos   string
	getenv func(string) string
	home   string // "" when unknown
	// known returns a Windows known folder ("documents", "appdata"), ""
	// when not on Windows or unknown.
	known func(string) string
}

func processEnv() env {
	home, _ := os.UserHomeDir()
	return env{goos: runtime.GOOS, getenv: os.Getenv, home: home, known: knownFolder}
}

// DataDir is the per-user folder for the app's data (the sample workspace,
// new workspaces by default): $XDG_DATA_HOME/kpitree (default
// ~/.local/share/kpitree) on Linux and the BSDs, %APPDATA%\KPI Tree on
// Windows, ~/Library/Application Support/KPI Tree on macOS. It does not
// create the folder.
func DataDir() (string, error) { return processEnv().dataDir() }

// SampleWorkspace is the sample workspace's path in DataDir.
func SampleWorkspace() (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, SampleName), nil
}

// ExportsDir is the default folder for exports: "KPI Tree exports" in the
// user's Documents folder on Windows and macOS, in the home folder on
// Linux (where ~/Documents may not exist), else in the temp folder.
func ExportsDir() string { return processEnv().exportsDir(os.TempDir()) }

func (e env) dataDir() (string, error) {
	switch e.goos {
	case "windows":
		if d := e.known("appdata"); d != "" {
			return join(e.goos, d, AppFolder), nil
		}
		if d := e.getenv("APPDATA"); d != "" {
			return join(e.goos, d, AppFolder), nil
		}
		if e.home != "" {
			return join(e.goos, e.home, "AppData", "Roaming", AppFolder), nil
		}
	case "darwin", "ios":
		if e.home != "" {
			return join(e.goos, e.home, "Library", "Application Support", AppFolder), nil
		}
	default:
		// The XDG spec ignores a relative XDG_DATA_HOME.
		if d := e.getenv("XDG_DATA_HOME"); d != "" && strings.HasPrefix(d, "/") {
			return join(e.goos, d, appDirUnix), nil
		}
		if e.home != "" {
			return join(e.goos, e.home, ".local", "share", appDirUnix), nil
		}
	}
	return "", fmt.Errorf("app data folder: %w", ErrNoHome)
}

func (e env) exportsDir(tmp string) string {
	switch e.goos {
	case "windows":
		if d := e.known("documents"); d != "" {
			return join(e.goos, d, exportsFolder)
		}
		if e.home != "" {
			return join(e.goos, e.home, "Documents", exportsFolder)
		}
	case "darwin", "ios":
		if e.home != "" {
			return join(e.goos, e.home, "Documents", exportsFolder)
		}
	default:
		if e.home != "" {
			return join(e.goos, e.home, exportsFolder)
		}
	}
	return join(e.goos, tmp, "kpitree-exports")
}

// join is filepath.Join for goos, so the rules of every OS can be checked
// on any OS.
func join(goos string, parts ...string) string {
	if goos != "windows" {
		return filepath.ToSlash(filepath.Join(parts...))
	}
	out := strings.TrimRight(parts[0], `\/`)
	for _, p := range parts[1:] {
		out += `\` + strings.Trim(p, `\/`)
	}
	return out
}
