package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReviewPack(t *testing.T) {
	p := sampleWS(t) // a Japanese workspace: the pack follows its language
	dir := t.TempDir()
	html, pdf := filepath.Join(dir, "review.html"), filepath.Join(dir, "review.pdf")
	t.Run("should write a self-contained Japanese HTML pack", func(t *testing.T) {
		out := must(t, runReviewPack, p, "--out", html)
		if !strings.Contains(out, "7 sections") {
			t.Errorf("output %q does not count the sections", out)
		}
		b, err := os.ReadFile(html)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<html lang="ja">`, "KPIレビュー", "@font-face", "<svg"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("pack lacks %q", want)
			}
		}
	})
	t.Run("should write the pack in English with --lang en", func(t *testing.T) {
		en := filepath.Join(dir, "review-en.html")
		must(t, runReviewPack, p, "--out", en, "--lang", "en")
		if b, _ := os.ReadFile(en); !bytes.Contains(b, []byte("KPI review")) || bytes.Contains(b, []byte("KPIレビュー")) {
			t.Errorf("--lang en pack is not in English")
		}
	})
	t.Run("should write a PDF", func(t *testing.T) {
		must(t, runReviewPack, p, "--out", pdf)
		if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("not a PDF (err %v)", err)
		}
	})
	t.Run("should refuse bad usage and keep existing files", func(t *testing.T) {
		before, _ := os.ReadFile(html)
		for _, args := range [][]string{
			{p, "--out", html},                         // exists, no --force
			{p, "--out", filepath.Join(dir, "x.docx")}, // unknown format
			{p}, // no --out
			{p, "--out", filepath.Join(dir, "y.html"), "--lang", "fr"},
			{p, "--out", filepath.Join(dir, "y.html"), "--vs", "budget"},
			{p, "--out", filepath.Join(dir, "y.html"), "--period", "2031-01"},
		} {
			if _, err := call(t, runReviewPack, args...); !errors.Is(err, errUsage) {
				t.Errorf("%q: err = %v, want a usage error", args, err)
			}
		}
		if after, _ := os.ReadFile(html); !bytes.Equal(before, after) {
			t.Errorf("a refused run changed %s", html)
		}
		if _, err := os.Stat(filepath.Join(dir, "y.html")); err == nil {
			t.Errorf("a refused run left y.html behind")
		}
	})
}

// TestReviewPack_Alerts: the pack lists the alerts `monitor` reports, with
// the same messages, for a month planted outside the forecast band.
func TestReviewPack_Alerts(t *testing.T) {
	planted := monitorWorkspace(t, "0.40")
	var out bytes.Buffer
	err := runMonitor(context.Background(), streams{out: &out, err: &bytes.Buffer{}}, []string{planted, "--json", "--lang", "ja"})
	if !errors.Is(err, errAlertsFired) {
		t.Fatalf("monitor: want errAlertsFired, got %v", err)
	}
	var doc struct {
		Alerts []struct{ Message string } `json:"alerts"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Alerts) == 0 {
		t.Fatalf("monitor JSON %s: %v", out.String(), err)
	}
	path := filepath.Join(t.TempDir(), "review.html")
	must(t, runReviewPack, planted, "--out", path, "--lang", "ja")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	if !strings.Contains(page, "最新データのアラート") {
		t.Errorf("the pack has no alerts section")
	}
	for _, a := range doc.Alerts {
		if !strings.Contains(page, a.Message) {
			t.Errorf("the pack lacks monitor's alert %q", a.Message)
		}
	}
}

// TestReviewPack_AgainstThePlanOfLastMonth: a plan frozen before March's
// data arrived is what the pack explains March against, by default.
func TestReviewPack_AgainstThePlanOfLastMonth(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	// Same file name: the second import refreshes the dataset.
	early, full := filepath.Join(dir, "feb", "cs_monthly.csv"), filepath.Join(dir, "mar", "cs_monthly.csv")
	for _, d := range []string{filepath.Dir(early), filepath.Dir(full)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(early, []byte(strings.Join(lines[:len(lines)-1], "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, src, 0o600); err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, "p.kpitree")
	must(t, runNew, "--lang", "en", ws)
	must(t, runImport, ws, "--data", early)
	must(t, runPlan, "freeze", ws, "February plan")
	must(t, runImport, ws, "--data", full) // refresh: March arrives
	out := filepath.Join(dir, "review.html")
	must(t, runReviewPack, ws, "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	if !strings.Contains(page, "against plan “February plan”") || !strings.Contains(page, "2026-03") {
		t.Errorf("the pack does not explain March against the February plan")
	}
}
