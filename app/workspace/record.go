package workspace

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// recordVersion versions the history record format; a newer record is
// refused with ErrBadRecord rather than misapplied.
const recordVersion = 1

// docChange is one document change: Before is the document before the
// action and After after it; nil means "absent" (create or delete).
type docChange struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Before []byte `json:"before"`
	After  []byte `json:"after"`
}

// record is a history record: the document changes of one user action.
// The forward record re-applies the action, the inverse record (changes in
// reverse order, Before and After swapped) undoes it. Applying a record
// writes every After (or deletes it when nil); Before is kept so a record
// can be inverted and so a mismatch between history and documents can be
// detected instead of silently overwriting newer data.
type record struct {
	V    int    `json:"v"`
	Kind string `json:"kind"` // "docs"
	// Code and Args say what the action was (LabelCode), so the history
	// can be shown in any language; absent in records written before.
	// They come before Changes so recordAction reads them cheaply.
	Code    LabelCode   `json:"code,omitempty"`
	Args    []string    `json:"args,omitempty"`
	Changes []docChange `json:"changes"`
}

func encodeRecord(changes []docChange, a action) ([]byte, []byte, error) {
	inv := make([]docChange, len(changes))
	for i, c := range changes {
		inv[len(changes)-1-i] = docChange{Bucket: c.Bucket, Key: c.Key, Before: c.After, After: c.Before}
	}
	fwd, err := json.Marshal(record{V: recordVersion, Kind: "docs", Code: a.code, Args: a.args, Changes: changes})
	if err != nil {
		return nil, nil, fmt.Errorf("encode history record: %w", err)
	}
	back, err := json.Marshal(record{V: recordVersion, Kind: "docs", Code: a.code, Args: a.args, Changes: inv})
	if err != nil {
		return nil, nil, fmt.Errorf("encode history record: %w", err)
	}
	return fwd, back, nil
}

// decodeRecord parses a history record. Damaged or future records yield
// ErrBadRecord, never a panic.
func decodeRecord(b []byte) ([]docChange, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("decode history record: %v: %w", err, ErrBadRecord)
	}
	if r.V != recordVersion || r.Kind != "docs" {
		return nil, fmt.Errorf("history record version %d kind %s: %w", r.V, kpitree.Quote(r.Kind), ErrBadRecord)
	}
	for _, c := range r.Changes {
		if !slices.Contains(store.DocumentBuckets(), c.Bucket) || c.Key == "" {
			return nil, fmt.Errorf("history record changes %s/%s: %w", kpitree.Quote(c.Bucket), kpitree.Quote(c.Key), ErrBadRecord)
		}
	}
	return r.Changes, nil
}

// writeChanges puts every After (deleting nil ones) in tx.
func writeChanges(tx *store.Tx, changes []docChange) error {
	for _, c := range changes {
		var err error
		if c.After == nil {
			err = tx.Delete(c.Bucket, c.Key)
		} else {
			err = tx.Put(c.Bucket, c.Key, c.After)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
