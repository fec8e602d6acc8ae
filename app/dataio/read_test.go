package dataio_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
	"golang.org/x/text/encoding/unicode"
)

func read(t *testing.T, path string, opt dataio.Options) (*dataio.Dataset, *dataio.Report) {
	t.Helper()
	ds, rep, err := dataio.Read(context.Background(), path, opt)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	for i, c := range ds.Columns {
		if len(c.Values) != ds.Calendar.Periods {
			t.Fatalf("column %d %q has %d values for %d periods", i, c.Name, len(c.Values), ds.Calendar.Periods)
		}
	}
	return ds, rep
}

func readString(t *testing.T, text string, opt dataio.Options) (*dataio.Dataset, *dataio.Report) {
	t.Helper()
	ds, rep, err := dataio.ReadFrom(context.Background(), strings.NewReader(text), "test.csv", opt)
	if err != nil {
		t.Fatalf("ReadFrom: %v", err)
	}
	return ds, rep
}

func col(t *testing.T, ds *dataio.Dataset, name string) []float64 {
	t.Helper()
	c, ok := ds.Column(name)
	if !ok {
		names := []string{}
		for _, c := range ds.Columns {
			names = append(names, c.Name)
		}
		t.Fatalf("no column %q in %v", name, names)
	}
	return c.Values
}

// readReference parses a plain CSV with the standard library, as the
// independent reference the importer is checked against.
func readReference(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestReadJapaneseExportMatchesEnglish(t *testing.T) {
	en, enRep := read(t, "testdata/cs_monthly.csv", dataio.Options{})
	ja, jaRep := read(t, "testdata/cs_monthly_ja_sjis.csv", dataio.Options{})
	t.Run("should detect Shift_JIS and the Japanese month format", func(t *testing.T) {
		if jaRep.Encoding != dataio.EncodingShiftJIS || enRep.Encoding != dataio.EncodingUTF8 {
			t.Errorf("encodings %q, %q", jaRep.Encoding, enRep.Encoding)
		}
		if ja.Calendar.Freq != kpitree.Month || ja.Calendar.Periods != 36 || !ja.Calendar.Start.Equal(date(2023, 4, 1)) {
			t.Errorf("calendar %+v", ja.Calendar)
		}
		if len(jaRep.Issues) != 0 || len(enRep.Issues) != 0 {
			t.Errorf("clean files reported issues: %v %v", jaRep.Issues, enRep.Issues)
		}
	})
	t.Run("should parse to exactly the numbers of the English file", func(t *testing.T) {
		pairs := [][2]string{
			{"revenue_jpy", "付帯売上（円）"}, {"unit_price_jpy", "付帯平均単価（円）"}, {"active_customers", "付帯総客数"},
			{"onboarded_accounts", "オンボード社数"}, {"csm_count", "CSM人数"}, {"onboarded_per_csm", "一人頭の平均オンボード社数"},
			{"mau", "MAU"}, {"dau", "DAU"}, {"nps", "NPS"},
		}
		for _, p := range pairs {
			e, j := col(t, en, p[0]), col(t, ja, p[1])
			for i := range e {
				if e[i] != j[i] {
					t.Errorf("%s/%s period %d: %v vs %v", p[0], p[1], i, e[i], j[i])
				}
			}
		}
		e, j := col(t, en, "active_rate"), col(t, ja, "アクティブ率")
		for i := range e {
			if math.Abs(e[i]-j[i]) > 0.0005+1e-12 {
				t.Errorf("active rate period %d: %v vs %v (more than 0.1 point apart)", i, e[i], j[i])
			}
		}
	})
	t.Run("should take units from the headers and the cells", func(t *testing.T) {
		for name, unit := range map[string]string{"付帯売上（円）": "JPY", "アクティブ率": "%", "付帯総客数": ""} {
			if c, _ := ja.Column(name); c.Unit != unit {
				t.Errorf("%s unit %q, want %q", name, c.Unit, unit)
			}
		}
		if c, _ := en.Column("revenue_jpy"); c.Unit != "JPY" {
			t.Errorf("revenue_jpy unit %q", c.Unit)
		}
	})
	t.Run("should match the reference parse of the English file", func(t *testing.T) {
		ref := readReference(t, "testdata/cs_monthly.csv")
		rev := col(t, en, "revenue_jpy")
		for i, row := range ref[1:] {
			want, _ := strconv.ParseFloat(row[1], 64)
			if rev[i] != want {
				t.Errorf("row %d revenue %v, want %v", i, rev[i], want)
			}
		}
	})
}

func TestReadMessyExportReportsEveryDefect(t *testing.T) {
	ds, rep := read(t, "testdata/messy_export.csv", dataio.Options{})
	find := func(code dataio.Code, column, period string) dataio.Issue {
		t.Helper()
		for _, is := range rep.Issues {
			if is.Code == code && is.Column == column && is.Period == period {
				return is
			}
		}
		t.Fatalf("no %s issue for column %q period %q in %+v", code, column, period, rep.Issues)
		return dataio.Issue{}
	}
	t.Run("should detect the BOM and the layout", func(t *testing.T) {
		if rep.Encoding != dataio.EncodingUTF8BOM || rep.PeriodColumn != "Month" || ds.Calendar.Periods != 18 {
			t.Errorf("encoding %q, period column %q, %d periods", rep.Encoding, rep.PeriodColumn, ds.Calendar.Periods)
		}
		if _, ok := ds.Column("Comment"); ok {
			t.Error("the comment column was imported as numbers")
		}
		find(dataio.CodeTextColumn, "Comment", "")
	})
	t.Run("should report the missing month and leave it missing", func(t *testing.T) {
		is := find(dataio.CodeMissingPeriod, "", "2023-09")
		if is.Severity != dataio.SeverityWarning {
			t.Errorf("severity %s", is.Severity)
		}
		if v := col(t, ds, "Customers")[5]; !math.IsNaN(v) {
			t.Errorf("2023-09 customers = %v, want missing", v)
		}
	})
	t.Run("should report the duplicated month with both values", func(t *testing.T) {
		is := find(dataio.CodeDuplicatePeriod, "Customers", "2023-07")
		if len(is.Values) != 2 || is.Values[0] != 124 || is.Values[1] != 124 || is.Row != 6 {
			t.Errorf("duplicate issue %+v", is)
		}
		find(dataio.CodeDuplicatePeriod, "Active rate", "2023-07")
	})
	t.Run("should parse full-width digits and say so", func(t *testing.T) {
		is := find(dataio.CodeFullWidth, "Customers", "2023-11")
		if is.Raw != "１，２３４" || is.Row != 9 || is.Severity != dataio.SeverityInfo {
			t.Errorf("full-width issue %+v", is)
		}
		if v := col(t, ds, "Customers")[7]; v != 1234 {
			t.Errorf("2023-11 customers = %v, want 1234", v)
		}
		find(dataio.CodeOutlier, "Customers", "2023-11") // 1234 among ~200s
	})
	t.Run("should report the blank and the n/a cells as missing, not zero", func(t *testing.T) {
		blank := find(dataio.CodeMissingValue, "Customers", "2024-01")
		na := find(dataio.CodeMissingValue, "Customers", "2024-03")
		if blank.Raw != "" || na.Raw != "n/a" || blank.Row != 11 || na.Row != 13 {
			t.Errorf("blank %+v, n/a %+v", blank, na)
		}
		c := col(t, ds, "Customers")
		if !math.IsNaN(c[9]) || !math.IsNaN(c[11]) {
			t.Errorf("blank/n/a became %v, %v", c[9], c[11])
		}
	})
	t.Run("should skip the footer total row and report it", func(t *testing.T) {
		is := find(dataio.CodeFooterRow, "", "")
		if is.Row != 20 || !strings.HasPrefix(is.Raw, "Total") {
			t.Errorf("footer issue %+v", is)
		}
	})
	t.Run("should keep every other value as written", func(t *testing.T) {
		rate := col(t, ds, "Active rate")
		want := []float64{0.538, 0.567, 0.564, 0.521, 0.533, math.NaN(), 0.585, 0.569, 0.594, 0.576, 0.581, 0.611, 0.594, 0.596, 0.607, 0.582, 0.582, 0.614}
		for i := range want {
			if !(rate[i] == want[i] || math.IsNaN(rate[i]) && math.IsNaN(want[i])) {
				t.Errorf("rate[%d] = %v, want %v", i, rate[i], want[i])
			}
		}
	})
}

func TestReadDailyUsageAggregatesToMonths(t *testing.T) {
	ds, rep := read(t, "testdata/daily_usage.csv", dataio.Options{TargetFreq: kpitree.Month, FiscalYearStart: time.April})
	// Reference: sum the raw file by its YYYY-MM prefix.
	// Logins and chats are events (summed); active users a daily level
	// (averaged over the month's days).
	ref := readReference(t, "testdata/daily_usage.csv")
	sums := map[string][3]float64{}
	days := map[string]float64{}
	var months []string
	for _, row := range ref[1:] {
		m := row[0][:7]
		if _, ok := sums[m]; !ok {
			months = append(months, m)
		}
		s := sums[m]
		for j := range 3 {
			v, err := strconv.ParseFloat(row[j+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			s[j] += v
		}
		sums[m] = s
		days[m]++
	}
	if rep.SourceFreq != kpitree.Day || ds.Calendar.Freq != kpitree.Month || ds.Calendar.Periods != 12 || len(months) != 12 {
		t.Fatalf("source %s, calendar %+v, reference months %d", rep.SourceFreq, ds.Calendar, len(months))
	}
	labels := ds.Labels()
	for i, tc := range []struct{ name, agg string }{{"logins", dataio.AggSum}, {"active_users", dataio.AggMean}, {"chats_sent", dataio.AggSum}} {
		c, _ := ds.Column(tc.name)
		if c.Agg != tc.agg {
			t.Errorf("%s agg %s, want %s", tc.name, c.Agg, tc.agg)
		}
		for k, m := range months {
			want := sums[m][i]
			if tc.agg == dataio.AggMean {
				want /= days[m]
			}
			if labels[k] != m || math.Abs(c.Values[k]-want) > 1e-9*math.Abs(want) {
				t.Errorf("%s %s = %v, want %s %v", tc.name, labels[k], c.Values[k], m, want)
			}
		}
	}
	if n := rep.Count(dataio.CodeOutlier) + rep.Count(dataio.CodePartialPeriod); n != 0 {
		t.Errorf("complete daily file reported %d outliers/partial periods: %v", n, rep.Issues)
	}
}

func TestReadAggregation(t *testing.T) {
	daily := "date,visits,rate (%)\n2024-03-30,1,10\n2024-03-31,2,20\n2024-04-01,3,30\n2024-04-02,4,40\n2024-06-30,5,50\n2024-07-01,6,60\n"
	t.Run("should respect the fiscal year for quarters, leave out the quarters the file starts and ends inside, and mark gaps", func(t *testing.T) {
		ds, rep := readString(t, daily, dataio.Options{TargetFreq: kpitree.Quarter, FiscalYearStart: time.April})
		// The file starts on 30 March (two days of FY2023 Q4) and ends on
		// 1 July (one day of FY2024 Q2): only Q1 is whole.
		if got := ds.Labels(); strings.Join(got, ",") != "FY2024 Q1" {
			t.Fatalf("labels %v", got)
		}
		if v := col(t, ds, "visits"); len(v) != 1 || v[0] != 12 {
			t.Errorf("visits %v", v)
		}
		if v := col(t, ds, "rate (%)"); math.Abs(v[0]-0.4) > 1e-12 {
			t.Errorf("mean rate %v, want 0.4", v)
		}
		var left []string
		for _, is := range rep.Find(dataio.CodeIncompletePeriod) {
			left = append(left, is.Period+" "+is.Raw)
		}
		if strings.Join(left, "; ") != "FY2024 Q2 2024-07-01; FY2023 Q4 2024-03-30 – 2024-03-31" {
			t.Errorf("left out %q", left)
		}
		// Q1 lacks most of its days inside the file: still a gap to warn of.
		if n := rep.Count(dataio.CodePartialPeriod); n != 2 {
			t.Errorf("%d partial-period issues, want 2 (Q1 × 2 columns)", n)
		}
	})
	t.Run("should keep every period when none is whole", func(t *testing.T) {
		ds, rep := readString(t, "date,visits\n2024-04-29,1\n2024-04-30,2\n2024-05-01,3\n", dataio.Options{TargetFreq: kpitree.Month, FiscalYearStart: time.April})
		if got := strings.Join(ds.Labels(), ","); got != "2024-04,2024-05" || rep.Count(dataio.CodeIncompletePeriod) != 0 {
			t.Errorf("labels %s, %d left out", got, rep.Count(dataio.CodeIncompletePeriod))
		}
	})
	t.Run("should leave out the week a daily file ends inside", func(t *testing.T) {
		// Mon 2025-04-28 … Wed 2025-05-14: two whole weeks and three days.
		var b strings.Builder
		b.WriteString("date,logins\n")
		for d := time.Date(2025, 4, 28, 0, 0, 0, 0, time.UTC); !d.After(time.Date(2025, 5, 14, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
			b.WriteString(d.Format("2006-01-02") + ",10\n")
		}
		ds, rep := readString(t, b.String(), dataio.Options{TargetFreq: kpitree.Week, FiscalYearStart: time.April})
		if v := col(t, ds, "logins"); ds.Calendar.Periods != 2 || len(v) != 2 || v[0] != 70 || v[1] != 70 {
			t.Errorf("calendar %+v, logins %v; want two weeks of 70", ds.Calendar, v)
		}
		is := rep.Find(dataio.CodeIncompletePeriod)
		if len(is) != 1 || is[0].Raw != "2025-05-12 – 2025-05-14" || is[0].Values[0] != 3 || is[0].Values[1] != 7 {
			t.Errorf("issues %+v", is)
		}
	})
	t.Run("should apply an aggregation override", func(t *testing.T) {
		ds, _ := readString(t, daily, dataio.Options{TargetFreq: kpitree.Year, FiscalYearStart: time.April, Agg: map[string]string{"visits": dataio.AggMax}})
		if v := col(t, ds, "visits"); v[0] != 2 || v[1] != 6 {
			t.Errorf("max visits %v", v)
		}
	})
	t.Run("should refuse to split months into days", func(t *testing.T) {
		_, _, err := dataio.ReadFrom(context.Background(), strings.NewReader("month,x\n2024-04,1\n2024-05,2\n"), "m.csv", dataio.Options{TargetFreq: kpitree.Day})
		if !errors.Is(err, dataio.ErrBadOption) {
			t.Errorf("err %v, want ErrBadOption", err)
		}
	})
	t.Run("should detect weekly dates and aggregate weeks by their start", func(t *testing.T) {
		ds, rep := readString(t, "week,signups\n2024-04-01,1\n2024-04-08,2\n2024-04-15,3\n2024-04-22,4\n2024-04-29,5\n2024-05-06,6\n", dataio.Options{TargetFreq: kpitree.Month})
		if rep.SourceFreq != kpitree.Week {
			t.Fatalf("source freq %s", rep.SourceFreq)
		}
		// May has one of its four weeks in the file: left out.
		if v := col(t, ds, "signups"); len(v) != 1 || v[0] != 15 || rep.Count(dataio.CodeIncompletePeriod) != 1 {
			t.Errorf("signups %v, issues %v", v, rep.Issues)
		}
	})
	t.Run("should keep a monthly file monthly despite a yearly subtotal row", func(t *testing.T) {
		ds, rep := readString(t, "年月,売上\n2024年1月,10\n2024年2月,20\n2024年,30\n2024年3月,30\n2024-03-15,1\n", dataio.Options{})
		if ds.Calendar.Freq != kpitree.Month || ds.Calendar.Periods != 3 {
			t.Fatalf("calendar %+v", ds.Calendar)
		}
		var skipped []dataio.Issue
		for _, is := range rep.Find(dataio.CodeMixedPeriods) {
			if is.Row > 0 {
				skipped = append(skipped, is)
			}
		}
		if len(skipped) != 1 || skipped[0].Row != 4 || len(skipped[0].Values) != 1 || skipped[0].Values[0] != 30 {
			t.Errorf("skipped rows %+v", skipped)
		}
		if rep.Count(dataio.CodeDuplicatePeriod) != 1 { // 2024-03-15 falls into March
			t.Errorf("issues %+v", rep.Issues)
		}
	})
	t.Run("should detect monthly data written as first-of-month dates", func(t *testing.T) {
		ds, rep := readString(t, "date,x\n2024/04/01,1\n2024/05/01,2\n2024/07/01,4\n", dataio.Options{})
		if rep.SourceFreq != kpitree.Month || ds.Calendar.Periods != 4 || rep.Count(dataio.CodeMissingPeriod) != 1 {
			t.Errorf("freq %s, %d periods, issues %v", rep.SourceFreq, ds.Calendar.Periods, rep.Issues)
		}
	})
}

func TestReadEncodingsAndLayouts(t *testing.T) {
	base := "month,revenue (円),active rate\n2024年4月,\"1,000\",50.5%\n2024年5月,\"1,100\",51.0%\n"
	check := func(t *testing.T, ds *dataio.Dataset) {
		t.Helper()
		if v := col(t, ds, "revenue (円)"); v[0] != 1000 || v[1] != 1100 {
			t.Errorf("revenue %v", v)
		}
		if v := col(t, ds, "active rate"); v[0] != 0.505 || v[1] != 0.51 {
			t.Errorf("rate %v", v)
		}
	}
	t.Run("should read UTF-16 with a BOM", func(t *testing.T) {
		enc := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
		b, err := enc.Bytes([]byte(base))
		if err != nil {
			t.Fatal(err)
		}
		ds, rep, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "u16.csv", dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Encoding != dataio.EncodingUTF16LE {
			t.Errorf("encoding %q", rep.Encoding)
		}
		check(t, ds)
	})
	t.Run("should honour an explicit encoding and report text it cannot decode", func(t *testing.T) {
		_, _, err := dataio.Read(context.Background(), "testdata/cs_monthly_ja_sjis.csv", dataio.Options{Encoding: "utf-8"})
		if !errors.Is(err, dataio.ErrNoPeriodColumn) || !strings.Contains(err.Error(), "set the encoding") {
			t.Errorf("forced utf-8: %v", err)
		}
		_, rep := read(t, "testdata/cs_monthly_ja_sjis.csv", dataio.Options{Encoding: "cp932"})
		if rep.Encoding != dataio.EncodingShiftJIS || len(rep.Issues) != 0 {
			t.Errorf("encoding %q, issues %v", rep.Encoding, rep.Issues)
		}
		if _, _, err := dataio.ReadFrom(context.Background(), strings.NewReader(base), "x.csv", dataio.Options{Encoding: "utf-16"}); !errors.Is(err, dataio.ErrEncoding) {
			t.Errorf("utf-16 without a BOM: %v", err)
		}
	})
	t.Run("should detect UTF-16 without a BOM", func(t *testing.T) {
		for _, order := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
			b, err := unicode.UTF16(order, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(base))
			if err != nil {
				t.Fatal(err)
			}
			ds, _, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "u16.csv", dataio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			check(t, ds)
		}
	})
	t.Run("should sniff a tab delimiter", func(t *testing.T) {
		tsv := strings.NewReplacer(",\"1,000\",", "\t1,000\t", ",\"1,100\",", "\t1,100\t", "month,revenue (円),active rate", "month\trevenue (円)\tactive rate").Replace(base)
		ds, rep := readString(t, tsv, dataio.Options{})
		if rep.Delimiter != "tab" {
			t.Errorf("delimiter %q", rep.Delimiter)
		}
		check(t, ds)
	})
	t.Run("should skip title rows above the header and report them", func(t *testing.T) {
		ds, rep := readString(t, "CS月次レポート\n出力日: 2024/06/01\n\n"+base, dataio.Options{})
		check(t, ds)
		if rep.HeaderRow != 4 || rep.Count(dataio.CodeTitleRow) != 2 {
			t.Errorf("header row %d, issues %v", rep.HeaderRow, rep.Issues)
		}
	})
	t.Run("should honour an explicit header row", func(t *testing.T) {
		_, rep := readString(t, "x,y\nmonth,val\n2024-04,1\n", dataio.Options{HeaderRow: 2})
		if rep.HeaderRow != 2 {
			t.Errorf("header row %d", rep.HeaderRow)
		}
	})
	t.Run("should read a long table", func(t *testing.T) {
		long := "metric,period,value,unit\nrevenue,2024-04,100,円\nrate,2024-04,50%,\nrevenue,2024-05,110,円\nrate,2024-05,55%,\n"
		ds, rep := readString(t, long, dataio.Options{})
		if rep.Layout != dataio.LayoutLong || len(ds.Columns) != 2 {
			t.Fatalf("layout %s, columns %+v", rep.Layout, ds.Columns)
		}
		r, _ := ds.Column("revenue")
		if r.Unit != "JPY" || r.Values[1] != 110 {
			t.Errorf("revenue %+v", r)
		}
		if v := col(t, ds, "rate"); v[0] != 0.5 || v[1] != 0.55 {
			t.Errorf("rate %v", v)
		}
	})
	t.Run("should read Excel serial dates and era months", func(t *testing.T) {
		ds, _ := readString(t, "日付,x\n令和6年4月,1\n令和6年5月,2\n", dataio.Options{})
		if !ds.Calendar.Start.Equal(date(2024, 4, 1)) {
			t.Errorf("start %v", ds.Calendar.Start)
		}
		ds, _ = readString(t, "day,x\n45383,1\n45384,2\n", dataio.Options{})
		if !ds.Calendar.Start.Equal(date(2024, 4, 1)) || ds.Calendar.Freq != kpitree.Day {
			t.Errorf("calendar %+v", ds.Calendar)
		}
	})
	t.Run("should scale values by a 千円 header and say so", func(t *testing.T) {
		ds, rep := readString(t, "month,売上（千円）\n2024-04,1.5\n", dataio.Options{})
		if v := col(t, ds, "売上（千円）"); v[0] != 1500 || rep.Count(dataio.CodeScaledUnit) != 1 {
			t.Errorf("values %v, issues %v", v, rep.Issues)
		}
	})
	t.Run("should report a unit conflict inside a column", func(t *testing.T) {
		_, rep := readString(t, "month,rate\n2024-04,50%\n2024-05,50%\n2024-06,0.5\n", dataio.Options{})
		is := rep.Find(dataio.CodeUnitConflict)
		if len(is) != 1 || is[0].Row != 4 {
			t.Errorf("unit conflicts %+v", is)
		}
	})
	t.Run("should report non-numeric cells and unreadable periods with their numbers", func(t *testing.T) {
		ds, rep := readString(t, "month,x,y\n2024-04,1,2\n2024-05,#DIV/0!,3\nsometime,4,5\n", dataio.Options{})
		nn := rep.Find(dataio.CodeNonNumeric)
		bp := rep.Find(dataio.CodeBadPeriod)
		if len(nn) != 1 || nn[0].Raw != "#DIV/0!" || nn[0].Row != 3 || !math.IsNaN(col(t, ds, "x")[1]) {
			t.Errorf("non-numeric %+v", nn)
		}
		if len(bp) != 1 || bp[0].Raw != "sometime" || len(bp[0].Values) != 2 {
			t.Errorf("bad period %+v", bp)
		}
	})
	t.Run("should report invalid UTF-8 and suggest shift_jis", func(t *testing.T) {
		text := "month,x\n" + strings.Repeat("2024-04,1\n", 7000) + "\x82\xa0,2\n"
		_, rep := readString(t, text, dataio.Options{})
		if rep.Count(dataio.CodeInvalidText) != 1 {
			t.Errorf("issues %v", rep.Find(dataio.CodeInvalidText))
		}
	})
}

func TestReadResolutions(t *testing.T) {
	text := "month,x\n2024-04,1\n2024-05,2\n2024-05,3\n2024-07,4\n"
	t.Run("should keep the last duplicate by default", func(t *testing.T) {
		ds, rep := readString(t, text, dataio.Options{})
		is := rep.Find(dataio.CodeDuplicatePeriod)
		if v := col(t, ds, "x")[1]; v != 3 || len(is) != 1 || is[0].Values[0] != 2 || is[0].Values[1] != 3 || is[0].Severity != dataio.SeverityWarning {
			t.Errorf("value %v, issues %+v", v, is)
		}
	})
	t.Run("should keep the first duplicate when resolved so", func(t *testing.T) {
		ds, _ := readString(t, text, dataio.Options{Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Period: "2024-05", Action: dataio.ActionKeepFirst}}})
		if v := col(t, ds, "x")[1]; v != 2 {
			t.Errorf("value %v, want the first (2)", v)
		}
	})
	t.Run("should never replace a value with a missing duplicate", func(t *testing.T) {
		ds, _ := readString(t, "month,x\n2024-04,1\n2024-04,\n", dataio.Options{})
		if v := col(t, ds, "x")[0]; v != 1 {
			t.Errorf("value %v, want 1", v)
		}
	})
	t.Run("should set a value the user typed for a missing month", func(t *testing.T) {
		ds, rep := readString(t, text, dataio.Options{Resolutions: []dataio.Resolution{{Column: "x", Period: "2024-06", Action: dataio.ActionSetValue, Value: 3.5}}})
		if v := col(t, ds, "x")[2]; v != 3.5 || rep.Count(dataio.CodeResolved) != 1 {
			t.Errorf("value %v, issues %v", v, rep.Issues)
		}
	})
	t.Run("should combine per-account rows by the column rule when asked", func(t *testing.T) {
		perAccount := "date,account,logins,active rate\n2024-04-01,a,3,50%\n2024-04-01,b,4,70%\n2024-04-02,a,5,40%\n2024-04-02,b,,\n"
		ds, rep := readString(t, perAccount, dataio.Options{Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate}}})
		if v := col(t, ds, "logins"); v[0] != 7 || v[1] != 5 {
			t.Errorf("logins %v, want sums 7, 5", v)
		}
		if v := col(t, ds, "active rate"); math.Abs(v[0]-0.6) > 1e-12 || v[1] != 0.4 {
			t.Errorf("rate %v, want means 0.6, 0.4", v)
		}
		if rep.Count(dataio.CodeDuplicatePeriod) != 0 || rep.Count(dataio.CodeResolved) != 2 {
			t.Errorf("issues %v", rep.Issues)
		}
	})
	t.Run("should report a mapped column the file lacks as an error", func(t *testing.T) {
		_, rep := readString(t, text, dataio.Options{Mapping: map[string]string{"revenue": "revenue_jpy", "x": "x"}})
		is := rep.Find(dataio.CodeMappedColumnMissing)
		if !rep.HasErrors() || len(is) != 1 || is[0].Raw != "revenue" {
			t.Errorf("issues %+v", rep.Issues)
		}
	})
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		opt  dataio.Options
		want error
	}{
		{"no header", "1,2\n3,4\n", dataio.Options{}, dataio.ErrNoTable},
		{"no period column", "a,b\nx,1\ny,2\n", dataio.Options{}, dataio.ErrNoPeriodColumn},
		{"unknown period column", "month,x\n2024-04,1\n", dataio.Options{PeriodColumn: "date"}, dataio.ErrNoPeriodColumn},
		{"empty file", "", dataio.Options{}, dataio.ErrNoTable},
		{"bad encoding", "month,x\n2024-04,1\n", dataio.Options{Encoding: "latin1"}, dataio.ErrEncoding},
		{"bad layout", "month,x\n2024-04,1\n", dataio.Options{Layout: "tall"}, dataio.ErrBadOption},
		{"bad agg", "month,x\n2024-04,1\n", dataio.Options{Agg: map[string]string{"x": "median"}}, dataio.ErrBadOption},
		{"bad frequency", "month,x\n2024-04,1\n", dataio.Options{TargetFreq: "fortnight"}, dataio.ErrBadOption},
		{"bad action", "month,x\n2024-04,1\n", dataio.Options{Resolutions: []dataio.Resolution{{Action: "guess"}}}, dataio.ErrBadOption},
		{"header row beyond the sample", "month,x\n2024-04,1\n", dataio.Options{HeaderRow: 99}, dataio.ErrNoTable},
		{"too many periods", "date,x\n1900-01-02,1\n2199-01-03,2\n", dataio.Options{}, dataio.ErrNoTable},
		{"xlsx that is not", "PK\x03\x04garbage", dataio.Options{}, dataio.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := dataio.ReadFrom(context.Background(), strings.NewReader(tt.text), "bad.csv", tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, _, err := dataio.Read(context.Background(), "testdata/nope.csv", dataio.Options{})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestReadProgressAndCancel(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,x\n")
	start := date(2000, 1, 1)
	for i := range 70000 {
		b.WriteString(start.AddDate(0, 0, i).Format("2006-01-02"))
		b.WriteString(",1\n")
	}
	text := b.String()
	t.Run("should report progress up to the row count", func(t *testing.T) {
		var calls []int
		_, rep := readString(t, text, dataio.Options{Progress: func(n int) { calls = append(calls, n) }})
		if len(calls) < 2 || calls[len(calls)-1] != 70000 || rep.Rows != 70000 {
			t.Errorf("progress calls %v, rows %d", calls, rep.Rows)
		}
	})
	t.Run("should stop when the context is cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		_, _, err := dataio.ReadFrom(ctx, strings.NewReader(text), "big.csv", dataio.Options{Progress: func(int) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}
