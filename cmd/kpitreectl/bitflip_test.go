package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// A damaged workspace must never make a command panic, hang or print
// results that differ from the undamaged file's without saying so. These
// tests run the commands through run's own functions on damaged copies.

// stepDeadline bounds one command on a damaged copy; the slowest command
// on the undamaged sample takes well under a second.
const stepDeadline = 20 * time.Second

// cmdStep is one command of a campaign run, FILE standing for the copy.
type cmdStep struct {
	name string
	args []string
}

// readSteps are the read commands every copy is put through, in order,
// then one write.
func readSteps() []cmdStep {
	return []cmdStep{
		{"check", []string{"FILE"}},
		{"eval", []string{"FILE", "--read-only"}},
		{"eval", []string{"FILE", "--read-only", "--scenario", "Upside", "--format", "json"}},
		{"history", []string{"FILE", "--read-only"}},
		{"model", []string{"FILE", "--read-only"}},
		{"scenario", []string{"FILE", "list", "--read-only"}},
		{"export-json", []string{"FILE", "--out", "-", "--read-only"}},
		// Each copy writes its own file: two copies run at once, and an
		// export refuses to overwrite.
		{"export-data", []string{"FILE", "--out", "FILE.csv", "--read-only"}},
		{"simulate", []string{"FILE", "--read-only", "--paths", "50", "--seed", "7"}},
		{"impact", []string{"FILE", "--read-only", "--scenario", "Upside"}},
		{"model", []string{"FILE", "active_rate", "theta"}}, // a write: trims the history
	}
}

// outcome is what one cmdStep did.
type outcome struct {
	out    string
	err    error
	hung   bool
	panicV any
}

// runStep runs st on file under stepDeadline. A hung cmdStep's goroutine is
// left behind (Go cannot stop it); the test fails anyway.
func runStep(st cmdStep, file string) outcome {
	args := make([]string, len(st.args))
	for i, a := range st.args {
		args[i] = strings.ReplaceAll(a, "FILE", file)
	}
	ch := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if r := recover(); r != nil {
				o.panicV = fmt.Sprintf("%v\n%s", r, debug.Stack())
			}
			ch <- o
		}()
		var out, errb bytes.Buffer
		o.err = commandRun(st.name)(context.Background(), streams{in: strings.NewReader(""), out: &out, err: &errb}, args)
		o.out = out.String()
		for i, a := range args {
			if a == "--out" && i+1 < len(args) && args[i+1] != "-" {
				b, _ := os.ReadFile(args[i+1])
				o.out += string(b)
				_ = os.Remove(args[i+1])
			}
		}
	}()
	select {
	case o := <-ch:
		return o
	case <-time.After(stepDeadline):
		return outcome{hung: true}
	}
}

// volatile matches what legitimately differs between two runs of the same
// command: history timestamps and the time an edit was recorded.
var volatile = regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?`)

func normalize(s string, file string) string {
	s = strings.ReplaceAll(s, file, "FILE")
	return volatile.ReplaceAllString(s, "TIME")
}

// verdict classifies one cmdStep against the reference.
type verdict int

const (
	same     verdict = iota // output identical to the undamaged file's
	reported                // failed with a damage report (ErrCorrupt)
	silent                  // exit 0 with different output: silently wrong
	misled                  // failed, but not as damage, where the original succeeded
	hung
	panicked
)

var verdictNames = [...]string{"identical", "reported damaged", "SILENTLY WRONG", "other error", "HUNG", "PANICKED"}

func judge(o outcome, ref outcome, file string) verdict {
	switch {
	case o.panicV != nil:
		return panicked
	case o.hung:
		return hung
	case o.err != nil && errors.Is(o.err, store.ErrCorrupt):
		return reported
	case (o.err == nil) != (ref.err == nil):
		if o.err == nil {
			return silent
		}
		return misled
	case o.err != nil:
		if normalize(o.err.Error(), file) == normalize(ref.err.Error(), file) {
			return same
		}
		return misled
	case normalize(o.out, file) == normalize(ref.out, file):
		return same
	}
	return silent
}

// runAll runs every cmdStep on file; after a cmdStep reports damage the rest
// still run (each must report it or match on its own).
func runAll(steps []cmdStep, file string) []outcome {
	out := make([]outcome, len(steps))
	for i, st := range steps {
		out[i] = runStep(st, file)
		if out[i].hung {
			break
		}
	}
	return out
}

// campaignBase builds the campaign's workspace: the sample with data
// bound, forecasts, a scenario and some history, closed cleanly.
func campaignBase(t *testing.T) []byte {
	t.Helper()
	p := sampleWS(t)
	must(t, runForecasts, p)
	must(t, runScenario, p, "add", "--name", "Upside", "--node", "active_rate", "--op", "scale", "--value", "5", "--from", "2025-04", "--ramp", "3")
	must(t, runModel, p, "csm_count", "drift")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// usedBytes is the part of a bbolt file its pages occupy (high-water mark
// × page size, from the newer valid meta page).
func usedBytes(b []byte) int {
	best, n := uint64(0), len(b)
	for _, off := range []int{0, 4096} {
		if off+80 > len(b) {
			continue
		}
		m := b[off+16:]
		if binary.LittleEndian.Uint32(m) != 0xED0CDAED {
			continue
		}
		ps, hwm, txid := binary.LittleEndian.Uint32(m[8:]), binary.LittleEndian.Uint64(m[40:]), binary.LittleEndian.Uint64(m[48:])
		if txid >= best && ps > 0 && hwm*uint64(ps) <= uint64(len(b)) {
			best, n = txid, int(hwm)*int(ps)
		}
	}
	return n
}

// campaignSize is how many damaged copies a run makes: BITFLIP_COPIES
// when set (the long run in docs/robustness.md), else a normal-run size.
func campaignSize(t *testing.T) int {
	if s := os.Getenv("BITFLIP_COPIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("BITFLIP_COPIES=%q: want a positive number", s)
		}
		return n
	}
	if testing.Short() {
		return 100
	}
	return 1000 // ≈ 50 s on 2 cores
}

// TestBitFlipCampaign damages copies of a real workspace with random byte
// flips in its used pages and runs every read command and one write on
// each: 0 panics, 0 hangs, 0 silently wrong results, and no failure other
// than a damage report. Each copy gets 1, 2, 5 or 50 flips. BITFLIP_COPIES,
// BITFLIP_SEED and BITFLIP_FROM set the size, the seed and the first copy;
// BITFLIP_VERBOSE logs each copy's first error.
func TestBitFlipCampaign(t *testing.T) {
	base := campaignBase(t)
	used := usedBytes(base)
	dir := t.TempDir()
	steps := readSteps()
	refFile := filepath.Join(dir, "ref.kpitree")
	if err := os.WriteFile(refFile, base, 0o600); err != nil {
		t.Fatal(err)
	}
	ref := runAll(steps, refFile)
	for i, o := range ref {
		if o.err != nil || o.hung || o.panicV != nil {
			t.Fatalf("undamaged %s %v: %v", steps[i].name, steps[i].args, o.err)
		}
	}
	for i := range ref {
		// Outputs name the file they wrote (FILE.csv): compare as FILE.
		ref[i].out = normalize(ref[i].out, refFile)
	}

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BITFLIP_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	copies := campaignSize(t)
	t.Logf("base %d bytes (%d used), %d copies, seed %d", len(base), used, copies, seed)

	var mu sync.Mutex
	counts := map[verdict]int{}
	files := map[string]int{}   // per copy: identical / reported
	byFlips := map[string]int{} // per flip count: the copy's worst verdict
	var bad []string
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				rng := rand.New(rand.NewPCG(seed, uint64(c)))
				data := bytes.Clone(base)
				nflips := []int{1, 2, 5, 50}[c%4]
				var flips []string
				for range nflips {
					off, x := rng.IntN(used), byte(1+rng.IntN(255))
					data[off] ^= x
					flips = append(flips, fmt.Sprintf("%d^%#x", off, x))
				}
				file := filepath.Join(dir, fmt.Sprintf("c%05d.kpitree", c))
				if err := os.WriteFile(file, data, 0o600); err != nil {
					t.Error(err)
					return
				}
				outs := runAll(steps, file)
				anyReported := false
				mu.Lock()
				for i, o := range outs {
					v := judge(o, ref[i], file)
					counts[v]++
					anyReported = anyReported || v == reported
					if v >= silent {
						msg := fmt.Sprintf("copy %d (flips %s): %s %v: %s", c, strings.Join(flips, " "), steps[i].name, steps[i].args, verdictNames[v])
						if o.err != nil {
							msg += ": " + o.err.Error()
						}
						if o.panicV != nil {
							msg += fmt.Sprint(": ", o.panicV)
						}
						bad = append(bad, msg)
					}
					if o.hung {
						break
					}
				}
				worst := same
				for i, o := range outs {
					worst = max(worst, judge(o, ref[i], file))
				}
				byFlips[fmt.Sprintf("%2d flip(s): %s", nflips, verdictNames[worst])]++
				if anyReported {
					if os.Getenv("BITFLIP_VERBOSE") != "" {
						for _, o := range outs {
							if o.err != nil {
								t.Logf("copy %d (%s): %v", c, strings.Join(flips, " "), o.err)
								break
							}
						}
					}
					files["reported damaged"]++
				} else {
					files["identical"]++
				}
				mu.Unlock()
				_ = os.Remove(file)
			}
		}()
	}
	// BITFLIP_FROM replays one copy of an earlier run (same seed): copy
	// c's flips depend only on the seed and c.
	from, _ := strconv.Atoi(os.Getenv("BITFLIP_FROM"))
	for c := range copies {
		work <- from + c
	}
	close(work)
	wg.Wait()

	t.Logf("copies: %d identical throughout, %d with damage reported", files["identical"], files["reported damaged"])
	for _, k := range slices.Sorted(maps.Keys(byFlips)) {
		t.Logf("copies with %s: %d", k, byFlips[k])
	}
	for v, name := range verdictNames {
		t.Logf("command runs %s: %d", name, counts[verdict(v)])
	}
	for i, m := range bad {
		if i == 20 {
			t.Errorf("… and %d more", len(bad)-20)
			break
		}
		t.Error(m)
	}
}

// TestHostileFiles replays the three single-flip reproductions of
// testdata/hostile/README.md (found by the first bit-flip campaign):
// a hang in the history trim and two silently wrong results. Each must now
// end in time and either match the undamaged file or report damage.
func TestHostileFiles(t *testing.T) {
	base := gunzip(t, filepath.Join("testdata", "hostile", "bitflip_base.kpitree.gz"))
	dir := t.TempDir()
	steps := []cmdStep{
		{"model", []string{"FILE", "active_rate", "theta"}}, // a write (and the v2 → v3 migration)
		{"check", []string{"FILE"}},
		{"eval", []string{"FILE", "--read-only"}},
		{"export-json", []string{"FILE", "--out", "-", "--read-only"}},
		{"model", []string{"FILE", "csm_count", "drift"}},
	}
	refFile := filepath.Join(dir, "ref.kpitree")
	if err := os.WriteFile(refFile, base, 0o600); err != nil {
		t.Fatal(err)
	}
	ref := runAll(steps, refFile)
	for i, o := range ref {
		if o.err != nil || o.hung {
			t.Fatalf("undamaged %s: %v", steps[i].name, o.err)
		}
	}
	for _, c := range []struct {
		name string
		off  int
		xor  byte
	}{
		{"history key larger than the sequence: every write hung", 454721, 0xb6},
		{"tree header's calendar key unreadable: freq silently empty", 16601, 0x1c},
		{"dataset key no longer matches: eval silently printed no rows", 8242, 0x85},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := bytes.Clone(base)
			data[c.off] ^= c.xor
			file := filepath.Join(t.TempDir(), "hostile.kpitree")
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			for i, o := range runAll(steps, file) {
				if v := judge(o, ref[i], file); v >= silent {
					t.Errorf("%s %v: %s (err %v)", steps[i].name, steps[i].args, verdictNames[v], o.err)
				} else {
					t.Logf("%s: %s %v", steps[i].name, verdictNames[v], o.err)
				}
			}
		})
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
