package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// errCheckFailed marks a `check` that found errors in the tree: the command
// ran fine but the workspace is not healthy, so it exits with 1.
var errCheckFailed = errors.New("the check found errors")

// errUnreachable marks a goal seek whose target no value of the driver
// reaches; the command prints the closest value and exits 1.
var errUnreachable = errors.New("no value of the driver reaches the target; move another driver too or change the target")

// appVersionTag is recorded in workspace files written by the CLI.
func appVersionTag() string { return "kpitreectl " + version }

// newFlags returns a flag set that reports errors once, through run.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseArgs parses flags that may come before or after the positional
// arguments (`eval FILE --format json` and `eval --format json FILE`) and
// returns the positionals.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %w", err, errUsage) // keeps flag.ErrHelp for run
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseFile parses the flags of a command whose one positional argument is
// a workspace FILE, runs checks on the flag values (see parseExactly), and
// returns that file.
func parseFile(fs *flag.FlagSet, args []string, checks ...func() error) (string, error) {
	pos, err := parseExactly(fs, args, 1, "one workspace FILE", checks...)
	if err != nil {
		return "", err
	}
	return pos[0], nil
}

// wantArgs checks that exactly n positional arguments were given.
func wantArgs(pos []string, n int, what string) error {
	return wantBetween(pos, n, n, what)
}

// wantBetween checks that lo to hi positional arguments were given.
func wantBetween(pos []string, lo, hi int, what string) error {
	if len(pos) < lo || len(pos) > hi {
		return fmt.Errorf("want %s, got %d argument(s) %q: %w", what, len(pos), pos, errUsage)
	}
	return nil
}

// parseExactly parses the flags of fs, checks that exactly n positional
// arguments (described by what, for the usage error) follow them, then runs
// checks on the flag values in order: the first failure is the error, so
// each command states its flag rules once instead of repeating the parse,
// count and check steps.
func parseExactly(fs *flag.FlagSet, args []string, n int, what string, checks ...func() error) ([]string, error) {
	return parseBetween(fs, args, n, n, what, checks...)
}

// parseBetween is parseExactly for lo to hi positional arguments.
func parseBetween(fs *flag.FlagSet, args []string, lo, hi int, what string, checks ...func() error) ([]string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	if err := wantBetween(pos, lo, hi, what); err != nil {
		return nil, err
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return pos, nil
}

// openWorkspace opens a workspace file, read-only when asked, and turns
// the store's sentinel errors into one sentence of advice for a
// command-line user (errors.Is still sees the sentinel).
func openWorkspace(path string, readOnly bool) (*workspace.Workspace, error) {
	w, err := workspace.Open(path, workspace.Options{ReadOnly: readOnly, AppVersion: appVersionTag()})
	if err == nil {
		return w, nil
	}
	return nil, openAdvice(path, readOnly, err)
}

// openAdvice rewrites an Open error as what happened and what to do.
func openAdvice(path string, readOnly bool, err error) error {
	var de *store.DamageError
	switch {
	case errors.Is(err, store.ErrLocked) && readOnly:
		return advised(err, "%s kept changing while it was being read; try again", path)
	case errors.Is(err, store.ErrLocked):
		return advised(err, "%s is open for editing in another window; close it there first (read commands work beside it with --read-only)", path)
	case errors.Is(err, store.ErrReadOnlyFS):
		return advised(err, "%s is on a read-only disk; read it with --read-only, or copy it to a writable folder to edit it", path)
	case errors.Is(err, store.ErrPermission) && readOnly:
		return advised(err, "you do not have permission to read %s; ask its owner for access", path)
	case errors.Is(err, store.ErrPermission):
		return advised(err, "you do not have permission to edit %s; read it with --read-only, or ask for write access", path)
	case errors.As(err, &de):
		return advised(err, "%s: %s; run 'kpitreectl salvage %s --out NEW.kpitree' to copy every intact record into a new file", path, de, path)
	case errors.Is(err, store.ErrCorrupt):
		if baks := store.Backups(path); len(baks) > 0 {
			return advised(err, "%s is damaged and cannot be read; restore its backup %s", path, baks[0])
		}
		return advised(err, "%s is damaged and cannot be read; restore a recent copy of it", path)
	}
	return err
}

// adviceError is a one-sentence message for the user that still wraps the
// cause for errors.Is; the cause's own text (bbolt's page numbers…) is
// left out of the message.
type adviceError struct {
	msg   string
	cause error
}

func (e *adviceError) Error() string { return e.msg }
func (e *adviceError) Unwrap() error { return e.cause }

func advised(cause error, format string, args ...any) error {
	return &adviceError{msg: fmt.Sprintf(format, args...), cause: cause}
}

// withWorkspace opens path, runs fn and closes the workspace, reporting a
// close error only when fn succeeded.
func withWorkspace(path string, readOnly bool, fn func(w *workspace.Workspace) error) (err error) {
	w, err := openWorkspace(path, readOnly)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close workspace: %w", cerr)
		}
	}()
	return fn(w)
}

// parsePeriod turns "2025-04" (month), "2025-04-01" (day), "2025-Q2",
// "2025" or a plain period index "#12" into a period index of cal.
func parsePeriod(cal kpitree.Calendar, s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutPrefix(s, "#"); ok {
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 {
			return 0, fmt.Errorf("period %s: write #N with N ≥ 0: %w", kpitree.Quote(s), errUsage)
		}
		return i, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006/01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if cal.Start.IsZero() {
				return 0, fmt.Errorf("period %s: the tree has no data yet, so dates cannot be placed; import data first", kpitree.Quote(s))
			}
			i := cal.PeriodOf(t)
			if i < 0 {
				return 0, fmt.Errorf("period %s is before the first period %s: %w", kpitree.Quote(s), cal.Label(0), errUsage)
			}
			return i, nil
		}
	}
	if y, q, ok := strings.Cut(s, "-Q"); ok {
		yy, err1 := strconv.Atoi(y)
		qq, err2 := strconv.Atoi(q)
		if err1 == nil && err2 == nil && qq >= 1 && qq <= 4 && !cal.Start.IsZero() {
			if i := cal.PeriodOf(time.Date(yy, time.Month(3*qq-2), 1, 0, 0, 0, 0, time.UTC)); i >= 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("period %s: write a month like 2025-04 (or #N for the N-th period): %w", kpitree.Quote(s), errUsage)
}

// formatNumber prints a value exactly (shortest form that reads back to
// the same float) in plain decimal notation, which spreadsheets read
// without surprises, with an empty string for missing values.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// appendNumber appends formatNumber(v) to b.
func appendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// jsonNumbers converts a series for JSON output, nil for missing values.
func jsonNumbers(xs []float64) []*float64 {
	out := make([]*float64, len(xs))
	for i, v := range xs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out[i] = &xs[i]
		}
	}
	return out
}

// labels returns the period labels 0..n-1 of cal.
func labels(cal kpitree.Calendar, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = cal.Label(i)
	}
	return out
}

// required returns a check for parseFile or parseExactly that every flag
// in flags was given; what is the error's text ("--out is required").
func required(what string, flags ...*string) func() error {
	return func() error {
		for _, f := range flags {
			if *f == "" {
				return fmt.Errorf("%s: %w", what, errUsage)
			}
		}
		return nil
	}
}

// onWorkspace parses the flags of fs and its one workspace FILE, then runs
// fn with the workspace open: read-only when readOnly is given and set.
func onWorkspace(fs *flag.FlagSet, args []string, readOnly *bool, fn func(w *workspace.Workspace) error) error {
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	return withWorkspace(file, readOnly != nil && *readOnly, fn)
}

// formatFlag declares --format on fs, defaulting to allowed[0], and returns
// it with the check of its value for parseFile or parseExactly.
func formatFlag(fs *flag.FlagSet, allowed ...string) (*string, func() error) {
	format := fs.String("format", allowed[0], strings.Join(allowed, " or "))
	return format, func() error { return checkFormat(*format, allowed...) }
}

// checkFormat validates a --format value.
func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return fmt.Errorf("--format %s: use %s: %w", kpitree.Quote(f), strings.Join(allowed, " or "), errUsage)
}

// writeOutput writes an export to path through a temporary file in the same
// folder that is renamed into place, so a failed export leaves an earlier
// file at path as it was. It refuses path when it is the workspace file
// itself (export-json FILE --out FILE would otherwise replace the workspace
// with its export and lose it).
func writeOutput(workspacePath, path string, write func(io.Writer) error) (err error) {
	if wi, werr := os.Stat(workspacePath); werr == nil {
		if oi, oerr := os.Stat(path); oerr == nil && os.SameFile(wi, oi) {
			return fmt.Errorf("--out %s is the workspace file itself; choose another file name: %w", path, errUsage)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// CreateTemp makes the file private; exports are ordinary documents.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// parseFinite parses a number flag; unlike strconv.ParseFloat it refuses
// NaN and ±Inf, which would otherwise flow into results as if they were
// numbers.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a finite number", kpitree.Quote(s))
	}
	return v, nil
}

// writeJSON writes v as JSON indented by two spaces: the one layout of
// every --format json output, so that they all read (and diff) alike.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// runReport runs a command that only reads the workspace and prints a
// report: it takes the workspace file, --format text|json and --read-only
// (accepted for symmetry, always on: the command never writes), and calls
// report with the workspace open read-only.
func runReport(name string, args []string, fn func(file string, w *workspace.Workspace, tr *report.Translator, asJSON bool) error) error {
	fs := newFlags(name)
	format, formatOK := formatFlag(fs, "text", "json")
	_ = fs.Bool("read-only", true, "open the workspace read-only ("+name+" never writes)")
	lang := fs.String("lang", "", "language of the text: en or ja (default: the workspace's)")
	file, err := parseFile(fs, args, formatOK)
	if err != nil {
		return err
	}
	return withTranslator(file, true, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		return fn(file, w, tr, *format == "json")
	})
}
