package ui_test

import "testing"

func TestShell_InspectorEditsSurviveCanvasSelection(t *testing.T) {
	s, _ := newShell(t)
	s.Canvas().Select("active_rate")
	s.Inspector().Name.SetText("Login rate")
	s.Canvas().Select("csm_count")
	s.WaitIdle()
	if got := boxName(s, "active_rate"); got != "Login rate" {
		t.Fatalf("active_rate is named %q on the canvas, want the edit applied on leaving it", got)
	}
	if s.Inspector().NodeID() != "csm_count" || s.Inspector().Dirty() {
		t.Fatalf("inspector shows %q (dirty %v), want csm_count, clean", s.Inspector().NodeID(), s.Inspector().Dirty())
	}
	if _, err := s.Workspace().Undo(); err != nil {
		t.Fatalf("the applied edit is not undoable: %v", err)
	}
}
