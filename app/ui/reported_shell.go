package ui

// showGapNote puts the reconciliation warning of the selected node (see
// gapNote) in the status bar message, where the shell says what needs
// attention: the tree has no tooltips, and the box's own line has room
// for the latest gap only. Selecting a node without a warning clears a
// note shown for another node but leaves other messages (work in
// progress) alone.
func (s *Shell) showGapNote(id string) {
	if note := gapNote(s.snap, id); note != "" {
		s.setMessage(note)
		return
	}
	cur := s.statusMsg.Text
	if cur == "" {
		return
	}
	for other := range s.snap.Reported {
		if gapNote(s.snap, other) == cur {
			s.setMessage("")
			return
		}
	}
}
