package workspace_test

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// canonicalTree is the add-on revenue tree of the domain brief, built by
// hand so these tests do not depend on kpitree's templates.
func canonicalTree() kpitree.Tree {
	in := func(id, name, unit string) kpitree.Node {
		return kpitree.Node{ID: id, Name: name, Unit: unit, Kind: kpitree.KindInput, Controllable: true}
	}
	return kpitree.Tree{
		Name:     "Add-on revenue",
		Root:     "revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month},
		Nodes: []kpitree.Node{
			{ID: "revenue", Name: "add-on revenue", Unit: "JPY", Kind: kpitree.KindFormula, Formula: "unit_price * active_customers", Aggregation: "sum"},
			in("unit_price", "average add-on unit price", "JPY/customer"),
			{ID: "active_customers", Name: "add-on customers (active)", Unit: "customers", Kind: kpitree.KindFormula, Formula: "onboarded_accounts * active_rate", Aggregation: "last"},
			{ID: "onboarded_accounts", Name: "onboarded accounts", Unit: "accounts", Kind: kpitree.KindFormula, Formula: "csm_count * onboarded_per_csm", Aggregation: "last"},
			in("csm_count", "CSM headcount", "people"),
			in("onboarded_per_csm", "onboardings per CSM", "accounts/people"),
			in("active_rate", "active rate", "%"),
		},
	}
}

// sampleDataset reads assets/data/cs_monthly.csv into a Dataset (a minimal
// reader: the real importer is app/dataio's).
func sampleDataset(t testing.TB) workspace.Dataset {
	t.Helper()
	f, err := assets.SampleData.Open("data/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	start, err := time.Parse("2006-01", rows[1][0])
	if err != nil {
		t.Fatal(err)
	}
	d := workspace.Dataset{Name: "cs_monthly", Source: "cs_monthly.csv",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: len(rows) - 1}}
	for j, name := range rows[0][1:] {
		c := workspace.Column{Name: name, Values: make(workspace.Values, len(rows)-1)}
		for i, r := range rows[1:] {
			v, err := strconv.ParseFloat(r[j+1], 64)
			if err != nil {
				v = math.NaN()
			}
			c.Values[i] = v
		}
		d.Columns = append(d.Columns, c)
	}
	return d
}

// sampleBindings binds the canonical leaves to the sample columns.
func sampleBindings() []workspace.Binding {
	return []workspace.Binding{
		{Node: "unit_price", Column: "unit_price_jpy"},
		{Node: "csm_count", Column: "csm_count"},
		{Node: "onboarded_per_csm", Column: "onboarded_per_csm"},
		{Node: "active_rate", Column: "active_rate"},
	}
}

// newWorkspace creates a workspace with the canonical tree in a temp dir
// and closes it at cleanup.
func newWorkspace(t testing.TB) (*workspace.Workspace, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.kpitree")
	w, err := workspace.Create(path, workspace.CreateParams{Tree: canonicalTree(), Lang: "ja"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w, path
}

// newSampleWorkspace is newWorkspace with the sample data imported and bound.
func newSampleWorkspace(t testing.TB) (*workspace.Workspace, string) {
	t.Helper()
	w, path := newWorkspace(t)
	if _, err := w.CommitImport(sampleDataset(t), sampleBindings()); err != nil {
		t.Fatalf("import: %v", err)
	}
	return w, path
}

// dump renders everything a user can see of a workspace's documents as
// JSON, so two states compare exactly.
func dump(t testing.TB, w *workspace.Workspace) string {
	t.Helper()
	tree := w.Tree()
	for i, n := range tree.Nodes {
		// JSON has no NaN; show missing typed values as a marker.
		for j, v := range n.Values {
			if math.IsNaN(v) {
				tree.Nodes[i].Values[j] = -0.123456789
			}
		}
	}
	scs, err := w.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	notes, err := w.Notes("")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := w.Initiatives("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(struct {
		Tree        kpitree.Tree
		Bindings    []workspace.Binding
		Actuals     []workspace.Binding
		Datasets    []*workspace.Dataset
		Scenarios   []kpitree.Scenario
		Settings    workspace.Settings
		Notes       []workspace.Note
		Initiatives []workspace.Initiative
	}{tree, w.Bindings(), w.Actuals(), w.Datasets(), scs, w.Settings(), notes, ins}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
