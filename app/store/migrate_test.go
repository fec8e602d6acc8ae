package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kpitree/kpitree/app/store"
)

var updateFixtures = flag.Bool("update-fixtures", false, "rewrite testdata/v*.kpitree from the layout writers in this file")

// fixtureTime keeps regenerated fixtures stable in content.
var fixtureTime = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

// v1 settings and history, shared by the writer and the assertions.
const v1Settings = `{"currency":"JPY","fiscalYearStartMonth":4,"locale":"ja"}`

type v1Entry struct {
	Time    time.Time `json:"time"`
	Label   string    `json:"label"`
	Forward []byte    `json:"forward"`
	Inverse []byte    `json:"inverse"`
	Undone  bool      `json:"undone"`
}

var v1History = []v1Entry{
	{Label: "ノードを追加", Forward: []byte(`{"op":"add","id":"n1"}`), Inverse: []byte(`{"op":"del","id":"n1"}`)},
	{Label: "Rename node", Forward: []byte(`{"op":"rename","to":"Active rate"}`), Inverse: []byte(`{"op":"rename","to":"稼働率"}`)},
	{Label: "Delete scenario", Forward: []byte(`{"op":"delscn"}`), Inverse: []byte(`{"op":"addscn"}`), Undone: true},
}

// writeV1 writes a schema-1 workspace the way the first release laid it
// out: settings as one JSON blob under "all", history entries as JSON with
// an "undone" flag and no cursor record, and no charts bucket.
func writeV1(path string) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"meta", "trees", "datasets", "bindings", "scenarios", "settings", "forecasts", "history"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		meta, _ := json.Marshal(map[string]any{"schema": 1, "appVersion": "0.1.0", "created": fixtureTime, "modified": fixtureTime})
		puts := []struct{ bucket, key, value string }{
			{"meta", "meta", string(meta)},
			{"trees", "main", `{"root":"revenue","name":"アドオン売上"}`},
			{"datasets", "mrr", `{"start":"2024-04","values":[100,110,121]}`},
			{"scenarios", "base", `{"overrides":[]}`},
			{"settings", "all", v1Settings},
		}
		for _, p := range puts {
			if err := tx.Bucket([]byte(p.bucket)).Put([]byte(p.key), []byte(p.value)); err != nil {
				return err
			}
		}
		for i, e := range v1History {
			e.Time = fixtureTime.Add(time.Duration(i) * time.Minute)
			raw, _ := json.Marshal(e)
			key := binary.BigEndian.AppendUint64(nil, uint64(i+1))
			if err := tx.Bucket([]byte("history")).Put(key, raw); err != nil {
				return err
			}
		}
		return nil
	})
	return errors.Join(err, db.Close())
}

// writeV2 writes a schema-2 workspace the way release 0.2 laid it out:
// one key per setting, binary history entries and an 8-byte cursor, all
// without checksums.
func writeV2(path string) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"meta", "trees", "datasets", "bindings", "scenarios", "settings", "forecasts", "charts", "history", "historystate"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		meta, _ := json.Marshal(map[string]any{"schema": 2, "appVersion": "0.2.0", "created": fixtureTime, "modified": fixtureTime, "cleanShutdown": true})
		// history entry: format 1, then length-prefixed time, label, forward, inverse
		tb, _ := fixtureTime.MarshalBinary()
		entry := []byte{1}
		for _, part := range [][]byte{tb, []byte("ノードを追加"), []byte(`{"op":"add"}`), []byte(`{"op":"del"}`)} {
			entry = binary.AppendUvarint(entry, uint64(len(part)))
			entry = append(entry, part...)
		}
		one := binary.BigEndian.AppendUint64(nil, 1)
		puts := []struct{ bucket, key, value string }{
			{"meta", "meta", string(meta)},
			{"trees", "main", `{"root":"revenue","name":"アドオン売上"}`},
			{"settings", "locale", `"ja"`},
			{"history", string(one), string(entry)},
			{"historystate", "cursor", string(one)},
		}
		for _, p := range puts {
			if err := tx.Bucket([]byte(p.bucket)).Put([]byte(p.key), []byte(p.value)); err != nil {
				return err
			}
		}
		return nil
	})
	return errors.Join(err, db.Close())
}

// writeV3 writes a schema-3 workspace: the schema-4 layout taken back to
// what release 0.3 wrote, without the plans bucket and its digest and with
// schema 3 in the meta record.
func writeV3(path string) error {
	if err := writeV4(path, "0.3.0"); err != nil {
		return err
	}
	return downgrade(path, 3, "plans")
}

// writeV4 writes a schema-4 workspace: the current layout taken back to
// what release 0.4 wrote, without the notes and initiatives buckets.
func writeV4(path, version string) error {
	if err := writeV5(path, version); err != nil {
		return err
	}
	return downgrade(path, 4, "notes", "initiatives")
}

// downgrade removes buckets (and their digests) from a workspace file and
// stamps schema into its meta record.
func downgrade(path string, schema int, buckets ...string) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		mb := tx.Bucket([]byte("meta"))
		for _, b := range buckets {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
			if err := mb.Delete([]byte("digest/" + b)); err != nil {
				return err
			}
		}
		raw := mb.Get([]byte("meta"))
		var m map[string]any
		if err := json.Unmarshal(raw[:len(raw)-4], &m); err != nil {
			return err
		}
		m["schema"] = schema
		raw, _ = json.Marshal(m)
		return mb.Put([]byte("meta"), store.Seal("meta", "meta", raw))
	})
	return errors.Join(err, db.Close())
}

// writeV5 writes a current-schema workspace through the public API.
func writeV5(path, version string) error {
	s, err := store.Create(path, version)
	if err != nil {
		return err
	}
	err = s.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.BucketTrees, "main", []byte(`{"root":"revenue","name":"アドオン売上"}`)); err != nil {
			return err
		}
		if err := tx.Put(store.BucketSettings, "locale", []byte(`"ja"`)); err != nil {
			return err
		}
		return tx.Record("ノードを追加", []byte(`{"op":"add"}`), []byte(`{"op":"del"}`))
	})
	return errors.Join(err, s.Close())
}

func TestUpdateFixtures(t *testing.T) {
	if !*updateFixtures {
		t.Skip("run with -update-fixtures to regenerate testdata/v*.kpitree")
	}
	v4 := func(path string) error { return writeV4(path, "0.4.0") }
	v5 := func(path string) error { return writeV5(path, "0.5.0") }
	for name, write := range map[string]func(string) error{"v1.kpitree": writeV1, "v2.kpitree": writeV2, "v3.kpitree": writeV3, "v4.kpitree": v4, "v5.kpitree": v5} {
		path := filepath.Join("testdata", name)
		_ = os.Remove(path)
		if err := write(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// copyFixture copies a committed fixture into a temp dir: tests never touch
// testdata itself.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(dst, readFile(t, filepath.Join("testdata", name)), 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestOpenEveryOlderSchema opens a fixture of every previous schema version.
func TestOpenEveryOlderSchema(t *testing.T) {
	if got := len(fixtureVersions()); got != store.SchemaVersion {
		t.Fatalf("fixtures for %d schema versions, want one per version up to %d", got, store.SchemaVersion)
	}
	for version, name := range fixtureVersions() {
		t.Run(name, func(t *testing.T) {
			path := copyFixture(t, name)
			original := readFile(t, path)
			s := openStore(t, path, store.Options{AppVersion: "test"})
			if s.Meta().Schema != store.SchemaVersion {
				t.Errorf("schema after open = %d, want %d", s.Meta().Schema, store.SchemaVersion)
			}
			if got := get(t, s, store.BucketTrees, "main"); got != `{"root":"revenue","name":"アドオン売上"}` {
				t.Errorf("tree document = %q", got)
			}
			bak := path + ".v" + string(rune('1'+version)) + ".bak"
			if version+1 == store.SchemaVersion {
				if _, err := os.Stat(bak); err == nil {
					t.Error("a current-schema file got a backup")
				}
				return
			}
			if got := readFile(t, bak); !bytes.Equal(got, original) {
				t.Errorf("backup differs from the file before migration (%d vs %d bytes)", len(got), len(original))
			}
		})
	}
}

func fixtureVersions() []string {
	var names []string
	for v := 1; ; v++ {
		name := "v" + string(rune('0'+v)) + ".kpitree"
		if _, err := os.Stat(filepath.Join("testdata", name)); err != nil {
			return names
		}
		names = append(names, name)
	}
}

func TestMigrateV1(t *testing.T) {
	path := copyFixture(t, "v1.kpitree")
	s := openStore(t, path, store.Options{})
	t.Run("should split the settings blob into one key per setting", func(t *testing.T) {
		var want map[string]json.RawMessage
		_ = json.Unmarshal([]byte(v1Settings), &want)
		err := s.View(func(tx *store.Tx) error {
			keys := tx.Keys(store.BucketSettings)
			if len(keys) != len(want) {
				t.Errorf("settings keys = %v, want %d keys", keys, len(want))
			}
			for k, v := range want {
				if got := tx.Get(store.BucketSettings, k); !bytes.Equal(got, v) {
					t.Errorf("setting %s = %s, want %s", k, got, v)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("should turn the undone flags into a cursor", func(t *testing.T) {
		entries, cursor, err := s.History()
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(v1History) || cursor != 2 {
			t.Fatalf("history: %d entries, cursor %d; want %d, 2", len(entries), cursor, len(v1History))
		}
		for i, e := range entries {
			w := v1History[i]
			if e.Seq != uint64(i+1) || e.Label != w.Label || !bytes.Equal(e.Forward, w.Forward) ||
				!bytes.Equal(e.Inverse, w.Inverse) || !e.Time.Equal(fixtureTime.Add(time.Duration(i)*time.Minute)) {
				t.Errorf("entry %d = %+v, want %+v", i, e, w)
			}
		}
		if !s.CanUndo() || !s.CanRedo() {
			t.Error("migrated history should allow both undo and redo")
		}
	})
	t.Run("should add the buckets v1 lacked", func(t *testing.T) {
		put(t, s, store.BucketCharts, "fan", "{}")
	})
	t.Run("should keep the created time", func(t *testing.T) {
		if m := s.Meta(); !m.Created.Equal(fixtureTime) {
			t.Errorf("Created = %v, want %v", m.Created, fixtureTime)
		}
	})
	t.Run("should not migrate or back up a second time", func(t *testing.T) {
		_ = s.Close()
		if err := os.Remove(path + ".v1.bak"); err != nil {
			t.Fatal(err)
		}
		r := openStore(t, path, store.Options{})
		if _, err := os.Stat(path + ".v1.bak"); err == nil {
			t.Error("a second open wrote another backup")
		}
		_ = r
	})
}

func TestMigrateKeepsExistingBackup(t *testing.T) {
	path := copyFixture(t, "v1.kpitree")
	if err := os.WriteFile(path+".v1.bak", []byte("older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	openStore(t, path, store.Options{})
	if got := readFile(t, path+".v1.bak"); string(got) != "older backup" {
		t.Error("an existing backup was overwritten")
	}
	matches, _ := filepath.Glob(path + ".v1-*.bak")
	if len(matches) != 1 {
		t.Errorf("timestamped backups = %v, want one", matches)
	}
}

func TestOldSchemaReadOnly(t *testing.T) {
	for _, name := range []string{"v1.kpitree", "v2.kpitree", "v3.kpitree", "v4.kpitree"} {
		t.Run("should read "+name+" read-only through a migrated copy, leaving the file as it was", func(t *testing.T) {
			path := copyFixture(t, name)
			before := readFile(t, path)
			s, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("read-only open of %s: %v", name, err)
			}
			if got := get(t, s, store.BucketTrees, "main"); got != `{"root":"revenue","name":"アドオン売上"}` {
				t.Errorf("tree document = %q", got)
			}
			if s.Meta().Schema != store.SchemaVersion {
				t.Errorf("schema seen = %d, want %d", s.Meta().Schema, store.SchemaVersion)
			}
			if err := s.Update(func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("write: %v, want ErrReadOnly", err)
			}
			_ = s.Close()
			if !bytes.Equal(before, readFile(t, path)) {
				t.Error("read-only open changed the file")
			}
			if baks := store.Backups(path); len(baks) != 0 {
				t.Errorf("read-only open wrote backups %v", baks)
			}
		})
	}
}

// rawUpdate edits a closed workspace file with bbolt directly, to build
// files this package would never write.
func rawUpdate(t testing.TB, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func setMetaField(key string, value any) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("meta"))
		var m map[string]any
		raw := b.Get([]byte("meta"))
		if err := json.Unmarshal(raw[:len(raw)-4], &m); err != nil {
			return err
		}
		m[key] = value
		raw, _ = json.Marshal(m)
		return b.Put([]byte("meta"), store.Seal("meta", "meta", raw))
	}
}

func TestNewerSchema(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		name := "should refuse a newer file for editing and leave it untouched"
		if readOnly {
			name = "should refuse a newer file read-only too"
		}
		t.Run(name, func(t *testing.T) {
			s, path := newStore(t)
			_ = s.Close()
			rawUpdate(t, path, setMetaField("schema", store.SchemaVersion+1))
			before := readFile(t, path)
			_, err := store.Open(path, store.Options{ReadOnly: readOnly})
			if !errors.Is(err, store.ErrNewerSchema) {
				t.Fatalf("err = %v, want ErrNewerSchema", err)
			}
			if !bytes.Equal(before, readFile(t, path)) {
				t.Error("the newer file was modified")
			}
			rawUpdate(t, path, setMetaField("schema", store.SchemaVersion)) // let cleanup check it
		})
	}
}

func TestMigrateV3toV4(t *testing.T) {
	t.Run("should add the plans bucket, keep the documents and back up the v3 file", func(t *testing.T) {
		path := copyFixture(t, "v3.kpitree")
		original := readFile(t, path)
		s := openStore(t, path, store.Options{})
		if got := s.Meta().Schema; got != store.SchemaVersion {
			t.Fatalf("schema after open = %d, want %d", got, store.SchemaVersion)
		}
		if got := get(t, s, store.BucketSettings, "locale"); got != `"ja"` {
			t.Errorf("locale setting = %q, want \"ja\"", got)
		}
		put(t, s, store.BucketPlans, "FY2026 plan v1", "{}")
		if got := get(t, s, store.BucketPlans, "FY2026 plan v1"); got != "{}" {
			t.Errorf("plan document = %q", got)
		}
		if !bytes.Equal(readFile(t, path+".v3.bak"), original) {
			t.Error("the backup is not the v3 file as it was")
		}
		entries, _, err := s.History()
		if err != nil || len(entries) != 1 || entries[0].Label != "ノードを追加" {
			t.Errorf("history after migration = %+v, %v; want the v3 entry", entries, err)
		}
	})
	t.Run("should give the new bucket a digest that a later open verifies", func(t *testing.T) {
		path := copyFixture(t, "v3.kpitree")
		s, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		put(t, s, store.BucketPlans, "a", "1")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		rawUpdate(t, path, setMetaField("cleanShutdown", false)) // forces a full verification
		r := openStore(t, path, store.Options{})
		if got := get(t, r, store.BucketPlans, "a"); got != "1" {
			t.Errorf("plan after reopen = %q", got)
		}
	})
	t.Run("should refuse a v3 file that already has a plans bucket as damaged", func(t *testing.T) {
		path := copyFixture(t, "v3.kpitree")
		rawUpdate(t, path, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("plans")); return err })
		_, err := store.Open(path, store.Options{})
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("open: %v, want ErrCorrupt", err)
		}
	})
	t.Run("should treat a missing plans bucket in a v4 file as damage", func(t *testing.T) {
		path := copyFixture(t, "v4.kpitree")
		rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("plans")) })
		_, err := store.Open(path, store.Options{})
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("open: %v, want ErrCorrupt", err)
		}
	})
}

// TestWriteV3IsTheReleasedLayout checks that the v3 writer, which derives
// the old layout from the current one, gives what release 0.3 wrote: the
// same buckets and meta-bucket keys as the committed v3 fixture.
func TestWriteV3IsTheReleasedLayout(t *testing.T) {
	layout := func(path string) (buckets, metaKeys []string) {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_ = db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				buckets = append(buckets, string(name))
				if string(name) == "meta" {
					return b.ForEach(func(k, _ []byte) error { metaKeys = append(metaKeys, string(k)); return nil })
				}
				return nil
			})
		})
		return buckets, metaKeys
	}
	fresh := filepath.Join(t.TempDir(), "v3.kpitree")
	if err := writeV3(fresh); err != nil {
		t.Fatal(err)
	}
	b1, m1 := layout(fresh)
	b2, m2 := layout(filepath.Join("testdata", "v3.kpitree"))
	if !slices.Equal(b1, b2) || !slices.Equal(m1, m2) {
		t.Errorf("writeV3 layout %v %v, committed fixture %v %v", b1, m1, b2, m2)
	}
}

func TestMigrateV4toV5(t *testing.T) {
	t.Run("should add the notes and initiatives buckets, keep the documents and back up the v4 file", func(t *testing.T) {
		path := copyFixture(t, "v4.kpitree")
		original := readFile(t, path)
		s := openStore(t, path, store.Options{})
		if got := s.Meta().Schema; got != 5 {
			t.Fatalf("schema after open = %d, want 5", got)
		}
		if got := get(t, s, store.BucketSettings, "locale"); got != `"ja"` {
			t.Errorf("locale setting = %q, want \"ja\"", got)
		}
		for _, b := range []string{store.BucketNotes, store.BucketInitiatives, store.BucketPlans} {
			put(t, s, b, "k", "{}")
			if got := get(t, s, b, "k"); got != "{}" {
				t.Errorf("%s document = %q", b, got)
			}
		}
		if !bytes.Equal(readFile(t, path+".v4.bak"), original) {
			t.Error("the backup is not the v4 file as it was")
		}
	})
	t.Run("should give the new buckets digests that a later open verifies", func(t *testing.T) {
		path := copyFixture(t, "v4.kpitree")
		s, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		put(t, s, store.BucketNotes, "a", "1")
		put(t, s, store.BucketInitiatives, "b", "2")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		rawUpdate(t, path, setMetaField("cleanShutdown", false)) // forces a full verification
		r := openStore(t, path, store.Options{})
		if got := get(t, r, store.BucketNotes, "a") + get(t, r, store.BucketInitiatives, "b"); got != "12" {
			t.Errorf("documents after reopen = %q, want 12", got)
		}
	})
	for _, b := range []string{"notes", "initiatives"} {
		t.Run("should refuse a v4 file that already has a "+b+" bucket as damaged", func(t *testing.T) {
			path := copyFixture(t, "v4.kpitree")
			rawUpdate(t, path, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte(b)); return err })
			if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("open: %v, want ErrCorrupt", err)
			}
		})
		t.Run("should treat a missing "+b+" bucket in a v5 file as damage", func(t *testing.T) {
			path := copyFixture(t, "v5.kpitree")
			rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte(b)) })
			if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("open: %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestWriteV4IsTheReleasedLayout checks that the v4 writer gives what
// release 0.4 wrote: the same buckets and meta keys as the committed v4
// fixture.
func TestWriteV4IsTheReleasedLayout(t *testing.T) {
	fresh := filepath.Join(t.TempDir(), "v4.kpitree")
	if err := writeV4(fresh, "0.4.0"); err != nil {
		t.Fatal(err)
	}
	b1, m1 := fileLayout(t, fresh)
	b2, m2 := fileLayout(t, filepath.Join("testdata", "v4.kpitree"))
	if !slices.Equal(b1, b2) || !slices.Equal(m1, m2) {
		t.Errorf("writeV4 layout %v %v, committed fixture %v %v", b1, m1, b2, m2)
	}
}

// fileLayout lists a workspace file's buckets and meta-bucket keys.
func fileLayout(t *testing.T, path string) (buckets, metaKeys []string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			buckets = append(buckets, string(name))
			if string(name) == "meta" {
				return b.ForEach(func(k, _ []byte) error { metaKeys = append(metaKeys, string(k)); return nil })
			}
			return nil
		})
	})
	return buckets, metaKeys
}
