package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultTimeout is how long Open waits for the file lock before returning
// ErrLocked. It stays under one second so a second window reports the
// conflict promptly (bbolt polls the lock every 50 ms).
const DefaultTimeout = 750 * time.Millisecond

// Options configure Open.
type Options struct {
	// ReadOnly opens the file with a shared lock: several read-only opens
	// coexist, but none coexists with a writable open (the later one gets
	// ErrLocked). Writes return ErrReadOnly.
	ReadOnly bool
	// Timeout bounds the wait for the file lock; ≤ 0 means DefaultTimeout.
	Timeout time.Duration
	// AppVersion is recorded in the meta record on a writable open; "" keeps
	// the stored value.
	AppVersion string
	// MaxHistory caps the number of history entries kept (the oldest are
	// dropped on Record); 0 keeps them all.
	MaxHistory int

	// private marks a temporary copy only this package sees: migrating it
	// needs no backup.
	private bool
}

// Store is an open workspace file. Its methods are safe for concurrent use;
// write transactions are serialised.
type Store struct {
	path string
	opts Options

	// life is held shared by every transaction and exclusively by Compact
	// and Close, so the bbolt handle never changes under a transaction.
	life   sync.RWMutex
	db     *bolt.DB
	closed bool

	mu   sync.Mutex // guards meta
	meta Meta

	// poisoned is set once bbolt panicked on this file: further writes could
	// spread the damage, and Close must not mark the file clean.
	poisoned atomic.Bool

	// migrationBackup is the backup this Open wrote before migrating the
	// file; or "".
	migrationBackup string

	// snapshot is the private copy a read-only store reads when a writer
	// held the file at Open (see readSnapshot); removed by Close. Or "".
	snapshot string
}

// Create makes a new, empty workspace at path and opens it for writing. It
// fails with ErrExists when path exists. The file appears atomically: it is
// built under a temporary name and linked into place.
func Create(path, appVersion string) (*Store, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("create workspace %s: %w", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".creating-*")
	if err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	defer os.Remove(tmpPath)

	db, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", path, translate(err))
	}
	err = db.Update(func(tx *bolt.Tx) error { return initLayout(tx, appVersion, time.Now().UTC()) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", path, translate(err))
	}
	// Link refuses to replace an existing file, closing the race with a
	// concurrent Create of the same name.
	if err := os.Link(tmpPath, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("create workspace %s: %w", path, ErrExists)
		}
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	// Drop the temporary name before opening: Windows refuses to remove a
	// link to a file that is open, which left a .creating-* file behind.
	_ = os.Remove(tmpPath)
	syncDir(filepath.Dir(path))
	return Open(path, Options{AppVersion: appVersion})
}

// Open opens an existing workspace file. A file with an older schema is
// copied to a backup beside it and migrated; opened read-only, a migrated
// private copy is read instead and the file is left as it is. A newer one
// is refused with ErrNewerSchema. Every Open first validates the page
// structure (ids, types, bounds, no page reached twice) without bbolt and
// verifies every document record's checksum and every bucket's digest;
// when the file was not closed cleanly it also reads every record and runs
// bbolt's tx.Check. A read-only Open of a file another process holds for
// editing reads a consistent copy of that writer's last commit (see the
// package documentation).
func Open(path string, opts Options) (*Store, error) {
	s, err := open(path, opts)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", path, err)
	}
	return s, nil
}

func open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ReadOnly && probeLock(path) != nil {
		// A writer holds the file: read its last commit from a copy
		// instead of waiting for a lock it will not give up.
		return openSnapshot(path, opts)
	}
	s, err := openDirect(path, opts)
	switch {
	case opts.ReadOnly && errors.Is(err, ErrLocked):
		// A writer took the lock after the probe (or the platform cannot
		// probe it).
		return openSnapshot(path, opts)
	case opts.ReadOnly && errors.Is(err, errNeedsMigration):
		return openSnapshot(path, opts)
	}
	return s, err
}

// errNeedsMigration is what a read-only openDirect returns for an older
// schema; open then reads a migrated private copy instead.
var errNeedsMigration = fmt.Errorf("an older schema: %w", ErrReadOnly)

// openSnapshot opens a consistent copy of the last commit of a file a
// writer holds, read-only. The copy is the store's until Close.
func openSnapshot(path string, opts Options) (*Store, error) {
	tmp, err := readSnapshot(path, opts.Timeout)
	if err != nil {
		return nil, err
	}
	s, err := openDirect(tmp, opts)
	if errors.Is(err, errNeedsMigration) {
		// An older schema: migrate the private copy (no backup, nothing
		// else sees it) and read that; the user's file stays as it is.
		var w *Store
		if w, err = openDirect(tmp, Options{Timeout: opts.Timeout, private: true}); err == nil {
			if err = w.Close(); err == nil {
				s, err = openDirect(tmp, opts)
			}
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return nil, err
	}
	s.path = path
	if runtime.GOOS == "windows" {
		s.snapshot = tmp // an open file cannot be removed there; Close does
	} else {
		// bbolt holds the file open and mapped: unlinking it now means no
		// copy is left behind even if this process is killed.
		_ = os.Remove(tmp)
	}
	return s, nil
}

func openDirect(path string, opts Options) (*Store, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("%w (%v)", ErrPermission, err)
		}
		return nil, err
	case fi.IsDir():
		return nil, fmt.Errorf("is a directory: %w", ErrNotWorkspace)
	case fi.Size() == 0:
		// bbolt would silently initialise an empty file; refuse instead.
		return nil, fmt.Errorf("empty file: %w", ErrNotWorkspace)
	}
	// Validate the page structure before bbolt reads a single page: bbolt
	// trusts it, and some damage makes it hang or crash uncatchably. Without
	// the lock a concurrent writer could race this read, but such a writer
	// makes the Open below fail with ErrLocked anyway.
	if err := checkStructure(path); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("%w (%v)", ErrPermission, err)
		}
		if errors.Is(err, ErrCorrupt) {
			if locked := probeLock(path); locked != nil {
				return nil, locked
			}
		}
		return nil, err
	}
	db, err := openBolt(path, opts.ReadOnly, opts.Timeout)
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, opts: opts, db: db}
	if err := s.prepare(); err != nil {
		_ = guard("close", nil, func() error { contain(func() { _ = db.Close() }); return nil })
		return nil, err
	}
	return s, nil
}

// openBolt opens the bbolt file without ever creating it and classifies the
// failure: a file with bbolt's magic that bbolt rejects is damaged, anything
// else is not a workspace.
func openBolt(path string, readOnly bool, timeout time.Duration) (*bolt.DB, error) {
	var file *os.File
	bopts := &bolt.Options{
		Timeout:         timeout,
		ReadOnly:        readOnly,
		PreLoadFreelist: true,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			if file == nil {
				file = f
			}
			return f, err
		},
	}
	var db *bolt.DB
	err := guard("open", nil, func() error {
		var err error
		contain(func() { db, err = bolt.Open(path, 0o600, bopts) })
		return err
	})
	if err != nil {
		if db == nil && file != nil && errors.Is(err, ErrCorrupt) {
			// bbolt panicked half-way through Open; release the lock it took.
			_ = file.Close()
		}
		err = translate(err)
		switch {
		case errors.Is(err, syscall.EROFS):
			return nil, fmt.Errorf("%w (%v)", ErrReadOnlyFS, err)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("%w (%v)", ErrPermission, err)
		}
		if errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) || errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		// bbolt reports many header problems as plain strings ("file size
		// too small"); the magic number tells damage from a foreign file.
		if hasBoltMagic(path) {
			return nil, fmt.Errorf("bbolt header present but unreadable (%v): %w", err, ErrCorrupt)
		}
		if !errors.Is(err, ErrNotWorkspace) {
			err = fmt.Errorf("%v: %w", err, ErrNotWorkspace)
		}
		return nil, err
	}
	return db, nil
}

// probeLock returns ErrLocked when another process holds path for writing,
// so a half-written file seen without the lock is not reported as damage.
func probeLock(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if lockedByOther(f) {
		return fmt.Errorf("file is being written by another process: %w", ErrLocked)
	}
	return nil
}

// hasBoltMagic reports whether either meta page carries bbolt's magic
// number (page header 16 bytes, then magic, little-endian): with the first
// one's bytes damaged, the second (one page in; 4 KiB for the files this
// app writes, larger on some systems) still tells a damaged workspace from
// another kind of file.
func hasBoltMagic(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	for _, off := range []int64{0, 4096, 8192, 16384, 65536} {
		var hdr [20]byte
		if _, err := f.ReadAt(hdr[:], off); err != nil {
			return false
		}
		if binary.LittleEndian.Uint32(hdr[16:]) == 0xED0CDAED {
			return true
		}
	}
	return false
}

// prepare validates the meta record, migrates or refuses other schemas,
// verifies an uncleanly closed file and marks the file as in use.
func (s *Store) prepare() error {
	var m Meta
	err := guard("read meta", nil, func() error {
		var err error
		contain(func() {
			err = s.db.View(func(tx *bolt.Tx) error {
				// tx.Size is the high-water mark of allocated pages: a file
				// shorter than that lost its tail, and reading the missing
				// pages would fault.
				if fi, err := os.Stat(s.db.Path()); err == nil && fi.Size() < tx.Size() {
					return fmt.Errorf("file is %d bytes, its pages need %d (truncated): %w", fi.Size(), tx.Size(), ErrCorrupt)
				}
				m, err = readMeta(tx)
				return err
			})
		})
		return err
	})
	if err != nil {
		return err
	}
	if m.Schema > SchemaVersion {
		return fmt.Errorf("schema %d, this app reads up to %d: %w", m.Schema, SchemaVersion, ErrNewerSchema)
	}
	if !m.CleanShutdown || m.Schema < SchemaVersion {
		if err := checkDB(context.Background(), s.db); err != nil {
			return err
		}
	}
	if m.Schema < SchemaVersion {
		if s.opts.ReadOnly {
			return fmt.Errorf("schema %d must be upgraded to %d: %w", m.Schema, SchemaVersion, errNeedsMigration)
		}
		if err := s.backupAndMigrate(m); err != nil {
			return err
		}
	}
	return guard("prepare", nil, func() error {
		var err error
		contain(func() {
			if s.opts.ReadOnly {
				err = s.db.View(func(tx *bolt.Tx) error {
					if err := checkLayout(tx); err != nil {
						return err
					}
					m, err = readMeta(tx)
					return err
				})
				return
			}
			err = s.db.Update(func(tx *bolt.Tx) error {
				if err := checkLayout(tx); err != nil {
					return err
				}
				var err error
				if m, err = readMeta(tx); err != nil {
					return err
				}
				m.CleanShutdown = false
				if s.opts.AppVersion != "" {
					m.AppVersion = s.opts.AppVersion
				}
				return writeMeta(tx, m)
			})
		})
		if errors.Is(err, syscall.EFBIG) {
			// Marking the file in use rewrites one small page; asking the
			// OS for a file past its size limit instead means a page
			// header of the file claims an absurd size: damage the record
			// checks do not reach (a bucket's page, not a record).
			return fmt.Errorf("opening for editing wanted to grow the file past the system's limit (%v): %w", err, ErrCorrupt)
		}
		if err != nil {
			return translate(err)
		}
		s.meta = m
		return nil
	})
}

// backupAndMigrate writes the unmodified file to name.kpitree.vN.bak and then
// migrates it in a single transaction, so a failure leaves the file as it was.
func (s *Store) backupAndMigrate(m Meta) error {
	if s.opts.private {
		return s.migrateInPlace(m)
	}
	bak := fmt.Sprintf("%s.v%d.bak", s.path, m.Schema)
	if _, err := os.Lstat(bak); err == nil {
		bak = fmt.Sprintf("%s.v%d-%s.bak", s.path, m.Schema, time.Now().UTC().Format("20060102T150405"))
	}
	// A byte-for-byte copy, not a tx snapshot: the backup is exactly the
	// file the user had, and our exclusive lock keeps it still meanwhile.
	err := writeFileAtomic(bak, func(w io.Writer) (int64, error) {
		f, err := os.Open(s.path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		return io.Copy(w, f)
	})
	if err != nil {
		return fmt.Errorf("back up before migration: %w", err)
	}
	s.migrationBackup = bak
	return s.migrateInPlace(m)
}

// migrateInPlace migrates the file in one transaction.
func (s *Store) migrateInPlace(m Meta) error {
	return guard("migrate", nil, func() error {
		var err error
		contain(func() {
			err = s.db.Update(func(tx *bolt.Tx) error {
				_, err := migrate(tx, m)
				return err
			})
		})
		return translate(err)
	})
}

// writeFileAtomic writes path through a temporary file in the same
// directory, fsyncs it and renames it into place.
func writeFileAtomic(path string, write func(io.Writer) (int64, error)) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := write(tmp); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename durable; not every platform can fsync a directory,
// so failure is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.opts.ReadOnly }

// Meta returns the meta record as of the last committed transaction.
func (s *Store) Meta() Meta {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.meta
}

// Update runs fn in one write transaction, committed durably (fsync) when fn
// returns nil and rolled back otherwise. fn's error is returned unchanged.
// The meta record's Modified time is updated when fn wrote anything.
func (s *Store) Update(fn func(tx *Tx) error) error {
	if fn == nil {
		return errors.New("update: nil function")
	}
	return s.update("update", fn)
}

func (s *Store) update(op string, fn func(tx *Tx) error) error {
	return s.transact(op, true, fn)
}

// commitMeta stamps the meta record's Modified time inside t when fn wrote
// anything, and publishes it to Meta once the transaction commits.
func (s *Store) commitMeta(t *Tx) error {
	if !t.changed {
		return nil
	}
	if err := t.flushDigests(); err != nil {
		return err
	}
	s.mu.Lock()
	m := s.meta
	s.mu.Unlock()
	m.Modified = time.Now().UTC()
	if err := writeMeta(t.btx, m); err != nil {
		return err
	}
	t.btx.OnCommit(func() {
		s.mu.Lock()
		s.meta = m
		s.mu.Unlock()
	})
	return nil
}

// View runs fn in a read-only transaction over a consistent snapshot.
func (s *Store) View(fn func(tx *Tx) error) error {
	if fn == nil {
		return errors.New("view: nil function")
	}
	return s.view("view", fn)
}

func (s *Store) view(op string, fn func(tx *Tx) error) error {
	return s.transact(op, false, fn)
}

// transact runs fn in one bbolt transaction, a write one (committed with
// commitMeta) or a read-only one, behind the guards every transaction
// shares: a fault in the mapped file poisons the store, a panic in fn
// becomes an error, damage fn found rolls back, fn's own error comes back
// unchanged and any other error is translated and prefixed with op.
func (s *Store) transact(op string, write bool, fn func(tx *Tx) error) error {
	db, release, err := s.handle()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer release()
	maxHistory := 0
	if write {
		if s.opts.ReadOnly {
			return fmt.Errorf("%s: %w", op, ErrReadOnly)
		}
		if s.poisoned.Load() {
			return fmt.Errorf("%s: earlier failure: %w", op, ErrCorrupt)
		}
		maxHistory = s.opts.MaxHistory
	}
	var fnErr error
	err = guard(op, s.poison, func() error {
		var err error
		body := func(btx *bolt.Tx) error {
			t := &Tx{btx: btx, maxHistory: maxHistory}
			if fnErr = callUser(func() error { return fn(t) }); fnErr != nil {
				return fnErr
			}
			if t.damage != nil || !write {
				return t.damage
			}
			return s.commitMeta(t)
		}
		contain(func() {
			if write {
				err = db.Update(body)
			} else {
				err = db.View(body)
			}
		})
		return err
	})
	if err != nil && fnErr != nil && errors.Is(err, fnErr) {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, translate(err))
	}
	return nil
}

func (s *Store) poison() { s.poisoned.Store(true) }

// handle returns the current bbolt handle and a release function, or
// ErrClosed. The handle stays valid until release is called.
func (s *Store) handle() (*bolt.DB, func(), error) {
	s.life.RLock()
	if s.closed {
		s.life.RUnlock()
		return nil, nil, ErrClosed
	}
	return s.db, s.life.RUnlock, nil
}

// Close marks the file as cleanly shut down (so the next Open skips the
// full check) and releases the lock. When at least 1 MiB and half of the
// file are free pages it compacts the file first. Closing twice is a no-op.
func (s *Store) Close() error {
	s.life.Lock()
	defer s.life.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true

	var compactErr, markErr error
	if !s.opts.ReadOnly && !s.poisoned.Load() && wasteful(s.db, s.path) {
		// A failed compaction leaves the original file in place; report it
		// but still close cleanly.
		compactErr = s.compactLocked(context.Background(), nil)
	}
	db, m := s.db, s.Meta()
	if !s.opts.ReadOnly && !s.poisoned.Load() {
		markErr = guard("close", nil, func() error {
			var err error
			contain(func() {
				err = db.Update(func(tx *bolt.Tx) error {
					m.CleanShutdown = true
					return writeMeta(tx, m)
				})
			})
			return translate(err)
		})
	}
	closeErr := guard("close", nil, func() error {
		var err error
		contain(func() { err = db.Close() })
		return err
	})
	if s.snapshot != "" {
		_ = os.Remove(s.snapshot)
	}
	if err := errors.Join(compactErr, markErr, closeErr); err != nil {
		return fmt.Errorf("close workspace %s: %w", s.path, err)
	}
	return nil
}

// CloseAndUndoMigration closes the store and, when this Open migrated the
// file, puts the unmigrated file back from the backup it wrote (which then
// no longer exists). The workspace layer calls it when the documents of a
// freshly migrated file fail to load: the damage was already in the old
// file, so the file is left exactly as the user had it, and no message
// points at a backup holding the same damage.
func (s *Store) CloseAndUndoMigration() error {
	cerr := s.Close()
	if s.migrationBackup == "" {
		return cerr
	}
	if err := os.Rename(s.migrationBackup, s.path); err != nil {
		return errors.Join(cerr, fmt.Errorf("undo migration: %w", err))
	}
	syncDir(filepath.Dir(s.path))
	return cerr
}
