// Package inspector is the tree editor's side panel for the selected
// node: its fields (name, unit, kind, formula validated as typed, owner,
// targets, RAG thresholds, description), and read-only sections for its
// binding and forecast, its fiscal-year figures and worth, and its notes
// and initiatives.
//
// It reads and writes the open workspace through Workspace, the small
// interface it declares. Every store write (Apply, a model override, an
// aggregation, a note) runs off the UI goroutine through a uikit.Writer,
// and its outcome is shown on the UI goroutine; failures are shown inline
// in the UI language (uikit.UserMessage), never returned.
package inspector

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Workspace is what the inspector reads and writes besides the tree it is
// shown: the ui package's Adapter has it (by embedding the
// *workspace.Workspace) and so does uitest.Workspace.
type Workspace interface {
	// The form: Apply stores the edited node, PreviewEdit says first what
	// the edit would break.
	Apply(op kpitree.Op) error
	PreviewEdit(op kpitree.Op) ([]kpitree.Diagnostic, error)

	// The data and forecast section (leaf.go); Evaluate and Tree name the
	// periods of the forecast's data notes (report.BasisSource).
	report.BasisSource
	Settings() workspace.Settings
	Bindings() []workspace.Binding
	Datasets() []*workspace.Dataset
	Forecasts() map[string]*workspace.LeafForecast
	ForecastAccuracy(ctx context.Context, node string) (float64, error)
	CachedForecastAccuracy(node string) (float64, bool)
	SetLeafModel(node, model string) error

	// The fiscal-year section and its worth line (fiscal.go, worth.go).
	Calendar() kpitree.Calendar
	ForecastsCurrent() bool
	Aggregations() ([]workspace.NodeAggregation, error)
	FiscalYear(ctx context.Context, scenario string, fy int) ([]workspace.FiscalRow, error)
	SetAggregation(id string, kind kpitree.AggKind, note string) error
	SetFYRate(id string, rate kpitree.FYRate) error
	Worth(ctx context.Context) (*workspace.Worth, error)

	// The notes and initiatives section (notes.go).
	Notes(node string) ([]workspace.Note, error)
	Initiatives(node string) ([]workspace.Initiative, error)
	ScenarioNames() ([]string, error)
	InitiativeEffects(ctx context.Context, ins []workspace.Initiative) (map[string]*workspace.InitiativeEffect, error)
	AddNote(n workspace.Note) (workspace.Note, error)
	DeleteNote(id string) error
	AddInitiative(in workspace.Initiative) error
	UpdateInitiative(in workspace.Initiative) error
	DeleteInitiative(name string) error

	// SubscribeEvents reports bindings, settings and forecasts changing
	// without the tree changing; fn may be called from any goroutine.
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
}

// maxSuggestions caps the completion list under the formula entry.
const maxSuggestions = 6

// Inspector edits the selected node: name, unit, kind, formula (validated
// as you type, with a caret under the error and node-name completion),
// owner, controllable flag, target, RAG thresholds and description. Apply
// stores the edited node in the workspace set with SetSource as one
// undoable edit, after saying what it would break. Below the form,
// read-only sections show an input's binding and forecast (the model
// setting, a per-leaf override; the model used and why; its backtest
// accuracy), the fiscal-year figures, and the notes and initiatives.
type Inspector struct {
	Name, Unit, Formula, Owner, Target, Green, Red, Description *widget.Entry
	// YearTarget edits the annual target of the current fiscal year; Target
	// edits the one for the latest period with actual data. For "%" units
	// both are typed and shown as percentages (72), stored as fractions.
	YearTarget *widget.Entry
	// TargetPeriod and YearPeriod label which period each target is for
	// ("2026-03", "FY2026").
	TargetPeriod, YearPeriod *widget.Label
	// UnitShown is the unit as the UI language writes it ("円/月" for
	// JPY/month), beside the stored unit being typed; hidden when the same.
	UnitShown                    *widget.Label
	Kind                         *widget.Select
	Controllable, HigherIsBetter *widget.Check
	// FormulaError shows the first formula issue ("col N: …"); empty when valid.
	FormulaError *widget.Label
	// Findings lists the checker's findings about the node (unit
	// mismatches, division by zero, missing data …), in the UI language;
	// hidden when there are none.
	Findings *widget.Label
	// Suggestions holds one button per node matching what is being typed.
	Suggestions *fyne.Container
	// Apply stores the edits; it is disabled while a store write of the
	// form is pending.
	Apply *widget.Button
	// Revert reloads the node as stored, dropping unsaved edits.
	Revert *widget.Button
	// Status shows the result of the last Apply.
	Status *widget.Label

	// leaf shows the selected input's binding and forecast (leaf.go).
	leaf *leafInfo
	// fy shows the node's fiscal-year value and aggregation (fiscal.go).
	fy *fyInfo
	// notes lists and adds the node's notes and initiatives (notes.go).
	notes *notesInfo

	// src is the workspace read and written (SetSource); or nil, and Apply
	// then says no workspace is open.
	src Workspace
	// writes runs every store write off the UI goroutine, in order; own
	// runs them when New was given no writer.
	writes *uikit.Writer
	own    uikit.Jobs
	// saving counts the form's writes not yet done; Apply is disabled
	// while it is not 0.
	saving int
	// edits counts the user's changes, so a write's outcome can tell
	// whether the form changed while it was stored.
	edits int

	caret     *canvas.Text
	caretBox  *fyne.Container
	caretLine *fyne.Container
	form      *fyne.Container
	empty     *widget.Label
	root      *fyne.Container

	tree  kpitree.Tree
	node  kpitree.Node
	kinds []kpitree.Kind

	// shownTarget and shownYear are the target texts as loaded, so an
	// untouched field never rewrites its stored value; shownFormula is the
	// formula as shown, with names.
	shownTarget, shownYear, shownFormula string
	// dirty is set when the user changes a field after load; loading
	// suppresses it while load fills the fields.
	dirty, loading bool
	// findings are the checker's findings on the whole tree (SetFindings).
	findings []kpitree.Diagnostic
	// confirm is the edited node Apply warned about; pressing Apply again
	// with the same edits saves it. Any further edit clears it.
	confirm *kpitree.Node
}

// New builds the inspector; it shows a hint until SetNode. Its store
// writes go through writes, shared with the window's other tree edits so
// they keep their order; nil gives the inspector a writer of its own.
func New(writes *uikit.Writer) *Inspector {
	in := &Inspector{
		Name: widget.NewEntry(), Unit: widget.NewEntry(), Formula: widget.NewMultiLineEntry(),
		Owner: widget.NewEntry(), Target: widget.NewEntry(), Green: widget.NewEntry(), Red: widget.NewEntry(),
		YearTarget: widget.NewEntry(), TargetPeriod: widget.NewLabel(""), YearPeriod: widget.NewLabel(""),
		UnitShown:      widget.NewLabel(""),
		Description:    widget.NewMultiLineEntry(),
		Controllable:   widget.NewCheck(lang.L("inspector.controllable"), nil),
		HigherIsBetter: widget.NewCheck(lang.L("inspector.higher_is_better"), nil),
		FormulaError:   widget.NewLabel(""),
		Findings:       widget.NewLabel(""),
		Suggestions:    container.NewGridWrap(fyne.NewSize(150, 34)),
		Status:         widget.NewLabel(""),
		empty:          widget.NewLabel(lang.L("inspector.empty")),
		kinds:          []kpitree.Kind{kpitree.KindInput, kpitree.KindFormula, kpitree.KindConstant, kpitree.KindHealth},
		writes:         writes,
	}
	if in.writes == nil {
		in.writes = uikit.NewWriter(&in.own)
	}
	in.leaf, in.fy, in.notes = newLeafInfo(in.write), newFYInfo(in.write), newNotesInfo(in.write)
	labels := make([]string, len(in.kinds))
	for i, k := range in.kinds {
		labels[i] = kindLabel(k)
	}
	in.Kind = widget.NewSelect(labels, func(string) { in.markDirty(); in.syncKind() })
	in.Description.SetMinRowsVisible(3)
	// Formulas with names are long: they wrap instead of scrolling out of
	// the inspector's width.
	in.Formula.Wrapping = fyne.TextWrapWord
	in.Formula.SetMinRowsVisible(2)
	in.Description.Wrapping = fyne.TextWrapWord
	in.FormulaError.Wrapping = fyne.TextWrapWord
	in.FormulaError.Importance = widget.DangerImportance
	in.Findings.Wrapping = fyne.TextWrapWord
	in.Findings.Importance = widget.WarningImportance
	in.Findings.Hide()
	in.Status.Wrapping = fyne.TextWrapWord
	in.empty.Wrapping = fyne.TextWrapWord
	in.Formula.SetPlaceHolder(lang.L("inspector.formula_hint"))
	in.Target.SetPlaceHolder(lang.L("inspector.target_hint"))
	in.Green.SetPlaceHolder(lang.L("inspector.green_hint"))
	in.Red.SetPlaceHolder(lang.L("inspector.red_hint"))
	in.Formula.OnChanged = func(string) { in.markDirty(); in.validate() }
	for _, e := range []*widget.Entry{in.Name, in.Owner, in.Target, in.YearTarget, in.Green, in.Red, in.Description} {
		e.OnChanged = func(string) { in.markDirty() }
	}
	in.Unit.OnChanged = func(u string) { in.markDirty(); in.showUnit(u) }
	for _, c := range []*widget.Check{in.Controllable, in.HigherIsBetter} {
		c.OnChanged = func(bool) { in.markDirty() }
	}
	in.Formula.OnCursorChanged = in.suggest
	in.Apply = widget.NewButtonWithIcon(lang.L("inspector.apply"), theme.ConfirmIcon(), func() { in.apply() })
	in.Apply.Importance = widget.HighImportance
	in.Revert = widget.NewButtonWithIcon(lang.L("inspector.revert"), theme.ContentUndoIcon(), func() {
		in.load(in.node)
		in.Status.SetText("") // drop a "changed elsewhere" hint: the form now shows that change
	})

	in.caret = canvas.NewText("^", theme.Color(theme.ColorNameError))
	in.caret.TextStyle.Bold = true
	in.caret.Hide()
	in.caretBox = container.New(caretLayout{}, in.caret)

	in.caretLine = in.caretBox
	in.caretLine.Hide()
	in.FormulaError.Hide()
	in.Suggestions.Hide()
	formula := container.NewVBox(in.Formula, in.caretLine, in.FormulaError, in.Findings, in.Suggestions)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("inspector.name"), in.Name),
		widget.NewFormItem(lang.L("inspector.unit"), container.NewBorder(nil, nil, nil, in.UnitShown, in.Unit)),
		widget.NewFormItem(lang.L("inspector.kind"), in.Kind),
		widget.NewFormItem(lang.L("inspector.formula"), formula),
		widget.NewFormItem(lang.L("inspector.owner"), in.Owner),
		widget.NewFormItem("", in.Controllable),
		widget.NewFormItem(lang.L("inspector.target"), container.NewBorder(nil, nil, nil, in.TargetPeriod, in.Target)),
		widget.NewFormItem(lang.L("inspector.target_year"), container.NewBorder(nil, nil, nil, in.YearPeriod, in.YearTarget)),
		widget.NewFormItem(lang.L("inspector.green"), in.Green),
		widget.NewFormItem(lang.L("inspector.red"), in.Red),
		widget.NewFormItem("", in.HigherIsBetter),
		widget.NewFormItem(lang.L("inspector.description"), in.Description),
	)
	// Labels above their fields: beside them, the longest label and the
	// controllable check made the form 400 points wide, and the inspector
	// has about 270 at 1280×800, so fields and Apply were cut off.
	form.Orientation = widget.Vertical
	title := widget.NewLabelWithStyle(lang.L("inspector.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// Revert, Apply and the status line stay at the bottom, outside the
	// scroll, so a long form never hides them.
	actions := container.NewVBox(widget.NewSeparator(), container.NewHBox(layout.NewSpacer(), in.Revert, in.Apply), in.Status)
	in.form = container.NewBorder(nil, actions, nil, nil, container.NewVScroll(container.NewVBox(title, form, in.fy.box, in.leaf.box, in.notes.box)))
	in.form.Hide()
	in.root = container.NewStack(container.NewPadded(in.empty), in.form)
	in.leaf.relayout = in.root.Refresh
	in.fy.relayout = in.root.Refresh
	in.notes.relayout = in.root.Refresh
	return in
}

// caretLayout reserves one short line for the caret and leaves the caret
// where validate moved it (under the offending column).
type caretLayout struct{}

// Layout keeps the caret's own position.
func (caretLayout) Layout([]fyne.CanvasObject, fyne.Size) {}

// MinSize is one short line.
func (caretLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(10, 12) }

// Content returns the inspector's canvas object.
func (in *Inspector) Content() fyne.CanvasObject { return in.root }

// SetNode shows node id of tree t; an unknown id or "" shows the hint.
//
// Unsaved edits are never dropped silently. When the selection moves to
// another node, pending edits are applied if they are valid, the way
// inspector panels in desktop apps commit on leaving a field, because a
// modal Apply/Discard question on every click would get in the way of
// exploring the tree; the edit is undoable and the status line says so.
// Invalid edits cannot be applied: the status line names the node and the
// reason. When the node being edited changes underneath (undo, an import),
// the typed text is kept and a hint says so; Revert shows the new values.
func (in *Inspector) SetNode(t kpitree.Tree, id string) {
	// Whatever path returns below, the data-and-forecast section follows
	// the node shown (bindings and forecasts change without the node).
	defer func() { in.leaf.refresh(in.node); in.fy.refresh(in.node); in.notes.refresh(in.node) }()
	var pending string
	if in.dirty && in.node.ID != "" && id != in.node.ID {
		pending = in.commitPending() // validated against the tree it was typed for
	}
	in.tree = t
	i := slices.IndexFunc(t.Nodes, func(n kpitree.Node) bool { return n.ID == id })
	if i < 0 {
		in.node = kpitree.Node{}
		in.dirty = false
		in.form.Hide()
		in.empty.Show()
		return
	}
	if id == in.node.ID {
		if reflect.DeepEqual(t.Nodes[i], in.node) {
			// Same node, unchanged: a refresh caused by something else (a
			// forecast, a what-if preview) must not discard what is being typed.
			return
		}
		if in.dirty {
			// Keep the typed text; fields the form does not show (values,
			// bindings) come from the new version when the edit is applied.
			in.node = t.Nodes[i]
			in.Status.Importance = widget.WarningImportance
			in.Status.SetText(lang.L("inspector.changed_elsewhere"))
			return
		}
	}
	in.empty.Hide()
	in.form.Show()
	in.load(t.Nodes[i])
	in.Status.Importance = widget.MediumImportance
	in.Status.SetText(pending)
}

// markDirty records a user edit (load's own changes do not count).
func (in *Inspector) markDirty() {
	if !in.loading {
		in.dirty = true
		in.edits++
		in.confirm = nil
		in.Apply.SetText(lang.L("inspector.apply"))
	}
}

// Dirty reports whether the form holds edits not yet applied.
func (in *Inspector) Dirty() bool { return in.dirty }

// commitPending stores the form's edits to the node being left and
// returns the status line for the node shown next: an edit that cannot be
// stored says why at once; otherwise the line is empty until the write is
// done, and then says how it went.
func (in *Inspector) commitPending() string {
	name := in.node.Name
	in.dirty = false
	n, err := in.Edited()
	if err != nil { // already a translated sentence naming the field
		return lang.L("inspector.pending_failed", map[string]any{"Name": name, "Err": err.Error()})
	}
	if in.src == nil {
		return lang.L("inspector.pending_failed", map[string]any{"Name": name, "Err": uikit.UserMessage(uikit.ErrNoWorkspace)})
	}
	in.save(n, false, func(err error) {
		if err != nil {
			in.setStatus(widget.DangerImportance, lang.L("inspector.pending_failed", map[string]any{"Name": name, "Err": uikit.UserMessage(err)}))
			return
		}
		in.setStatus(widget.MediumImportance, lang.L("inspector.pending_applied", map[string]any{"Name": n.Name}))
	})
	return ""
}

// Leave stores the form's edits, as moving to another node does, when the
// workspace is about to be replaced or the app quits; an edit that cannot
// be stored says why in the status line.
func (in *Inspector) Leave() {
	if !in.dirty || in.node.ID == "" {
		return
	}
	if msg := in.commitPending(); msg != "" {
		in.setStatus(widget.DangerImportance, msg)
	}
}

// Unstorable names the node and says why the form's typed edit cannot be
// stored (a translated sentence naming the field); err is nil when there
// is no typed edit or it can be stored. The shell asks before a file
// switch or Quit would drop such an edit.
func (in *Inspector) Unstorable() (name string, err error) {
	if !in.dirty || in.node.ID == "" {
		return "", nil
	}
	_, err = in.Edited()
	return in.node.Name, err
}

// Discard drops the form's typed edit and shows the node as stored.
func (in *Inspector) Discard() {
	if in.dirty {
		in.load(in.node)
	}
}

// NodeID returns the id of the node being edited, or "".
func (in *Inspector) NodeID() string { return in.node.ID }

// FocusName puts the keyboard focus on the name entry (Enter on the canvas).
func (in *Inspector) FocusName(c fyne.Canvas) {
	if c != nil && in.node.ID != "" {
		c.Focus(in.Name)
	}
}

func (in *Inspector) load(n kpitree.Node) {
	in.loading = true
	defer func() { in.loading, in.dirty = false, false }()
	in.node = n
	in.Name.SetText(n.Name)
	in.Unit.SetText(n.Unit)
	in.showUnit(n.Unit)
	in.Kind.SetSelectedIndex(max(0, slices.Index(in.kinds, n.Kind)))
	// People read and type names; the formula is stored with ids.
	in.shownFormula = kpitree.FormulaForDisplay(in.tree, n.Formula)
	in.Formula.SetText(in.shownFormula)
	in.Owner.SetText(n.Owner)
	in.Controllable.SetChecked(n.Controllable)
	in.Description.SetText(n.Description)
	in.loadTargets(n)
	in.Green.SetText("")
	in.Red.SetText("")
	in.HigherIsBetter.SetChecked(true)
	if n.RAG != nil {
		in.Green.SetText(strconv.FormatFloat(n.RAG.Green*100, 'f', -1, 64))
		in.Red.SetText(strconv.FormatFloat(n.RAG.Red*100, 'f', -1, 64))
		in.HigherIsBetter.SetChecked(n.RAG.HigherIsBetter)
	}
	in.syncKind()
	in.clearSuggestions()
	in.confirm = nil
	in.Apply.SetText(lang.L("inspector.apply"))
	in.showFindings()
}

func (in *Inspector) kind() kpitree.Kind {
	if i := in.Kind.SelectedIndex(); i >= 0 {
		return in.kinds[i]
	}
	return kpitree.KindInput
}

func (in *Inspector) syncKind() {
	if in.kind() == kpitree.KindFormula {
		in.Formula.Enable()
	} else {
		in.Formula.Disable()
	}
	in.validate()
}

// validate checks the formula as typed and places the caret under the
// first problem.
func (in *Inspector) validate() {
	var issues []FormulaIssue
	src := in.Formula.Text
	in.setFormulaFont(src)
	if in.kind() == kpitree.KindFormula {
		issues = ValidateFormula(in.tree, in.node.ID, src)
	}
	if len(issues) == 0 {
		// Hidden rather than blank, so a valid formula leaves no gap.
		in.FormulaError.SetText("")
		in.FormulaError.Hide()
		in.caretLine.Hide()
		return
	}
	in.FormulaError.Show()
	in.caretLine.Show()
	first := issues[0]
	in.FormulaError.SetText(lang.L("inspector.formula_error", map[string]any{"Col": first.Col + 1, "Msg": first.Msg}))
	// Measure the text before the error with the entry's own font so the
	// caret lines up with the column, Japanese names included.
	prefix := string([]rune(src)[:first.Col])
	w := fyne.MeasureText(prefix, theme.TextSize(), in.Formula.TextStyle).Width
	in.caret.Move(fyne.NewPos(theme.InnerPadding()+w-2, -6))
	in.caret.Show()
	if full := fyne.MeasureText(src, theme.TextSize(), in.Formula.TextStyle).Width; full > in.Formula.Size().Width-2*theme.InnerPadding() {
		// The formula wraps: a caret under the first line would point at
		// the wrong place; the message gives the column.
		in.caret.Hide()
	}
	in.caret.Refresh()
}

// setFormulaFont shows ASCII-only formulas in Fyne's monospace font and
// others in the Japanese-capable text font. IPAexGothic's underscore is a
// hairline that vanishes at body text size, and ids are full of underscores;
// the monospace font has no Japanese glyphs, so quoted Japanese names need
// the text font.
func (in *Inspector) setFormulaFont(src string) {
	mono := true
	for i := 0; i < len(src); i++ {
		if src[i] >= 0x80 {
			mono = false
			break
		}
	}
	if in.Formula.TextStyle.Monospace != mono {
		in.Formula.TextStyle.Monospace = mono
		in.Formula.Refresh()
	}
}

// suggest lists nodes matching the partial reference before the cursor.
func (in *Inspector) suggest() {
	in.clearSuggestions()
	if in.kind() != kpitree.KindFormula || in.Formula.Disabled() {
		return
	}
	col := in.Formula.CursorColumn
	tok, _ := tokenBefore(in.Formula.Text, col)
	for _, s := range Suggest(in.tree, in.node.ID, tok, maxSuggestions) {
		if s.ID == tok {
			continue
		}
		label := s.Name
		if label == "" {
			label = s.ID
		}
		id := s.ID
		in.Suggestions.Add(widget.NewButton(label, func() { in.complete(id) }))
	}
	if len(in.Suggestions.Objects) > 0 {
		in.Suggestions.Show()
	}
	in.Suggestions.Refresh()
}

func (in *Inspector) clearSuggestions() {
	in.Suggestions.RemoveAll()
	in.Suggestions.Hide()
}

// complete replaces the partial reference before the cursor with id.
func (in *Inspector) complete(id string) {
	text, col := completeToken(in.Formula.Text, in.Formula.CursorColumn, kpitree.RefText(in.tree, id))
	in.Formula.SetText(text)
	in.Formula.CursorColumn = col
	in.Formula.Refresh()
	in.clearSuggestions()
}

// Edited returns the node as edited in the form, or an error naming the
// field to fix.
func (in *Inspector) Edited() (kpitree.Node, error) {
	n := in.node
	n.Name = strings.TrimSpace(in.Name.Text)
	if n.Name == "" {
		return n, fmt.Errorf("%s", lang.L("inspector.err_name"))
	}
	n.Unit = strings.TrimSpace(in.Unit.Text)
	n.Kind = in.kind()
	n.Formula = ""
	if n.Kind == kpitree.KindFormula {
		text := strings.TrimSpace(in.Formula.Text)
		if issues := ValidateFormula(in.tree, n.ID, text); len(issues) > 0 {
			return n, fmt.Errorf("%s", lang.L("inspector.formula_error", map[string]any{"Col": issues[0].Col + 1, "Msg": issues[0].Msg}))
		}
		switch {
		case in.node.Kind == kpitree.KindFormula && text == strings.TrimSpace(in.shownFormula):
			n.Formula = in.node.Formula // untouched: stored exactly as it was
		default:
			f, err := kpitree.FormulaFromDisplay(in.tree, text)
			if err != nil {
				return n, fmt.Errorf("%s", lang.L("inspector.formula_error", map[string]any{"Col": 1, "Msg": uikit.FormulaErrorText(err)}))
			}
			n.Formula = f
		}
	}
	n.Owner = strings.TrimSpace(in.Owner.Text)
	n.Controllable = in.Controllable.Checked
	n.Description = strings.TrimSpace(in.Description.Text)
	targets, err := in.editedTargets(n)
	if err != nil {
		return n, err
	}
	n.Targets = targets
	green, hasGreen, err1 := uikit.ParseField(in.Green.Text)
	red, hasRed, err2 := uikit.ParseField(in.Red.Text)
	if err1 != nil || err2 != nil {
		return n, fmt.Errorf("%s", lang.L("inspector.err_number", map[string]any{"Field": lang.L("inspector.green")}))
	}
	n.RAG = nil
	if hasGreen || hasRed {
		if !hasGreen || !hasRed {
			return n, fmt.Errorf("%s", lang.L("inspector.err_rag_pair"))
		}
		higher := in.HigherIsBetter.Checked
		if (higher && red > green) || (!higher && red < green) {
			return n, fmt.Errorf("%s", lang.L("inspector.err_rag_order"))
		}
		n.RAG = &kpitree.RAG{Green: green / 100, Red: red / 100, HigherIsBetter: higher}
	}
	return n, nil
}

func (in *Inspector) apply() {
	n, err := in.Edited()
	if err != nil {
		in.setStatus(widget.DangerImportance, err.Error())
		return
	}
	if in.src == nil {
		in.setStatus(widget.DangerImportance, lang.L("inspector.apply_failed", map[string]any{"Err": uikit.UserMessage(uikit.ErrNoWorkspace)}))
		return
	}
	// A second press with the same edits saves what the first warned about.
	check := in.confirm == nil || !reflect.DeepEqual(*in.confirm, n)
	in.confirm = nil
	in.Apply.SetText(lang.L("inspector.apply"))
	edits := in.edits
	in.save(n, check, func(err error) {
		// Edits typed while the write ran are not what it stored: they
		// stay unsaved, and a warning about the older edits is dropped.
		same := in.node.ID == n.ID && in.edits == edits
		var br *breaksError
		switch {
		case errors.As(err, &br):
			if !same {
				return
			}
			in.confirm = &n
			in.Apply.SetText(lang.L("inspector.apply_anyway"))
			in.setStatus(widget.WarningImportance, lang.L("inspector.apply_warns", map[string]any{"Count": len(br.lines), "List": strings.Join(br.lines, "\n")}))
		case err != nil:
			in.setStatus(widget.DangerImportance, lang.L("inspector.apply_failed", map[string]any{"Err": uikit.UserMessage(err)}))
		default:
			if same {
				in.node = n
				in.dirty = false
				in.shownTarget, in.shownYear = in.Target.Text, in.YearTarget.Text
			}
			in.setStatus(widget.SuccessImportance, lang.L("inspector.applied"))
		}
	})
}

// save stores n (one undoable edit) off the UI goroutine through the
// writer, and then calls done with the outcome on the UI goroutine. With
// check, it first asks the workspace what n would break and stores
// nothing when that is an error or a warning (a *breaksError listing
// them). Apply is disabled until done, so a second press cannot store the
// same edit twice.
func (in *Inspector) save(n kpitree.Node, check bool, done func(error)) {
	src := in.src
	in.saving++
	in.Apply.Disable()
	in.write(func(context.Context) error {
		op := kpitree.UpdateNode{Node: n}
		if check {
			// An error here is reported by Apply itself.
			if added, err := src.PreviewEdit(op); err == nil {
				if lines := warningLines(added); len(lines) > 0 {
					return &breaksError{lines: lines}
				}
			}
		}
		return src.Apply(op)
	}, func(err error) {
		if in.saving--; in.saving == 0 {
			in.Apply.Enable()
		}
		done(err)
	})
}

// write runs a store write through the writer: do off the UI goroutine,
// then done (if not nil) with its error on it. Every write of the
// inspector and its sections goes through here.
func (in *Inspector) write(do func(context.Context) error, done func(error)) {
	in.writes.Write("", do, done)
}

// breaksError is Apply's answer when the edit would add findings: it
// stored nothing, and lists them, one line each.
type breaksError struct{ lines []string }

func (e *breaksError) Error() string { return "edit adds findings: " + strings.Join(e.lines, "; ") }

// setStatus shows text in the status line below Apply.
func (in *Inspector) setStatus(imp widget.Importance, text string) {
	in.Status.Importance = imp
	in.Status.SetText(text)
}

// Wait blocks until the inspector's background work, reads and store
// writes alike, has finished and been applied. Tests use it.
func (in *Inspector) Wait() {
	for range 2 {
		in.writes.Wait()
		in.own.Wait()
		in.leaf.jobs.Wait()
		in.fy.jobs.Wait()
		in.notes.jobs.Wait()
	}
}

// kindLabel is the translated name of a node kind: its translation key
// is named after it (kind.input, kind.formula, …).
func kindLabel(k kpitree.Kind) string {
	return lang.LocalizeKey("kind."+string(k), lang.L("kind.input"))
}

// SetFindings gives the inspector the checker's findings on the tree; the
// selected node's are listed under its formula.
func (in *Inspector) SetFindings(diags []kpitree.Diagnostic) {
	in.findings = diags
	in.showFindings()
}

// showFindings lists the findings about the node shown, most severe
// first, each in the UI language with its column when it points into the
// formula.
func (in *Inspector) showFindings() {
	var lines []string
	worst := kpitree.SevInfo
	for _, d := range report.NodeFindings(in.findings, in.node.ID) {
		lines = append(lines, findingLine(d))
		if report.SeverityRank(d.Severity) < report.SeverityRank(worst) {
			worst = d.Severity
		}
	}
	if len(lines) == 0 {
		in.Findings.SetText("")
		in.Findings.Hide()
		return
	}
	in.Findings.Importance = widget.WarningImportance
	if worst == kpitree.SevError {
		in.Findings.Importance = widget.DangerImportance
	}
	in.Findings.SetText(strings.Join(lines, "\n"))
	in.Findings.Show()
}

// findingLine is one finding as the inspector lists it: "⚠ …".
func findingLine(d kpitree.Diagnostic) string {
	mark := "ⓘ"
	switch d.Severity {
	case kpitree.SevError:
		mark = "✖"
	case kpitree.SevWarning:
		mark = "⚠"
	}
	// No column: it counts in the stored formula (ids), not in the one
	// shown (names); the message names the references itself.
	return mark + " " + uikit.DiagnosticText(d)
}

// warningLines are the errors and warnings among the findings an edit
// would add, as the status line lists them.
func warningLines(added []kpitree.Diagnostic) []string {
	var lines []string
	for _, d := range added {
		if d.Severity != kpitree.SevInfo {
			lines = append(lines, findingLine(d))
		}
	}
	return lines
}

// showUnit shows unit u in the UI language beside the field, when that
// differs from what is typed (units are stored in one notation, JPY/month,
// and read in the user's language, 円/月).
func (in *Inspector) showUnit(u string) {
	shown := uikit.UnitText(strings.TrimSpace(u))
	if shown == strings.TrimSpace(u) {
		in.UnitShown.SetText("")
		in.UnitShown.Hide()
		return
	}
	in.UnitShown.SetText(shown)
	in.UnitShown.Show()
}
