package workspace_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func exportJSON(t testing.TB, w *workspace.Workspace) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.ExportJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestInterchangeRoundTrip(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	if err := w.AddNode(kpitree.Node{ID: "nps", Name: "NPS", Kind: kpitree.KindInput, Values: []float64{10, nan(), 12}}); err != nil {
		t.Fatal(err)
	}
	data := exportJSON(t, w)
	if !bytes.HasPrefix(data, []byte("{\n  \"format\": \"kpitree/workspace\",\n  \"version\": 1,")) {
		t.Errorf("export does not start with the format header:\n%.200s", data)
	}
	path := filepath.Join(t.TempDir(), "copy.kpitree")
	w2, err := workspace.CreateFromJSON(path, data, workspace.CreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if got, want := dump(t, w2), dump(t, w); got != want {
		t.Errorf("imported workspace differs:\n%s\nwant:\n%s", got, want)
	}
	if again := exportJSON(t, w2); !bytes.Equal(again, data) {
		t.Error("exporting the imported workspace gives different bytes")
	}
	e1, _ := w.Evaluate("upside")
	e2, _ := w2.Evaluate("upside")
	for _, id := range e1.IDs() {
		a, b := e1.Values(id), e2.Values(id)
		for i := range a {
			if a[i] != b[i] && !(a[i] != a[i] && b[i] != b[i]) {
				t.Fatalf("%s period %d: %v after import, %v before", id, i, b[i], a[i])
			}
		}
	}
}

func TestInterchangeRejects(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	good := string(exportJSON(t, w))
	cases := []struct {
		name string
		edit func(string) string
		want error
	}{
		{"another format", func(s string) string { return strings.Replace(s, "kpitree/workspace", "kpitree/tree", 1) }, workspace.ErrBadInterchange},
		{"a newer version", func(s string) string { return strings.Replace(s, `"version": 1,`, `"version": 9,`, 1) }, workspace.ErrNewerFormat},
		{"a binding to a missing node", func(s string) string {
			return strings.Replace(s, `"node": "csm_count",`, `"node": "ghost",`, 1)
		}, kpitree.ErrUnknownNode},
		{"a binding to a missing column", func(s string) string {
			return strings.Replace(s, `"column": "csm_count"`, `"column": "nope"`, 1)
		}, workspace.ErrUnknownColumn},
		{"a short dataset column", func(s string) string { return strings.Replace(s, `"periods": 36`, `"periods": 37`, 1) }, workspace.ErrBadDataset},
		{"a tree with a cycle", func(s string) string {
			return strings.Replace(s, `"formula": "csm_count * onboarded_per_csm"`, `"formula": "revenue * 2"`, 1)
		}, workspace.ErrBadInterchange},
		{"a scenario on a missing node", func(s string) string {
			return strings.Replace(s, `"node": "active_rate",
          "op"`, `"node": "ghost",
          "op"`, 1)
		}, kpitree.ErrUnknownNode},
		{"bad settings", func(s string) string { return strings.Replace(s, `"paths": 1000`, `"paths": 0`, 1) }, workspace.ErrBadSettings},
		{"an unknown field", func(s string) string { return strings.Replace(s, `"format"`, `"colour": 1, "format"`, 1) }, workspace.ErrBadInterchange},
		{"trailing data", func(s string) string { return s + "{}" }, workspace.ErrBadInterchange},
		{"not JSON", func(string) string { return "month,revenue\n2024-04,1\n" }, workspace.ErrBadInterchange},
	}
	for _, c := range cases {
		t.Run("should reject "+c.name+" and write nothing", func(t *testing.T) {
			data := c.edit(good)
			if data == good {
				t.Fatal("the edit did not apply; fix the test")
			}
			path := filepath.Join(t.TempDir(), "x.kpitree")
			_, err := workspace.CreateFromJSON(path, []byte(data), workspace.CreateParams{})
			if !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
			if _, serr := os.Stat(path); serr == nil {
				t.Error("a workspace file was created for rejected JSON")
			}
		})
	}
}

func FuzzDecodeInterchange(f *testing.F) {
	w, _ := newSampleWorkspace(f)
	_ = w.AddScenario(upside())
	f.Add(exportJSON(f, w))
	if err := w.BindActual("revenue", w.Datasets()[0].ID, "revenue_jpy"); err != nil {
		f.Fatal(err)
	}
	f.Add(exportJSON(f, w))
	for _, s := range []string{
		`{"format":"kpitree/workspace","version":1,"tree":{"format":"kpitree/tree","version":1,"name":"x","root":"t","calendar":{"freq":"month"},"nodes":[{"id":"t","name":"t","kind":"formula","formula":"a"},{"id":"a","name":"a","kind":"input"}]},"settings":{"lang":"en","fiscal_year_start":1,"paths":1,"seed":0},"datasets":[{"id":"d","name":"d","calendar":{"freq":"month","start":"2024-01-01T00:00:00Z","periods":1},"columns":[{"name":"c","values":[1]}]}],"bindings":[],"actuals":[{"node":"t","dataset":"d","column":"c"}]}`,
		`{"format":"kpitree/workspace","version":1}`,
		`{"format":"kpitree/workspace","version":1,"tree":{"format":"kpitree/tree","version":1,"name":"x","root":"a","calendar":{"freq":"month"},"nodes":[{"id":"a","name":"a","kind":"input"}]},"settings":{"lang":"en","fiscal_year_start":1,"paths":1,"seed":0},"datasets":[{"id":"d","name":"d","calendar":{"freq":"month","start":"2024-01-01T00:00:00Z","periods":1},"columns":[{"name":"c","values":[null]}]}],"bindings":[{"node":"a","dataset":"d","column":"c"}]}`,
		`{"format":"kpitree/workspace","version":2}`,
		`[]`, `null`, `{"format":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := workspace.DecodeInterchange(data)
		if err != nil {
			if !errors.Is(err, workspace.ErrBadInterchange) && !errors.Is(err, workspace.ErrNewerFormat) {
				t.Fatalf("error %v wraps neither ErrBadInterchange nor ErrNewerFormat", err)
			}
			return
		}
		if x.Format != workspace.InterchangeFormat {
			t.Fatalf("accepted format %q", x.Format)
		}
	})
}
