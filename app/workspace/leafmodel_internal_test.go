package workspace

import (
	"encoding/json"
	"testing"
)

func TestLeafModelRename(t *testing.T) {
	s := emptyState()
	s.settings.LeafModels = LeafModels{}.With("old", "naive").With("other", "theta")
	t.Run("should move the override to the new id and keep the others", func(t *testing.T) {
		ch, err := s.leafModelRename("old", "renamed")
		if err != nil || len(ch) != 1 {
			t.Fatalf("changes %v, %v", ch, err)
		}
		var got Settings
		if err := json.Unmarshal(ch[0].After, &got); err != nil {
			t.Fatal(err)
		}
		m := got.LeafModels.Map()
		if m["renamed"] != "naive" || m["other"] != "theta" || len(m) != 2 {
			t.Errorf("overrides after rename %v", m)
		}
	})
	t.Run("should change nothing for a node without an override", func(t *testing.T) {
		if ch, err := s.leafModelRename("plain", "renamed"); err != nil || ch != nil {
			t.Errorf("changes %v, %v", ch, err)
		}
	})
}
