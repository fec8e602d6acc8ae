package datapane

import (
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

// TestImportIssues_EveryCodeIsTranslated: every issue code the importer
// reports has an English and a Japanese sentence, so the Japanese quality
// report never falls back to the importer's English.
func TestImportIssues_EveryCodeIsTranslated(t *testing.T) {
	en, ja := uitest.TranslationTable(t, "en"), uitest.TranslationTable(t, "ja")
	for _, c := range []dataio.Code{dataio.CodeMissingPeriod, dataio.CodeDuplicatePeriod, dataio.CodeNonNumeric, dataio.CodeMissingValue,
		dataio.CodeFullWidth, dataio.CodeFooterRow, dataio.CodeTitleRow, dataio.CodeBadPeriod, dataio.CodeMixedPeriods, dataio.CodeOutlier,
		dataio.CodeUnitConflict, dataio.CodeScaledUnit, dataio.CodeTextColumn, dataio.CodeDuplicateColumn, dataio.CodePartialPeriod, dataio.CodeIncompletePeriod,
		dataio.CodeMalformedRow, dataio.CodeInvalidText, dataio.CodeMappedColumnMissing, dataio.CodeMoreIssues, dataio.CodeResolved} {
		key := "import.issue." + string(c)
		if en[key] == "" || ja[key] == "" {
			t.Errorf("%s: en %q, ja %q", key, en[key], ja[key])
		}
	}
}

func TestImportIssues_Sentences(t *testing.T) {
	uitest.NewWindow(t)
	tests := []struct {
		name string
		is   dataio.Issue
		want string
	}{
		{"should leave out the place when there is none", dataio.Issue{Code: dataio.CodeMixedPeriods, Raw: "month, quarter"},
			"the period column mixes periods of different lengths (month, quarter): a subtotal row is skipped and rows are read at the shorter period. Check the dates."},
		{"should name the row", dataio.Issue{Code: dataio.CodeMalformedRow, Row: 12},
			"row 12: this line could not be read (check its quotes); it was skipped."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IssueText(tt.is); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
