package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/store"
)

// Stored connections live in BucketSettings under connKeyPrefix+name, one
// document each, written through the same undoable records as every other
// edit. A source.Conn has no password field, so no secret can reach the
// file or its history; older versions ignore these keys.
const connKeyPrefix = "source/"

// Connections returns the stored connections by name.
func (w *Workspace) Connections() ([]source.Conn, error) {
	if _, err := w.snapshot(); err != nil {
		return nil, err
	}
	var out []source.Conn
	err := w.st.View(func(tx *store.Tx) error {
		return tx.ForEach(store.BucketSettings, func(k string, v []byte) error {
			name, ok := strings.CutPrefix(k, connKeyPrefix)
			if !ok {
				return nil
			}
			var c source.Conn
			// A damaged document is skipped, not trusted: it names no
			// connection a dataset could use.
			if json.Unmarshal(v, &c) != nil || c.Name != name || c.Validate() != nil {
				return nil
			}
			out = append(out, c)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	slices.SortFunc(out, func(a, b source.Conn) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Connection returns the stored connection name.
func (w *Workspace) Connection(name string) (source.Conn, error) {
	cs, err := w.Connections()
	if err != nil {
		return source.Conn{}, err
	}
	for _, c := range cs {
		if c.Name == name {
			return c, nil
		}
	}
	return source.Conn{}, fmt.Errorf("connection %q: %w", name, source.ErrUnknownConnection)
}

// SaveConnection adds c, or replaces the connection of the same name, as
// one undoable action.
func (w *Workspace) SaveConnection(c source.Conn) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("save connection: %w", err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("save connection: %w", err)
	}
	return w.change(act(LabelChangeSettings), func(*state) ([]docChange, error) {
		return []docChange{{Bucket: store.BucketSettings, Key: connKeyPrefix + c.Name, After: b}}, nil
	})
}

// RemoveConnection deletes a stored connection; it fails with
// ErrConnectionInUse while a dataset reads from it.
func (w *Workspace) RemoveConnection(name string) error {
	if _, err := w.Connection(name); err != nil {
		return fmt.Errorf("remove connection: %w", err)
	}
	return w.change(act(LabelChangeSettings), func(s *state) ([]docChange, error) {
		for _, id := range sortedKeys(s.datasets) {
			if q, ok := queryOf(s.datasets[id]); ok && q.Spec.Conn == name {
				return nil, fmt.Errorf("remove connection %s: dataset %q reads from it: %w", name, s.datasets[id].Name, source.ErrConnectionInUse)
			}
		}
		return []docChange{{Bucket: store.BucketSettings, Key: connKeyPrefix + name}}, nil
	})
}

// TestConnection connects to c (stored or not) and authenticates, with the
// password from secrets (nil: the OS keyring, then the environment).
func TestConnection(ctx context.Context, c source.Conn, secrets source.Secrets) error {
	src, err := source.Open(ctx, c, secrets)
	if err != nil {
		return fmt.Errorf("test connection: %w", err)
	}
	defer src.Close()
	if err := src.Ping(ctx); err != nil {
		return fmt.Errorf("test connection: %w", err)
	}
	return nil
}
