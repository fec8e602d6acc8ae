package problemspane

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// Row is one checker finding as the Problems list shows it
// (report.Translator.Findings, as `kpitreectl check` prints them).
type Row = report.Finding

// View is the Problems tab: every finding of the checker (unit
// mismatches, unknown references, division by zero, unused nodes, missing
// data, reconciliation gaps), errors first; choosing one selects its node.
// The findings come from Workspace.Check, the function behind
// `kpitreectl check`, run off the UI goroutine after every change.
type View struct {
	// OnSelect is called with the node of the finding chosen.
	OnSelect func(id string)

	items []Row
	list  *widget.List
	empty *widget.Label
	tab   *container.TabItem
}

// New builds the tab; it lists nothing until Set.
func New() *View {
	p := &View{empty: widget.NewLabel(lang.L("problems.none"))}
	p.empty.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.items) },
		func() fyne.CanvasObject {
			lb := widget.NewLabel("")
			lb.Wrapping = fyne.TextWrapWord
			return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, lb)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			it := p.items[i]
			row.Objects[0].(*widget.Label).SetText(it.Text)
			row.Objects[1].(*widget.Icon).SetResource(severityIcon(it.Severity))
			// Wrapped rows differ in height: tell the list this one's.
			p.list.SetItemHeight(i, row.MinSize().Height)
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(p.items) && p.items[i].Node != "" && p.OnSelect != nil {
			p.OnSelect(p.items[i].Node)
		}
	}
	p.tab = container.NewTabItem(lang.L("pane.problems"), container.NewStack(p.list, container.NewPadded(p.empty)))
	p.Set(kpitree.Tree{}, nil)
	return p
}

// severityIcon is a finding's icon: an error, a warning or information.
func severityIcon(s kpitree.Severity) fyne.Resource {
	switch s {
	case kpitree.SevError:
		return theme.ErrorIcon()
	case kpitree.SevWarning:
		return theme.WarningIcon()
	}
	return theme.InfoIcon()
}

// Set shows the findings diags on tree t and counts them in the tab title.
func (p *View) Set(t kpitree.Tree, diags []kpitree.Diagnostic) {
	p.items = uikit.Translator().Findings(t, diags)
	p.list.UnselectAll()
	p.list.Refresh()
	if len(p.items) == 0 {
		p.empty.Show()
		p.list.Hide()
		p.tab.Text = lang.L("pane.problems")
	} else {
		p.empty.Hide()
		p.list.Show()
		p.tab.Text = lang.L("pane.problems_count", map[string]any{"Count": len(p.items)})
	}
}

// Tab is the Problems tab, titled with the number of findings.
func (p *View) Tab() *container.TabItem { return p.tab }

// Rows are the findings as listed, in order.
func (p *View) Rows() []Row { return slices.Clone(p.items) }

// Choose selects row i as a click does: the row's node is selected.
func (p *View) Choose(i int) { p.list.Select(i) }
