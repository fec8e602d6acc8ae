package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SalvageReport says what Salvage copied and what it could not.
type SalvageReport struct {
	// Copied is the number of document records copied intact.
	Copied int
	// Lost names what was left behind: damaged records ("scenario
	// 'Upside'"), records known missing ("scenarios: 1 record(s)
	// missing"), and the undo history when any of it was damaged; or nil.
	Lost []string
	// HistoryKept is the number of undo history entries copied.
	HistoryKept int
	// Items is Lost in parts, one per entry and in the same order, so a
	// user interface can word each in the user's language.
	Items []LostItem
}

// LostKind says what a LostItem is.
type LostKind string

// The kinds of lost items.
const (
	// LostRecord is one damaged record: Bucket and Key name it.
	LostRecord LostKind = "record"
	// LostMissing is Count records of Bucket known missing (or stale).
	LostMissing LostKind = "missing"
	// LostRest is every record of Bucket after Key: the walk stopped
	// where the keys went out of order.
	LostRest LostKind = "rest"
	// LostBucket is every record of Bucket: the bucket itself is gone.
	LostBucket LostKind = "bucket"
	// LostHistory is the whole undo history, Count entries.
	LostHistory LostKind = "history"
	// LostHeader is the workspace header (its metadata was reset).
	LostHeader LostKind = "header"
)

// LostItem is one thing Salvage left behind.
type LostItem struct {
	Kind LostKind
	// Bucket is the bucket the item was in (BucketScenarios, …).
	Bucket string
	// Key is the record's key (LostRecord) or the last good key (LostRest).
	Key string
	// Count is how many records (LostMissing) or entries (LostHistory).
	Count int
}

// Salvage copies every intact record of the workspace file src (which it
// only reads; another window may even hold it open) into a new workspace
// file dst, and reports what it could not copy. Records are intact when
// their checksum holds; the undo history is kept only when all of it is
// intact (a gap would make Undo apply the wrong inverse). dst must not
// exist (ErrExists). When the file's page structure itself is damaged,
// nothing can be read safely and the error wraps ErrCorrupt.
//
// A file of an older schema has no checksums: Salvage copies what bbolt
// can read of it.
func Salvage(src, dst string) (SalvageReport, error) {
	rep, err := salvage(src, dst)
	if err != nil {
		return SalvageReport{}, fmt.Errorf("salvage %s: %w", src, err)
	}
	return rep, nil
}

type salvaged struct {
	bucket string
	key    []byte
	value  []byte
}

func salvage(src, dst string) (SalvageReport, error) {
	if _, err := os.Lstat(dst); err == nil {
		return SalvageReport{}, fmt.Errorf("%s: %w", dst, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return SalvageReport{}, err
	}
	tmp, err := readSnapshot(src, DefaultTimeout)
	if err != nil {
		return SalvageReport{}, err
	}
	defer os.Remove(tmp)
	if err := checkStructure(tmp); err != nil {
		return SalvageReport{}, fmt.Errorf("its page structure is damaged, so no record can be read safely (%v): %w", err, ErrCorrupt)
	}
	db, err := openBolt(tmp, false, DefaultTimeout)
	if err != nil {
		return SalvageReport{}, err
	}
	var (
		rep     SalvageReport
		recs    []salvaged
		meta    Meta
		metaOK  bool
		history []salvaged
		cursor  uint64
	)
	err = guard("salvage", nil, func() error {
		var err error
		contain(func() {
			var m Meta
			merr := db.View(func(tx *bolt.Tx) error { var err error; m, err = readMeta(tx); return err })
			if merr == nil && m.Schema < firstSealedSchema {
				// Seal the old records in the private copy first, so
				// one path reads every schema.
				err = db.Update(func(tx *bolt.Tx) error { _, err := migrate(tx, m); return err })
				if err != nil {
					return
				}
			}
			err = db.View(func(tx *bolt.Tx) error {
				if m, err := readMeta(tx); err == nil {
					meta, metaOK = m, true
				} else {
					rep.Lost = append(rep.Lost, recordName(bucketMeta, []byte(keyMeta)))
					rep.Items = append(rep.Items, LostItem{Kind: LostHeader, Bucket: bucketMeta})
				}
				for _, name := range DocumentBuckets() {
					if name == BucketPlans && metaOK && meta.Schema < 4 {
						continue // an older file has no plans to lose
					}
					if (name == BucketNotes || name == BucketInitiatives) && metaOK && meta.Schema < 5 {
						continue // nor notes and initiatives
					}
					got, lost, items := salvageBucket(tx, name)
					recs = append(recs, got...)
					rep.Lost = append(rep.Lost, lost...)
					rep.Items = append(rep.Items, items...)
				}
				got, lost, _ := salvageBucket(tx, bucketHistory)
				cur, cerr := readCursor(tx)
				if len(lost) > 0 || cerr != nil {
					if len(got) > 0 || len(lost) > 0 {
						rep.Lost = append(rep.Lost, fmt.Sprintf("the undo history (%d entries)", len(got)+len(lost)))
						rep.Items = append(rep.Items, LostItem{Kind: LostHistory, Bucket: bucketHistory, Count: len(got) + len(lost)})
					}
					return nil
				}
				history, cursor = got, cur
				return nil
			})
		})
		return err
	})
	_ = guard("close", nil, func() error { contain(func() { _ = db.Close() }); return nil })
	if err != nil {
		return SalvageReport{}, err
	}
	now := time.Now().UTC()
	if !metaOK {
		meta = Meta{Created: now}
	}
	meta.Schema, meta.Modified, meta.CleanShutdown = SchemaVersion, now, true
	if err := writeSalvaged(dst, meta, recs, history, cursor); err != nil {
		return SalvageReport{}, err
	}
	rep.Copied, rep.HistoryKept = len(recs), len(history)
	return rep, nil
}

// salvageBucket returns the intact records of bucket and names the lost
// ones, as text and in parts. A key out of order ends the walk: bbolt's
// cursor can no longer be trusted past it.
func salvageBucket(tx *bolt.Tx, bucket string) ([]salvaged, []string, []LostItem) {
	b := tx.Bucket([]byte(bucket))
	if b == nil {
		return nil, []string{bucketNoun(bucket) + "s: all"}, []LostItem{{Kind: LostBucket, Bucket: bucket}}
	}
	var got []salvaged
	var lost []string
	var items []LostItem
	var sum digest
	var prev []byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if prev != nil && string(k) <= string(prev) {
			lost = append(lost, bucketNoun(bucket)+"s after "+recordName(bucket, prev))
			items = append(items, LostItem{Kind: LostRest, Bucket: bucket, Key: string(prev)})
			break
		}
		prev = append(prev[:0], k...)
		if v == nil {
			lost = append(lost, recordName(bucket, k))
			items = append(items, LostItem{Kind: LostRecord, Bucket: bucket, Key: string(k)})
			continue
		}
		sum.add(storedSum(v))
		val, _, err := unseal(bucket, k, v)
		if err == nil && bucket == bucketHistory {
			if len(k) != 8 {
				err = ErrCorrupt
			} else if _, err = splitEntry(binary.BigEndian.Uint64(k), val); err != nil {
				err = ErrCorrupt
			}
		}
		if err != nil {
			lost = append(lost, recordName(bucket, k))
			items = append(items, LostItem{Kind: LostRecord, Bucket: bucket, Key: string(k)})
			continue
		}
		got = append(got, salvaged{bucket, append([]byte(nil), k...), append([]byte(nil), val...)})
	}
	if want, err := readDigest(tx, bucket); err == nil && want.n > sum.n {
		lost = append(lost, missingText(bucket, want, sum))
		items = append(items, LostItem{Kind: LostMissing, Bucket: bucket, Count: int(min(want.n-sum.n, 1<<31))})
	}
	return got, lost, items
}

// writeSalvaged builds the new file under a temporary name beside dst and
// renames it into place.
func writeSalvaged(dst string, meta Meta, recs, history []salvaged, cursor uint64) error {
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".salvage-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	defer os.Remove(tmpPath)
	db, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return translate(err)
	}
	err = db.Update(func(btx *bolt.Tx) error {
		if err := initLayout(btx, meta.AppVersion, meta.Created); err != nil {
			return err
		}
		t := &Tx{btx: btx}
		for _, r := range append(recs, history...) {
			if err := t.putRecord(r.bucket, btx.Bucket([]byte(r.bucket)), r.key, r.value); err != nil {
				return err
			}
		}
		if err := t.flushDigests(); err != nil {
			return err
		}
		if err := writeCursor(btx, cursor); err != nil {
			return err
		}
		return writeMeta(btx, meta)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return translate(err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s: %w", dst, ErrExists)
	}
	if err := os.Rename(tmpPath, dst); err != nil {
		return err
	}
	syncDir(filepath.Dir(dst))
	return nil
}
