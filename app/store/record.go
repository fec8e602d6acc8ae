package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Every value stored since schema 3 is sealed: the value followed by a
// 4-byte CRC-32C (Castagnoli, big-endian) of the bucket name, the key and
// the value. bbolt checksums only its meta pages, so a flipped bit in a key
// or value would otherwise be read back as data. Covering the bucket name
// and key means a record that moved (a damaged key, a page pointer sent to
// another bucket's page) fails too, not only a damaged value.
//
// A checksum per record cannot notice a record that vanished (a damaged
// element count) or an old copy of a page read in place of the current one
// (a damaged child pointer into a freed page). For those each digested
// bucket has a digest record in the meta bucket: the number of records and
// the XOR of their checksums, updated by every write in the same
// transaction and compared whenever a whole bucket is read.

// sumSize is the length of a record's checksum trailer.
const sumSize = 4

// digestPrefix prefixes the meta-bucket key of a bucket's digest.
const digestPrefix = "digest/"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// recordSum is the checksum of one record. Each part is length-prefixed so
// that moving bytes between bucket, key and value changes the sum.
func recordSum(bucket string, key, value []byte) uint32 {
	var n [binary.MaxVarintLen64]byte
	c := crc32.Update(0, castagnoli, n[:binary.PutUvarint(n[:], uint64(len(bucket)))])
	c = crc32.Update(c, castagnoli, []byte(bucket))
	c = crc32.Update(c, castagnoli, n[:binary.PutUvarint(n[:], uint64(len(key)))])
	c = crc32.Update(c, castagnoli, key)
	return crc32.Update(c, castagnoli, value)
}

// seal returns value with its checksum appended, in a new slice.
func seal(bucket string, key, value []byte) []byte {
	out := make([]byte, len(value), len(value)+sumSize)
	copy(out, value)
	return binary.BigEndian.AppendUint32(out, recordSum(bucket, key, value))
}

// unseal verifies a stored record and returns its value (aliasing stored)
// and its checksum. A mismatch is a *DamageError naming the record.
func unseal(bucket string, key, stored []byte) ([]byte, uint32, error) {
	if len(stored) < sumSize {
		return nil, 0, damaged(bucket, key)
	}
	v := stored[:len(stored)-sumSize]
	sum := binary.BigEndian.Uint32(stored[len(v):])
	if recordSum(bucket, key, v) != sum {
		return nil, 0, damaged(bucket, key)
	}
	return v, sum, nil
}

// storedSum is the checksum trailer of a stored record as written, whether
// or not it matches: digests are kept over what is stored, so deleting a
// damaged record keeps its bucket's digest consistent.
func storedSum(stored []byte) uint32 {
	if len(stored) < sumSize {
		return 0
	}
	return binary.BigEndian.Uint32(stored[len(stored)-sumSize:])
}

// digestedBuckets lists the buckets that have a digest record.
func digestedBuckets() []string {
	return append(DocumentBuckets(), bucketHistory)
}

// digestedBucketsOf lists the digested buckets of a file of the given
// schema, so an older file is verified (before it migrates) for the buckets
// it has, and a missing one is still damage.
func digestedBucketsOf(schema int) []string {
	switch {
	case schema < 4:
		return append(v3DocumentBuckets(), bucketHistory)
	case schema < 5:
		return append(v4DocumentBuckets(), bucketHistory)
	}
	return digestedBuckets()
}

// digest is a bucket's record count and the XOR of its records' checksums.
type digest struct {
	n   uint64
	xor uint32
}

func (d *digest) add(sum uint32)    { d.n++; d.xor ^= sum }
func (d *digest) remove(sum uint32) { d.n--; d.xor ^= sum }

func (d digest) encode() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 12), d.n)
	return binary.BigEndian.AppendUint32(b, d.xor)
}

func readDigest(tx *bolt.Tx, bucket string) (digest, error) {
	mb := tx.Bucket([]byte(bucketMeta))
	if mb == nil {
		return digest{}, fmt.Errorf("no %q bucket: %w", bucketMeta, ErrCorrupt)
	}
	key := []byte(digestPrefix + bucket)
	raw := mb.Get(key)
	if raw == nil {
		return digest{}, damaged(bucketMeta, key)
	}
	v, _, err := unseal(bucketMeta, key, raw)
	if err != nil || len(v) != 12 {
		return digest{}, damaged(bucketMeta, key)
	}
	return digest{n: binary.BigEndian.Uint64(v), xor: binary.BigEndian.Uint32(v[8:])}, nil
}

func writeDigest(tx *bolt.Tx, bucket string, d digest) error {
	mb := tx.Bucket([]byte(bucketMeta))
	if mb == nil {
		return fmt.Errorf("no %q bucket: %w", bucketMeta, ErrCorrupt)
	}
	key := []byte(digestPrefix + bucket)
	if err := mb.Put(key, seal(bucketMeta, key, d.encode())); err != nil {
		return fmt.Errorf("write digest of %s: %w", bucket, translate(err))
	}
	return nil
}

// scanBucket reads every record of a digested bucket in key order,
// verifying each checksum, that keys strictly increase (bbolt trusts the
// stored order; a damaged key breaks it) and, when the scan completes, the
// bucket's digest. fn, when not nil, receives each verified value (aliasing
// the mmap; copy to keep) and may stop the scan with an error. Damage is
// reported as a *DamageError; with collect set the scan continues past
// damaged records and reports them all at the end.
func scanBucket(tx *bolt.Tx, bucket string, collect bool, fn func(k, v []byte) error) error {
	b := tx.Bucket([]byte(bucket))
	if b == nil {
		return fmt.Errorf("bucket %q missing: %w", bucket, ErrCorrupt)
	}
	want, derr := readDigest(tx, bucket)
	var got digest
	var bad DamageError
	var prev []byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if prev != nil && string(k) <= string(prev) {
			// Out of order: the page lies about its keys. Stop here: the
			// cursor position can no longer be trusted to advance.
			bad.add(bucket, k)
			bad.Other = append(bad.Other, fmt.Sprintf("%s: keys out of order", bucketNoun(bucket)))
			break
		}
		prev = k
		if v == nil {
			bad.add(bucket, k) // the schema has no nested buckets
			continue
		}
		got.add(storedSum(v))
		val, _, err := unseal(bucket, k, v)
		if err != nil {
			bad.add(bucket, k)
			if !collect {
				return &bad
			}
			continue
		}
		if fn != nil {
			if err := fn(k, val); err != nil {
				return err
			}
		}
	}
	if derr != nil {
		var de *DamageError
		if errors.As(derr, &de) {
			bad.Records = append(bad.Records, de.Records...)
		} else {
			return derr
		}
	} else if got != want && len(bad.Records) == 0 && len(bad.Other) == 0 {
		bad.Other = append(bad.Other, missingText(bucket, want, got))
	}
	if bad.empty() {
		return nil
	}
	return &bad
}

func missingText(bucket string, want, got digest) string {
	switch {
	case got.n < want.n:
		return fmt.Sprintf("%s: %d record(s) missing", bucketNoun(bucket)+"s", want.n-got.n)
	case got.n > want.n:
		return fmt.Sprintf("%s: %d unexpected record(s)", bucketNoun(bucket)+"s", got.n-want.n)
	}
	return fmt.Sprintf("%s: some records are stale copies", bucketNoun(bucket)+"s")
}

// verifyRecords checks every sealed record of the file and every digest,
// and reports all damage found at once. Without withHistory the undo
// history's entries are left to the history calls that read them: a
// damaged old entry fails Undo and History, not the whole workspace.
func verifyRecords(tx *bolt.Tx, schema int, withHistory bool) error {
	var all DamageError
	for _, name := range digestedBucketsOf(schema) {
		if name == bucketHistory && !withHistory {
			continue
		}
		err := scanBucket(tx, name, true, nil)
		var de *DamageError
		switch {
		case err == nil:
		case errors.As(err, &de):
			all.Records = append(all.Records, de.Records...)
			all.Other = append(all.Other, de.Other...)
		default:
			return err
		}
	}
	for _, name := range []string{bucketMeta, bucketHistoryState} {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return fmt.Errorf("bucket %q missing: %w", name, ErrCorrupt)
		}
		c := b.Cursor()
		var prev []byte
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && string(k) <= string(prev) {
				all.add(name, k)
				break
			}
			prev = k
			if v == nil {
				all.add(name, k)
				continue
			}
			if _, _, err := unseal(name, k, v); err != nil {
				all.add(name, k)
			}
		}
	}
	if all.empty() {
		return nil
	}
	return &all
}

// DamageError reports stored records whose checksum failed, and buckets
// whose records are missing or stale. It wraps both ErrDamagedRecords and
// ErrCorrupt. The damaged records are never returned as data.
type DamageError struct {
	// Records names the damaged records ("scenario 'Upside'"), in the order
	// found.
	Records []string
	// Other describes damage that has no record to name ("scenarios: 1
	// record(s) missing"); or nil.
	Other []string
}

// maxNamed caps how many records a DamageError message lists.
const maxNamed = 5

func (e *DamageError) add(bucket string, key []byte) {
	e.Records = append(e.Records, recordName(bucket, key))
}

func (e *DamageError) empty() bool { return len(e.Records) == 0 && len(e.Other) == 0 }

// Error lists the damaged records: "scenario 'Upside': damaged".
func (e *DamageError) Error() string {
	parts := append(append([]string(nil), e.Records...), e.Other...)
	if len(parts) > maxNamed {
		parts = append(parts[:maxNamed], fmt.Sprintf("and %d more", len(parts)-maxNamed))
	}
	return strings.Join(parts, ", ") + ": damaged"
}

// Is makes errors.Is(err, ErrDamagedRecords) and errors.Is(err, ErrCorrupt)
// true.
func (e *DamageError) Is(target error) bool {
	return target == ErrDamagedRecords || target == ErrCorrupt
}

func damaged(bucket string, key []byte) *DamageError {
	return &DamageError{Records: []string{recordName(bucket, key)}}
}

// recordName names a record for the user: its kind and its key (at most
// 40 characters, non-printable bytes escaped, since a damaged key may be
// binary).
func recordName(bucket string, key []byte) string {
	switch bucket {
	case bucketHistory:
		if len(key) == 8 {
			return fmt.Sprintf("undo history entry %d", binary.BigEndian.Uint64(key))
		}
		return "an undo history entry"
	case bucketHistoryState:
		return "the undo position"
	case bucketMeta:
		if name, ok := strings.CutPrefix(string(key), digestPrefix); ok {
			return "the record count of " + bucketNoun(name) + "s"
		}
		return "the workspace header"
	}
	return bucketNoun(bucket) + " '" + quoteKey(key) + "'"
}

func quoteKey(key []byte) string {
	q := strconv.QuoteToGraphic(string(key))
	q = q[1 : len(q)-1]
	if r := []rune(q); len(r) > 40 {
		q = string(r[:40]) + "…"
	}
	return q
}

// bucketNoun is what a record of bucket is called in messages.
func bucketNoun(bucket string) string {
	switch bucket {
	case BucketTrees:
		return "tree document"
	case BucketDatasets:
		return "dataset"
	case BucketBindings:
		return "binding"
	case BucketScenarios:
		return "scenario"
	case BucketSettings:
		return "setting"
	case BucketForecasts:
		return "forecast"
	case BucketCharts:
		return "chart"
	case BucketPlans:
		return "plan"
	case BucketNotes:
		return "note"
	case BucketInitiatives:
		return "initiative"
	case bucketHistory:
		return "undo history entry"
	}
	return "record"
}

// sortedKeys returns m's keys sorted, for deterministic digest writes.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
