package report

import "github.com/kpitree/kpitree/kpitree"

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
