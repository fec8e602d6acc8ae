// Package workspace is the use-case layer of KPI Tree: it opens and creates
// workspace files, edits the KPI tree with persistent undo/redo, binds leaves
// to imported data, forecasts bound leaves, manages what-if scenarios,
// simulates them and exports or imports whole workspaces as JSON. The desktop
// UI (app/ui) and the CLI (cmd/kpitreectl) both drive it; it never imports
// fyne and offers plain callbacks instead (Subscribe, OnProgress).
//
// # Documents
//
// A workspace file (app/store) holds JSON documents: the tree (BucketTrees,
// key "main"), datasets (BucketDatasets, keyed by dataset id), bindings
// (BucketBindings, keyed by node id), scenarios (BucketScenarios, keyed by
// name), settings (BucketSettings, key "workspace") and cached forecasts
// (BucketForecasts, keyed by node id; a cache, never part of undo).
// Reported actuals (BindActual: the figure a node's total was reported as,
// such as booked revenue for the computed root) share BucketBindings under
// "actual/"+node id; node ids cannot contain "/", so the two never clash.
//
// # Reconciliation
//
// A reported actual is never fed into the tree. Evaluation.Reported and
// Evaluation.Gap show it beside the computed value, and Check warns
// (CodeReconciliation) where the gap exceeds DefaultGapThreshold, because
// a tree whose root silently disagrees with the books loses the trust of
// the people it is shown to. Imports propose reported actuals for formula
// nodes whose names match a column (ImportPreview.SuggestedActuals).
//
// # Undo and redo
//
// Every user action is one store Update that writes the documents and a
// history record (record.go) atomically. A record is a small JSON list of
// document changes {bucket, key, before, after}; the inverse swaps before
// and after. Tree edits need no special record kind: because the tree is
// stored one document per node, an edit (including a kpitree Op applied
// with Apply) records just the nodes it changed, a few hundred bytes, and
// undo restores exactly those documents. Undo applies the inverse in one
// Update through store.Undo, so history survives a restart; the store caps
// it (Options.MaxHistory) so the file does not grow without bound. Each
// record also stores a LabelCode and its arguments, so HistoryEntry can be
// shown in the user's language (the English Label stays as it was).
//
// # Period indexes
//
// Scenario overrides (From, To) and per-period node targets are period
// indexes into the effective calendar, whose first period is the earliest
// bound data. An action that moves that first period (importing data that
// starts earlier, removing the earliest dataset, rebinding, editing the
// tree's calendar) rewrites them in the same transaction so they keep
// their dates (rebase.go); the rewrite is part of the action's history
// record, so one Undo restores both.
//
// # Opening large workspaces
//
// Node and dataset documents are decoded by small reflection-free readers
// (nodecodec.go) in parallel; anything outside the shape this package
// writes falls back to encoding/json, and fuzz tests check the two agree.
// Forecast sample paths are read only when a simulation needs them.
//
// # Concurrency
//
// A Workspace is safe for one UI plus background jobs: a mutex guards the
// in-memory state; long jobs (Forecast, Simulate) copy a snapshot under the
// mutex and compute without it, honouring their context.
//
// # Error contract
//
// User input never panics. Errors wrap the sentinels in errors.go or those
// of app/store (ErrLocked, ErrReadOnly, …) and kpitree, with a lowercase
// context ("bind revenue: …"); callers use errors.Is.
package workspace
