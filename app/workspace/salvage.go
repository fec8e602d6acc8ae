package workspace

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/store"
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
