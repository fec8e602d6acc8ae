package uikit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// sentinelDirs are the packages whose sentinels the UI must translate,
// relative to app/ui/uikit, keyed by the prefix the table below uses.
var sentinelDirs = map[string]string{
	"uikit": ".", "workspace": "../../workspace", "store": "../../store", "dataio": "../../dataio",
	"chart": "../../chart", "forecast": "../../../forecast", "kpitree": "../../../kpitree",
}

// knownSentinels holds the value of every sentinel by qualified name: the
// test reads the names from the sources, and a name missing here means a
// package gained a sentinel nobody translated.
func knownSentinels() map[string]error {
	return map[string]error{
		"uikit.ErrUnknownLanguage": ErrUnknownLanguage, "uikit.ErrMissingDependency": ErrMissingDependency,
		"uikit.ErrNoWorkspace": ErrNoWorkspace, "uikit.ErrNotSupported": ErrNotSupported, "uikit.ErrBadNumber": ErrBadNumber,
		"uikit.ErrNotDataFile": ErrNotDataFile, "uikit.ErrIncomplete": ErrIncomplete, "uikit.ErrSameFile": ErrSameFile,
		"uikit.ErrBadFileName": ErrBadFileName, "uikit.ErrFileMissing": ErrFileMissing,
		"uikit.ErrNoImageClipboard": ErrNoImageClipboard,

		"workspace.ErrUnknownDataset": workspace.ErrUnknownDataset, "workspace.ErrUnknownColumn": workspace.ErrUnknownColumn,
		"workspace.ErrNotInput": workspace.ErrNotInput, "workspace.ErrUnknownScenario": workspace.ErrUnknownScenario,
		"workspace.ErrScenarioExists": workspace.ErrScenarioExists, "workspace.ErrBadName": workspace.ErrBadName,
		"workspace.ErrBadSettings": workspace.ErrBadSettings, "workspace.ErrBadRecord": workspace.ErrBadRecord,
		"workspace.ErrBadInterchange": workspace.ErrBadInterchange, "workspace.ErrNewerFormat": workspace.ErrNewerFormat,
		"workspace.ErrNoData": workspace.ErrNoData, "workspace.ErrStalePreview": workspace.ErrStalePreview,
		"workspace.ErrClosed": workspace.ErrClosed, "workspace.ErrSalvageOntoSource": workspace.ErrSalvageOntoSource, "workspace.ErrCalendarMismatch": workspace.ErrCalendarMismatch,
		"workspace.ErrBadDataset": workspace.ErrBadDataset,
		"workspace.ErrPlanExists": workspace.ErrPlanExists, "workspace.ErrUnknownPlan": workspace.ErrUnknownPlan,
		"workspace.ErrBadPlan": workspace.ErrBadPlan, "workspace.ErrBadBridge": workspace.ErrBadBridge,
		"workspace.ErrUnknownNote": workspace.ErrUnknownNote, "workspace.ErrUnknownInitiative": workspace.ErrUnknownInitiative,
		"workspace.ErrInitiativeExists": workspace.ErrInitiativeExists, "workspace.ErrBadNote": workspace.ErrBadNote,

		"store.ErrLocked": store.ErrLocked, "store.ErrNewerSchema": store.ErrNewerSchema, "store.ErrNotWorkspace": store.ErrNotWorkspace,
		"store.ErrCorrupt": store.ErrCorrupt, "store.ErrDamagedRecords": store.ErrDamagedRecords,
		"store.ErrReadOnlyFS": store.ErrReadOnlyFS, "store.ErrPermission": store.ErrPermission, "store.ErrReadOnly": store.ErrReadOnly, "store.ErrExists": store.ErrExists,
		"store.ErrNothingToUndo": store.ErrNothingToUndo, "store.ErrNothingToRedo": store.ErrNothingToRedo,
		"store.ErrUnknownBucket": store.ErrUnknownBucket, "store.ErrClosed": store.ErrClosed,

		"dataio.ErrNotNumber": dataio.ErrNotNumber, "dataio.ErrNotPeriod": dataio.ErrNotPeriod, "dataio.ErrEncoding": dataio.ErrEncoding,
		"dataio.ErrNoTable": dataio.ErrNoTable, "dataio.ErrNoPeriodColumn": dataio.ErrNoPeriodColumn,
		"dataio.ErrSheetNotFound": dataio.ErrSheetNotFound, "dataio.ErrBadOption": dataio.ErrBadOption, "dataio.ErrFormat": dataio.ErrFormat,

		"chart.ErrNoData": chart.ErrNoData, "chart.ErrBadInput": chart.ErrBadInput, "chart.ErrBadTree": chart.ErrBadTree,
		"chart.ErrUnknownFormat": chart.ErrUnknownFormat, "chart.ErrBadSize": chart.ErrBadSize,

		"forecast.ErrBadSpec": forecast.ErrBadSpec, "forecast.ErrTooShort": forecast.ErrTooShort, "forecast.ErrNoModel": forecast.ErrNoModel,

		"kpitree.ErrSyntax": kpitree.ErrSyntax, "kpitree.ErrCycle": kpitree.ErrCycle, "kpitree.ErrUnknownNode": kpitree.ErrUnknownNode,
		"kpitree.ErrDuplicateID": kpitree.ErrDuplicateID, "kpitree.ErrInvalidID": kpitree.ErrInvalidID, "kpitree.ErrBadJSON": kpitree.ErrBadJSON,
		"kpitree.ErrNewerFormat": kpitree.ErrNewerFormat, "kpitree.ErrBadOp": kpitree.ErrBadOp, "kpitree.ErrBadScenario": kpitree.ErrBadScenario,
		"kpitree.ErrMismatch": kpitree.ErrMismatch, "kpitree.ErrBadWindow": kpitree.ErrBadWindow, "kpitree.ErrMissingValue": kpitree.ErrMissingValue,
		"kpitree.ErrNotDriver": kpitree.ErrNotDriver, "kpitree.ErrBadGoal": kpitree.ErrBadGoal, "kpitree.ErrBadSamples": kpitree.ErrBadSamples,
		"kpitree.ErrUnknownTemplate": kpitree.ErrUnknownTemplate, "kpitree.ErrUnknownLanguage": kpitree.ErrUnknownLanguage,
		"kpitree.ErrBadAlertRule": kpitree.ErrBadAlertRule,
		"kpitree.ErrTooLong":      kpitree.ErrTooLong, "dataio.ErrAmbiguousDate": dataio.ErrAmbiguousDate, "kpitree.ErrOverflow": kpitree.ErrOverflow,
		"workspace.ErrNoForecast": workspace.ErrNoForecast,
	}
}

// declaredSentinels lists the exported package-level Err… variables
// declared in the non-test Go files of dir, as "prefix.Name".
func declaredSentinels(t *testing.T, prefix, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "Err") && n.IsExported() {
						out = append(out, prefix+"."+n.Name)
					}
				}
			}
		}
	}
	return out
}

func TestUserMessage_EverySentinel(t *testing.T) {
	known := knownSentinels()
	var declared []string
	for prefix, dir := range sentinelDirs {
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("package folder %s: %v", dir, err)
		}
		declared = append(declared, declaredSentinels(t, prefix, dir)...)
	}
	slices.Sort(declared)
	if len(declared) < 60 {
		t.Fatalf("found only %d sentinels in the sources: the scan is broken", len(declared))
	}
	en, ja := uitest.TranslationTable(t, "en"), uitest.TranslationTable(t, "ja")
	for _, name := range declared {
		t.Run("should explain "+name+" in English and Japanese", func(t *testing.T) {
			err, ok := known[name]
			if !ok {
				t.Fatalf("%s is new: add it to knownSentinels and give it a message in errorKeys (app/ui/uikit/errors.go)", name)
			}
			// given the sentinel wrapped in context, as callers return it
			wrapped := fmt.Errorf("some step: %w", err)
			key := messageKey(wrapped)
			// then it has its own message, translated in both languages
			if key == "error.generic" {
				t.Fatalf("%s falls back to the generic message: add it to errorKeys", name)
			}
			if en[key] == "" || ja[key] == "" {
				t.Fatalf("%s → %q: en %q, ja %q; add the key to a translation pair", name, key, en[key], ja[key])
			}
			if en[key] == ja[key] {
				t.Fatalf("%s → %q: the Japanese text is the English one", name, key)
			}
			if got, want := UserMessage(wrapped), lang.L(key, map[string]any{"Err": wrapped.Error()}); got != want {
				t.Fatalf("UserMessage = %q, want %q", got, want)
			}
		})
	}
	t.Run("should list no sentinel that no package declares", func(t *testing.T) {
		for name := range known {
			if !slices.Contains(declared, name) {
				t.Errorf("%s is in knownSentinels but no longer declared; drop it", name)
			}
		}
	})
	t.Run("should give every mapped key a translation", func(t *testing.T) {
		for _, k := range errorKeys() {
			if en[k.key] == "" || ja[k.key] == "" {
				t.Errorf("%s: key %q missing (en %v, ja %v)", k.target, k.key, en[k.key] != "", ja[k.key] != "")
			}
		}
	})
	t.Run("should prefer the file-action sentinel over the OS error it wraps", func(t *testing.T) {
		err := fmt.Errorf("open x: %w (%w)", ErrFileMissing, fs.ErrNotExist)
		if k := messageKey(err); k != "error.file_missing" {
			t.Fatalf("key %q, want error.file_missing", k)
		}
	})
	t.Run("should say nothing for no error and fall back to the generic message", func(t *testing.T) {
		if UserMessage(nil) != "" {
			t.Fatal("UserMessage(nil) is not empty")
		}
		if k := messageKey(fmt.Errorf("disk on fire")); k != "error.generic" {
			t.Fatalf("key %q, want error.generic", k)
		}
	})
}
