package workspace

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

func marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return b, nil
}

// putDoc is the change that stores v, JSON-encoded, as document key of
// bucket: the one encode step of every action that writes a document.
func putDoc(bucket, key string, v any) (docChange, error) {
	b, err := marshal(v)
	if err != nil {
		return docChange{}, err
	}
	return docChange{Bucket: bucket, Key: key, After: b}, nil
}

// putOnly is putDoc as the one change of an action.
func putOnly(bucket, key string, v any) ([]docChange, error) {
	c, err := putDoc(bucket, key, v)
	if err != nil {
		return nil, err
	}
	return []docChange{c}, nil
}

// namedDoc returns document name of the current state, from the map docs
// picks: the one lookup of Scenario, Initiative and the stored plans. A
// name it does not hold is refused with unknown; what names the kind in
// the error ("plan …").
func namedDoc[T any](w *Workspace, name, what string, docs func(*state) map[string]T, unknown error) (T, error) {
	var zero T
	s, err := w.snapshot()
	if err != nil {
		return zero, err
	}
	v, ok := docs(s)[name]
	if !ok {
		return zero, fmt.Errorf("%s %s: %w", what, kpitree.Quote(name), unknown)
	}
	return v, nil
}

// deleteDoc removes document key of bucket as the undoable action a: the
// one delete step of plans, scenarios, notes and initiatives. docs picks
// the state's map of that bucket; a key it does not hold is refused with
// unknown, and what names the kind in the error ("delete plan …").
func deleteDoc[T any](w *Workspace, a action, bucket, key, what string, docs func(*state) map[string]T, unknown error) error {
	return w.change(a, func(s *state) ([]docChange, error) {
		if _, ok := docs(s)[key]; !ok {
			return nil, fmt.Errorf("delete %s %s: %w", what, kpitree.Quote(key), unknown)
		}
		return []docChange{{Bucket: bucket, Key: key}}, nil
	})
}

func cmpString(a, b string) int { return strings.Compare(a, b) }

func sortInts(xs []int) { sort.Ints(xs) }

// lower lowercases the first letter of an action label for error context
// ("Rename node" → "rename node").
func lower(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// validName reports whether s is a usable scenario or dataset name.
func validName(s string) bool {
	return strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= 200 && utf8.ValidString(s)
}

// sortedKeys returns a map's keys in order, for deterministic iteration;
// an empty map gives an empty list, not nil (ScenarioNames returns it).
func sortedKeys[V any](m map[string]V) []string {
	ks := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(ks)
	return ks
}

// checkRename checks the rename of document name to newName among docs (a
// state's scenarios or plans, named what in errors): name must exist, and
// newName must be free and a valid name. It returns name's document, and
// same when the rename changes nothing.
func checkRename[V any](docs map[string]V, what, name, newName string, errUnknown, errExists error) (doc V, same bool, err error) {
	doc, ok := docs[name]
	if !ok {
		return doc, false, fmt.Errorf("rename %s %s: %w", what, kpitree.Quote(name), errUnknown)
	}
	if name == newName {
		return doc, true, nil
	}
	if _, ok := docs[newName]; ok {
		return doc, false, fmt.Errorf("rename %s to %s: %w", what, kpitree.Quote(newName), errExists)
	}
	if err := scenarioName(newName); err != nil {
		return doc, false, fmt.Errorf("rename %s: %w", what, err)
	}
	return doc, false, nil
}
