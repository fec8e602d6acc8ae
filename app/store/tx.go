package store

import (
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
// non-nil empty slice.
func (t *Tx) Get(bucket, key string) []byte {
	b := t.bucket(bucket)
	if b == nil || key == "" {
		return nil
	}
	var out []byte
	contain(func() {
		if v := b.Get([]byte(key)); v != nil {
			out = append(make([]byte, 0, len(v)), v...)
		}
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
	contain(func() { err = t.bucket(bucket).Put([]byte(key), value) })
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
	contain(func() { err = t.bucket(bucket).Delete([]byte(key)) })
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
// bucket.
func (t *Tx) Keys(bucket string) []string {
	b := t.bucket(bucket)
	if b == nil {
		return nil
	}
	var keys []string
	contain(func() {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				continue // a nested bucket is not a document
			}
			keys = append(keys, string(k))
		}
	})
	return keys
}

// ForEach calls fn for every document in bucket in key order, with a copy of
// the value that fn may keep. It stops at and returns fn's first error.
func (t *Tx) ForEach(bucket string, fn func(key string, value []byte) error) error {
	b := t.bucket(bucket)
	if b == nil {
		if !isDocumentBucket(bucket) {
			return fmt.Errorf("for each %q: %w", bucket, ErrUnknownBucket)
		}
		return fmt.Errorf("for each %s: bucket missing: %w", bucket, ErrCorrupt)
	}
	c := b.Cursor()
	var k, v []byte
	contain(func() { k, v = c.First() })
	for k != nil {
		if v != nil {
			key, val := string(k), append(make([]byte, 0, len(v)), v...)
			if err := callUser(func() error { return fn(key, val) }); err != nil {
				return err
			}
		}
		contain(func() { k, v = c.Next() })
	}
	return nil
}
