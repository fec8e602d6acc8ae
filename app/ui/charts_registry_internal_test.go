package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/goalseek"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/whatifpane"
)

// labelTexts collects the texts of every label under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		out = append(out, x.Text)
	case *container.Scroll:
		out = append(out, labelTexts(x.Content)...)
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}

func TestAnalysisPanes_WithoutWorkspaceFile(t *testing.T) {
	w := newTestWindow(t)
	for _, p := range AnalysisPanes() {
		t.Run("should say that no workspace is open in "+p.TitleKey, func(t *testing.T) {
			if got := strings.Join(labelTexts(p.Make(w, nil, nil)), " "); got == "" {
				t.Fatal("no placeholder without a workspace")
			}
		})
	}
}

func TestAnalysisPanes_EmptyWorkspace(t *testing.T) {
	w := newTestWindow(t)
	a := newEmptyAdapter(t, "en") // the template with no data bound
	t.Run("should build every pane and say what is missing without panicking", func(t *testing.T) {
		wi := whatifpane.New(w, a, nil)
		settle(wi)
		cp := chartspane.New(w, a, nil)
		settle(cp)
		iv := impactpane.New(w, a, nil)
		settle(iv)
		fp := forecastpane.New(w, a, nil)
		settle(fp)
		fp.Run()
		settle(fp)
		if !strings.Contains(fp.Status(), "No data is bound yet") {
			t.Fatalf("forecast status %q", fp.Status())
		}
		if _, err := goalseek.New(w, a); err != nil {
			t.Logf("goal seek: %v", err)
		}
		w.SetContent(DataPane(w, a, nil))
	})
}
