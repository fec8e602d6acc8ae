package forecastpane

import (
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestLeafModelSelect(t *testing.T) {
	uitest.NewWindow(t)
	var picked []string
	s := NewModelSelect(func(m string) { picked = append(picked, m) })
	a := uitest.Sample(t, "en")
	set := a.Settings()
	t.Run("should offer the workspace default first and select it without calling back", func(t *testing.T) {
		s.Show(set, "active_rate")
		if s.Select.Options[0] != "Default (Automatic (best fit))" || s.Select.SelectedIndex() != 0 || len(picked) != 0 {
			t.Errorf("options %q, selected %d, picked %q", s.Select.Options, s.Select.SelectedIndex(), picked)
		}
	})
	t.Run("should call back with the picked model, and \"\" for the default", func(t *testing.T) {
		s.Select.SetSelected("Smoothing with a straight trend (Theta)") // what the user reads for "theta"
		s.Select.SetSelectedIndex(0)
		if strings.Join(picked, ",") != "theta," {
			t.Errorf("picked %q", picked)
		}
	})
	t.Run("should name the workspace's own model in the default", func(t *testing.T) {
		set.Model = "naive"
		s.Show(set, "active_rate")
		if s.Select.Options[0] != "Default (Last value carried forward)" {
			t.Errorf("first option %q", s.Select.Options[0])
		}
	})
}
