package forecastpane

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// This file holds what the forecast pane and the inspector share about one
// leaf's forecast: the per-leaf model select. What the forecast says in
// words (model, why, data notes, accuracy) is report's, the accuracy
// itself the workspace's.

// ModelSelect chooses one leaf's model: "Default (<workspace model>)"
// first, then the models. Picking stores an override (an undoable
// settings change) through onPick; showing a leaf never calls it.
type ModelSelect struct {
	// Select is the widget to lay out.
	Select *widget.Select
	values []string // the model string of each option; "" is the default
	// onPick receives the picked model, "" for the default; or nil.
	onPick  func(model string)
	loading bool
}

// NewModelSelect returns a select that calls onPick with a picked model.
func NewModelSelect(onPick func(model string)) *ModelSelect {
	s := &ModelSelect{onPick: onPick}
	s.Select = widget.NewSelect(nil, func(string) {
		i := s.Select.SelectedIndex()
		if s.loading || s.onPick == nil || i < 0 || i >= len(s.values) {
			return
		}
		s.onPick(s.values[i])
	})
	return s
}

// Show lists the choices for leaf under settings set and selects its
// current model without calling onPick.
func (s *ModelSelect) Show(set workspace.Settings, leaf string) {
	tr := uikit.Translator()
	labels := []string{tr.DefaultModelChoice(set)}
	values := []string{""}
	for _, m := range forecastModels() {
		labels = append(labels, report.ModelChoice(tr, m))
		values = append(values, m)
	}
	pinned, over := set.LeafModels.Model(leaf)
	sel := 0
	if over {
		sel = slices.IndexFunc(values, func(v string) bool { return v != "" && strings.EqualFold(v, pinned) })
		if sel < 0 { // pinned elsewhere to a model the list lacks, e.g. ets(A,Ad,N)
			labels, values = append(labels, report.ModelChoice(tr, pinned)), append(values, pinned)
			sel = len(values) - 1
		}
	}
	s.loading = true
	defer func() { s.loading = false }()
	s.values = values
	if !slices.Equal(s.Select.Options, labels) {
		s.Select.SetOptions(labels)
	}
	if s.Select.SelectedIndex() != sel {
		s.Select.SetSelectedIndex(sel)
	}
}

// PickModel stores leaf's model override, or removes it for "".
func PickModel(ws ModelSetter, leaf, model string) error {
	if model == "" {
		model = workspace.DefaultModel
	}
	if err := ws.SetLeafModel(leaf, model); err != nil {
		return fmt.Errorf("set model of %s: %w", leaf, err)
	}
	return nil
}

// ModelSetter stores one leaf's model override (an undoable settings
// change); *workspace.Workspace has it.
type ModelSetter interface {
	SetLeafModel(node, model string) error
}
