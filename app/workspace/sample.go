package workspace

import (
	"context"
	"fmt"
	"math"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// SampleTemplate is the kpitree template of the sample workspace: the
// canonical add-on revenue tree, whose leaf ids match the sample columns.
const SampleTemplate = "addon_revenue"

// sampleDataPath is the embedded sample file the first-run workspace binds.
const sampleDataPath = "data/cs_monthly.csv"

// CreateSample creates the first-run workspace: the canonical add-on
// revenue tree in lang ("en" or "ja") with the embedded sample data
// (assets/data/cs_monthly.csv) imported, its leaves bound and the formula
// nodes the data reports (addon_revenue ← revenue_jpy, active_customers,
// onboarded_accounts) carrying their reported actuals. The desktop
// app's first run and `make run` use it. Everything is written in one
// transaction and the history starts empty, so a first Undo does not
// remove the sample data.
func CreateSample(path, lang string) (*Workspace, error) {
	t, err := kpitree.NewFromTemplate(SampleTemplate, lang)
	if err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	if err := validIDs(t); err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	samplePlan(&t)
	s := emptyState()
	s.settings = defaultSettingsFor(t, lang)
	changes, err := treeChangesAll(t, s.settings)
	if err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	if s, err = s.apply(changes); err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	p, err := s.samplePreview()
	if err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	data, _, err := s.importChanges(p.Dataset, p.Suggested, p.SuggestedActuals)
	if err != nil {
		return nil, fmt.Errorf("create sample workspace: %w", err)
	}
	return createWith(path, "", 0, append(changes, data...))
}

// samplePlan gives the sample tree a plan, so that a first look already
// shows RAG colours, Δ against target and a fiscal-year goal to simulate
// against: monthly targets for FY2025 (periods 24–35 of the sample
// calendar, which starts in April 2023) and FY2026 targets. The revenue
// plan grows 4.6 % a month from ¥5.4M, a little ahead of the actuals.
func samplePlan(t *kpitree.Tree) {
	const fy2025Start, months = 24, 12
	monthly := map[string]func(i int) float64{
		"addon_revenue": func(i int) float64 { return math.Round(5_400_000 * math.Pow(1.046, float64(i))) },
		"unit_price":    func(int) float64 { return 13_200 },
		"csm_count":     func(int) float64 { return 12 },
		"active_rate":   func(int) float64 { return 0.70 },
	}
	fy2026 := map[string]float64{"addon_revenue": 110_000_000, "active_rate": 0.72}
	for k := range t.Nodes {
		n := &t.Nodes[k]
		plan, ok := monthly[n.ID]
		if !ok {
			continue
		}
		for i := range months {
			n.Targets = append(n.Targets, kpitree.Target{Period: fy2025Start + i, Value: plan(i)})
		}
		if v, ok := fy2026[n.ID]; ok {
			n.Targets = append(n.Targets, kpitree.Target{FiscalYear: 2026, Value: v})
		}
		n.RAG = &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
	}
}

// treeChangesAll lists the documents of a new workspace with tree t.
func treeChangesAll(t kpitree.Tree, set Settings) ([]docChange, error) {
	docs, err := treeDocs(t)
	if err != nil {
		return nil, err
	}
	changes, err := putOnly(store.BucketSettings, keySettings, set)
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(docs) {
		changes = append(changes, docChange{Bucket: store.BucketTrees, Key: k, After: docs[k]})
	}
	return changes, nil
}

// samplePreview reads the embedded sample data as an import preview.
func (s *state) samplePreview() (*ImportPreview, error) {
	f, err := assets.SampleData.Open(sampleDataPath)
	if err != nil {
		return nil, fmt.Errorf("open sample data: %w", err)
	}
	defer f.Close()
	opt := dataio.Options{FiscalYearStart: s.settings.FiscalYearStart}
	d, rep, err := dataio.ReadFrom(context.Background(), f, "cs_monthly.csv", opt)
	if err != nil {
		return nil, fmt.Errorf("read sample data: %w", err)
	}
	p, err := s.preview(d, rep, opt)
	if err != nil {
		return nil, err
	}
	p.Dataset.Name = "cs_monthly"
	return p, nil
}

// ImportSampleData imports the embedded sample data and binds the leaves
// whose ids or names match its columns, as one undoable action.
func (w *Workspace) ImportSampleData() error { return w.importSample() }

func (w *Workspace) importSample() error {
	s, err := w.snapshot()
	if err != nil {
		return err
	}
	p, err := s.samplePreview()
	if err != nil {
		return err
	}
	_, err = w.CommitPreview(p, p.Suggested)
	return err
}
