package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout version this package writes. Version 1 kept
// settings as one JSON blob and history entries as JSON with an "undone" flag
// and no cursor record; version 2 stores one key per setting, binary history
// entries and an explicit cursor; version 3 seals every value with a
// CRC-32C checksum and keeps a digest (record count and XOR of checksums)
// per bucket (see record.go); version 4 adds the plans document bucket
// (frozen plan versions); version 5 adds the notes and initiatives buckets.
const SchemaVersion = 5

// firstSealedSchema is the first schema whose records carry checksums.
const firstSealedSchema = 3

// Document buckets. The workspace layer chooses keys and encodes values; the
// store only guarantees each bucket exists.
const (
	// BucketTrees holds KPI tree documents keyed by tree id.
	BucketTrees = "trees"
	// BucketDatasets holds imported datasets (named series) keyed by dataset id.
	BucketDatasets = "datasets"
	// BucketBindings holds leaf ← series bindings keyed by node id.
	BucketBindings = "bindings"
	// BucketScenarios holds what-if scenarios keyed by scenario id.
	BucketScenarios = "scenarios"
	// BucketSettings holds workspace settings, one key per setting.
	BucketSettings = "settings"
	// BucketForecasts holds forecast configurations and cached results.
	BucketForecasts = "forecasts"
	// BucketCharts holds saved chart definitions.
	BucketCharts = "charts"
	// BucketPlans holds frozen plan versions keyed by plan name (schema 4).
	BucketPlans = "plans"
	// BucketNotes holds notes on a node and period keyed by note id
	// (schema 5).
	BucketNotes = "notes"
	// BucketInitiatives holds initiatives on a node keyed by initiative
	// name (schema 5).
	BucketInitiatives = "initiatives"
)

// Internal buckets and keys; not reachable through Tx.
const (
	bucketMeta         = "meta"
	bucketHistory      = "history"
	bucketHistoryState = "historystate"
	keyMeta            = "meta"
	keyCursor          = "cursor"
	// v1SettingsKey is the single key under which schema v1 kept all settings.
	v1SettingsKey = "all"
)

// DocumentBuckets lists the document buckets in a stable order.
func DocumentBuckets() []string {
	return []string{BucketTrees, BucketDatasets, BucketBindings, BucketScenarios,
		BucketSettings, BucketForecasts, BucketCharts, BucketPlans, BucketNotes, BucketInitiatives}
}

// v4DocumentBuckets are the document buckets of schema 4.
func v4DocumentBuckets() []string {
	return append(v3DocumentBuckets(), BucketPlans)
}

// v3DocumentBuckets are the document buckets of schemas 2 and 3. The
// migrations up to schema 3 work on exactly these (a later bucket is made
// by its own migration), so they behave as when they were released.
func v3DocumentBuckets() []string {
	return []string{BucketTrees, BucketDatasets, BucketBindings, BucketScenarios,
		BucketSettings, BucketForecasts, BucketCharts}
}

// allBuckets lists every bucket schema v2 requires.
func allBuckets() []string {
	return append(DocumentBuckets(), bucketMeta, bucketHistory, bucketHistoryState)
}

func isDocumentBucket(name string) bool {
	switch name {
	case BucketTrees, BucketDatasets, BucketBindings, BucketScenarios,
		BucketSettings, BucketForecasts, BucketCharts, BucketPlans, BucketNotes, BucketInitiatives:
		return true
	}
	return false
}

// Meta is the workspace's meta record.
type Meta struct {
	// Schema is the layout version of the file (SchemaVersion after Open).
	Schema int `json:"schema"`
	// AppVersion is the version of the app that last opened the file for
	// writing; or "" when unknown.
	AppVersion string `json:"appVersion"`
	// Created is when the workspace was created (UTC).
	Created time.Time `json:"created"`
	// Modified is when the last transaction was committed (UTC).
	Modified time.Time `json:"modified"`
	// CleanShutdown is true when the last writer closed the file through
	// Close; Open verifies the whole file when it is false.
	CleanShutdown bool `json:"cleanShutdown"`
}

// readMeta decodes the meta record. A missing meta bucket means the file is
// some other bbolt database; anything else wrong with it means damage.
// Schemas before 3 stored the record as plain JSON, later ones sealed; a
// sealed record that fails its checksum is damage, never read as JSON.
func readMeta(tx *bolt.Tx) (Meta, error) {
	b := tx.Bucket([]byte(bucketMeta))
	if b == nil {
		// Without its meta bucket a file that has the workspace's other
		// buckets is a workspace whose root page lost a name (damage),
		// not another app's database.
		ours := 0
		for _, name := range allBuckets() {
			if tx.Bucket([]byte(name)) != nil {
				ours++
			}
		}
		if ours >= 2 {
			return Meta{}, fmt.Errorf("the workspace header bucket is missing: %w", ErrCorrupt)
		}
		return Meta{}, fmt.Errorf("no %q bucket: %w", bucketMeta, ErrNotWorkspace)
	}
	raw := b.Get([]byte(keyMeta))
	if raw == nil {
		return Meta{}, fmt.Errorf("meta record missing: %w", ErrCorrupt)
	}
	var m Meta
	if v, _, err := unseal(bucketMeta, []byte(keyMeta), raw); err == nil {
		if err := json.Unmarshal(v, &m); err != nil || m.Schema < firstSealedSchema {
			return Meta{}, damaged(bucketMeta, []byte(keyMeta))
		}
		return m, nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return Meta{}, damaged(bucketMeta, []byte(keyMeta))
	}
	switch {
	case m.Schema < 1:
		return Meta{}, fmt.Errorf("meta record: schema %d: %w", m.Schema, ErrCorrupt)
	case m.Schema >= firstSealedSchema && m.Schema <= SchemaVersion:
		// A schema this app seals, stored unsealed: the trailer is gone.
		return Meta{}, damaged(bucketMeta, []byte(keyMeta))
	}
	return m, nil
}

func writeMeta(tx *bolt.Tx, m Meta) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode meta: %w", err)
	}
	b := tx.Bucket([]byte(bucketMeta))
	if b == nil {
		return fmt.Errorf("write meta: no %q bucket: %w", bucketMeta, ErrCorrupt)
	}
	if err := b.Put([]byte(keyMeta), seal(bucketMeta, []byte(keyMeta), raw)); err != nil {
		return fmt.Errorf("write meta: %w", err)
	}
	return nil
}

// checkLayout verifies that every bucket the current schema needs exists and
// that the history cursor decodes.
func checkLayout(tx *bolt.Tx) error {
	for _, name := range allBuckets() {
		if tx.Bucket([]byte(name)) == nil {
			return fmt.Errorf("bucket %q missing: %w", name, ErrCorrupt)
		}
	}
	if _, err := readCursor(tx); err != nil {
		return err
	}
	// Every record is verified on every open: a CRC-32C of the whole file
	// costs far less than the page walk before it (see docs/benchmarks.md),
	// and damage found now is reported by name before any of it is used.
	return verifyRecords(tx, SchemaVersion, false)
}

// initLayout creates an empty schema-v2 workspace in tx.
func initLayout(tx *bolt.Tx, appVersion string, now time.Time) error {
	for _, name := range allBuckets() {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	if err := writeCursor(tx, 0); err != nil {
		return err
	}
	for _, name := range digestedBuckets() {
		if err := writeDigest(tx, name, digest{}); err != nil {
			return err
		}
	}
	return writeMeta(tx, Meta{Schema: SchemaVersion, AppVersion: appVersion,
		Created: now, Modified: now, CleanShutdown: true})
}

// migration upgrades a file from schema From to From+1 inside one write
// transaction. The list is append-only: never edit a released migration,
// add a new one.
type migration struct {
	From  int
	Name  string
	Apply func(tx *bolt.Tx) error
}

// migrations returns the migration chain; entry i upgrades schema i+1.
func migrations() []migration {
	return []migration{
		{From: 1, Name: "split settings blob, binary history with cursor", Apply: migrateV1toV2},
		{From: 2, Name: "checksum every record, digest every bucket", Apply: migrateV2toV3},
		{From: 3, Name: "plans bucket", Apply: migrateV3toV4},
		{From: 4, Name: "notes and initiatives buckets", Apply: migrateV4toV5},
	}
}

// migrate runs every migration from m.Schema up to SchemaVersion in tx and
// stamps the new schema into the meta record.
func migrate(tx *bolt.Tx, m Meta) (Meta, error) {
	for _, mg := range migrations() {
		if mg.From < m.Schema {
			continue
		}
		if mg.From != m.Schema {
			return m, fmt.Errorf("no migration from schema %d: %w", m.Schema, ErrCorrupt)
		}
		if err := mg.Apply(tx); err != nil {
			return m, fmt.Errorf("migrate schema %d → %d (%s): %w", mg.From, mg.From+1, mg.Name, err)
		}
		m.Schema = mg.From + 1
	}
	if m.Schema != SchemaVersion {
		return m, fmt.Errorf("migrations end at schema %d, want %d: %w", m.Schema, SchemaVersion, ErrCorrupt)
	}
	return m, writeMeta(tx, m)
}

// v1Entry is how schema v1 stored one history entry: JSON, with the undo
// position implied by the "undone" flags instead of a cursor record.
type v1Entry struct {
	Time    time.Time `json:"time"`
	Label   string    `json:"label"`
	Forward []byte    `json:"forward"`
	Inverse []byte    `json:"inverse"`
	Undone  bool      `json:"undone"`
}

func migrateV1toV2(tx *bolt.Tx) error {
	// Settings: one JSON object under "all" becomes one key per setting.
	sb, err := tx.CreateBucketIfNotExists([]byte(BucketSettings))
	if err != nil {
		return fmt.Errorf("settings bucket: %w", err)
	}
	if blob := sb.Get([]byte(v1SettingsKey)); blob != nil {
		var all map[string]json.RawMessage
		if err := json.Unmarshal(blob, &all); err != nil {
			return fmt.Errorf("v1 settings blob: %v: %w", err, ErrCorrupt)
		}
		if err := sb.Delete([]byte(v1SettingsKey)); err != nil {
			return fmt.Errorf("delete v1 settings blob: %w", err)
		}
		for k, v := range all {
			if k == "" {
				continue
			}
			if err := sb.Put([]byte(k), v); err != nil {
				return fmt.Errorf("setting %q: %w", k, err)
			}
		}
	}

	// History: JSON entries become binary; the cursor is the last entry
	// before the first undone one (v1 always undid from the end).
	hb, err := tx.CreateBucketIfNotExists([]byte(bucketHistory))
	if err != nil {
		return fmt.Errorf("history bucket: %w", err)
	}
	var cursor uint64
	seenUndone := false
	type rewrite struct {
		key []byte
		val []byte
	}
	var rewrites []rewrite
	err = hb.ForEach(func(k, v []byte) error {
		if len(k) != 8 || v == nil {
			return fmt.Errorf("v1 history key %x: %w", k, ErrCorrupt)
		}
		var e v1Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("v1 history entry %x: %v: %w", k, err, ErrCorrupt)
		}
		seq := binary.BigEndian.Uint64(k)
		if e.Undone {
			seenUndone = true
		} else if !seenUndone {
			cursor = seq
		}
		rewrites = append(rewrites, rewrite{key: append([]byte(nil), k...),
			val: encodeEntry(Entry{Seq: seq, Time: e.Time, Label: e.Label, Forward: e.Forward, Inverse: e.Inverse})})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		if err := hb.Put(r.key, r.val); err != nil {
			return fmt.Errorf("rewrite history entry: %w", err)
		}
	}
	if _, err := tx.CreateBucketIfNotExists([]byte(bucketHistoryState)); err != nil {
		return fmt.Errorf("history state bucket: %w", err)
	}
	for _, name := range v3DocumentBuckets() {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	return writeCursorV2(tx, cursor)
}

// writeCursorV2 writes the history cursor as schema 2 stored it: 8 bytes,
// unsealed.
func writeCursorV2(tx *bolt.Tx, seq uint64) error {
	b := tx.Bucket([]byte(bucketHistoryState))
	if b == nil {
		return fmt.Errorf("history state bucket missing: %w", ErrCorrupt)
	}
	return b.Put([]byte(keyCursor), seqKey(seq))
}

// migrateV2toV3 seals every record and writes each bucket's digest. Schema
// 2 had no checksums, so damage already in the file cannot be told from
// data in general; what can be checked is checked before sealing, so that
// damage is not blessed with a valid checksum: keys in strictly increasing
// order (bbolt's search trusts it), no nested buckets, 8-byte history keys
// whose entries decode, and an 8-byte cursor.
func migrateV2toV3(tx *bolt.Tx) error {
	type kv struct{ k, v []byte }
	for _, name := range append(v3DocumentBuckets(), bucketHistory) {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return fmt.Errorf("bucket %q missing: %w", name, ErrCorrupt)
		}
		var recs []kv
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil || (len(recs) > 0 && string(k) <= string(recs[len(recs)-1].k)) {
				return damaged(name, k)
			}
			if name == bucketHistory {
				if len(k) != 8 {
					return damaged(name, k)
				}
				if _, err := splitEntry(binary.BigEndian.Uint64(k), v); err != nil {
					return damaged(name, k)
				}
			}
			recs = append(recs, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
		var d digest
		for _, r := range recs {
			sealed := seal(name, r.k, r.v)
			if err := b.Put(r.k, sealed); err != nil {
				return fmt.Errorf("seal %s: %w", recordName(name, r.k), translate(err))
			}
			d.add(storedSum(sealed))
		}
		if err := writeDigest(tx, name, d); err != nil {
			return err
		}
	}
	hs := tx.Bucket([]byte(bucketHistoryState))
	if hs == nil {
		return fmt.Errorf("history state bucket missing: %w", ErrCorrupt)
	}
	v := hs.Get([]byte(keyCursor))
	if len(v) != 8 {
		return damaged(bucketHistoryState, []byte(keyCursor))
	}
	return writeCursor(tx, binary.BigEndian.Uint64(v))
}

// migrateV3toV4 adds the plans bucket with its (empty) digest. A bucket of
// that name already there is not ours to bless: it is refused as damage
// rather than sealed into the digest unread.
func migrateV3toV4(tx *bolt.Tx) error {
	if tx.Bucket([]byte(BucketPlans)) != nil {
		return fmt.Errorf("bucket %q already exists in a schema 3 file: %w", BucketPlans, ErrCorrupt)
	}
	if _, err := tx.CreateBucket([]byte(BucketPlans)); err != nil {
		return fmt.Errorf("create bucket %q: %w", BucketPlans, translate(err))
	}
	return writeDigest(tx, BucketPlans, digest{})
}

// migrateV4toV5 adds the notes and initiatives buckets with their (empty)
// digests; like migrateV3toV4 it refuses a bucket already there as damage.
func migrateV4toV5(tx *bolt.Tx) error {
	for _, name := range []string{BucketNotes, BucketInitiatives} {
		if tx.Bucket([]byte(name)) != nil {
			return fmt.Errorf("bucket %q already exists in a schema 4 file: %w", name, ErrCorrupt)
		}
		if _, err := tx.CreateBucket([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, translate(err))
		}
		if err := writeDigest(tx, name, digest{}); err != nil {
			return err
		}
	}
	return nil
}
