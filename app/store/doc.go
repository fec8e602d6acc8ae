// Package store persists a KPI Tree workspace in one bbolt file (".kpitree").
//
// A workspace file holds opaque documents ([]byte, JSON encoded by the workspace
// layer) in fixed buckets (BucketTrees, BucketDatasets, …), a meta record
// (schema version, app version, timestamps, clean-shutdown flag) and a
// persistent undo/redo history. Every user action is one Update transaction
// committed with fsync, so there is no "unsaved changes" state to lose.
//
// # Schema versions
//
// The on-disk layout is versioned (SchemaVersion). Opening a file written with
// an older schema first copies it to a backup beside it (name.kpitree.v1.bak)
// and then migrates it in one transaction; a file from a newer app is refused
// with ErrNewerSchema and never altered.
//
// # Checksums (schema 3)
//
// bbolt checksums its meta pages only. Since schema 3 every stored value is
// sealed: followed by a CRC-32C (Castagnoli) of the bucket name, the key
// and the value, so a flipped bit in a key or a value, or a record read from
// the wrong page, fails its check. A per-bucket digest in the meta bucket
// (record count and XOR of the records' checksums), updated in the same
// transaction as every write, catches records that vanished or were
// replaced by an older copy of their page. Open verifies every document
// record and digest; every read (Get, Keys, ForEach, history calls)
// verifies what it returns. A damaged record is never returned as data: the
// read or Open fails with a *DamageError naming it ("scenario 'Upside':
// damaged"), which wraps ErrDamagedRecords and ErrCorrupt, and Salvage
// copies every intact record into a new file. Damaged history entries fail
// only the history calls (Undo, Redo, History) until salvaged.
//
// No loop over stored data trusts its order or counts: walks check that
// keys strictly increase and stop at the first that does not, deletions
// are checked to have taken effect, and nothing is repeated "until the
// bucket looks right" (the old history trim did, and spun forever on a
// page whose keys were out of order).
//
// # Error contract
//
// Every error returned by this package wraps one of the sentinel errors in
// errors.go when the caller can act on it (errors.Is works), or an
// *os.PathError / context error otherwise. bbolt errors never leak unwrapped:
// a lock timeout becomes ErrLocked, an invalid file ErrNotWorkspace, a damaged
// one ErrCorrupt (ErrDamagedRecords when only records are damaged), a
// read-only file system ErrReadOnlyFS and a refused permission
// ErrPermission. bbolt may panic or fault on damaged pages; the package
// recovers such panics at its boundary (Open, Update, View, Undo, …) and
// returns ErrCorrupt instead. Damage that bbolt cannot survive at all (page
// cycles, absurd overflow counts, which loop or overflow the stack) is caught
// before bbolt reads the file: Open walks the page tree itself first. A
// panic raised by a caller's own callback is not swallowed: it is re-raised
// unchanged.
//
// # Locking, and readers beside the writer
//
// A writable Store holds an exclusive lock (bbolt's flock) on the file for
// as long as it is open; a second writable Open of the same file (from this
// or another process) fails with ErrLocked after Options.Timeout.
//
// A read-only Open never waits for a writer. bbolt's lock cannot be shared
// with a writer (flock LOCK_EX against LOCK_SH), and reading the file in
// place beside one is unsafe: the writer reuses pages that a reader in
// another process may still be reading, since it only knows of readers in
// its own process. So when a writer holds the file, a read-only Open copies
// it into a private temporary file without the lock and reads that copy.
// The copy is consistent because bbolt never overwrites a page reachable
// from its newest committed meta page: a commit writes new pages into free
// space, syncs, then writes the other meta page; the pages it frees are
// reused only by later transactions. Both meta pages are read before and
// after the copy; when they are unchanged no commit happened meanwhile, the
// copy holds the writer's last committed state, and otherwise it is taken
// again. The copy is unlinked once bbolt has it open (on Windows, at Close).
// The cost is one file copy per read-only Open beside a writer: about a
// millisecond per MB. Without a writer, read-only Opens read the file in
// place under a shared lock: they coexist with each other, and a writable
// Open waits for them (up to Options.Timeout). A read-only Open of a file
// from an older schema reads a migrated private copy the same way, leaving
// the file as it is.
package store
