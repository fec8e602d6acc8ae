package gallery

import (
	"cmp"
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/unicode/norm"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// Template is one choice in the gallery.
type Template struct {
	// ID is what OnChoose receives.
	ID string
	// Name is the card's title; "" for the kpitree template's name in the
	// gallery's language, or ID.
	Name string
	// Tree is the id of the kpitree template whose tree the card previews
	// and whose description and stage it shows; "" means ID. A template
	// that only borrows another's tree (a sample workspace with data) gets
	// no stage badge.
	Tree string
	// Description replaces the kpitree template's description; or "".
	Description string
}

// Params configure a template gallery.
type Params struct {
	// Templates are the choices, in the order to show them; a template with
	// id kpitree.EmptyTemplateID is shown first as the "Empty tree" card.
	Templates []Template
	// Lang is the language of descriptions and previews, "en" or "ja"; or
	// "" for the language the UI shows.
	Lang string
	// OnChoose is called with the chosen template id when the user confirms
	// (Create button or double-click on a card); or nil.
	OnChoose func(id string)
	// Preview draws a template's tree for its card, at twice the size the
	// card shows it (crisp on HiDPI displays); or nil: every card shows a
	// file icon instead.
	Preview func(t kpitree.Tree) image.Image
}

// Gallery shows templates as cards in a grid, each with a preview of its
// tree, name, stage badge and description, with a search box that filters
// them. Build it with New; all methods run on the UI goroutine.
type Gallery struct {
	widget.BaseWidget

	onChoose func(id string)
	preview  func(t kpitree.Tree) image.Image // or nil
	cards    []*galleryCard
	selected string
	query    string

	search *widget.Entry
	create *widget.Button
	detail *widget.Label
	none   *widget.Label
	grid   *fyne.Container
}

// The grid cell of one card: wide enough for a readable preview, tall
// enough for four lines of description.
const galleryCardW, galleryCardH float32 = 250, 262

// New builds the gallery with the first listed template selected.
func New(p Params) *Gallery {
	l := p.Lang
	if l != "ja" && l != "en" {
		// gallery.lang is "en" in gallery.en.json and "ja" in
		// gallery.ja.json: it names the language the UI really shows,
		// whichever way (flag, setting, OS locale) it was chosen.
		l = "en"
		if lang.L("gallery.lang") == "ja" {
			l = "ja"
		}
	}
	g := &Gallery{onChoose: p.OnChoose, preview: p.Preview}
	g.ExtendBaseWidget(g)
	g.search = widget.NewEntry()
	g.search.SetPlaceHolder(lang.L("gallery.search"))
	g.search.OnChanged = g.SetQuery
	g.search.OnSubmitted = func(string) { g.Confirm() } // type, then Enter
	g.create = widget.NewButtonWithIcon(lang.L("gallery.create"), theme.DocumentCreateIcon(), g.Confirm)
	g.create.Importance = widget.HighImportance
	g.detail = widget.NewLabel("")
	// One line: a wrapped label's height follows its text and would push
	// the grid around as the selection changes.
	g.detail.Truncation = fyne.TextTruncateEllipsis
	g.none = widget.NewLabel(lang.L("gallery.no_match"))
	g.none.Hide()

	infos := orderTemplates(p.Templates)
	objs := make([]fyne.CanvasObject, 0, len(infos))
	for _, t := range infos {
		c := newGalleryCard(g, describeTemplate(t, l))
		g.cards = append(g.cards, c)
		objs = append(objs, c)
	}
	g.grid = container.NewGridWrap(fyne.NewSize(galleryCardW, galleryCardH), objs...)
	if len(g.cards) > 0 {
		// The opener lists its recommended start first; the empty card was
		// moved in front of it, so skip that when there is a choice.
		first := g.cards[0]
		if first.info.id == kpitree.EmptyTemplateID && len(g.cards) > 1 {
			first = g.cards[1]
		}
		g.Select(first.info.id)
	} else {
		g.create.Disable()
	}
	return g
}

// orderTemplates puts the empty tree first (it is the odd one out, and
// easy to find there) and keeps the opener's order for the rest.
func orderTemplates(in []Template) []Template {
	out := make([]Template, 0, len(in))
	for _, t := range in {
		if t.ID == kpitree.EmptyTemplateID {
			out = append(out, t)
		}
	}
	for _, t := range in {
		if t.ID != kpitree.EmptyTemplateID {
			out = append(out, t)
		}
	}
	return out
}

// CreateRenderer lays out search box, card grid and the footer with the
// selected template's full description and the Create button.
func (g *Gallery) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, g.search)
	scroll := container.NewVScroll(container.NewVBox(g.none, g.grid))
	footer := container.NewBorder(widget.NewSeparator(), nil, nil, g.create, g.detail)
	return widget.NewSimpleRenderer(container.NewBorder(top, footer, nil, nil, scroll))
}

// SearchEntry returns the search box (for focusing it and for tests).
func (g *Gallery) SearchEntry() *widget.Entry { return g.search }

// CreateButton returns the button that confirms the selection.
func (g *Gallery) CreateButton() *widget.Button { return g.create }

// SetQuery filters the cards: every space-separated word must occur in
// the template's name, description, stage or id, ignoring case and
// full-width/half-width differences (Japanese keyboards type both).
func (g *Gallery) SetQuery(q string) {
	g.query = q
	words := strings.Fields(foldText(q))
	shown := 0
	for _, c := range g.cards {
		match := true
		for _, w := range words {
			if !strings.Contains(c.info.haystack, w) {
				match = false
				break
			}
		}
		if match {
			c.Show()
			shown++
		} else {
			c.Hide()
		}
	}
	if shown == 0 {
		g.none.Show()
	} else {
		g.none.Hide()
	}
	// A hidden selection would create a template the user cannot see:
	// move it to the first match, or clear it.
	if c := g.card(g.selected); c == nil || !c.Visible() {
		next := ""
		for _, c := range g.cards {
			if c.Visible() {
				next = c.info.id
				break
			}
		}
		g.Select(next)
	}
	g.grid.Refresh()
}

// ShownIDs returns the ids of the cards the filter leaves, in display order.
func (g *Gallery) ShownIDs() []string {
	var out []string
	for _, c := range g.cards {
		if c.Visible() {
			out = append(out, c.info.id)
		}
	}
	return out
}

// Select selects the card of template id; "" or an unknown id clears the
// selection, which disables Create.
func (g *Gallery) Select(id string) {
	if g.card(id) == nil {
		id = ""
	}
	g.selected = id
	for _, c := range g.cards {
		c.setSelected(c.info.id == id)
	}
	if c := g.card(id); c != nil {
		g.detail.SetText(c.info.name + " — " + c.info.desc)
		g.create.Enable()
	} else {
		g.detail.SetText("")
		g.create.Disable()
	}
}

// Selected returns the selected template id, or "".
func (g *Gallery) Selected() string { return g.selected }

// GalleryCard is a card as callers (and tests) can tap it: a tap selects
// it, a double-tap creates from it.
type GalleryCard interface {
	fyne.Tappable
	fyne.DoubleTappable
}

// Card returns the card of template id, or nil.
func (g *Gallery) Card(id string) GalleryCard {
	if c := g.card(id); c != nil {
		return c
	}
	return nil
}

// CardText returns the name, stage badge text ("" for none) and
// description a card shows, and whether it has a tree preview.
func (g *Gallery) CardText(id string) (name, stage, desc string, preview bool) {
	c := g.card(id)
	if c == nil {
		return "", "", "", false
	}
	return c.info.name, c.info.stageText, c.info.desc, c.preview != nil
}

// Confirm chooses the selected template (the Create button).
func (g *Gallery) Confirm() {
	if g.selected != "" && g.onChoose != nil {
		g.onChoose(g.selected)
	}
}

func (g *Gallery) card(id string) *galleryCard {
	if id == "" {
		return nil
	}
	for _, c := range g.cards {
		if c.info.id == id {
			return c
		}
	}
	return nil
}

// Show opens the gallery in a dialog over win; choosing a template closes
// the dialog and then calls p.OnChoose.
func Show(win fyne.Window, p Params) *Gallery {
	var d *dialog.CustomDialog
	choose := p.OnChoose
	p.OnChoose = func(id string) {
		d.Hide()
		if choose != nil {
			choose(id)
		}
	}
	g := New(p)
	d = dialog.NewCustom(lang.L("gallery.title"), lang.L("dialog.cancel"), g, win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(max(size.Width*0.85, 560), 1100), min(max(size.Height*0.85, 480), 820)))
	d.Show()
	win.Canvas().Focus(g.search)
	return g
}

// foldText prepares text for matching: NFKC folds full-width letters and
// digits to ASCII, then case is ignored.
func foldText(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

// templateCard is what one card shows, resolved for one language.
type templateCard struct {
	id, name, desc   string
	stage, stageText string
	tree             *kpitree.Tree // for the preview; nil when unknown
	haystack         string        // folded text the filter searches
}

func describeTemplate(t Template, l string) templateCard {
	c := templateCard{id: t.ID, name: t.Name}
	kid := cmp.Or(t.Tree, t.ID)
	for _, k := range kpitree.Templates() {
		if k.ID != kid {
			continue
		}
		c.desc = k.Description[l]
		if kid == t.ID {
			c.stage = k.Stage
		}
		if c.name == "" {
			c.name = k.Name[l]
		}
	}
	if t.Description != "" {
		c.desc = t.Description
	}
	c.stageText = uikit.Translator().StageText(c.stage)
	if tr, err := kpitree.NewFromTemplate(kid, l); err == nil {
		c.tree = &tr
	}
	if c.name == "" {
		c.name = t.ID
	}
	c.haystack = foldText(strings.Join([]string{c.id, c.name, c.desc, c.stage, c.stageText}, " "))
	return c
}

// galleryCard is one template in the grid: tap selects, double-tap creates.
type galleryCard struct {
	widget.BaseWidget
	g       *Gallery
	info    templateCard
	bg      *canvas.Rectangle
	preview *canvas.Image // nil when the template has no tree to show
	sel     bool
}

func newGalleryCard(g *Gallery, info templateCard) *galleryCard {
	c := &galleryCard{g: g, info: info, bg: canvas.NewRectangle(color.Transparent)}
	c.bg.CornerRadius = 8
	c.bg.StrokeWidth = 1
	if info.tree != nil && g.preview != nil {
		if img := g.preview(*info.tree); img != nil {
			b := img.Bounds()
			c.preview = canvas.NewImageFromImage(img)
			c.preview.FillMode = canvas.ImageFillContain
			// Drawn at twice its size on screen (Params.Preview).
			c.preview.SetMinSize(fyne.NewSize(float32(b.Dx())/2, float32(b.Dy())/2))
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

func (c *galleryCard) CreateRenderer() fyne.WidgetRenderer {
	name := widget.NewLabelWithStyle(c.info.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	desc := widget.NewLabel(shorten(c.info.desc, 90))
	desc.Wrapping = fyne.TextWrapWord
	// Test the concrete pointer: a nil *canvas.Image in the interface
	// would not be nil and would be laid out as a picture.
	var pic fyne.CanvasObject = container.NewCenter(widget.NewIcon(theme.FileIcon()))
	if c.preview != nil {
		pic = c.preview
	}
	head := container.NewVBox(pic, name)
	if c.info.stageText != "" {
		head.Add(container.NewHBox(stageBadge(c.info.stage, c.info.stageText)))
	}
	body := container.NewBorder(head, nil, nil, nil, desc)
	c.refreshColours()
	return widget.NewSimpleRenderer(container.NewStack(c.bg, container.NewPadded(body)))
}

// Tapped selects the card.
func (c *galleryCard) Tapped(*fyne.PointEvent) { c.g.Select(c.info.id) }

// DoubleTapped selects the card and creates from it.
func (c *galleryCard) DoubleTapped(*fyne.PointEvent) {
	c.g.Select(c.info.id)
	c.g.Confirm()
}

func (c *galleryCard) setSelected(sel bool) {
	if c.sel == sel {
		return
	}
	c.sel = sel
	c.refreshColours()
	c.bg.Refresh()
}

func (c *galleryCard) refreshColours() {
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	if c.sel {
		c.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		c.bg.StrokeColor = th.Color(theme.ColorNamePrimary, v)
		c.bg.StrokeWidth = 2
	} else {
		c.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
		c.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
		c.bg.StrokeWidth = 1
	}
}

// stageBadge is a small coloured pill naming the product–market-fit stage.
func stageBadge(stage, text string) fyne.CanvasObject {
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := th.Color(theme.ColorNamePrimary, v)
	switch stage {
	case "early":
		col = th.Color(theme.ColorNameSuccess, v)
	case "scale":
		col = th.Color(theme.ColorNameWarning, v)
	}
	bg := canvas.NewRectangle(withAlpha(col, 0x40))
	bg.CornerRadius = 9
	t := canvas.NewText(text, th.Color(theme.ColorNameForeground, v))
	t.TextSize = 12
	t.TextStyle.Bold = true
	return container.NewStack(bg, container.New(&padLayout{h: 8, v: 2}, t))
}

// padLayout pads its objects by h horizontally and v vertically: the
// theme's padding is too loose for a badge.
type padLayout struct{ h, v float32 }

func (p *padLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(p.h, p.v))
		o.Resize(s.SubtractWidthHeight(2*p.h, 2*p.v))
	}
}

func (p *padLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*p.h, 2*p.v)
}

// shorten cuts s to at most n runes with an ellipsis; the footer shows the
// whole text of the selected card.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// withAlpha is c with alpha a (the badge's tint of its stage colour).
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
