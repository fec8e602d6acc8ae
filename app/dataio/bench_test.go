package dataio_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
	"github.com/xuri/excelize/v2"
)

// writeDailyCSV writes rows of per-account daily usage (date + 3 numeric
// columns, ten years of days with ~274 rows each) and returns the path.
func writeDailyCSV(b *testing.B, rows int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "daily.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("date,logins,active_users,chats_sent\n")
	start := date(2015, 4, 1)
	perDay := (rows + 3649) / 3650 // ≤ 3650 days: 2015-04 … 2025-03
	var buf []byte
	for i := range rows {
		buf = start.AddDate(0, 0, i/perDay).AppendFormat(buf[:0], "2006-01-02")
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(i%5000), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(i%1200), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(i%7919), 10)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// peakHeap samples the live heap while f runs and returns its maximum.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak.Load()
}

func BenchmarkReadDailyCSV1M(b *testing.B) {
	path := writeDailyCSV(b, 1_000_000)
	opt := dataio.Options{
		TargetFreq: kpitree.Month, FiscalYearStart: time.April,
		Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate}},
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		p := peakHeap(func() {
			ds, rep, err := dataio.Read(context.Background(), path, opt)
			if err != nil {
				b.Fatal(err)
			}
			if rep.Rows != 1_000_000 || ds.Calendar.Periods != 120 {
				b.Fatalf("rows %d, periods %d", rep.Rows, ds.Calendar.Periods)
			}
		})
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peak-rss-MB")
	}
}

// peakRSS is the process's resident-set high-water mark in MB (Linux
// only; 0 elsewhere). It covers the whole benchmark process.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err == nil {
				return float64(kb) / 1024
			}
		}
	}
	return 0
}

func writeXLSX(b *testing.B, rows int) string {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"date", "logins", "active_users", "chats_sent"}); err != nil {
		b.Fatal(err)
	}
	start := date(2015, 4, 1)
	row := make([]any, 4)
	for i := range rows {
		row[0] = start.AddDate(0, 0, i/27).Format("2006-01-02")
		row[1], row[2], row[3] = i%5000, i%1200, float64(i%7919)/7
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkReadXLSX100k(b *testing.B) {
	path := writeXLSX(b, 100_000)
	var progress atomic.Int64
	opt := dataio.Options{
		TargetFreq:  kpitree.Month,
		Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate}},
		Progress:    func(n int) { progress.Store(int64(n)) },
	}
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		p := peakHeap(func() {
			_, rep, err := dataio.Read(context.Background(), path, opt)
			if err != nil {
				b.Fatal(err)
			}
			if rep.Rows != 100_000 || progress.Load() != 100_000 {
				b.Fatalf("rows %d, progress %d", rep.Rows, progress.Load())
			}
		})
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(rss, "peak-rss-MB")
	}
}

func BenchmarkParseNumber(b *testing.B) {
	inputs := []string{"1234", "1,234,567", "53.8%", "¥1,500", "１，２３４", "(1,234)", "n/a"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := dataio.ParseNumber(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParsePeriod(b *testing.B) {
	inputs := []string{"2024-04-01", "2024-04", "2024年4月", "令和6年4月", "Apr 2024", "45383"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := dataio.ParsePeriod(inputs[i%len(inputs)], time.April); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	tbl := dataio.Table{Sheet: "base"}
	for i := range 120 {
		tbl.Periods = append(tbl.Periods, strconv.Itoa(2015+i/12)+"-"+strings.Repeat("0", 1)+strconv.Itoa(1+i%9))
	}
	for c := range 20 {
		s := dataio.Series{Name: "s" + strconv.Itoa(c)}
		for i := range 120 {
			s.Values = append(s.Values, float64(i*c))
		}
		tbl.Columns = append(tbl.Columns, s)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := dataio.WriteXLSX(discard{}, []dataio.Table{tbl, tbl}, dataio.XLSXOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
