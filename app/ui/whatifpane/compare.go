package whatifpane

import (
	"context"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// compare shows every scenario against the base for the root, with the
// planned fiscal year's totals.
func (p *Pane) compare() {
	ws := p.ws
	if scs, err := ws.Scenarios(); err != nil || len(scs) == 0 {
		dialog.ShowInformation(lang.L("whatif.compare"), lang.L("whatif.compare_none_draft"), p.win)
		return
	}
	type result struct {
		img  image.Image
		rows []string
	}
	th := uikit.ChartTheme()
	uikit.RunJob(&p.jobs, p.ctx, func(ctx context.Context) (result, error) {
		figs, err := uikit.BuildCharts(ctx, ws, report.Request{Kinds: []report.Kind{report.Compare}, Theme: th})
		if err != nil || len(figs) == 0 {
			return result{}, err
		}
		img, err := chart.RenderImage(figs[0].Figure, 900, 420)
		if err != nil {
			return result{}, err
		}
		return result{img: img, rows: fiscalTotals(ctx, ws)}, nil
	}, func(r result, err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		im := canvas.NewImageFromImage(r.img)
		im.FillMode = canvas.ImageFillContain
		im.SetMinSize(fyne.NewSize(700, 330))
		body := container.NewBorder(nil, widget.NewLabel(strings.Join(r.rows, "\n")), nil, nil, im)
		d := dialog.NewCustom(lang.L("whatif.compare_title"), lang.L("dialog.close"), body, p.win)
		d.Resize(fyne.NewSize(820, 620))
		d.Show()
	})
}

// fiscalTotals lists the root's planned-fiscal-year value per scenario.
func fiscalTotals(ctx context.Context, ws report.Source) []string {
	b, err := report.NewBasis(ws)
	if err != nil {
		return nil
	}
	root, tr := b.Node(""), uikit.Translator()
	names := []string{""}
	scs, err := ws.Scenarios()
	if err != nil {
		return nil
	}
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	var out []string
	for _, name := range names {
		st, err := ws.Projection(ctx, name)
		if err != nil {
			continue
		}
		v, ok := workspace.FiscalYearValue(st, root.ID, b.FY)
		if !ok {
			continue
		}
		out = append(out, fmt.Sprintf("%s · %s: %s", tr.ScenarioLabel(name), tr.FiscalLabel(b.FY), uikit.FormatValue(v, root.Unit)))
	}
	return out
}
