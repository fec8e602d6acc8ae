package theme

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/kpitree/kpitree/assets"
)

func TestWithDescent(t *testing.T) {
	t.Run("should change only the hhea descent and its checksum", func(t *testing.T) {
		orig := bytes.Clone(assets.FontIPAexGothic)
		got := withDescent(assets.FontIPAexGothic, 560)
		if !bytes.Equal(orig, assets.FontIPAexGothic) {
			t.Fatal("the embedded font was modified in place")
		}
		var diff []int
		for i := range got {
			if got[i] != orig[i] {
				diff = append(diff, i)
			}
		}
		// two bytes of descent, up to four of checksum
		if len(diff) == 0 || len(diff) > 6 {
			t.Fatalf("%d bytes differ, want 1–6", len(diff))
		}
		off := hheaOffset(t, got)
		if d := int16(binary.BigEndian.Uint16(got[off+6:])); d != -560 {
			t.Fatalf("descender = %d, want −560", d)
		}
	})
	t.Run("should return data it cannot read unchanged", func(t *testing.T) {
		for _, data := range [][]byte{nil, []byte("not a font"), make([]byte, 12), append([]byte{0, 1, 0, 0, 0, 9}, make([]byte, 20)...)} {
			if got := withDescent(data, 560); !bytes.Equal(got, data) {
				t.Fatalf("withDescent(%q) changed it", data)
			}
		}
	})
}

func hheaOffset(t *testing.T, data []byte) int {
	t.Helper()
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		rec := 12 + 16*i
		if string(data[rec:rec+4]) == "hhea" {
			return int(binary.BigEndian.Uint32(data[rec+8:]))
		}
	}
	t.Fatal("no hhea table")
	return 0
}

func FuzzWithDescent(f *testing.F) {
	f.Add(assets.FontIPAexGothic[:4096])
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'h', 'h', 'e', 'a', 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 36})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		got := withDescent(data, 560)
		if len(got) != len(data) {
			t.Fatalf("length %d, want %d", len(got), len(data))
		}
		if !bytes.Equal(in, data) {
			t.Fatal("input modified in place")
		}
	})
}
