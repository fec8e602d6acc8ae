package store

// SetNoSync turns off fsync on commit so tests that make tens of thousands
// of commits finish quickly. Durability tests never call it.
func SetNoSync(s *Store, on bool) {
	s.life.Lock()
	defer s.life.Unlock()
	s.db.NoSync = on
}
