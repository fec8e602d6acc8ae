package report

import (
	"context"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// ProgressText says what a RAG status means for a KPI ("on track", "at
// risk", "off track"; StatusText names the colour); "" for none.
func (t *Translator) ProgressText(s kpitree.Status) string {
	switch s {
	case kpitree.StatusGreen:
		return t.L("chart.on_track")
	case kpitree.StatusAmber:
		return t.L("chart.at_risk")
	case kpitree.StatusRed:
		return t.L("chart.off_track")
	}
	return ""
}

// FiscalRows is every node's value, target and status over the planned
// fiscal year on the base forecast (workspace.FiscalYear).
func (bd *Builder) FiscalRows(ctx context.Context) ([]workspace.FiscalRow, error) {
	return bd.ws.FiscalYear(ctx, "", bd.b.FY)
}
