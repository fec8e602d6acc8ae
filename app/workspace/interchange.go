package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Interchange format identifiers: a workspace JSON file starts with
// {"format":"kpitree/workspace","version":1}.
const (
	InterchangeFormat  = "kpitree/workspace"
	InterchangeVersion = 1
)

// maxInterchangeSize caps what DecodeInterchange accepts, so a wrong file
// picked by mistake cannot exhaust memory.
const maxInterchangeSize = 512 << 20

// Interchange is a whole workspace as one human-diffable JSON document:
// trees, datasets, bindings, scenarios, settings, notes and initiatives.
// Forecasts and history are not included (forecasts are recomputed from
// the data; history is local to a file).
type Interchange struct {
	Format    string             `json:"format"`
	Version   int                `json:"version"`
	Settings  Settings           `json:"settings"`
	Tree      json.RawMessage    `json:"tree"` // kpitree.MarshalTree format
	Datasets  []Dataset          `json:"datasets"`
	Bindings  []Binding          `json:"bindings"`
	Scenarios []kpitree.Scenario `json:"scenarios"`
	// Actuals are the reported-actual bindings (any node, formulas
	// included), sorted by node; or nil. Optional, so files without
	// reported actuals keep their exact version-1 bytes.
	Actuals []Binding `json:"actuals,omitempty"`
	// Notes are the notes by period, then id, and Initiatives the
	// initiatives by start, then name; or nil. Optional, like Actuals.
	Notes       []Note       `json:"notes,omitempty"`
	Initiatives []Initiative `json:"initiatives,omitempty"`
}

// ExportJSON writes the workspace as an Interchange document. Equal
// workspaces give equal bytes (sorted keys, fixed order), so files diff well.
func (w *Workspace) ExportJSON(out io.Writer) error {
	s, err := w.snapshot()
	if err != nil {
		return err
	}
	tb, err := kpitree.MarshalTree(s.tree)
	if err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	x := Interchange{Format: InterchangeFormat, Version: InterchangeVersion, Settings: s.settings, Tree: tb,
		Datasets: []Dataset{}, Bindings: []Binding{}, Scenarios: []kpitree.Scenario{}}
	for _, k := range sortedKeys(s.datasets) {
		x.Datasets = append(x.Datasets, *s.datasets[k])
	}
	for _, k := range sortedKeys(s.bindings) {
		x.Bindings = append(x.Bindings, s.bindings[k])
	}
	for _, k := range sortedKeys(s.scenarios) {
		x.Scenarios = append(x.Scenarios, s.scenarios[k])
	}
	if len(s.actuals) > 0 {
		x.Actuals = s.sortedActuals()
	}
	if len(s.notes) > 0 {
		x.Notes = s.sortedNotes("")
	}
	if len(s.initiatives) > 0 {
		x.Initiatives = s.sortedInitiatives("")
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	if _, err := out.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}

// DecodeInterchange parses and fully validates a workspace JSON document:
// the format and version, the tree (decoding and structural check), every
// dataset's shape, that bindings refer to existing input nodes and columns
// (reported actuals to existing nodes and columns),
// scenario overrides and settings. It never panics; errors wrap
// ErrBadInterchange or ErrNewerFormat (and the more specific sentinel).
func DecodeInterchange(data []byte) (*Interchange, error) {
	_, x, err := decodeInterchange(data)
	return x, err
}

func decodeInterchange(data []byte) (*state, *Interchange, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("workspace json: %w: %w", ErrBadInterchange, fmt.Errorf(format, args...))
	}
	if len(data) > maxInterchangeSize {
		return nil, nil, bad("%d bytes is larger than the %d MB limit", len(data), maxInterchangeSize>>20)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, nil, bad("not JSON: %v", err)
	}
	switch {
	case head.Format != InterchangeFormat:
		return nil, nil, bad("format is %s, want %s: choose a file made by export-json", kpitree.Quote(head.Format), kpitree.Quote(InterchangeFormat))
	case head.Version > InterchangeVersion:
		return nil, nil, fmt.Errorf("workspace json version %d: %w", head.Version, ErrNewerFormat)
	case head.Version < 1:
		return nil, nil, bad("version %d is not valid", head.Version)
	}
	var x Interchange
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return nil, nil, bad("%v", err)
	}
	if dec.More() {
		return nil, nil, bad("extra data after the workspace")
	}
	t, err := kpitree.UnmarshalTree(x.Tree)
	if err != nil {
		return nil, nil, bad("tree: %w", err)
	}
	if err := kpitree.CheckTreeLimits(t); err != nil {
		return nil, nil, bad("tree: %w", err)
	}
	if t.Calendar.Periods < 0 || t.Calendar.Periods > maxPeriods {
		return nil, nil, bad("tree calendar has %d periods; use 0–%d", t.Calendar.Periods, maxPeriods)
	}
	if err := x.Settings.Validate(); err != nil {
		return nil, nil, bad("%w", err)
	}
	s := emptyState()
	s.settings = x.Settings
	docs, err := treeDocs(t)
	if err != nil {
		return nil, nil, bad("%w", err)
	}
	var changes []docChange
	for _, k := range sortedKeys(docs) {
		changes = append(changes, docChange{Bucket: store.BucketTrees, Key: k, After: docs[k]})
	}
	if s, err = s.apply(changes); err != nil {
		return nil, nil, bad("%w", err)
	}
	for i := range x.Datasets {
		d := &x.Datasets[i]
		if d.ID == "" || strings.TrimSpace(d.ID) != d.ID || len(d.ID) > 200 {
			return nil, nil, bad("dataset %d has an invalid id %s", i+1, kpitree.Quote(d.ID))
		}
		if s.datasets[d.ID] != nil {
			return nil, nil, bad("dataset id %s is used twice", kpitree.Quote(d.ID))
		}
		if err := validateDataset(d); err != nil {
			return nil, nil, bad("%w", err)
		}
		s.datasets[d.ID] = d
	}
	for _, b := range x.Bindings {
		if _, dup := s.bindings[b.Node]; dup {
			return nil, nil, bad("node %s is bound twice", kpitree.Quote(b.Node))
		}
		if err := s.checkBinding(b, s.datasets[b.Dataset]); err != nil {
			return nil, nil, bad("binding of %s: %w", kpitree.Quote(b.Node), err)
		}
		s.bindings[b.Node] = b
	}
	for _, b := range x.Actuals {
		if _, dup := s.actuals[b.Node]; dup {
			return nil, nil, bad("node %s has two reported actuals", kpitree.Quote(b.Node))
		}
		if err := s.checkActual(b, s.datasets[b.Dataset]); err != nil {
			return nil, nil, bad("reported actual of %s: %w", kpitree.Quote(b.Node), err)
		}
		s.actuals[b.Node] = b
	}
	for _, sc := range x.Scenarios {
		if _, dup := s.scenarios[sc.Name]; dup {
			return nil, nil, bad("scenario %s appears twice", kpitree.Quote(sc.Name))
		}
		if err := s.checkScenario(sc); err != nil {
			return nil, nil, bad("%w", err)
		}
		s.scenarios[sc.Name] = sc
	}
	for _, n := range x.Notes {
		if n.ID == "" || strings.TrimSpace(n.ID) != n.ID || len(n.ID) > 40 {
			return nil, nil, bad("a note has an invalid id %s", kpitree.Quote(n.ID))
		}
		if _, dup := s.notes[n.ID]; dup {
			return nil, nil, bad("note %s appears twice", kpitree.Quote(n.ID))
		}
		if err := s.checkNote(&n); err != nil {
			return nil, nil, bad("note %s: %w", kpitree.Quote(n.ID), err)
		}
		s.notes[n.ID] = n
	}
	for _, in := range x.Initiatives {
		if _, dup := s.initiatives[in.Name]; dup {
			return nil, nil, bad("initiative %s appears twice", kpitree.Quote(in.Name))
		}
		if err := s.checkInitiative(&in); err != nil {
			return nil, nil, bad("%w", err)
		}
		s.initiatives[in.Name] = in
	}
	for _, d := range kpitree.Check(s.evalTree(), nil) {
		if d.Severity == kpitree.SevError && structural(d.Code) {
			return nil, nil, bad("tree: %s", d)
		}
	}
	return s, &x, nil
}

// structural reports whether a check finding makes a tree unusable (as
// opposed to findings about data, which a shared file may legitimately have).
func structural(code string) bool {
	switch code {
	case kpitree.CodeSyntax, kpitree.CodeUnknownRef, kpitree.CodeCycle, kpitree.CodeNoRoot,
		kpitree.CodeKind, kpitree.CodeHealth, kpitree.CodeAmbiguous, "duplicate-id", "invalid-id":
		return true
	}
	return false
}

// CreateFromJSON validates a workspace JSON document fully and only then
// creates a new workspace file at path holding it. Nothing is written when
// validation fails.
func CreateFromJSON(path string, data []byte, p CreateParams) (*Workspace, error) {
	s, _, err := decodeInterchange(data)
	if err != nil {
		return nil, err
	}
	changes, err := s.allDocs()
	if err != nil {
		return nil, fmt.Errorf("import json: %w", err)
	}
	return createWith(path, p.AppVersion, p.MaxHistory, changes)
}

// allDocs encodes every document of a state.
func (s *state) allDocs() ([]docChange, error) {
	var out []docChange
	add := func(bucket, key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s/%s: %w", bucket, key, err)
		}
		out = append(out, docChange{Bucket: bucket, Key: key, After: b})
		return nil
	}
	docs, err := treeDocs(s.tree)
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(docs) {
		out = append(out, docChange{Bucket: store.BucketTrees, Key: k, After: docs[k]})
	}
	errs := []error{add(store.BucketSettings, keySettings, s.settings)}
	for _, k := range sortedKeys(s.datasets) {
		errs = append(errs, add(store.BucketDatasets, k, s.datasets[k]))
	}
	for _, k := range sortedKeys(s.bindings) {
		errs = append(errs, add(store.BucketBindings, k, s.bindings[k]))
	}
	for _, k := range sortedKeys(s.actuals) {
		errs = append(errs, add(store.BucketBindings, actualKeyPrefix+k, s.actuals[k]))
	}
	for _, k := range sortedKeys(s.scenarios) {
		errs = append(errs, add(store.BucketScenarios, k, s.scenarios[k]))
	}
	for _, k := range sortedKeys(s.notes) {
		errs = append(errs, add(store.BucketNotes, k, s.notes[k]))
	}
	for _, k := range sortedKeys(s.initiatives) {
		errs = append(errs, add(store.BucketInitiatives, k, s.initiatives[k]))
	}
	return out, errors.Join(errs...)
}

// finite reports whether v is a usable number (not NaN or ±Inf).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
