package store

import "context"

// CompactClosingFirst runs Compact the way it runs on Windows (close both
// files, rename, reopen), so the Linux tests cover that path too.
func CompactClosingFirst(s *Store, ctx context.Context) error {
	s.life.Lock()
	defer s.life.Unlock()
	if s.closed {
		return ErrClosed
	}
	return s.compactWith(ctx, nil, false)
}
