package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Scenarios returns the scenarios sorted by name.
func (w *Workspace) Scenarios() ([]kpitree.Scenario, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	out := make([]kpitree.Scenario, 0, len(s.scenarios))
	for _, k := range sortedKeys(s.scenarios) {
		out = append(out, cloneScenario(s.scenarios[k]))
	}
	return out, nil
}

// ScenarioNames returns the scenarios' names, sorted.
func (w *Workspace) ScenarioNames() ([]string, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return sortedKeys(s.scenarios), nil
}

// Scenario returns the named scenario.
func (w *Workspace) Scenario(name string) (kpitree.Scenario, error) {
	sc, err := namedDoc(w, name, "scenario", func(s *state) map[string]kpitree.Scenario { return s.scenarios }, ErrUnknownScenario)
	if err != nil {
		return kpitree.Scenario{}, err
	}
	return cloneScenario(sc), nil
}

func cloneScenario(sc kpitree.Scenario) kpitree.Scenario {
	sc.Overrides = slices.Clone(sc.Overrides)
	return sc
}

// checkScenario validates a scenario's name and overrides against the tree.
func (s *state) checkScenario(sc kpitree.Scenario) error {
	if err := scenarioName(sc.Name); err != nil {
		return err // the message names the scenario name
	}
	for i, o := range sc.Overrides {
		if _, ok := s.node(o.Node); !ok {
			return fmt.Errorf("scenario %s override %d: node %s: %w", kpitree.Quote(sc.Name), i+1, kpitree.Quote(o.Node), kpitree.ErrUnknownNode)
		}
		switch o.Op {
		case kpitree.OpSet, kpitree.OpScale, kpitree.OpAdd:
		default:
			return fmt.Errorf("scenario %s override %d: operation %s: use set, scale or add: %w", kpitree.Quote(sc.Name), i+1, kpitree.Quote(string(o.Op)), kpitree.ErrBadScenario)
		}
		if !finite(o.Value) {
			return fmt.Errorf("scenario %s override %d: value is not a finite number: %w", kpitree.Quote(sc.Name), i+1, kpitree.ErrBadScenario)
		}
		if o.From < 0 || o.Ramp < 0 || (o.To >= 0 && o.To < o.From) {
			return fmt.Errorf("scenario %s override %d: window %d–%d ramp %d: %w", kpitree.Quote(sc.Name), i+1, o.From, o.To, o.Ramp, kpitree.ErrBadScenario)
		}
	}
	return nil
}

func scenarioChange(sc kpitree.Scenario) (docChange, error) {
	return putDoc(store.BucketScenarios, sc.Name, sc)
}

// AddScenario creates a scenario; it fails with ErrScenarioExists when the
// name is taken.
func (w *Workspace) AddScenario(sc kpitree.Scenario) error {
	sc.Name = strings.TrimSpace(sc.Name)
	return w.change(act(LabelAddScenario, sc.Name), func(s *state) ([]docChange, error) {
		if _, ok := s.scenarios[sc.Name]; ok {
			return nil, fmt.Errorf("add scenario %s: %w", kpitree.Quote(sc.Name), ErrScenarioExists)
		}
		if err := s.checkScenario(sc); err != nil {
			return nil, fmt.Errorf("add scenario: %w", err)
		}
		return putOnly(store.BucketScenarios, sc.Name, sc)
	})
}

// UpdateScenario replaces the overrides and description of an existing
// scenario (its name stays; use RenameScenario to rename).
func (w *Workspace) UpdateScenario(sc kpitree.Scenario) error {
	return w.change(act(LabelEditScenario, sc.Name), func(s *state) ([]docChange, error) {
		if _, ok := s.scenarios[sc.Name]; !ok {
			return nil, fmt.Errorf("edit scenario %s: %w", kpitree.Quote(sc.Name), ErrUnknownScenario)
		}
		if err := s.checkScenario(sc); err != nil {
			return nil, fmt.Errorf("edit scenario: %w", err)
		}
		return putOnly(store.BucketScenarios, sc.Name, sc)
	})
}

// DuplicateScenario copies scenario name under newName.
func (w *Workspace) DuplicateScenario(name, newName string) error {
	newName = strings.TrimSpace(newName)
	return w.change(act(LabelDuplicateScenario, name), func(s *state) ([]docChange, error) {
		sc, ok := s.scenarios[name]
		if !ok {
			return nil, fmt.Errorf("duplicate scenario %s: %w", kpitree.Quote(name), ErrUnknownScenario)
		}
		if _, ok := s.scenarios[newName]; ok {
			return nil, fmt.Errorf("duplicate scenario as %s: %w", kpitree.Quote(newName), ErrScenarioExists)
		}
		sc = cloneScenario(sc)
		sc.Name = newName
		if err := scenarioName(newName); err != nil {
			return nil, fmt.Errorf("duplicate scenario: %w", err)
		}
		return putOnly(store.BucketScenarios, sc.Name, sc)
	})
}

// RenameScenario renames a scenario.
func (w *Workspace) RenameScenario(name, newName string) error {
	newName = strings.TrimSpace(newName)
	return w.change(act(LabelRenameScenario, name), func(s *state) ([]docChange, error) {
		sc, same, err := checkRename(s.scenarios, "scenario", name, newName, ErrUnknownScenario, ErrScenarioExists)
		if err != nil || same {
			return nil, err
		}
		sc = cloneScenario(sc)
		sc.Name = newName
		c, err := scenarioChange(sc)
		if err != nil {
			return nil, err
		}
		out := []docChange{{Bucket: store.BucketScenarios, Key: name}, c}
		// Initiatives name their expected effect's scenario: they follow
		// the rename in the same undoable step.
		for _, k := range sortedKeys(s.initiatives) {
			if in := s.initiatives[k]; in.Scenario == name {
				in.Scenario = newName
				b, err := marshal(in)
				if err != nil {
					return nil, err
				}
				out = append(out, docChange{Bucket: store.BucketInitiatives, Key: k, After: b})
			}
		}
		return out, nil
	})
}

// DeleteScenario removes a scenario.
func (w *Workspace) DeleteScenario(name string) error {
	return deleteDoc(w, act(LabelDeleteScenario, name), store.BucketScenarios, name, "scenario",
		func(s *state) map[string]kpitree.Scenario { return s.scenarios }, ErrUnknownScenario)
}

// scenarioName checks a scenario name against kpitree's limits; the error
// is a *kpitree.LimitError (translated by its code) that also wraps
// ErrBadName for callers that test for it.
func scenarioName(name string) error {
	if err := kpitree.CheckScenarioName(name); err != nil {
		return fmt.Errorf("%w: %w", err, ErrBadName)
	}
	return nil
}
