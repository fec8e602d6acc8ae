package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/gallery"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// Gallery is the template gallery (app/ui/gallery).
type Gallery = gallery.Gallery

// GalleryParams configure the template gallery as the shell shows it.
type GalleryParams struct {
	// Templates are the choices, as Opener.Templates lists them.
	Templates []TemplateInfo
	// Lang is the language of descriptions and previews, "en" or "ja"; or
	// "" for the language the UI shows.
	Lang string
	// OnChoose is called with the chosen template id when the user
	// confirms; or nil.
	OnChoose func(id string)
}

// NewGallery builds the template gallery over the opener's templates, each
// card previewing its tree as the canvas lays it out.
func NewGallery(p GalleryParams) *Gallery { return gallery.New(galleryParams(p)) }

// ShowGallery opens the gallery in a dialog over win; choosing a template
// closes the dialog and then calls p.OnChoose.
func ShowGallery(win fyne.Window, p GalleryParams) *Gallery {
	return gallery.Show(win, galleryParams(p))
}

// galleryParams are the gallery's parameters for the opener's templates:
// what the opener's own ids show (the sample workspace is the add-on
// revenue tree with data) and the canvas's picture of each tree.
func galleryParams(p GalleryParams) gallery.Params {
	ts := make([]gallery.Template, len(p.Templates))
	for i, t := range p.Templates {
		ts[i] = gallery.Template{ID: t.ID, Name: t.Name, Tree: previewTemplateID(t.ID)}
		if t.ID == SampleTemplateID {
			ts[i].Description = lang.L("gallery.sample_desc")
		}
	}
	return gallery.Params{Templates: ts, Lang: p.Lang, OnChoose: p.OnChoose, Preview: templatePreview}
}

// previewTemplateID maps opener-only ids to the kpitree template their
// tree comes from: the sample workspace and the canonical template are
// the add-on revenue tree with data.
func previewTemplateID(id string) string {
	switch id {
	case SampleTemplateID, "canonical":
		return "addon_revenue"
	}
	return id
}

// previewW and previewH are a template preview's size in pixels: twice
// its size on a gallery card, so it stays crisp on HiDPI displays.
const previewW, previewH = 460, 220

// templatePreview draws t top-down as the canvas lays it out, in the
// theme's colours.
func templatePreview(t kpitree.Tree) image.Image {
	return treecanvas.Preview(report.BuildBoxes(report.BoxSeries{Tree: t}, uikit.Translator()), previewW, previewH)
}
