package store

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxBucketDepth bounds recursion into nested buckets; the schema has none,
// so anything deeper is damage, not data.
const maxBucketDepth = 8

// Check verifies the whole file: it reads every key and value (which turns a
// truncated or damaged page into ErrCorrupt rather than a crash later) and
// then runs bbolt's consistency check (tx.Check). It returns nil or an error
// wrapping ErrCorrupt; ctx cancels between buckets.
func (s *Store) Check(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	db, release, err := s.handle()
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer release()
	if err := checkDB(ctx, db); err != nil {
		return fmt.Errorf("check %s: %w", s.path, err)
	}
	return nil
}

func checkDB(ctx context.Context, db *bolt.DB) error {
	if ctx == nil {
		ctx = context.Background()
	}
	return guard("check", nil, func() error {
		var err error
		contain(func() { err = db.View(func(tx *bolt.Tx) error { return verifyTx(ctx, tx) }) })
		return err
	})
}

// verifyTx walks every bucket and then drains tx.Check. The walk runs first
// and on this goroutine, where faults are contained; tx.Check runs on a
// goroutine of its own.
func verifyTx(ctx context.Context, tx *bolt.Tx) error {
	var sink byte
	err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return walkBucket(b, 0, &sink)
	})
	if err == nil {
		if m, merr := readMeta(tx); merr == nil && m.Schema >= firstSealedSchema {
			err = verifyRecords(tx, m.Schema, true)
			var de *DamageError
			if errors.As(err, &de) {
				return err
			}
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("read all records: %v: %w", err, ErrCorrupt)
	}
	var errs []error
	for cerr := range tx.Check() {
		if len(errs) < 5 {
			errs = append(errs, cerr)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("integrity check: %w: %w", errors.Join(errs...), ErrCorrupt)
	}
	return nil
}

// walkBucket touches every page of every value so that reading a damaged or
// truncated file faults here, inside the boundary.
func walkBucket(b *bolt.Bucket, depth int, sink *byte) error {
	if depth > maxBucketDepth {
		return fmt.Errorf("buckets nested deeper than %d", maxBucketDepth)
	}
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			child := b.Bucket(k)
			if child == nil {
				return fmt.Errorf("key %q: neither value nor bucket", k)
			}
			return walkBucket(child, depth+1, sink)
		}
		for i := 0; i < len(v); i += 1024 {
			*sink ^= v[i]
		}
		if len(v) > 0 {
			*sink ^= v[len(v)-1]
		}
		return nil
	})
}
