package store_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// reportLatency adds median and p95 of per-operation durations, which is
// what the targets are stated in (ns/op is a mean).
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkEdit commits one durable edit (fsync included): a 4 KB document
// plus its history entry with 4 KB forward and inverse payloads.
func BenchmarkEdit(b *testing.B) {
	s, _ := newStore(b)
	doc := []byte(strings.Repeat("x", 4096))
	var lat []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		err := s.Update(func(tx *store.Tx) error {
			key := fmt.Sprint("node", i%100)
			old := tx.Get(store.BucketTrees, key)
			if err := tx.Put(store.BucketTrees, key, doc); err != nil {
				return err
			}
			return tx.Record("edit", doc, old)
		})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
	}
	reportLatency(b, lat)
}

// BenchmarkUndo undoes one such edit durably; the redo that restores the
// state for the next iteration is not timed.
func BenchmarkUndo(b *testing.B) {
	s, _ := newStore(b)
	doc := []byte(strings.Repeat("x", 4096))
	for i := range 50 {
		err := s.Update(func(tx *store.Tx) error {
			key := fmt.Sprint("node", i)
			if err := tx.Put(store.BucketTrees, key, doc); err != nil {
				return err
			}
			return tx.Record("edit", []byte(key+"="+string(doc)), []byte(key+"="))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if _, err := s.Undo(applyOp); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		b.StopTimer()
		if _, err := s.Redo(applyOp); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	reportLatency(b, lat)
}

// bigWorkspace writes a workspace with a ~3 MB tree document, 50 datasets of
// 120 monthly values and 20 scenarios, closed cleanly.
func bigWorkspace(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.kpitree")
	s, err := store.Create(path, "bench")
	if err != nil {
		b.Fatal(err)
	}
	type node struct {
		ID, Name, Unit, Formula, Owner string
		Controllable                   bool
		Target                         float64
	}
	nodes := make([]node, 21000)
	for i := range nodes {
		nodes[i] = node{ID: fmt.Sprint("n", i), Name: fmt.Sprintf("アドオン顧客数 %d", i), Unit: "customers",
			Formula: fmt.Sprintf("n%d * n%d", 2*i+1, 2*i+2), Owner: "CS team", Controllable: i%2 == 0, Target: float64(i)}
	}
	tree, _ := json.Marshal(map[string]any{"root": "n0", "nodes": nodes})
	err = s.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.BucketTrees, "main", tree); err != nil {
			return err
		}
		for d := range 50 {
			vals := make([]float64, 120)
			for m := range vals {
				vals[m] = 1e6 + float64(d*1000+m)*1.2345
			}
			ds, _ := json.Marshal(map[string]any{"name": fmt.Sprint("series ", d), "start": "2016-04", "period": "month", "values": vals})
			if err := tx.Put(store.BucketDatasets, fmt.Sprint("ds", d), ds); err != nil {
				return err
			}
		}
		for sc := range 20 {
			doc, _ := json.Marshal(map[string]any{"name": fmt.Sprint("scenario ", sc),
				"overrides": []map[string]any{{"node": "n3", "scale": 5, "from": "2026-04", "to": "2027-03", "ramp": 3}}})
			if err := tx.Put(store.BucketScenarios, fmt.Sprint("sc", sc), doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("tree document %d B", len(tree))
	return path
}

// BenchmarkOpenReadAll opens the big workspace for editing (structure
// check, meta update with fsync) and reads every document. Close is not
// timed.
func BenchmarkOpenReadAll(b *testing.B) {
	path := bigWorkspace(b)
	fi, _ := os.Stat(path)
	var lat []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		s, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = s.View(func(tx *store.Tx) error {
			for _, bucket := range store.DocumentBuckets() {
				if err := tx.ForEach(bucket, func(_ string, v []byte) error { n += len(v); return nil }); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || n < 3<<20 {
			b.Fatalf("read %d B, %v", n, err)
		}
		lat = append(lat, time.Since(t0))
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	reportLatency(b, lat)
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
}
