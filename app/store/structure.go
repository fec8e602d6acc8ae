package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's on-disk format (v2, little-endian on every platform Go's bbolt
// supports in practice), as far as checkStructure needs it.
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderSize  = 16
	elementSize     = 16 // branch and leaf elements are both 16 bytes
	inBucketSize    = 16
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagFreelist    = 0x10
	flagBucketEntry = 0x01
	noFreelist      = ^uint64(0)
	maxTreeDepth    = 64
)

type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	hwm      uint64 // high-water mark: pages in use
	txid     uint64
}

// parseMeta decodes the meta page at the start of b; ok is false when the
// magic, version or checksum is wrong (bbolt then uses the other meta page).
func parseMeta(b []byte) (boltMeta, bool) {
	if len(b) < pageHeaderSize+64 {
		return boltMeta{}, false
	}
	m := b[pageHeaderSize:]
	le := binary.LittleEndian
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	_, _ = h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		hwm: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// checkStructure validates the page tree of a bbolt file before bbolt reads
// it. bbolt trusts page headers: a flipped page id, overflow count or child
// pointer can make it loop for hours, recurse until the stack overflows or
// allocate without bound, none of which recover() can catch. This walk reads
// the file itself, visits every page reachable from the active meta page
// exactly once and checks ids, types, sizes and element bounds. It does not
// look at keys or values beyond their bounds.
//
// A file without a valid meta page is left to bbolt, which classifies it.
func checkStructure(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	w := &structWalker{f: f, size: fi.Size(), seen: map[uint64]bool{}}
	return w.run()
}

type structWalker struct {
	f    io.ReaderAt
	size int64
	ps   int64
	hwm  uint64
	seen map[uint64]bool
}

func (w *structWalker) read(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off+n > w.size {
		return nil, fmt.Errorf("read %d bytes at %d past the end of a %d-byte file: %w", n, off, w.size, ErrCorrupt)
	}
	b := make([]byte, n)
	if _, err := w.f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("read at %d: %w", off, err)
	}
	return b, nil
}

func (w *structWalker) run() error {
	head, err := w.read(0, min(w.size, 4096))
	if err != nil {
		return nil // too short even for a meta page: bbolt will say so
	}
	m0, ok0 := parseMeta(head)
	var m1 boltMeta
	ok1 := false
	// bbolt finds meta page 1 at the page size recorded in meta 0 (or the
	// OS default when meta 0 is unreadable).
	for _, ps := range []uint32{m0.pageSize, 4096, 16384, 65536} {
		if ps < 1024 || ps > 1<<20 || int64(ps)+pageHeaderSize+64 > w.size {
			continue
		}
		b, err := w.read(int64(ps), pageHeaderSize+64)
		if err != nil {
			continue
		}
		if m1, ok1 = parseMeta(b); ok1 {
			break
		}
	}
	var m boltMeta
	switch {
	case ok0 && ok1 && m1.txid > m0.txid, !ok0 && ok1:
		m = m1
	case ok0:
		m = m0
	default:
		return nil // no valid meta: bbolt reports ErrInvalid or ErrChecksum
	}
	if m.pageSize < 1024 || m.pageSize > 1<<20 {
		return fmt.Errorf("page size %d: %w", m.pageSize, ErrCorrupt)
	}
	w.ps = int64(m.pageSize)
	w.hwm = m.hwm
	if m.hwm < 3 || int64(m.hwm) > w.size/w.ps {
		return fmt.Errorf("file is %d bytes but its pages need %d×%d (truncated): %w", w.size, m.hwm, w.ps, ErrCorrupt)
	}
	w.seen[0], w.seen[1] = true, true
	if m.freelist != noFreelist {
		if err := w.checkFreelist(m.freelist); err != nil {
			return err
		}
	}
	return w.bucket(m.root, nil, 0)
}

// page reads page id with its overflow pages after checking its header.
func (w *structWalker) page(id uint64, wantFlags ...uint16) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d outside [2, %d): %w", id, w.hwm, ErrCorrupt)
	}
	if w.seen[id] {
		return nil, fmt.Errorf("page %d referenced twice: %w", id, ErrCorrupt)
	}
	hdr, err := w.read(int64(id)*w.ps, pageHeaderSize)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if got := le.Uint64(hdr); got != id {
		return nil, fmt.Errorf("page %d says it is page %d: %w", id, got, ErrCorrupt)
	}
	flags, overflow := le.Uint16(hdr[8:]), uint64(le.Uint32(hdr[12:]))
	okFlags := false
	for _, f := range wantFlags {
		okFlags = okFlags || flags == f
	}
	if !okFlags {
		return nil, fmt.Errorf("page %d has flags %#x: %w", id, flags, ErrCorrupt)
	}
	if id+overflow >= w.hwm {
		return nil, fmt.Errorf("page %d overflows %d pages past the end: %w", id, overflow, ErrCorrupt)
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] {
			return nil, fmt.Errorf("page %d overlaps page %d: %w", id, i, ErrCorrupt)
		}
		w.seen[i] = true
	}
	return w.read(int64(id)*w.ps, int64(overflow+1)*w.ps)
}

func (w *structWalker) checkFreelist(id uint64) error {
	p, err := w.page(id, flagFreelist)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	count, data := uint64(binary.LittleEndian.Uint16(p[10:])), uint64(pageHeaderSize)
	if count == 0xFFFF {
		if len(p) < pageHeaderSize+8 {
			return fmt.Errorf("freelist page %d too short: %w", id, ErrCorrupt)
		}
		count, data = binary.LittleEndian.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > (uint64(len(p))-data)/8 {
		return fmt.Errorf("freelist page %d claims %d ids: %w", id, count, ErrCorrupt)
	}
	// bbolt hands out free pages without checking them: a damaged id past
	// the end makes the next commit write at an absurd (even negative)
	// offset, and a free page the tree still uses would be overwritten.
	// Marking them seen makes the tree walk catch the second case.
	for i := range count {
		free := binary.LittleEndian.Uint64(p[data+8*i:])
		if free < 2 || free >= w.hwm {
			return fmt.Errorf("freelist page %d lists page %d, outside [2, %d): %w", id, free, w.hwm, ErrCorrupt)
		}
		if w.seen[free] {
			return fmt.Errorf("freelist page %d lists page %d twice: %w", id, free, ErrCorrupt)
		}
		w.seen[free] = true
	}
	return nil
}

// bucket walks the tree of one bucket: a page id, or an inline page when
// root is 0.
func (w *structWalker) bucket(root uint64, inline []byte, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("tree deeper than %d levels: %w", maxTreeDepth, ErrCorrupt)
	}
	if root == 0 {
		if len(inline) < pageHeaderSize {
			return fmt.Errorf("inline bucket of %d bytes: %w", len(inline), ErrCorrupt)
		}
		if binary.LittleEndian.Uint16(inline[8:]) != flagLeaf {
			return fmt.Errorf("inline bucket is not a leaf: %w", ErrCorrupt)
		}
		return w.elements(inline, false, depth)
	}
	p, err := w.page(root, flagBranch, flagLeaf)
	if err != nil {
		return err
	}
	return w.elements(p, binary.LittleEndian.Uint16(p[8:]) == flagBranch, depth)
}

// elements checks every element of a branch or leaf page and descends.
func (w *structWalker) elements(p []byte, branch bool, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("tree deeper than %d levels: %w", maxTreeDepth, ErrCorrupt)
	}
	le := binary.LittleEndian
	count := int(le.Uint16(p[10:]))
	if pageHeaderSize+count*elementSize > len(p) {
		return fmt.Errorf("page holds %d elements, room for fewer: %w", count, ErrCorrupt)
	}
	for i := range count {
		off := pageHeaderSize + i*elementSize
		e := p[off : off+elementSize]
		if branch {
			pos, ksize := int64(le.Uint32(e[0:])), int64(le.Uint32(e[4:]))
			if int64(off)+pos+ksize > int64(len(p)) {
				return fmt.Errorf("branch key %d out of its page: %w", i, ErrCorrupt)
			}
			child, err := w.page(le.Uint64(e[8:]), flagBranch, flagLeaf)
			if err != nil {
				return err
			}
			if err := w.elements(child, le.Uint16(child[8:]) == flagBranch, depth+1); err != nil {
				return err
			}
			continue
		}
		flags, pos, ksize, vsize := le.Uint32(e[0:]), int64(le.Uint32(e[4:])), int64(le.Uint32(e[8:])), int64(le.Uint32(e[12:]))
		end := int64(off) + pos + ksize + vsize
		if end > int64(len(p)) {
			return fmt.Errorf("leaf element %d out of its page: %w", i, ErrCorrupt)
		}
		if flags&flagBucketEntry == 0 {
			continue
		}
		v := p[int64(off)+pos+ksize : end]
		if len(v) < inBucketSize {
			return fmt.Errorf("bucket header of %d bytes: %w", len(v), ErrCorrupt)
		}
		if err := w.bucket(le.Uint64(v), v[inBucketSize:], depth+1); err != nil {
			return err
		}
	}
	return nil
}
