package workspace_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// newSample creates the first-run sample workspace (tree with targets,
// embedded data bound) in a temp dir.
func newSample(t testing.TB) (*workspace.Workspace, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sample.kpitree")
	w, err := workspace.CreateSample(path, "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w, path
}

// refreshSample re-imports the sample data with every value of column
// scaled by factor and one more month appended: a data refresh.
func refreshSample(t *testing.T, w *workspace.Workspace, column string, factor float64) {
	t.Helper()
	raw, err := assets.SampleData.ReadFile("data/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	head := strings.Split(lines[0], ",")
	col := -1
	for j, h := range head {
		if h == column {
			col = j
		}
	}
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		if v, err := strconv.ParseFloat(f[col], 64); err == nil {
			f[col] = strconv.FormatFloat(v*factor, 'f', -1, 64)
		}
		lines[i] = strings.Join(f, ",")
	}
	last := strings.Split(lines[len(lines)-1], ",")
	last[0] = "2026-04"
	lines = append(lines, strings.Join(last, ","))
	path := filepath.Join(t.TempDir(), "cs_monthly.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, _, err := dataio.Read(context.Background(), path, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportOrRefresh(d, nil); err != nil {
		t.Fatal(err)
	}
}

func TestFreezePlan_IsUnchangedByLaterEditsAndDataRefreshes(t *testing.T) {
	ctx := context.Background()
	w, path := newSample(t)
	info, err := w.FreezePlan(ctx, "FY2026 plan v1")
	if err != nil {
		t.Fatal(err)
	}
	if info.LastActual != "2026-03" || info.Nodes != len(w.Tree().Nodes) || info.Bytes <= 0 {
		t.Errorf("info %+v: want last actual 2026-03, every node, a size", info)
	}
	before, err := w.Plan("FY2026 plan v1")
	if err != nil {
		t.Fatal(err)
	}
	rootBefore, _ := w.Evaluate("")
	revenueBefore := rootBefore.Values("addon_revenue")

	// given later edits: a formula changed and the data refreshed
	if err := w.EditTree("double the price", func(tr *kpitree.Tree) error {
		for i := range tr.Nodes {
			if tr.Nodes[i].ID == "addon_revenue" {
				tr.Nodes[i].Formula = "unit_price * active_customers * 2"
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	refreshSample(t, w, "csm_count", 1.5)
	after, _ := w.Evaluate("")
	if reflect.DeepEqual(after.Values("addon_revenue"), revenueBefore) {
		t.Fatal("the edits did not change the evaluation; the test proves nothing")
	}

	// then the plan reads back identical, also after reopening the file
	got, err := w.Plan("FY2026 plan v1")
	if err != nil {
		t.Fatal(err)
	}
	if !plansEqual(before, got) {
		t.Error("the plan changed after a formula edit and a data refresh")
	}
	_ = w.Close()
	r, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	reread, err := r.Plan("FY2026 plan v1")
	if err != nil {
		t.Fatal(err)
	}
	if !plansEqual(before, reread) {
		t.Error("the plan read from the reopened file differs")
	}
}

// plansEqual compares plans with NaN equal to NaN.
func plansEqual(a, b *workspace.Plan) bool {
	if a.Name != b.Name || !a.Created.Equal(b.Created) || a.Horizon != b.Horizon || len(a.Nodes) != len(b.Nodes) ||
		!reflect.DeepEqual(a.Scenarios, b.Scenarios) || a.Calendar != b.Calendar {
		return false
	}
	same := func(x, y []float64) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
				return false
			}
		}
		return true
	}
	for i := range a.Nodes {
		x, y := a.Nodes[i], b.Nodes[i]
		if x.ID != y.ID || !same(x.Values, y.Values) || len(x.Bands) != len(y.Bands) || !reflect.DeepEqual(x.Targets, y.Targets) {
			return false
		}
		for k := range x.Bands {
			if !same(x.Bands[k], y.Bands[k]) {
				return false
			}
		}
		for k := range x.FY {
			if x.FY[k].Year != y.FY[k].Year || !same([]float64{x.FY[k].Value}, []float64{y.FY[k].Value}) {
				return false
			}
		}
	}
	return true
}

func TestFreezePlan_UndoRedoDeleteRename(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	names := func() []string {
		ps, err := w.Plans()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	var events []workspace.EventKind
	defer w.Subscribe(func(e workspace.Event) { events = append(events, e.Kind) })()
	if _, err := w.FreezePlan(ctx, "v1"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want []string
	}{
		{"should list the frozen plan", func() error { return nil }, []string{"v1"}},
		{"should undo the freeze", func() error { _, err := w.Undo(); return err }, nil},
		{"should redo the freeze", func() error { _, err := w.Redo(); return err }, []string{"v1"}},
		{"should rename", func() error { return w.RenamePlan("v1", "FY2026 plan") }, []string{"FY2026 plan"}},
		{"should undo the rename", func() error { _, err := w.Undo(); return err }, []string{"v1"}},
		{"should delete", func() error { return w.DeletePlan("v1") }, nil},
		{"should undo the delete", func() error { _, err := w.Undo(); return err }, []string{"v1"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			if got := names(); !reflect.DeepEqual(got, s.want) {
				t.Errorf("plans %v, want %v", got, s.want)
			}
		})
	}
	t.Run("should name the freeze in the history", func(t *testing.T) {
		h, err := w.History()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range h {
			found = found || e.Label == "Freeze plan v1"
		}
		if !found {
			t.Errorf("history %+v has no \"Freeze plan v1\"", h)
		}
	})
	t.Run("should raise PlansChanged", func(t *testing.T) {
		n := 0
		for _, k := range events {
			if k == workspace.PlansChanged {
				n++
			}
		}
		if n < len(steps)-1 {
			t.Errorf("%d PlansChanged events for %d plan changes", n, len(steps)-1)
		}
	})
	errCases := []struct {
		name string
		do   func() error
		want error
	}{
		{"should refuse a second plan of the same name", func() error { _, err := w.FreezePlan(ctx, "v1"); return err }, workspace.ErrPlanExists},
		{"should refuse an empty name", func() error { _, err := w.FreezePlan(ctx, "  "); return err }, workspace.ErrBadName},
		{"should refuse deleting an unknown plan", func() error { return w.DeletePlan("nope") }, workspace.ErrUnknownPlan},
		{"should refuse reading an unknown plan", func() error { _, err := w.Plan("nope"); return err }, workspace.ErrUnknownPlan},
		{"should refuse renaming onto another plan", func() error {
			if _, err := w.FreezePlan(ctx, "v2"); err != nil {
				return err
			}
			return w.RenamePlan("v2", "v1")
		}, workspace.ErrPlanExists},
	}
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.do(); !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestFreezePlan_KeepsForecastBandsAndFiscalYears(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	if _, err := w.FreezePlan(ctx, "v1"); err != nil {
		t.Fatal(err)
	}
	p, err := w.Plan("v1")
	if err != nil {
		t.Fatal(err)
	}
	root, ok := p.Node(p.Root)
	if !ok {
		t.Fatalf("plan has no root %q", p.Root)
	}
	if len(root.Values) != p.Calendar.Periods+p.Horizon || len(root.Bands) != len(p.Quantiles) || len(root.Bands[0]) != p.Horizon {
		t.Fatalf("root series %d, bands %d×%d; want %d values and %d×%d bands", len(root.Values), len(root.Bands), len(root.Bands[0]),
			p.Calendar.Periods+p.Horizon, len(p.Quantiles), p.Horizon)
	}
	for t0 := range p.Horizon {
		lo95, lo80, med, hi80, hi95 := root.Bands[0][t0], root.Bands[1][t0], root.Bands[2][t0], root.Bands[3][t0], root.Bands[4][t0]
		if !(lo95 <= lo80 && lo80 <= med && med <= hi80 && hi80 <= hi95) {
			t.Errorf("period %d: bands not ordered: %v %v %v %v %v", t0, lo95, lo80, med, hi80, hi95)
		}
	}
	rows, err := w.FiscalYear(ctx, "", 2025)
	if err != nil {
		t.Fatal(err)
	}
	fy, ok := root.FYValue(2025)
	for _, r := range rows {
		if r.ID == p.Root && (!ok || math.Abs(fy-r.Value) > 1e-9*math.Abs(fy)) {
			t.Errorf("frozen FY2025 root %v (ok %v), live %v", fy, ok, r.Value)
		}
	}
	if n, _ := p.Node("active_rate"); len(n.Targets) == 0 {
		t.Error("the active rate's targets were not frozen")
	}
}

func TestComparePlans(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	if _, err := w.FreezePlan(ctx, "v1"); err != nil {
		t.Fatal(err)
	}
	t.Run("should find no difference between a plan and the unchanged forecast", func(t *testing.T) {
		c, err := w.ComparePlans(ctx, "v1", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range c.Rows {
			scale := 1.0
			for _, d := range r.Periods {
				scale = max(scale, math.Abs(d.A))
			}
			if r.MaxDiff > 1e-6*scale { // float32 storage
				t.Errorf("%s differs by %g", r.Node, r.MaxDiff)
			}
		}
	})
	t.Run("should show a refreshed forecast's difference per period and FY, matched by date", func(t *testing.T) {
		refreshSample(t, w, "csm_count", 1.5)
		c, err := w.ComparePlans(ctx, "v1", "")
		if err != nil {
			t.Fatal(err)
		}
		var csm *workspace.PlanCompareRow
		for i := range c.Rows {
			if c.Rows[i].Node == "csm_count" {
				csm = &c.Rows[i]
			}
		}
		if csm == nil || len(csm.FY) == 0 || len(csm.Periods) == 0 {
			t.Fatalf("csm_count row %+v", csm)
		}
		first := csm.Periods[0]
		if first.Label != "2023-04" || math.Abs(first.B-1.5*first.A) > 1e-6 {
			t.Errorf("first period %+v, want 2023-04 with B = 1.5 × A", first)
		}
	})
}
