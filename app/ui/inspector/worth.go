package inspector

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// worthLine is one line of the inspector's fiscal-year section: what the
// selected node reaching its target is worth to the root over the planned
// fiscal year, the figure and rank of the Review tab's worth table and of
// `kpitreectl worth` (workspace.Worth, worded by report.WorthLine). It is
// hidden for a node without a target in that year, and while forecasts are
// being brought up to date (reading must not start forecasting; the
// ForecastsChanged event then refreshes the section).
type worthLine struct {
	// Label is the line; hidden when there is nothing to say.
	Label *widget.Label
	gen   int
	node  string
}

func newWorthLine() *worthLine {
	l := &worthLine{Label: widget.NewLabel("")}
	l.Label.Wrapping = fyne.TextWrapWord
	l.Label.Hide()
	return l
}

// refresh shows node id's worth, computed off the UI goroutine through
// f's jobs (the fiscal-year section's, so it stops with the pane scope).
func (l *worthLine) refresh(f *fyInfo, id string) {
	l.gen++
	if l.node != id && !l.Label.Hidden {
		// Another node: never show the previous one's worth meanwhile.
		l.Label.Hide()
		f.relayout()
	}
	l.node = id
	if f.src == nil || id == "" || f.jobs.Closed() {
		l.Label.Hide()
		return
	}
	ws := f.src
	gen, j := l.gen, f.jobs
	uikit.RunJob(j, j.Ctx(), func(ctx context.Context) (*workspace.Worth, error) {
		if !ws.ForecastsCurrent() {
			return nil, nil
		}
		return ws.Worth(ctx)
	}, func(w *workspace.Worth, err error) {
		if gen != l.gen {
			return
		}
		line, ok := uikit.Translator().WorthLine(w, id)
		if err != nil || !ok {
			// No target, or no worth to be had (a year outside the
			// horizon): the FY value above says why it has none.
			if !l.Label.Hidden {
				l.Label.Hide()
				f.relayout()
			}
			return
		}
		l.Label.SetText(line)
		if l.Label.Hidden {
			l.Label.Show()
			f.relayout()
		}
	})
}
