package store

// SetNoSync turns off fsync on commit so tests that make tens of thousands
// of commits finish quickly. Durability tests never call it.
func SetNoSync(s *Store, on bool) {
	s.life.Lock()
	defer s.life.Unlock()
	s.db.NoSync = on
}

// Seal returns value as schema 3 stores it under key in bucket (with its
// checksum), for tests that build files with bbolt directly.
func Seal(bucket, key string, value []byte) []byte { return seal(bucket, []byte(key), value) }
