package gallery_test

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/gallery"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// newGallery is p's gallery in a headless window.
func newGallery(t *testing.T, p gallery.Params) *gallery.Gallery {
	t.Helper()
	uitest.NewApp(t)
	g := gallery.New(p)
	w := test.NewTempWindow(t, g)
	w.Resize(fyne.NewSize(1000, 700))
	return g
}

// stagePack is a kpitree template with a stage, for the badge cases.
func stagePack(t *testing.T) kpitree.TemplateInfo {
	t.Helper()
	for _, k := range kpitree.Templates() {
		if k.Stage != "" {
			return k
		}
	}
	t.Fatal("kpitree has no stage pack")
	return kpitree.TemplateInfo{}
}

func TestGallery_Template(t *testing.T) {
	pack := stagePack(t)
	drawn := 0
	preview := func(kpitree.Tree) image.Image {
		drawn++
		return image.NewNRGBA(image.Rect(0, 0, 460, 220))
	}
	tests := []struct {
		name                   string
		tmpl                   gallery.Template
		preview                func(kpitree.Tree) image.Image
		wantName, wantDesc     string
		wantStage, wantPicture bool
	}{
		{"should show a kpitree template by its own name, description, stage and picture",
			gallery.Template{ID: pack.ID}, preview, pack.Name["en"], pack.Description["en"], true, true},
		{"should show a template that borrows another's tree without that template's stage",
			gallery.Template{ID: "with-data", Name: "Sample with data", Tree: pack.ID}, preview, "Sample with data", pack.Description["en"], false, true},
		{"should show the description the caller gives instead of the template's",
			gallery.Template{ID: pack.ID, Description: "Our own words"}, preview, pack.Name["en"], "Our own words", true, true},
		{"should show an unknown template by its id, with no picture",
			gallery.Template{ID: "custom"}, preview, "custom", "", false, false},
		{"should show an icon instead of a picture without a Preview",
			gallery.Template{ID: pack.ID}, nil, pack.Name["en"], pack.Description["en"], true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGallery(t, gallery.Params{Templates: []gallery.Template{tt.tmpl}, Lang: "en", Preview: tt.preview})
			name, stage, desc, picture := g.CardText(tt.tmpl.ID)
			if name != tt.wantName || desc != tt.wantDesc || (stage != "") != tt.wantStage || picture != tt.wantPicture {
				t.Fatalf("card = %q, stage %q, %q, picture %v; want %q, stage %v, %q, picture %v",
					name, stage, desc, picture, tt.wantName, tt.wantStage, tt.wantDesc, tt.wantPicture)
			}
		})
	}
	if drawn == 0 {
		t.Fatal("Preview was never asked for a picture")
	}
}

func TestGallery_Choose(t *testing.T) {
	t.Run("should put the empty tree first and select the first other template", func(t *testing.T) {
		pack := stagePack(t)
		var chosen string
		g := newGallery(t, gallery.Params{Lang: "en", OnChoose: func(id string) { chosen = id },
			Templates: []gallery.Template{{ID: pack.ID}, {ID: kpitree.EmptyTemplateID}}})
		if ids := g.ShownIDs(); len(ids) != 2 || ids[0] != kpitree.EmptyTemplateID {
			t.Fatalf("shown %v, want the empty tree first", ids)
		}
		if g.Selected() != pack.ID {
			t.Fatalf("selected %q, want %q", g.Selected(), pack.ID)
		}
		test.Tap(g.CreateButton())
		if chosen != pack.ID {
			t.Fatalf("chose %q, want %q", chosen, pack.ID)
		}
	})
	t.Run("should offer nothing to create without templates", func(t *testing.T) {
		g := newGallery(t, gallery.Params{Lang: "en"})
		if !g.CreateButton().Disabled() || g.Selected() != "" {
			t.Fatalf("Create enabled %v, selected %q", !g.CreateButton().Disabled(), g.Selected())
		}
	})
}
