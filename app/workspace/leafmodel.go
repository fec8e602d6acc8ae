package workspace

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// DefaultModel is the model string that, given to SetLeafModel, removes a
// leaf's override so the leaf follows Settings.Model again.
const DefaultModel = "default"

// maxLeafModels bounds the overrides a settings document may hold; a tree
// has at most a few hundred leaves.
const maxLeafModels = 10000

// LeafModels maps leaf ids to the forecast model pinned for each
// (forecast.ParseModel strings). The zero value holds none.
//
// It is an immutable value rather than a map so that Settings stays
// comparable and a Settings returned by Workspace.Settings can be
// modified and handed back to SetSettings without touching the
// workspace's own copy. In JSON it is an object {"leaf id": "model"}.
type LeafModels struct {
	// enc holds "id\x00model\x00" pairs sorted by id, so equal overrides
	// are equal values and a lookup scans without allocating (ForecastAll
	// and Forecasts look up every leaf). "" when empty.
	enc string
}

// NewLeafModels returns the overrides in m. Empty models are left out, and
// so are pairs containing a NUL byte, which no node id or model string
// can contain.
func NewLeafModels(m map[string]string) LeafModels {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if strings.TrimSpace(v) != "" && !strings.ContainsRune(k, 0) && !strings.ContainsRune(v, 0) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(strings.TrimSpace(m[k]))
		b.WriteByte(0)
	}
	return LeafModels{enc: b.String()}
}

// each calls fn with every override in id order until fn returns false.
func (l LeafModels) each(fn func(leaf, model string) bool) {
	rest := l.enc
	for rest != "" {
		leaf, after, ok1 := strings.Cut(rest, "\x00")
		model, next, ok2 := strings.Cut(after, "\x00")
		if !ok1 || !ok2 || !fn(leaf, model) {
			return
		}
		rest = next
	}
}

// Map returns a copy of the overrides; nil when there are none.
func (l LeafModels) Map() map[string]string {
	if l.enc == "" {
		return nil
	}
	m := map[string]string{}
	l.each(func(leaf, model string) bool { m[leaf] = model; return true })
	return m
}

// Model returns the model pinned for leaf, if any.
func (l LeafModels) Model(leaf string) (model string, ok bool) {
	l.each(func(k, v string) bool {
		if k == leaf {
			model, ok = v, true
		}
		return !ok && k < leaf // sorted: stop once past leaf
	})
	return model, ok
}

// With returns the overrides with leaf's model set to model, or removed
// when model is "" or DefaultModel.
func (l LeafModels) With(leaf, model string) LeafModels {
	m := l.Map()
	if m == nil {
		m = map[string]string{}
	}
	if model = strings.TrimSpace(model); model == "" || strings.EqualFold(model, DefaultModel) {
		delete(m, leaf)
	} else {
		m[leaf] = model
	}
	return NewLeafModels(m)
}

// Len is the number of overrides.
func (l LeafModels) Len() int { return strings.Count(l.enc, "\x00") / 2 }

// Leaves returns the overridden leaf ids, sorted.
func (l LeafModels) Leaves() []string {
	var out []string
	l.each(func(leaf, _ string) bool { out = append(out, leaf); return true })
	return out
}

// IsZero reports whether there are no overrides (for json omitzero).
func (l LeafModels) IsZero() bool { return l.enc == "" }

// MarshalJSON writes the overrides as a JSON object.
func (l LeafModels) MarshalJSON() ([]byte, error) {
	m := l.Map()
	if m == nil {
		m = map[string]string{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("leaf models: %w", err)
	}
	return b, nil
}

// UnmarshalJSON reads a JSON object of strings; null means none.
func (l *LeafModels) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("leaf models: %w", err)
	}
	*l = NewLeafModels(m)
	return nil
}

// validate checks every override: a plausible leaf id and a model
// forecast.ParseModel accepts. Unknown leaf ids are allowed: a node may
// have been deleted since, and ForecastAll ignores them.
func (l LeafModels) validate() error {
	if n := l.Len(); n > maxLeafModels {
		return fmt.Errorf("%d leaf models: use at most %d: %w", n, maxLeafModels, ErrBadSettings)
	}
	var err error
	l.each(func(id, model string) bool {
		if !kpitree.ValidID(id) {
			err = fmt.Errorf("leaf model for %s: not a node id (letters, digits and _): %w", kpitree.Quote(id), ErrBadSettings)
		} else if _, perr := forecast.ParseModel(model); perr != nil {
			err = fmt.Errorf("leaf model for %s: %w: %w", id, ErrBadSettings, perr)
		}
		return err == nil
	})
	return err
}

// ModelFor returns the model string leaf is forecast with: its override,
// else Model ("auto" when Model is empty), and whether it was overridden.
func (s Settings) ModelFor(leaf string) (model string, overridden bool) {
	if m, ok := s.LeafModels.Model(leaf); ok {
		return m, true
	}
	if s.Model == "" {
		return "auto", false
	}
	return s.Model, false
}

// SetLeafModel pins the forecast model of one input node, as one undoable
// settings change; model "" or DefaultModel removes the override so the
// leaf follows Settings.Model again. The model is stored in canonical
// form (forecast.Model.String). Overrides of nodes no longer in the tree
// are dropped at the same time, so deleted nodes leave nothing behind.
// The next ForecastAll re-forecasts the leaf (its cache key includes the
// model).
func (w *Workspace) SetLeafModel(node, model string) error {
	model = strings.TrimSpace(model)
	if model != "" && !strings.EqualFold(model, DefaultModel) {
		m, err := forecast.ParseModel(model)
		if err != nil {
			return fmt.Errorf("model of %s: %w: %w", kpitree.Quote(node), ErrBadSettings, err)
		}
		model = m.String()
	}
	return w.change(act(LabelSetLeafModel, node), func(s *state) ([]docChange, error) {
		n, ok := s.node(node)
		if !ok {
			return nil, fmt.Errorf("model of %s: %w", kpitree.Quote(node), kpitree.ErrUnknownNode)
		}
		if n.Kind != kpitree.KindInput {
			return nil, fmt.Errorf("model of %s: only input nodes are forecast: %w", kpitree.Quote(node), ErrNotInput)
		}
		set := s.settings
		lm := set.LeafModels.With(node, model)
		for _, id := range lm.Leaves() {
			if _, ok := s.node(id); !ok {
				lm = lm.With(id, "")
			}
		}
		if lm == set.LeafModels {
			return nil, nil // nothing changes: no history entry
		}
		set.LeafModels = lm
		return putOnly(store.BucketSettings, keySettings, set)
	})
}

// leafModelRename returns the settings change that moves node from's
// model override to to, or nothing when from has none. Workspace.Apply
// should append it for a kpitree.RenameID, beside the binding it moves,
// so a renamed leaf keeps its model (an override left under the old id
// is harmless, but the leaf would silently lose it).
func (s *state) leafModelRename(from, to string) ([]docChange, error) {
	m, ok := s.settings.LeafModels.Model(from)
	if !ok || from == to {
		return nil, nil
	}
	set := s.settings
	set.LeafModels = set.LeafModels.With(from, "").With(to, m)
	return putOnly(store.BucketSettings, keySettings, set)
}
