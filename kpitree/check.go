package kpitree

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
)

// Check returns every finding about t, most serious first: syntax errors,
// unknown references, cycles (with the path), units that do not agree,
// inputs without data, unused nodes (not reachable from the root), and,
// evaluating with the given input series (nil: typed values only),
// divisions that hit zero and missing periods. Diagnostics whose code the
// node lists in Silenced are left out. It never returns an empty result
// for a broken tree and never panics.
func Check(t Tree, in Inputs) []Diagnostic {
	p, diags, err := CompileShared(t) // read only here, and not kept
	if err != nil {
		return []Diagnostic{compileDiagnostic(t, err)}
	}
	return check(p, diags, in)
}

// CheckCompiled is Check of the tree p was compiled from, reusing p
// instead of compiling the tree again (a program cached by a workspace).
func CheckCompiled(p *Program, in Inputs) []Diagnostic {
	return check(p, slices.Clone(p.diags), in)
}

// check completes Check from a compiled tree and its compile diagnostics
// (diags, which it may append to).
func check(p *Program, diags []Diagnostic, in Inputs) []Diagnostic {
	t := &p.tree
	// Evaluating the history and checking units and kinds only read p:
	// on a 100k-node tree each is a fifth of a check, so the evaluation
	// runs on another core. Findings are appended in the same order as
	// when they ran one after the other.
	var unbound, evalDiags []Diagnostic
	var wg sync.WaitGroup
	wg.Go(func() {
		s := p.NewState(t.Calendar.Periods)
		bound := Inputs{}
		for id, v := range in {
			if i := p.Index(id); i >= 0 && p.tree.Nodes[i].Kind == KindInput {
				bound[id] = v
			} else {
				unbound = append(unbound, diag(id, SevWarning, CodeUnbound, -1, MsgDataNotInput, id))
			}
		}
		if err := s.SetInputs(bound); err != nil {
			panic(fmt.Sprintf("kpitree: bound inputs were filtered: %v", err)) // unreachable
		}
		s.Run()
		evalDiags = s.Diagnostics(bound)
	})
	diags = append(diags, p.checkUnits()...)
	diags = append(diags, p.checkAggregation()...)
	diags = append(diags, checkCalendar(t.Calendar)...)
	diags = append(diags, checkHealthWeights(*t)...)
	if _, ok := p.index[t.Root]; ok {
		reach := p.Reachable()
		for i, r := range reach {
			if !r {
				diags = append(diags, diag(p.ids[i], SevInfo, CodeUnused, -1, MsgNodeUnused, t.Root))
			}
		}
	}
	wg.Wait()
	diags = append(diags, unbound...)
	diags = append(diags, evalDiags...)
	diags = dropSilenced(diags, *t)
	sortDiagnostics(diags, p.index)
	return diags
}

// compileDiagnostic turns the error that stopped Compile into one
// finding: the first duplicate or invalid id, so the message can name it
// in any language.
func compileDiagnostic(t Tree, err error) Diagnostic {
	switch {
	case errors.Is(err, ErrInvalidID):
		for _, n := range t.Nodes {
			if !ValidID(n.ID) {
				return diag("", SevError, CodeInvalidID, -1, MsgTreeInvalidID, n.ID)
			}
		}
	case errors.Is(err, ErrDuplicateID):
		seen := make(map[string]bool, len(t.Nodes))
		for _, n := range t.Nodes {
			if seen[n.ID] {
				return diag("", SevError, CodeDuplicate, -1, MsgTreeDuplicateID, n.ID)
			}
			seen[n.ID] = true
		}
	}
	return diag("", SevError, CodeKind, -1, MsgTreeCompile, err.Error())
}

func dropSilenced(ds []Diagnostic, t Tree) []Diagnostic {
	silenced := map[string][]string{}
	for _, n := range t.Nodes {
		if len(n.Silenced) > 0 {
			silenced[n.ID] = n.Silenced
		}
	}
	if len(silenced) == 0 {
		return ds
	}
	return slices.DeleteFunc(ds, func(d Diagnostic) bool {
		return d.Severity != SevError && slices.Contains(silenced[d.Node], d.Code)
	})
}

func checkCalendar(c Calendar) []Diagnostic {
	var out []Diagnostic
	switch c.Freq {
	case "", Day, Week, Month, Quarter, Year:
	default:
		out = append(out, diag("", SevError, CodeCalendar, -1, MsgCalendarFreq, string(c.Freq)))
	}
	if c.FiscalYearStart < 0 || c.FiscalYearStart > 12 {
		out = append(out, diag("", SevError, CodeCalendar, -1, MsgCalendarFiscal, strconv.Itoa(int(c.FiscalYearStart))))
	}
	if c.Periods < 0 {
		out = append(out, diag("", SevError, CodeCalendar, -1, MsgCalendarPeriods, strconv.Itoa(c.Periods)))
	}
	return out
}

// checkHealthWeights warns when a health score's weights do not add up to
// 1: the score is then not out of 100 and clamping hides the difference.
func checkHealthWeights(t Tree) []Diagnostic {
	var out []Diagnostic
	for _, n := range t.Nodes {
		if n.Kind != KindHealth || len(n.Health) == 0 {
			continue
		}
		sum := 0.0
		for _, h := range n.Health {
			sum += h.Weight
		}
		if math.Abs(sum-1) > 1e-9 {
			out = append(out, diag(n.ID, SevWarning, CodeHealth, -1, MsgHealthWeights, strconv.FormatFloat(sum, 'g', -1, 64)))
		}
	}
	return out
}
