package whatifpane

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The scenarios the sliders edit: listing and choosing them, and every
// change to the list (new, duplicate, rename, delete). Each change is one
// undoable action, written off the UI goroutine in the order the user
// made it (Pane.writes).

// refreshScenarios lists the scenarios and reloads the selected one.
func (p *Pane) refreshScenarios() {
	if p.engine == nil {
		return
	}
	names := []string{lang.L("whatif.base_option")}
	scs, err := p.ws.Scenarios()
	if err != nil {
		p.status.SetText(uikit.UserMessage(err))
		return
	}
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	p.scenarioSel.Options = names
	sel := p.cur.Name
	if sel == "" || !slices.Contains(names[1:], sel) {
		sel = names[0]
	}
	p.showSelected(sel)
	if sel == names[0] && p.unsaved() {
		// A refresh (undo, another scenario renamed, a new forecast) must
		// not throw the user's draft away: keep it on the new base.
		p.keepKnownDrivers()
		p.loadDraft()
		p.submit()
		p.showProbability()
		return
	}
	p.selectScenario(sel)
}

// selectScenario loads a scenario (or the base) into the sliders.
func (p *Pane) selectScenario(name string) {
	if p.loading || p.engine == nil {
		return
	}
	drivers := map[string]bool{}
	for _, n := range p.all {
		drivers[n.ID] = true
	}
	if isBase(name) {
		p.cur = p.emptyDraft("")
		p.loadDraft()
		p.submit()
		p.showProbability()
		return
	}
	sc, err := p.ws.Scenario(name)
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	p.cur = workspace.DraftFrom(sc, drivers, p.cur.From, p.cur.To)
	if len(p.cur.Changes) == 0 {
		// A scenario that moves no driver yet keeps the window and ramp
		// the user chose: they stick until a saved scenario says otherwise.
		p.cur = p.emptyDraft(sc.Name)
		p.cur.Keep = workspace.DraftFrom(sc, drivers, 0, -1).Keep
	}
	p.loadDraft()
	p.submit()
	p.showProbability()
}

// commit saves the edited scenario (one undoable action). On the base it
// saves nothing: the draft stays a preview, under the banner, until the
// user saves it as a scenario or discards it, so trying a slider never
// adds scenarios nobody asked for.
//
// The draft becomes a scenario in app/workspace (Draft.Scenario); the
// store write runs off the UI goroutine, so the slider stays responsive
// however slow the disk, and releases that come faster than the disk
// writes replace each other: the scenario is stored once, with the value
// the hand stopped at, and the history gains one undo step, not ten.
func (p *Pane) commit() {
	if p.engine == nil || p.cur.Name == "" {
		return
	}
	sc := p.cur.Scenario(p.engine.BaseValue)
	p.writes.Write("update scenario "+sc.Name, func(context.Context) error {
		return p.ws.UpdateScenario(sc)
	}, func(err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		p.showProbability()
	})
}

// freeName returns base followed by the first number not taken.
func (p *Pane) freeName(base string) string {
	taken := map[string]bool{}
	scs, _ := p.ws.Scenarios() // on a read error the name is checked again when saved
	for _, sc := range scs {
		taken[sc.Name] = true
	}
	for i := 1; ; i++ {
		n := fmt.Sprintf("%s %d", base, i)
		if !taken[n] {
			return n
		}
	}
}

// askName asks for a scenario name and calls then with it, or cancelled
// (if not nil) when the user cancels.
func (p *Pane) askName(title, initial string, then func(name string), cancelled func()) {
	e := widget.NewEntry()
	e.SetText(initial)
	dialog.ShowForm(title, lang.L("dialog.ok"), lang.L("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("whatif.name"), e)}, func(ok bool) {
			switch {
			case ok:
				then(strings.TrimSpace(e.Text))
			case cancelled != nil:
				cancelled()
			}
		}, p.win)
}

// newScenario adds a scenario; with an unsaved draft on the base, the new
// scenario keeps the draft's values rather than dropping them.
func (p *Pane) newScenario() {
	if p.unsaved() {
		p.saveDraft()
		return
	}
	p.askName(lang.L("whatif.new_title"), p.freeName(lang.L("whatif.auto_name")), func(name string) {
		p.createScenario(name)
	}, nil)
}

// createScenario adds an empty scenario and then selects it.
func (p *Pane) createScenario(name string) {
	p.write(func() error { return p.ws.AddScenario(kpitree.Scenario{Name: name, Overrides: []kpitree.Override{}}) }, func() {
		p.cur = p.emptyDraft(name)
		p.refreshScenarios()
	})
}

func (p *Pane) duplicate() {
	if p.cur.Name != "" {
		p.toNamed(lang.L("whatif.duplicate_title"), p.freeName(p.cur.Name), p.ws.DuplicateScenario)
	}
}

func (p *Pane) rename() {
	if p.cur.Name != "" {
		p.toNamed(lang.L("whatif.rename_title"), p.cur.Name, p.ws.RenameScenario)
	}
}

// toNamed asks for a name (suggesting suggested), stores op(current,
// name) and goes on with the scenario of that name: a copy or the renamed.
func (p *Pane) toNamed(title, suggested string, op func(from, name string) error) {
	from := p.cur.Name
	p.askName(title, suggested, func(name string) {
		p.write(func() error { return op(from, name) }, func() {
			p.cur.Name = name
			p.refreshScenarios()
		})
	}, nil)
}

func (p *Pane) deleteScenario() {
	if p.cur.Name == "" {
		return
	}
	name := p.cur.Name
	dialog.ShowConfirm(lang.L("whatif.delete_title"), lang.L("whatif.delete_message", map[string]any{"Name": name}),
		func(ok bool) {
			if !ok {
				return
			}
			p.write(func() error { return p.ws.DeleteScenario(name) }, func() {
				p.cur = p.emptyDraft("")
				p.refreshScenarios()
			})
		}, p.win)
}

// write stores a change off the UI goroutine, after the changes asked for
// before it, and then runs then on the UI goroutine; a failure is shown
// instead.
func (p *Pane) write(do func() error, then func()) {
	p.writes.Write("", func(context.Context) error { return do() }, func(err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		then()
	})
}
