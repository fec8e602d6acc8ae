package dataio_test

import (
	"context"
	"fmt"
	"os"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// Read a BI export, show what the importer found, and aggregate daily logs
// to fiscal quarters.
func ExampleRead() {
	ds, rep, err := dataio.Read(context.Background(), "testdata/messy_export.csv", dataio.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Calendar.Periods, ds.Calendar.Freq, ds.Labels()[0])
	for _, is := range rep.Issues {
		if is.Severity == dataio.SeverityWarning {
			fmt.Println(is.Code, is.Column, is.Period)
		}
	}
	daily, _, err := dataio.Read(context.Background(), "testdata/daily_usage.csv", dataio.Options{TargetFreq: kpitree.Quarter, FiscalYearStart: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(daily.Labels())
	// Output:
	// 18 month 2023-04
	// missing_value Customers 2024-01
	// missing_value Customers 2024-03
	// missing_period  2023-09
	// outlier Customers 2023-11
	// [FY2025 Q1 FY2025 Q2 FY2025 Q3 FY2025 Q4]
}

// Export series as CSV; percentages are written with a % sign so Excel and a
// re-import read the same number.
func ExampleWriteCSV() {
	t := dataio.Table{
		Periods: []string{"2024-04", "2024-05"},
		Columns: []dataio.Series{
			{Name: "revenue", Unit: "JPY", Values: []float64{1523085, 1607206}},
			{Name: "active rate", Unit: "%", Values: []float64{0.538, 0.567}},
		},
	}
	if err := dataio.WriteCSV(os.Stdout, []dataio.Table{t}, dataio.CSVOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period,revenue (JPY),active rate (%)
	// 2024-04,1523085,53.8%
	// 2024-05,1607206,56.7%
}
