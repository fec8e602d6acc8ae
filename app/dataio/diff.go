package dataio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Revision is a value that changed between two imports.
type Revision struct {
	Column string  `json:"column"`
	Period string  `json:"period"`
	Old    float64 `json:"old"` // NaN when the value was missing
	New    float64 `json:"new"` // NaN when the value is now missing
}

// DatasetDiff says what a re-import changed. Periods are compared by label,
// so two datasets on different calendars still compare period by period.
type DatasetDiff struct {
	AddedPeriods   []string   `json:"added_periods,omitempty"`
	RemovedPeriods []string   `json:"removed_periods,omitempty"`
	AddedColumns   []string   `json:"added_columns,omitempty"`
	RemovedColumns []string   `json:"removed_columns,omitempty"`
	Revised        []Revision `json:"revised,omitempty"` // in column, then period order
	// FreqChanged is true when the two datasets have different frequencies;
	// the other fields then compare labels that rarely match.
	FreqChanged bool `json:"freq_changed,omitempty"`
}

// Empty reports whether nothing changed.
func (d DatasetDiff) Empty() bool {
	return len(d.AddedPeriods)+len(d.RemovedPeriods)+len(d.AddedColumns)+len(d.RemovedColumns)+len(d.Revised) == 0 && !d.FreqChanged
}

// Diff compares two imports of the same source. Values in periods present
// in both are revised when they differ (a value becoming missing, or
// appearing, counts); values of added periods are not listed as revisions.
func Diff(old, new *Dataset) DatasetDiff {
	var d DatasetDiff
	if old == nil || new == nil {
		return d
	}
	d.FreqChanged = old.Calendar.Freq != new.Calendar.Freq
	oldLabels, newLabels := old.Labels(), new.Labels()
	oldIdx := make(map[string]int, len(oldLabels))
	for i, l := range oldLabels {
		oldIdx[l] = i
	}
	newIdx := make(map[string]int, len(newLabels))
	for i, l := range newLabels {
		newIdx[l] = i
		if _, ok := oldIdx[l]; !ok {
			d.AddedPeriods = append(d.AddedPeriods, l)
		}
	}
	for _, l := range oldLabels {
		if _, ok := newIdx[l]; !ok {
			d.RemovedPeriods = append(d.RemovedPeriods, l)
		}
	}
	for _, nc := range new.Columns {
		oc, ok := old.Column(nc.Name)
		if !ok {
			d.AddedColumns = append(d.AddedColumns, nc.Name)
			continue
		}
		for i, l := range newLabels {
			j, ok := oldIdx[l]
			if !ok || i >= len(nc.Values) || j >= len(oc.Values) {
				continue
			}
			a, b := oc.Values[j], nc.Values[i]
			if a == b || (isNaN(a) && isNaN(b)) {
				continue
			}
			d.Revised = append(d.Revised, Revision{Column: nc.Name, Period: l, Old: a, New: b})
		}
	}
	for _, oc := range old.Columns {
		if _, ok := new.Column(oc.Name); !ok {
			d.RemovedColumns = append(d.RemovedColumns, oc.Name)
		}
	}
	return d
}

// Refresh re-imports old's source with old's options and returns the new
// dataset, its report and what changed. Like Read it writes nothing.
func Refresh(ctx context.Context, old *Dataset) (*Dataset, *Report, DatasetDiff, error) {
	if old == nil || old.Source == "" {
		return nil, nil, DatasetDiff{}, fmt.Errorf("refresh: the dataset has no source file; import it from a file first: %w", ErrBadOption)
	}
	opt := old.Options
	ds, rep, err := Read(ctx, old.Source, opt)
	if err != nil {
		return nil, rep, DatasetDiff{}, fmt.Errorf("refresh: %w", err)
	}
	return ds, rep, Diff(old, ds), nil
}

// Watch polls path every interval and calls changed (from Watch's
// goroutine) when its modification time or size changes, including when
// it appears or disappears. It returns ctx.Err() when ctx ends. Polling
// rather than OS notifications keeps it dependency-free and works on
// network drives, where spreadsheets often live.
func Watch(ctx context.Context, path string, interval time.Duration, changed func()) error {
	if interval <= 0 {
		return fmt.Errorf("watch %s: interval %v must be positive: %w", path, interval, ErrBadOption)
	}
	if changed == nil {
		return fmt.Errorf("watch %s: no callback: %w", path, ErrBadOption)
	}
	type state struct {
		mod    time.Time
		size   int64
		exists bool
	}
	stat := func() (state, error) {
		fi, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			return state{}, nil
		}
		if err != nil {
			return state{}, err
		}
		return state{mod: fi.ModTime(), size: fi.Size(), exists: true}, nil
	}
	last, err := stat()
	if err != nil {
		return fmt.Errorf("watch %s: %w", path, err)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		cur, err := stat()
		if err != nil {
			continue // a transient error (file being replaced): try again next tick
		}
		if cur.exists != last.exists || cur.size != last.size || !cur.mod.Equal(last.mod) {
			last = cur
			changed()
		}
	}
}
