package inspector

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// notesInfo is the inspector's "Notes & initiatives" section for the
// selected node: its notes and initiatives, one line each with a delete
// button, and two small forms to add a note or an initiative (its
// expected effect picked from the workspace's scenarios). Reads and store
// writes run off the UI goroutine through the inspector's jobs; every
// change is an undoable workspace action, and the shell's reload after it
// refreshes the section and the canvas's marks.
type notesInfo struct {
	section

	// List holds one row per note and initiative; Empty replaces it when
	// the node has none.
	List  *fyne.Container
	Empty *widget.Label
	// Period, Text and Author fill a new note; AddNote adds it.
	Period, Text, Author *widget.Entry
	AddNote              *widget.Button
	// Name, Owner, Cost, Hours, Start, Status and Scenario fill a new
	// initiative; AddInitiative adds it.
	Name, Owner, Cost, Hours, Start *widget.Entry
	Status, Scenario                *widget.Select
	AddInitiative                   *widget.Button
	// Error says why the last add or delete failed; hidden when empty.
	Error *widget.Label
	box   *fyne.Container
}

// notesData is what a refresh loads for one node.
type notesData struct {
	notes     []workspace.Note
	ins       []workspace.Initiative
	scenarios []string
	last      string // the last period with data, the forms' default
	// effects are the initiatives' expected and measured effects, by name.
	effects map[string]*workspace.InitiativeEffect
}

func newNotesInfo(write writeFunc) *notesInfo {
	l := &notesInfo{section: newSection(write)}
	l.List = container.NewVBox()
	l.Empty = widget.NewLabel(lang.L("ui.notes.empty"))
	l.Empty.Wrapping = fyne.TextWrapWord
	l.Period, l.Author, l.Start = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	l.Text = widget.NewMultiLineEntry()
	l.Text.Wrapping = fyne.TextWrapWord
	l.Name, l.Owner, l.Cost, l.Hours = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	statuses := workspace.InitiativeStatuses()
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = uikit.Translator().InitiativeStatusText(s)
	}
	l.Status = widget.NewSelect(names, nil)
	l.Status.SetSelectedIndex(0)
	l.Scenario = widget.NewSelect(nil, nil)
	l.Error = widget.NewLabel("")
	l.Error.Wrapping = fyne.TextWrapWord
	l.Error.Importance = widget.DangerImportance
	l.Error.Hide()
	l.AddNote = widget.NewButtonWithIcon(lang.L("ui.notes.add_note"), theme.ContentAddIcon(), l.addNote)
	l.AddInitiative = widget.NewButtonWithIcon(lang.L("ui.notes.add_initiative"), theme.ContentAddIcon(), l.addInitiative)
	noteForm := widget.NewForm(
		widget.NewFormItem(lang.L("ui.notes.period"), l.Period),
		widget.NewFormItem(lang.L("ui.notes.text"), l.Text),
		widget.NewFormItem(lang.L("ui.notes.author"), l.Author),
	)
	noteForm.Orientation = widget.Vertical
	inForm := widget.NewForm(
		widget.NewFormItem(lang.L("ui.notes.name"), l.Name),
		widget.NewFormItem(lang.L("ui.notes.owner"), l.Owner),
		widget.NewFormItem(lang.L("ui.notes.cost"), l.Cost),
		widget.NewFormItem(lang.L("ui.notes.hours"), l.Hours),
		widget.NewFormItem(lang.L("ui.notes.status"), l.Status),
		widget.NewFormItem(lang.L("ui.notes.scenario"), l.Scenario),
		widget.NewFormItem(lang.L("ui.notes.start"), l.Start),
	)
	inForm.Orientation = widget.Vertical
	// The forms fold away: the list is what a reviewer reads first.
	forms := widget.NewAccordion(
		widget.NewAccordionItem(lang.L("ui.notes.add_note"), container.NewVBox(noteForm, l.AddNote)),
		widget.NewAccordionItem(lang.L("ui.notes.add_initiative"), container.NewVBox(inForm, l.AddInitiative)),
	)
	title := widget.NewLabelWithStyle(lang.L("ui.notes.section"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.box = container.NewVBox(widget.NewSeparator(), title, l.Empty, l.List, l.Error, forms)
	l.box.Hide()
	return l
}

// refresh shows node n's notes and initiatives, loaded off the UI goroutine.
func (l *notesInfo) refresh(n kpitree.Node) {
	l.gen++
	if l.src == nil || n.ID == "" || l.jobs.Closed() {
		if !l.box.Hidden {
			l.box.Hide()
			l.relayout()
		}
		return
	}
	ws := l.src
	if l.node != n.ID {
		l.node = n.ID
		l.Error.Hide()
	}
	l.box.Show()
	gen, id, j := l.gen, n.ID, l.jobs
	j.Start(func() {
		var d notesData
		d.notes, _ = ws.Notes(id)
		d.ins, _ = ws.Initiatives(id)
		d.scenarios, _ = ws.ScenarioNames()
		// One refit per start month (≈ 5 ms on the sample): here, off the
		// UI goroutine; a newer refresh does not cancel it, only drops it.
		d.effects, _ = ws.InitiativeEffects(j.Ctx(), d.ins)
		if cal := ws.Calendar(); cal.Periods > 0 {
			d.last = cal.Label(cal.Periods - 1)
		}
		j.OnUI(func() {
			if gen == l.gen {
				l.apply(d)
			}
		})
	})
}

// apply shows what refresh loaded.
func (l *notesInfo) apply(d notesData) {
	defer l.relayout()
	tr := uikit.Translator()
	l.List.Objects = nil
	for _, in := range d.ins {
		name := in.Name
		text := tr.L("ui.notes.initiative_line", map[string]any{"Name": in.Name, "Status": tr.InitiativeStatusText(in.Status), "Start": in.Start})
		if e := d.effects[in.Name]; e != nil {
			text += "\n" + tr.EffectSummary(e)
		}
		row := l.row(text, func(ws Workspace) error { return ws.DeleteInitiative(name) })
		l.List.Add(container.NewVBox(row, l.statusSelect(in)))
	}
	for _, n := range d.notes {
		id := n.ID
		key := "ui.notes.note_line"
		if n.Author != "" {
			key = "ui.notes.note_by"
		}
		text := tr.L(key, map[string]any{"Period": n.Period, "Text": n.Text, "Author": n.Author})
		l.List.Add(l.row(text, func(ws Workspace) error { return ws.DeleteNote(id) }))
	}
	l.List.Refresh()
	if len(d.notes)+len(d.ins) == 0 {
		l.Empty.Show()
	} else {
		l.Empty.Hide()
	}
	opts := append([]string{lang.L("ui.notes.no_scenario")}, d.scenarios...)
	sel := l.Scenario.Selected
	l.Scenario.SetOptions(opts)
	if !slices.Contains(opts, sel) {
		l.Scenario.SetSelectedIndex(0)
	}
	if l.Period.Text == "" {
		l.Period.SetText(d.last)
	}
	if l.Start.Text == "" {
		l.Start.SetText(d.last)
	}
}

// statusSelect moves an initiative along (planned → active → done, or
// dropped): the one field a team changes month by month.
func (l *notesInfo) statusSelect(in workspace.Initiative) *widget.Select {
	tr := uikit.Translator()
	statuses := workspace.InitiativeStatuses()
	names := make([]string, len(statuses))
	for i, st := range statuses {
		names[i] = tr.InitiativeStatusText(st)
	}
	sel := widget.NewSelect(names, nil)
	if i := slices.Index(statuses, in.Status); i >= 0 {
		sel.SetSelectedIndex(i) // before OnChanged: showing is not changing
	}
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i < 0 || statuses[i] == in.Status {
			return
		}
		next := in
		next.Status = statuses[i]
		l.store(func(ws Workspace) error { return ws.UpdateInitiative(next) }, nil)
	}
	return sel
}

// row is one listed item with its delete button.
func (l *notesInfo) row(text string, del func(Workspace) error) fyne.CanvasObject {
	lb := widget.NewLabel(text)
	lb.Wrapping = fyne.TextWrapWord
	b := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { l.store(del, nil) })
	b.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, b, lb)
}

// store runs a store write off the UI goroutine through the inspector's
// writer and shows its outcome; done runs on the UI goroutine after a
// success.
func (l *notesInfo) store(edit func(Workspace) error, done func()) {
	ws := l.src
	if ws == nil {
		return
	}
	l.write(func(context.Context) error { return edit(ws) }, func(err error) {
		if err != nil {
			l.Error.SetText(uikit.UserMessage(err))
			l.Error.Show()
			l.relayout()
			return
		}
		l.Error.Hide()
		if done != nil {
			done()
		}
		l.refresh(kpitree.Node{ID: l.node})
	})
}

func (l *notesInfo) addNote() {
	if l.src == nil {
		return
	}
	n := workspace.Note{Node: l.node, Period: l.Period.Text, Text: l.Text.Text, Author: l.Author.Text}
	l.store(func(ws Workspace) error { _, err := ws.AddNote(n); return err }, func() { l.Text.SetText("") })
}

// amount reads an optional cost or hours field with the one number
// parser (uikit.ParseField): "" is 0, and a negative amount is refused.
func amount(e *widget.Entry) (float64, bool) {
	v, _, err := uikit.ParseField(e.Text)
	return v, err == nil && v >= 0
}

func (l *notesInfo) addInitiative() {
	if l.src == nil {
		return
	}
	cost, ok1 := amount(l.Cost)
	hours, ok2 := amount(l.Hours)
	if !ok1 || !ok2 {
		l.Error.SetText(lang.L("ui.notes.bad_number"))
		l.Error.Show()
		l.relayout()
		return
	}
	in := workspace.Initiative{Name: l.Name.Text, Node: l.node, Owner: l.Owner.Text, Cost: cost, Hours: hours,
		Status: workspace.InitiativeStatuses()[max(l.Status.SelectedIndex(), 0)], Start: l.Start.Text}
	if i := l.Scenario.SelectedIndex(); i > 0 {
		in.Scenario = l.Scenario.Selected
	}
	l.store(func(ws Workspace) error { return ws.AddInitiative(in) }, func() {
		for _, e := range []*widget.Entry{l.Name, l.Owner, l.Cost, l.Hours} {
			e.SetText("")
		}
	})
}
