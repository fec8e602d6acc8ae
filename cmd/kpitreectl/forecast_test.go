package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs kpitreectl with args and stdin, returning exit code, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), streams{in: strings.NewReader(stdin), out: &out, err: &errb}, args)
	return code, out.String(), errb.String()
}

func seriesCSV(series map[string][]float64, order []string) string {
	var b strings.Builder
	b.WriteString("series_id,t,value\n")
	for _, id := range order {
		for t, v := range series[id] {
			if math.IsNaN(v) {
				fmt.Fprintf(&b, "%s,%d,\n", id, t+1)
			} else {
				fmt.Fprintf(&b, "%s,%d,%g\n", id, t+1, v)
			}
		}
	}
	return b.String()
}

func TestForecastCommand(t *testing.T) {
	in := seriesCSV(map[string][]float64{
		"b": {10, 12, 14, 13, 15, 17, 16, 18, 20, 19, 21, 23},
		"a": {5, 5, 6, math.NaN(), 7, 7, 8},
	}, []string{"b", "a"})
	t.Run("should write H rows per series in input order with the default levels", func(t *testing.T) {
		code, out, errs := runCLI(t, in, "forecast", "--in", "-", "--horizon", "3", "--season", "1")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rows[0], ","); got != "series_id,h,value,lo80,hi80,lo95,hi95,model" {
			t.Errorf("header %s", got)
		}
		if len(rows) != 7 {
			t.Fatalf("got %d rows, want 1+2×3", len(rows))
		}
		for i, want := range []string{"b,1", "b,2", "b,3", "a,1", "a,2", "a,3"} {
			if got := rows[i+1][0] + "," + rows[i+1][1]; got != want {
				t.Errorf("row %d: %s, want %s", i+1, got, want)
			}
		}
	})
	t.Run("should write custom levels and a pinned model to a file", func(t *testing.T) {
		dir := t.TempDir()
		inFile, outFile := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
		if err := os.WriteFile(inFile, []byte(in), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "", "forecast", "--in", inFile, "--out", outFile, "--horizon", "2", "--model", "naive", "--level", "90")
		if code != 0 || out != "" {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errs)
		}
		b, _ := os.ReadFile(outFile)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if lines[0] != "series_id,h,value,lo90,hi90,model" || !strings.HasPrefix(lines[1], "b,1,23,") || !strings.HasSuffix(lines[1], ",naive") {
			t.Errorf("output:\n%s", b)
		}
	})
	t.Run("should report series that cannot be forecast and still write the rest", func(t *testing.T) {
		bad := in + "c,1,1\nc,2,2\n"
		code, out, errs := runCLI(t, bad, "forecast", "--in", "-", "--horizon", "1")
		if code != 1 || !strings.Contains(errs, `series "c"`) || !strings.Contains(errs, "1 of 3 series") {
			t.Errorf("exit %d, stderr %s", code, errs)
		}
		if strings.Count(out, "\n") != 3 {
			t.Errorf("stdout %q: want header and two rows", out)
		}
	})
}

func TestForecastCommand_Usage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"should require --in", []string{"--horizon", "3"}, "--in is required", 2},
		{"should require a positive horizon", []string{"--in", "-"}, "--horizon", 2},
		{"should reject an unknown model", []string{"--in", "-", "--horizon", "1", "--model", "prophet"}, "model", 2},
		{"should reject a bad level", []string{"--in", "-", "--horizon", "1", "--level", "80,150"}, "--level", 2},
		{"should reject an unknown flag", []string{"--in", "-", "--horizon", "1", "--bogus"}, "bogus", 2},
		{"should reject stray arguments", []string{"--in", "-", "--horizon", "1", "extra"}, "extra", 2},
		{"should fail on a missing input file", []string{"--in", "/nonexistent/x.csv", "--horizon", "1"}, "open input", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", append([]string{"forecast"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tt.code, errs, tt.want)
			}
		})
	}
}

func TestReadSeriesCSV(t *testing.T) {
	tests := []struct {
		name, in, err string
		ids           []string
		lens          []int
	}{
		{"should read interleaved series in first-seen order", "series_id,t,value\nx,1,1\ny,1,5\nx,2,2\ny,2,6\nx,3,3\n", "", []string{"x", "y"}, []int{3, 2}},
		{"should accept a BOM, any column order and rows in any t order", "\ufeffvalue,series_id,t\n2,s,2\n1,s,1\n", "", []string{"s"}, []int{2}},
		{"should read empty and NA values as missing", "series_id,t,value\ns,1,\ns,2,NA\ns,3,4\n", "", []string{"s"}, []int{3}},
		{"should reject a missing header column", "id,t,value\n", `no "series_id" column`, nil, nil},
		{"should reject an empty file", "", "empty file", nil, nil},
		{"should reject a header without rows", "series_id,t,value\n", "no data rows", nil, nil},
		{"should reject a gap in t", "series_id,t,value\ns,1,1\ns,3,3\n", "no row for t=2", nil, nil},
		{"should reject a duplicate t", "series_id,t,value\ns,1,1\ns,1,3\n", "line 3: series \"s\" has t=1 twice", nil, nil},
		{"should reject t of zero", "series_id,t,value\ns,0,1\n", "line 2: t \"0\"", nil, nil},
		{"should reject a huge t", "series_id,t,value\ns,999999999,1\n", "not an integer from 1", nil, nil},
		{"should reject a non-number", "series_id,t,value\ns,1,1.2.3\n", "line 2: value \"1.2.3\"", nil, nil},
		{"should reject infinity", "series_id,t,value\ns,1,Inf\n", "not a number", nil, nil},
		{"should reject a short row", "series_id,t,value\ns,1\n", "line 2: 2 fields", nil, nil},
		{"should reject an empty id", "series_id,t,value\n,1,1\n", "empty series_id", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSeriesCSV(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.ids) {
				t.Fatalf("got %d series", len(got))
			}
			for i, s := range got {
				if s.id != tt.ids[i] || len(s.y) != tt.lens[i] {
					t.Errorf("series %d: %s with %d values, want %s with %d", i, s.id, len(s.y), tt.ids[i], tt.lens[i])
				}
			}
		})
	}
}

func FuzzReadSeriesCSV(f *testing.F) {
	f.Add("series_id,t,value\na,1,1\na,2,\na,3,3\n")
	f.Add("\ufeffvalue,t,series_id\n1,1,x\n")
	f.Add("series_id,t,value\n\"a,b\",1,1e308\n")
	f.Add("series_id,t,value\ns,2,1\n")
	f.Add("series_id,t,value,extra\ns,1,NaN,zz\n")
	f.Add("series_id,t,vAlue\n0\"000") // once panicked in csv.Reader.FieldPos
	f.Fuzz(func(t *testing.T, in string) {
		series, err := readSeriesCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range series {
			if s.id == "" || len(s.y) == 0 {
				t.Fatalf("accepted series %q with %d values", s.id, len(s.y))
			}
			for _, v := range s.y {
				if math.IsInf(v, 0) {
					t.Fatalf("accepted an infinite value")
				}
			}
		}
	})
}

// TestForecastCommand_ThousandSeries runs the command on 1,200 generated
// monthly series, the scale of a large workspace export.
func TestForecastCommand_ThousandSeries(t *testing.T) {
	if testing.Short() {
		t.Skip("1,200 series take a few seconds")
	}
	const nSeries, n, h = 1200, 36, 6
	var b strings.Builder
	b.WriteString("series_id,t,value\n")
	for i := range nSeries {
		for tt := range n {
			v := 100 + float64(i%50) + 0.5*float64(tt) + 10*math.Sin(2*math.Pi*float64(tt)/12) + float64((i*7+tt*13)%11)
			fmt.Fprintf(&b, "s%04d,%d,%.3f\n", i, tt+1, v)
		}
	}
	code, out, errs := runCLI(t, b.String(), "forecast", "--in", "-", "--horizon", fmt.Sprint(h))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+nSeries*h {
		t.Fatalf("got %d rows, want %d", len(rows), 1+nSeries*h)
	}
	for i := range nSeries {
		if id := rows[1+i*h][0]; id != fmt.Sprintf("s%04d", i) {
			t.Fatalf("row %d: series %s out of order", 1+i*h, id)
		}
	}
}
