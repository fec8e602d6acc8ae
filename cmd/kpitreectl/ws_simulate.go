package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// windowFlags are the shared --period / --fy flags of simulate, impact and
// goalseek.
type windowFlags struct {
	period string
	fy     int
}

func (f *windowFlags) register(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
}) {
	fs.StringVar(&f.period, "period", "", "one period, e.g. 2026-03")
	fs.IntVar(&f.fy, "fy", 0, "a fiscal year, named by the year it starts in (2026: April 2026 – March 2027 with an April start)")
}

// parseFile declares the flags on fs, then parses fs's flags and the one
// workspace FILE as the package's parseFile does.
func (f *windowFlags) parseFile(fs *flag.FlagSet, args []string, checks ...func() error) (string, error) {
	f.register(fs)
	return parseFile(fs, args, checks...)
}

// window resolves the flags against cal; with neither flag it is the
// fiscal year of the first forecast period.
func (f *windowFlags) window(cal kpitree.Calendar) (kpitree.Window, error) {
	switch {
	case f.period != "" && f.fy != 0:
		return kpitree.Window{}, fmt.Errorf("give --period or --fy, not both: %w", errUsage)
	case f.period != "":
		p, err := parsePeriod(cal, f.period)
		return kpitree.Window{Period: p}, err
	case f.fy != 0:
		return kpitree.Window{FiscalYear: f.fy}, nil
	}
	return kpitree.Window{FiscalYear: cal.PlannedFiscalYear()}, nil
}

// withWorkspace opens the workspace file and resolves the window against
// its calendar alone (evaluating the history here cost as much as the
// attribution on a large tree), then calls fn.
func (f *windowFlags) withWorkspace(file string, readOnly bool, fn func(w *workspace.Workspace, cal kpitree.Calendar, win kpitree.Window) error) error {
	return withWorkspace(file, readOnly, func(w *workspace.Workspace) error {
		cal := w.Calendar()
		win, err := f.window(cal)
		if err != nil {
			return err
		}
		return fn(w, cal, win)
	})
}

// runSimulate prints the base and scenarios over history and horizon with
// Monte Carlo quantiles of the root.
func runSimulate(ctx context.Context, s streams, args []string) error {
	fs := newFlags("simulate")
	scenario := fs.String("scenario", "", "simulate only this scenario beside the base (default: all)")
	paths := fs.Int("paths", 0, "Monte Carlo paths (default: the workspace setting)")
	seed := fs.Uint64("seed", 0, "random seed (default: the workspace setting)")
	format, formatOK := formatFlag(fs, "csv", "json")
	target := fs.String("target", "", "also report P(root ≥ target) over --fy or --period")
	readOnly := fs.Bool("read-only", false, "open read-only (forecasts are not cached)")
	var wf windowFlags
	file, err := wf.parseFile(fs, args, formatOK)
	if err != nil {
		return err
	}
	if *paths < 0 {
		return fmt.Errorf("--paths %d: use a positive number: %w", *paths, errUsage)
	}
	return withWorkspace(file, *readOnly, func(w *workspace.Workspace) error {
		opt := workspace.SimulateOptions{Paths: *paths, Seed: *seed}
		if *scenario != "" {
			opt.Scenarios = []string{*scenario}
		}
		if *target != "" {
			v, err := parseFinite(*target)
			if err != nil {
				return fmt.Errorf("--target %s: write a number: %w", kpitree.Quote(*target), errUsage)
			}
			e, err := w.Evaluate("")
			if err != nil {
				return err
			}
			win, err := wf.window(e.Calendar)
			if err != nil {
				return err
			}
			opt.Goal = &workspace.Goal{Window: win, Value: v}
		}
		if s.errTTY {
			opt.OnProgress = func(done, total int) { fmt.Fprintf(s.err, "\rsimulate %d/%d paths", done, total) }
		}
		sim, err := w.Simulate(ctx, opt)
		if s.errTTY {
			fmt.Fprint(s.err, "\r\033[K")
		}
		if err != nil && *paths > 0 && errors.Is(err, workspace.ErrBadSettings) {
			// The workspace bounds --paths; out of range is a usage error
			// (exit 2) like a negative count, not a failed simulation.
			return fmt.Errorf("--paths: %w: %w", err, errUsage)
		}
		if err != nil {
			return err
		}
		root := w.Tree().Root
		if *format == "json" {
			return writeSimulationJSON(s, sim, root)
		}
		return writeSimulationCSV(s, sim, root)
	})
}

func writeSimulationCSV(s streams, sim *workspace.Simulation, root string) error {
	cw := csv.NewWriter(s.out)
	head := []string{"scenario", "period", "kind", root}
	for _, q := range sim.Quantiles {
		head = append(head, fmt.Sprintf("p%02.0f", q*100))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	hist := sim.Calendar.Periods
	for _, r := range sim.Runs {
		name := r.Scenario
		if name == "" {
			name = "base"
		}
		series := r.Series[root]
		for t, v := range series {
			row := []string{name, sim.Calendar.Label(t), "actual", formatNumber(v)}
			if t >= hist {
				row[2] = "forecast"
				if b := r.Bands[root]; t-hist < len(b) {
					for _, q := range b[t-hist] {
						row = append(row, formatNumber(q))
					}
				}
			}
			for len(row) < len(head) {
				row = append(row, "")
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	for _, r := range sim.Runs {
		if !math.IsNaN(r.ProbGoal) {
			name := r.Scenario
			if name == "" {
				name = "base"
			}
			fmt.Fprintf(s.err, "%s: P(target reached) = %.3f\n", name, r.ProbGoal)
		}
	}
	return nil
}

func writeSimulationJSON(s streams, sim *workspace.Simulation, root string) error {
	type run struct {
		Scenario string                 `json:"scenario"`
		Series   map[string][]*float64  `json:"series"`
		Bands    map[string][][]float64 `json:"bands"`
		ProbGoal *float64               `json:"prob_goal,omitempty"`
	}
	out := struct {
		Root      string    `json:"root"`
		Periods   []string  `json:"periods"`
		History   int       `json:"history"`
		Horizon   int       `json:"horizon"`
		Paths     int       `json:"paths"`
		Quantiles []float64 `json:"quantiles"`
		Runs      []run     `json:"runs"`
		Notes     []string  `json:"notes,omitempty"`
	}{Root: root, Periods: labels(sim.Calendar, sim.Calendar.Periods+sim.Horizon), History: sim.Calendar.Periods,
		Horizon: sim.Horizon, Paths: sim.Paths, Quantiles: sim.Quantiles, Notes: sim.Notes}
	for _, r := range sim.Runs {
		x := run{Scenario: r.Scenario, Series: map[string][]*float64{}, Bands: r.Bands}
		for id, v := range r.Series {
			x.Series[id] = jsonNumbers(v)
		}
		for id, b := range x.Bands {
			for _, row := range b {
				for k, v := range row {
					if math.IsNaN(v) {
						row[k] = 0 // JSON has no NaN; a band without paths is empty
					}
				}
			}
			x.Bands[id] = b
		}
		if !math.IsNaN(r.ProbGoal) {
			p := r.ProbGoal
			x.ProbGoal = &p
		}
		out.Runs = append(out.Runs, x)
	}
	return writeJSON(s.out, out)
}

// runImpact explains a change: a scenario against the base (--scenario),
// or one period against another (--from/--to); --sensitivity adds a
// tornado table of ±N % per driver.
func runImpact(ctx context.Context, s streams, args []string) error {
	fs := newFlags("impact")
	scenario := fs.String("scenario", "", "explain this scenario against the base")
	from := fs.String("from", "", "explain the change from this period …")
	to := fs.String("to", "", "… to this period")
	sens := fs.Float64("sensitivity", 0, "also move each driver by ±N percent and rank the drivers")
	rank := fs.Bool("rank", false, "rank the drivers by realistic movement of the root over the planned fiscal year (on --scenario if given), the table the app's impact pane shows")
	lang := fs.String("lang", "", "language of the tables: en or ja (default: the workspace's)")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	var wf windowFlags
	file, err := wf.parseFile(fs, args)
	if err != nil {
		return err
	}
	if *rank {
		return printRanking(ctx, s, file, *readOnly, *scenario, *lang)
	}
	if (*scenario != "") == (*from != "" || *to != "") && *sens == 0 {
		return fmt.Errorf("give --scenario S, or --from P --to P, or --sensitivity N: %w", errUsage)
	}
	if (*from == "") != (*to == "") {
		return fmt.Errorf("--from and --to go together: %w", errUsage)
	}
	if !(*sens >= 0 && *sens < 100) { // also NaN, which every comparison fails
		return fmt.Errorf("--sensitivity %v: use a percentage between 0 and 100: %w", *sens, errUsage)
	}
	return wf.withWorkspace(file, *readOnly, func(w *workspace.Workspace, cal kpitree.Calendar, win kpitree.Window) (err error) {
		var a *kpitree.Attribution
		switch {
		case *scenario != "":
			a, err = w.Attribute(ctx, *scenario, win, kpitree.AttributionOptions{})
		case *from != "":
			var f, t int
			if f, err = parsePeriod(cal, *from); err != nil {
				return err
			}
			if t, err = parsePeriod(cal, *to); err != nil {
				return err
			}
			a, err = w.AttributePeriods(ctx, "", f, t, kpitree.AttributionOptions{})
		}
		if err != nil {
			return err
		}
		// Tables are for people: the app's words and numbers, in the
		// workspace's language or --lang's.
		bd, err := (&exportFlags{lang: lang}).builder(w)
		if err != nil {
			return err
		}
		if a != nil {
			if err := printTable(s.out, bd.AttributionTable(a, *scenario != "" && win.FiscalYear != 0), true); err != nil {
				return err
			}
		}
		if *sens > 0 {
			rows, err := w.RankDrivers(ctx, *scenario, kpitree.SensitivityOptions{Window: win, Delta: *sens / 100, From: cal.Periods})
			if err != nil {
				return err
			}
			return printTable(s.out, bd.SensitivityTable(rows, *sens, win.FiscalYear != 0), false)
		}
		return nil
	})
}

// printRanking prints report.Builder.ImpactTable of the workspace's
// drivers in aligned columns, with the note on ties under it: the ranking the
// app's impact pane and tornado show.
func printRanking(ctx context.Context, s streams, file string, readOnly bool, scenario, lang string) error {
	ef := exportFlags{lang: &lang}
	return withWorkspace(file, readOnly, func(w *workspace.Workspace) error {
		bd, err := ef.builder(w)
		if err != nil {
			return err
		}
		r, err := bd.Impact(ctx, "", scenario, nil)
		if err != nil {
			return err
		}
		return printTable(s.out, bd.ImpactTable(r), false)
	})
}

// runGoalSeek finds the driver value that reaches a target.
func runGoalSeek(ctx context.Context, s streams, args []string) error {
	fs := newFlags("goalseek")
	target := fs.String("target", "", "the target for the root's window value (required)")
	driver := fs.String("driver", "", "the input node to move (required)")
	from := fs.String("from", "", "first period the driver changes (default: the first forecast period)")
	ramp := fs.Int("ramp", 0, "periods to reach the new value linearly")
	scenario := fs.String("scenario", "", "start from this scenario instead of the base")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	lang := fs.String("lang", "", "language of the answer: en or ja (default: the workspace's)")
	var wf windowFlags
	file, err := wf.parseFile(fs, args, required("--target NUMBER and --driver ID are required", target, driver))
	if err != nil {
		return err
	}
	tv, err := parseFinite(*target)
	if err != nil {
		return fmt.Errorf("--target %s: write a number: %w", kpitree.Quote(*target), errUsage)
	}
	if *ramp < 0 {
		return fmt.Errorf("--ramp %d: use 0 or more: %w", *ramp, errUsage)
	}
	return wf.withWorkspace(file, *readOnly, func(w *workspace.Workspace, cal kpitree.Calendar, win kpitree.Window) (err error) {
		gs := kpitree.GoalSeek{Driver: *driver, Target: tv, Window: win, From: cal.Periods, Ramp: *ramp}
		if *from != "" {
			if gs.From, err = parsePeriod(cal, *from); err != nil {
				return err
			}
		}
		r, err := w.GoalSeek(ctx, *scenario, gs)
		if err != nil {
			return err
		}
		tr, err := translator(w, *lang)
		if err != nil {
			return err
		}
		b, err := report.NewBasis(w)
		if err != nil {
			return err
		}
		// The answer as the goal-seek dialog says it, then the exact
		// figures for scripts.
		fmt.Fprintf(s.out, "%s\nreachable: %v\nvalue: %s (now %s)\nachieved: %s (baseline %s)\n",
			tr.GoalSeekAnswer(b, gs, r), r.Reachable, formatNumber(r.Value), formatNumber(r.Current), formatNumber(r.Achieved), formatNumber(r.Baseline))
		if !r.Reachable {
			// The closest value is printed above, but the goal was not
			// found: a script must not take it for an answer.
			return fmt.Errorf("the target cannot be reached by moving %s alone: %w", kpitree.Quote(*driver), errUnreachable)
		}
		return nil
	})
}
