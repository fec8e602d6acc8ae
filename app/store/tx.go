package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Tx is a transaction over the workspace documents, valid only inside the
// callback of Store.Update, Store.View, Store.Undo or Store.Redo. Byte slices
// passed in are copied by bbolt on commit; byte slices returned are copies the
// caller owns.
type Tx struct {
	btx *bolt.Tx
	// inHistoryOp is set while an Undo/Redo apply callback runs: recording a
	// new entry there would discard the very redo tail being walked.
	inHistoryOp bool
	// changed is set by any successful write so Update can skip touching
	// meta for no-op callbacks.
	changed bool
	// maxHistory caps the number of history entries; 0 means unlimited.
	maxHistory int
	// digests holds the digests of the buckets written in this
	// transaction, flushed to the meta bucket before commit.
	digests map[string]*digest
	// damage is the first damaged record a read met. Reads that return no
	// error (Get, Keys) record it here, and the transaction then fails with
	// it, so a damaged record is never silently taken for a missing one.
	damage error
}

// noteDamage records the first damage a read met.
func (t *Tx) noteDamage(err error) {
	if t.damage == nil {
		t.damage = err
	}
}

// digestFor returns the digest of bucket for updating, reading it on first
// use in this transaction.
func (t *Tx) digestFor(bucket string) (*digest, error) {
	if d, ok := t.digests[bucket]; ok {
		return d, nil
	}
	d, err := readDigest(t.btx, bucket)
	if err != nil {
		return nil, err
	}
	if t.digests == nil {
		t.digests = map[string]*digest{}
	}
	t.digests[bucket] = &d
	return &d, nil
}

// flushDigests writes the digests changed in this transaction.
func (t *Tx) flushDigests() error {
	for _, name := range sortedKeys(t.digests) {
		if err := writeDigest(t.btx, name, *t.digests[name]); err != nil {
			return err
		}
	}
	return nil
}

// putRecord seals value and stores it under key, keeping the bucket's
// digest in step.
func (t *Tx) putRecord(bucket string, b *bolt.Bucket, key, value []byte) error {
	d, err := t.digestFor(bucket)
	if err != nil {
		return err
	}
	if old := b.Get(key); old != nil {
		d.remove(storedSum(old))
	}
	sealed := seal(bucket, key, value)
	if err := b.Put(key, sealed); err != nil {
		return translate(err)
	}
	d.add(storedSum(sealed))
	return nil
}

// deleteRecord removes key, keeping the bucket's digest in step. A delete
// that does not take (a damaged page whose keys are out of order hides the
// key from bbolt's search) is damage, not success.
func (t *Tx) deleteRecord(bucket string, b *bolt.Bucket, key []byte) error {
	old := b.Get(key)
	if old == nil {
		return nil
	}
	d, err := t.digestFor(bucket)
	if err != nil {
		return err
	}
	if err := b.Delete(key); err != nil {
		return translate(err)
	}
	if b.Get(key) != nil {
		return damaged(bucket, key)
	}
	d.remove(storedSum(old))
	return nil
}

// Writable reports whether the transaction may write (Update, Undo, Redo).
func (t *Tx) Writable() bool { return t.btx.Writable() }

func (t *Tx) bucket(name string) *bolt.Bucket {
	if !isDocumentBucket(name) {
		return nil
	}
	var b *bolt.Bucket
	contain(func() { b = t.btx.Bucket([]byte(name)) })
	return b
}

// Get returns a copy of the value stored under key in bucket, or nil when the
// key or bucket does not exist. An empty stored value is returned as a
// non-nil empty slice. A damaged record (checksum mismatch) is returned as
// nil and makes the whole transaction fail with a *DamageError naming it.
func (t *Tx) Get(bucket, key string) []byte {
	b := t.bucket(bucket)
	if b == nil || key == "" {
		return nil
	}
	var out []byte
	contain(func() {
		raw := b.Get([]byte(key))
		if raw == nil {
			return
		}
		v, _, err := unseal(bucket, []byte(key), raw)
		if err != nil {
			t.noteDamage(err)
			return
		}
		out = append(make([]byte, 0, len(v)), v...)
	})
	return out
}

// Put stores value under key in bucket. It fails with ErrReadOnly in a
// read-only transaction and ErrUnknownBucket for a name that is not a Bucket
// constant.
func (t *Tx) Put(bucket, key string, value []byte) error {
	if err := t.writeCheck("put", bucket, key); err != nil {
		return err
	}
	if value == nil {
		value = []byte{}
	}
	var err error
	contain(func() { err = t.putRecord(bucket, t.bucket(bucket), []byte(key), value) })
	if err != nil {
		return fmt.Errorf("put %s/%s: %w", bucket, key, translate(err))
	}
	t.changed = true
	return nil
}

// Delete removes key from bucket; deleting a missing key is not an error.
func (t *Tx) Delete(bucket, key string) error {
	if err := t.writeCheck("delete", bucket, key); err != nil {
		return err
	}
	var err error
	contain(func() { err = t.deleteRecord(bucket, t.bucket(bucket), []byte(key)) })
	if err != nil {
		return fmt.Errorf("delete %s/%s: %w", bucket, key, translate(err))
	}
	t.changed = true
	return nil
}

func (t *Tx) writeCheck(op, bucket, key string) error {
	if !t.btx.Writable() {
		return fmt.Errorf("%s %s/%s: %w", op, bucket, key, ErrReadOnly)
	}
	if !isDocumentBucket(bucket) {
		return fmt.Errorf("%s %q: %w", op, bucket, ErrUnknownBucket)
	}
	if key == "" {
		return fmt.Errorf("%s %s: empty key; give the document an id", op, bucket)
	}
	if t.bucket(bucket) == nil {
		return fmt.Errorf("%s %s: bucket missing: %w", op, bucket, ErrCorrupt)
	}
	return nil
}

// Keys returns the keys of bucket in byte order; nil for an unknown or empty
// bucket. Every record is verified; damage makes the transaction fail.
func (t *Tx) Keys(bucket string) []string {
	if t.bucket(bucket) == nil {
		return nil
	}
	var keys []string
	var err error
	contain(func() {
		err = scanBucket(t.btx, bucket, false, func(k, _ []byte) error {
			keys = append(keys, string(k))
			return nil
		})
	})
	if err != nil {
		t.noteDamage(err)
		return nil
	}
	return keys
}

// ForEach calls fn for every document in bucket in key order, with a copy of
// the value that fn may keep. It stops at and returns fn's first error. A
// damaged record stops it with a *DamageError; the bucket's record count
// and digest are checked when the walk completes.
func (t *Tx) ForEach(bucket string, fn func(key string, value []byte) error) error {
	b := t.bucket(bucket)
	if b == nil {
		if !isDocumentBucket(bucket) {
			return fmt.Errorf("for each %q: %w", bucket, ErrUnknownBucket)
		}
		return fmt.Errorf("for each %s: bucket missing: %w", bucket, ErrCorrupt)
	}
	var err error
	contain(func() {
		err = scanBucket(t.btx, bucket, false, func(k, v []byte) error {
			key, val := string(k), append(make([]byte, 0, len(v)), v...)
			return callUser(func() error { return fn(key, val) })
		})
	})
	var de *DamageError
	if errors.As(err, &de) {
		t.noteDamage(err)
	}
	return err
}
