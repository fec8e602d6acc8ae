package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// SalvageReport says what Salvage copied into the new file and what it
// could not. The UI and the CLI show it as is.
type SalvageReport struct {
	// Copied is the number of documents copied intact.
	Copied int
	// HistoryKept is the number of undo steps kept.
	HistoryKept int
	// Lost names the damaged or missing records left behind ("scenario
	// 'Upside'"); or nil.
	Lost []string
	// Dropped lists nodes the tree listed whose documents were lost: they
	// were taken out of the tree so that it loads; formulas that used
	// them now fail the check and say so.
	Dropped []string
	// Items is Lost in parts, in the same order, for a user interface
	// that words each item in the user's language.
	Items []LostItem
}

// LostItem is one thing Salvage left behind, in parts.
type LostItem struct {
	// What says what was lost: one record (store.LostRecord), Count
	// records known missing, every record after Name (store.LostRest),
	// every record of the kind (store.LostBucket), the undo history
	// (Count entries) or the workspace header.
	What store.LostKind
	// Kind is the kind of record, one of LostKinds().
	Kind string
	// Name names the record: a node id, a scenario or dataset name, a
	// setting key; "" for the tree header, the history and counts.
	Name string
	// Count is how many records or undo entries.
	Count int
}

// LostKinds lists the kinds of record a LostItem may name.
func LostKinds() []string {
	return []string{"tree", "node", "dataset", "binding", "scenario", "setting", "forecast", "chart", "plan", "note", "initiative", "history", "header", "record"}
}

// bucketKinds names the record kind each store bucket other than the trees
// bucket holds; a bucket not listed holds a "record".
var bucketKinds = map[string]string{
	store.BucketDatasets: "dataset", store.BucketBindings: "binding", store.BucketScenarios: "scenario",
	store.BucketSettings: "setting", store.BucketForecasts: "forecast", store.BucketCharts: "chart",
	store.BucketPlans: "plan", store.BucketNotes: "note", store.BucketInitiatives: "initiative",
}

// lostItem words a store item in the workspace's terms: a trees record is
// the tree header or one node, named by its id.
func lostItem(it store.LostItem) LostItem {
	out := LostItem{What: it.Kind, Name: it.Key, Count: it.Count}
	switch it.Bucket {
	case store.BucketTrees:
		out.Kind = "tree"
		if id, ok := strings.CutPrefix(it.Key, nodeKeyPrefix); ok {
			out.Kind, out.Name = "node", id
		} else if it.Key == keyTree {
			out.Name = ""
		}
	default:
		out.Kind = "record"
		if k, ok := bucketKinds[it.Bucket]; ok {
			out.Kind = k
		}
	}
	switch it.Kind {
	case store.LostHistory:
		out.Kind, out.Name = "history", ""
	case store.LostHeader:
		out.Kind, out.Name = "header", ""
	}
	out.Name = kpitree.Clip(out.Name)
	return out
}

// SalvagePath is where the app offers to write the salvaged copy of src:
// beside it, "NAME-salvaged.kpitree", or "NAME-salvaged-2.kpitree" and so
// on when that exists, so the default never names an existing file.
func SalvagePath(src string) string {
	dir, base := filepath.Split(src)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	for i := 1; ; i++ {
		name := stem + "-salvaged.kpitree"
		if i > 1 {
			name = fmt.Sprintf("%s-salvaged-%d.kpitree", stem, i)
		}
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) || i >= 1000 {
			return p
		}
	}
}

// SalvageReplacing is Salvage into dst, replacing dst when it exists and
// replace is true (the user confirmed). It never writes src: a dst naming
// src fails with ErrSalvageOntoSource. The salvaged copy is complete before it
// replaces dst, so a failure leaves dst as it was.
func SalvageReplacing(src, dst string, replace bool) (SalvageReport, error) {
	if sameFile(src, dst) {
		return SalvageReport{}, fmt.Errorf("salvage %s into itself: %w", filepath.Base(src), ErrSalvageOntoSource)
	}
	if _, err := os.Lstat(dst); err != nil || !replace {
		return Salvage(src, dst)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".new-*")
	if err != nil {
		return SalvageReport{}, fmt.Errorf("salvage %s: %w", filepath.Base(src), err)
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	_ = os.Remove(tmpPath) // Salvage wants a name that does not exist
	defer os.Remove(tmpPath)
	rep, err := Salvage(src, tmpPath)
	if err != nil {
		return rep, err
	}
	if err := os.Rename(tmpPath, dst); err != nil {
		return rep, fmt.Errorf("salvage %s: replace %s: %w", filepath.Base(src), filepath.Base(dst), err)
	}
	return rep, nil
}

// sameFile reports whether a and b name one file (the same path, or the
// same file through another path).
func sameFile(a, b string) bool {
	if aa, err1 := filepath.Abs(a); err1 == nil {
		if bb, err2 := filepath.Abs(b); err2 == nil && aa == bb {
			return true
		}
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// Salvage copies every intact record of the damaged workspace src into a
// new workspace dst (which must not exist) and makes the copy open: nodes
// whose documents were lost are taken out of the tree. src is only read.
// It is offered when Open fails with an error wrapping
// store.ErrDamagedRecords; for other damage (store.ErrCorrupt alone) the
// page structure is broken and Salvage fails too.
func Salvage(src, dst string) (SalvageReport, error) {
	sr, err := store.Salvage(src, dst)
	if err != nil {
		return SalvageReport{}, err
	}
	rep := SalvageReport{Copied: sr.Copied, HistoryKept: sr.HistoryKept, Lost: sr.Lost}
	for _, it := range sr.Items {
		rep.Items = append(rep.Items, lostItem(it))
	}
	st, err := store.Open(dst, store.Options{})
	if err != nil {
		return rep, fmt.Errorf("open the salvaged copy: %w", err)
	}
	err = st.Update(func(tx *store.Tx) error {
		raw := tx.Get(store.BucketTrees, keyTree)
		if raw == nil {
			return nil
		}
		var h treeHeader
		if err := json.Unmarshal(raw, &h); err != nil {
			return fmt.Errorf("tree header: %w", err)
		}
		keep := h.Order[:0:0]
		for _, id := range h.Order {
			if tx.Get(store.BucketTrees, nodeKeyPrefix+id) == nil {
				rep.Dropped = append(rep.Dropped, id)
				continue
			}
			keep = append(keep, id)
		}
		if len(rep.Dropped) == 0 {
			return nil
		}
		h.Order = keep
		if !slices.Contains(keep, h.Root) {
			h.Root = ""
		}
		b, err := json.Marshal(h)
		if err != nil {
			return err
		}
		// Not recorded: undoing the repair would bring back a tree that
		// cannot load.
		return tx.Put(store.BucketTrees, keyTree, b)
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, fmt.Errorf("repair the salvaged copy: %w", err)
	}
	w, err := Open(dst, Options{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("the salvaged copy %s does not load (%w); its records are there, but restore a backup if you have one", dst, err)
	}
	return rep, w.Close()
}

// String renders the report for the CLI, one line per lost record.
func (r SalvageReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "copied %d records and %d undo steps\n", r.Copied, r.HistoryKept)
	for _, l := range r.Lost {
		fmt.Fprintf(&b, "lost: %s\n", l)
	}
	for _, id := range r.Dropped {
		fmt.Fprintf(&b, "removed from the tree (its document was lost): %s\n", id)
	}
	return b.String()
}
