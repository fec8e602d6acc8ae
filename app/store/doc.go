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
// # Error contract
//
// Every error returned by this package wraps one of the sentinel errors in
// errors.go when the caller can act on it (errors.Is works), or an
// *os.PathError / context error otherwise. bbolt errors never leak unwrapped:
// a lock timeout becomes ErrLocked, an invalid file ErrNotWorkspace, a damaged
// one ErrCorrupt. bbolt may panic or fault on damaged pages; the package
// recovers such panics at its boundary (Open, Update, View, Undo, …) and
// returns ErrCorrupt instead. Damage that bbolt cannot survive at all (page
// cycles, absurd overflow counts, which loop or overflow the stack) is caught
// before bbolt reads the file: Open walks the page tree itself first. A
// panic raised by a caller's own callback is not swallowed: it is re-raised
// unchanged.
//
// # Locking
//
// A writable Store holds an exclusive lock on the file; a second writable or
// read-only Open of the same file (from this or another process) fails with
// ErrLocked after Options.Timeout. Read-only opens share the file with each
// other but not with a writer.
package store
