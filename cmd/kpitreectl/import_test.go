package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
)

// runImportCLI calls runImport directly (the lead registers the command).
func runImportCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runImport(context.Background(), streams{in: strings.NewReader(""), out: &out, err: &errb}, args)
	return out.String(), errb.String(), err
}

const messy = "../../app/dataio/testdata/messy_export.csv"

func TestImportCommand(t *testing.T) {
	t.Run("should print the quality report of a dry run", func(t *testing.T) {
		out, _, err := runImportCLI(t, "--data", messy, "--dry-run")
		if err != nil {
			t.Fatal(err)
		}
		// It starts with what the import wizard says of the file.
		ds, rep, err := dataio.Read(context.Background(), messy, dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if first, want := strings.SplitN(out, "\n", 2)[0], report.For(report.English).ImportSummary("messy_export.csv", ds, rep); first != want {
			t.Errorf("report starts %q, want the wizard's %q", first, want)
		}
		for _, want := range []string{
			"utf-8-bom", "periods from “Month”", "18 periods 2023-04 – 2024-09",
			"Active rate", "Customers", "15/18",
			"missing_period", "2023-09", "duplicate_period", "full_width_digits", "missing_value", "footer_row", "outlier",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("report lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("should print JSON with nulls for missing values", func(t *testing.T) {
		out, _, err := runImportCLI(t, "ws.kpitree", "--data", messy, "--dry-run", "--format", "json", "--map", "active_rate=Active rate")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Report struct {
				Encoding string `json:"encoding"`
				Issues   []struct {
					Code   string     `json:"code"`
					Period string     `json:"period"`
					Values []*float64 `json:"values"`
				} `json:"issues"`
			} `json:"report"`
			Periods []string `json:"periods"`
			Columns []struct {
				Name   string     `json:"name"`
				Values []*float64 `json:"values"`
			} `json:"columns"`
			Options struct {
				Mapping map[string]string `json:"mapping"`
			} `json:"options"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if len(got.Periods) != 18 || len(got.Columns) != 2 || got.Columns[1].Values[5] != nil || *got.Columns[1].Values[0] != 132 {
			t.Errorf("dataset %+v", got)
		}
		if got.Options.Mapping["active_rate"] != "Active rate" {
			t.Errorf("options %+v", got.Options)
		}
		dup := false
		for _, is := range got.Report.Issues {
			if is.Code == "duplicate_period" && len(is.Values) == 2 && *is.Values[0] == 124 {
				dup = true
			}
		}
		if !dup {
			t.Errorf("no duplicate with both values in %+v", got.Report.Issues)
		}
	})
	t.Run("should aggregate daily data to months", func(t *testing.T) {
		out, _, err := runImportCLI(t, "--dry-run", "--data", "../../app/dataio/testdata/daily_usage.csv", "--freq", "month")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "(daily → monthly), 12 periods 2025-04 – 2026-03") {
			t.Errorf("output:\n%s", out)
		}
	})
	t.Run("should fail when a mapped column is missing", func(t *testing.T) {
		out, _, err := runImportCLI(t, "--dry-run", "--data", messy, "--map", "revenue=revenue_jpy")
		if err == nil || errors.Is(err, errUsage) || !strings.Contains(out, "mapped_column_missing") {
			t.Errorf("err %v, output:\n%s", err, out)
		}
	})
	t.Run("should name the workspace when it cannot be written", func(t *testing.T) {
		ws := filepath.Join(t.TempDir(), "missing.kpitree")
		_, _, err := runImportCLI(t, ws, "--data", "../../app/dataio/testdata/cs_monthly.csv")
		if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "missing.kpitree") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("should read a Shift_JIS file with an explicit encoding", func(t *testing.T) {
		out, _, err := runImportCLI(t, "--dry-run", "--encoding", "shift_jis", "--data", "../../app/dataio/testdata/cs_monthly_ja_sjis.csv")
		if err != nil || !strings.Contains(out, "アクティブ率") {
			t.Errorf("err %v, output:\n%s", err, out)
		}
	})
	t.Run("should resolve duplicates as asked", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "d.csv")
		if err := os.WriteFile(p, []byte("month,x\n2024-04,1\n2024-04,2\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for mode, want := range map[string]string{"first": "1", "last": "2", "aggregate": "3"} {
			out, _, err := runImportCLI(t, "--dry-run", "--data", p, "--duplicates", mode, "--format", "json")
			if err != nil || !strings.Contains(out, `"values": [
        `+want+`
      ]`) {
				t.Errorf("%s: err %v, output:\n%s", mode, err, out)
			}
		}
	})
}

func TestImportUsageErrors(t *testing.T) {
	tests := [][]string{
		{"--dry-run"},               // no --data
		{"--data", messy},           // no workspace and no --dry-run
		{"a", "b", "--data", messy}, // two workspaces
		{"--dry-run", "--data", messy, "--format", "xml"},  // bad format
		{"--dry-run", "--data", messy, "--map", "novalue"}, // bad pair
		{"--dry-run", "--data", messy, "--map", "a=x", "--map", "a=y"},
		{"--dry-run", "--data", messy, "--fy-start", "13"},
		{"--dry-run", "--data", messy, "--duplicates", "both"},
		{"--dry-run", "--data", messy, "--layout", "tall"},
		{"--dry-run", "--data", messy, "--agg", "x=median"},
		{"--dry-run", "--data", messy, "--bogus"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if _, _, err := runImportCLI(t, args...); !errors.Is(err, errUsage) {
				t.Errorf("err = %v, want a usage error", err)
			}
		})
	}
	t.Run("a missing data file is an operation error, not a usage error", func(t *testing.T) {
		_, _, err := runImportCLI(t, "--dry-run", "--data", "nope.csv")
		if err == nil || errors.Is(err, errUsage) {
			t.Errorf("err = %v", err)
		}
	})
}
