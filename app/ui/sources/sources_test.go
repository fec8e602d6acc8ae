package sources_test

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/source"
	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui/sources"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/dbtest"
)

// fixture is a sample workspace and a SQLite file of the CS events.
func fixture(t *testing.T, lang string) (*workspace.Workspace, source.Conn) {
	t.Helper()
	dir := t.TempDir()
	ws, err := workspace.CreateSample(filepath.Join(dir, "s.kpitree"), lang)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	ev, err := dbtest.CSEvents("../../dataio/testdata/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	c := source.Conn{Name: "cs_local", Kind: source.SQLite, Database: filepath.Join(dir, "cs.sqlite")}
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	if err := dbtest.Load(adm, c.Kind, "cs_events", ev); err != nil {
		t.Fatal(err)
	}
	return ws, c
}

func newApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(apptheme.New(apptheme.ModeLight))
	return a
}

func TestNew_shouldRefuseMissingDependencies(t *testing.T) {
	newApp(t)
	if _, err := sources.New(sources.Params{}); err == nil {
		t.Error("New without a window and a workspace succeeded")
	}
}

func TestManager_shouldTestSaveAndRemoveAConnection(t *testing.T) {
	newApp(t)
	ws, c := fixture(t, "en")
	var tested []source.Conn
	var gotPassword string
	m, err := sources.New(sources.Params{Window: test.NewTempWindow(t, widget.NewLabel("")), Workspace: ws,
		Test: func(ctx context.Context, c source.Conn, s source.Secrets) error {
			tested = append(tested, c)
			gotPassword, _ = s.Password(ctx, c)
			return workspace.TestConnection(ctx, c, s)
		},
		StorePassword: func(string, string) error { return errors.New("no keyring in tests") }})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, m.Content())
	w.Resize(fyne.NewSize(1100, 700))
	form := findForm(t, w.Canvas().Content())
	set := func(label, text string) {
		for _, it := range form.Items {
			if it.Text == label {
				if e, ok := it.Widget.(*widget.Entry); ok {
					e.SetText(text)
					return
				}
				if s, ok := it.Widget.(*widget.Select); ok {
					s.SetSelected(text)
					return
				}
			}
		}
		t.Fatalf("no field %q", label)
	}
	set("Name", c.Name)
	set("Database", "SQLite file")
	set("Database or file", c.Database)
	set("Password", "typed-secret")
	form.OnSubmit()
	m.Wait()
	if cs, err := ws.Connections(); err != nil || len(cs) != 1 {
		t.Fatalf("connections %+v, %v: want the saved one", cs, err)
	}
	if len(tested) != 1 || tested[0] != c {
		t.Errorf("tested %+v, want %+v", tested, c)
	}
	if gotPassword != "typed-secret" {
		t.Errorf("the test saw password %q, want the typed one", gotPassword)
	}
	b, _ := os.ReadFile(ws.Path())
	if strings.Contains(string(b), "typed-secret") {
		t.Error("the typed password reached the workspace file")
	}
}

func findForm(t *testing.T, o fyne.CanvasObject) *widget.Form {
	t.Helper()
	var found *widget.Form
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch x := o.(type) {
		case *widget.Form:
			found = x
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatal("no form")
	}
	return found
}

func TestQueryEditor_shouldPreviewAndBindTheAggregatedSeries(t *testing.T) {
	newApp(t)
	ws, c := fixture(t, "en")
	if err := ws.SaveConnection(c); err != nil {
		t.Fatal(err)
	}
	m, _ := sources.New(sources.Params{Window: test.NewTempWindow(t, widget.NewLabel("")), Workspace: ws})
	q := m.NewQueryEditor(c.Name)
	q.Content()
	spec := source.Spec{Conn: c.Name, Table: "cs_events", DateColumn: "at", Values: dbtest.Columns}
	p, err := ws.PreviewQuery(context.Background(), spec, workspace.QueryOptions{Name: "cs_events"})
	if err != nil {
		t.Fatal(err)
	}
	q.SetPreview(p)
	binds := q.Bindings()
	if len(binds) != 4 {
		t.Fatalf("bindings %+v, want the four sample leaves", binds)
	}
	w := test.NewTempWindow(t, q.Content())
	w.Resize(fyne.NewSize(1180, 720))
	// The aggregated series reads as the file import's preview and the
	// boxes write numbers: one formatter (it had its own, four digits).
	var series *widget.Table
	for _, o := range test.LaidOutObjects(w.Content()) {
		if tb, ok := o.(*widget.Table); ok && tb.Visible() {
			series = tb
		}
	}
	if series == nil {
		t.Fatal("no series table shown")
	}
	for k, c := range p.Dataset.Columns {
		cell := series.CreateCell()
		series.UpdateCell(widget.TableCellID{Row: 0, Col: k + 1}, cell) // column 0 is the period
		if got, want := cell.(*widget.Label).Text, uikit.FormatValue(c.Values[0], c.Unit); got != want {
			t.Errorf("column %s's first value shows %q, want %q", c.Name, got, want)
		}
	}
	// Import and bind stores the dataset off the UI goroutine, then says
	// so and offers no second import of the same preview.
	var importBtn *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Import and bind" {
			importBtn = b
		}
	}
	if importBtn == nil {
		t.Fatal("no Import and bind button drawn")
	}
	before := len(ws.Datasets())
	test.Tap(importBtn)
	m.Wait()
	if got := len(ws.Bindings()); got != 4 || len(ws.Datasets()) != before+1 {
		t.Fatalf("after import: %d datasets (%d before), %d bindings; want one more and 4", len(ws.Datasets()), before, got)
	}
	if !importBtn.Disabled() {
		t.Error("Import and bind is still enabled after the import")
	}
	said := false
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Imported cs_events and bound 4 leaves." {
			said = true
		}
	}
	if !said {
		t.Error("the editor does not say what it imported")
	}
}

// TestScreenshots renders the connection manager and the query preview
// with the app theme (embedded Japanese font) at a realistic size and,
// when KPITREE_SCREENSHOTS is a directory, saves them there as
// sources-manager-LANG.png and sources-query-LANG.png.
func TestScreenshots(t *testing.T) {
	lang := "en"
	if os.Getenv("KPITREE_SHOT_LANG") == "ja" {
		lang = "ja"
	}
	newApp(t)
	ws, c := fixture(t, lang)
	for _, extra := range []source.Conn{
		{Name: "warehouse", Kind: source.Postgres, Host: "dwh.internal.example.jp", Port: 5439, Database: "analytics", User: "kpi_reader", TLS: "require"},
		{Name: "crm_replica", Kind: source.MySQL, Host: "10.0.4.12", Port: 3306, Database: "crm", User: "readonly"},
		c,
	} {
		if err := ws.SaveConnection(extra); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := sources.New(sources.Params{Window: test.NewTempWindow(t, widget.NewLabel("")), Workspace: ws})
	shots := map[string]fyne.CanvasObject{}
	mgr := m.Content()
	w := test.NewTempWindow(t, mgr)
	w.Resize(fyne.NewSize(1100, 640))
	form := findForm(t, mgr)
	form.Items[0].Widget.(*widget.Entry).SetText("billing")
	form.Items[2].Widget.(*widget.Entry).SetText("billing-db.internal.example.jp")
	form.Items[3].Widget.(*widget.Entry).SetText("5432")
	form.Items[4].Widget.(*widget.Entry).SetText("billing")
	form.Items[5].Widget.(*widget.Entry).SetText("kpi_reader")
	form.Items[6].Widget.(*widget.Entry).SetText("password")
	shots["manager"] = mgr

	q := m.NewQueryEditor(c.Name)
	content := q.Content()
	spec := source.Spec{Conn: c.Name, Table: "cs_events", DateColumn: "at", Values: dbtest.Columns[1:]}
	p, err := ws.PreviewQuery(context.Background(), spec, workspace.QueryOptions{Name: "cs_events"})
	if err != nil {
		t.Fatal(err)
	}
	q.SetPreview(p)
	q.SetSpec(spec)
	shots["query"] = content

	dir := os.Getenv("KPITREE_SCREENSHOTS")
	for name, obj := range shots {
		w := test.NewTempWindow(t, obj)
		w.Resize(fyne.NewSize(1180, 680))
		img := w.Canvas().Capture()
		if img.Bounds().Dx() < 1000 {
			t.Errorf("%s: captured %v", name, img.Bounds())
		}
		if dir == "" {
			continue
		}
		f, err := os.Create(filepath.Join(dir, "sources-"+name+"-"+lang+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		_ = f.Close()
	}
}

func TestRefreshOnOpen_shouldFetchTheMarkedDatasetsInTheBackground(t *testing.T) {
	newApp(t)
	ws, c := fixture(t, "en")
	if err := ws.SaveConnection(c); err != nil {
		t.Fatal(err)
	}
	spec := source.Spec{Conn: c.Name, Table: "cs_events", DateColumn: "at", Values: dbtest.Columns}
	p, err := ws.PreviewQuery(context.Background(), spec, workspace.QueryOptions{Name: "events", RefreshOnOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	id, err := ws.CommitPreview(p.ImportPreview, nil)
	if err != nil {
		t.Fatal(err)
	}
	adm, _ := dbtest.Admin(c)
	if _, err := adm.Exec("UPDATE cs_events SET csm_count = 99"); err != nil {
		t.Fatal(err)
	}
	adm.Close()
	var jobs uikit.Jobs
	sources.RefreshOnOpen(test.NewTempWindow(t, widget.NewLabel("")), ws, &jobs)
	jobs.Wait()
	for _, d := range ws.Datasets() {
		if d.ID == id {
			for _, col := range d.Columns {
				if col.Name == "csm_count" && col.Values[0] == 99 {
					return
				}
			}
		}
	}
	t.Fatal("the dataset marked refresh-on-open was not refreshed")
}
