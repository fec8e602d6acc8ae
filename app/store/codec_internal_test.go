package store

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"
)

func TestEntryCodec(t *testing.T) {
	when := time.Date(2026, 4, 1, 9, 30, 0, 123, time.FixedZone("JST", 9*3600))
	tests := []struct {
		name string
		e    Entry
	}{
		{"should round-trip a full entry", Entry{Seq: 7, Time: when, Label: "稼働率を変更", Forward: []byte("f"), Inverse: []byte("inverse")}},
		{"should round-trip empty payloads and label", Entry{Seq: 1, Time: when}},
		{"should round-trip the zero time", Entry{Seq: 2, Label: "x"}},
		{"should round-trip a large payload", Entry{Seq: 3, Time: when, Forward: bytes.Repeat([]byte{0xff}, 100000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeEntry(tt.e.Seq, encodeEntry(tt.e))
			if err != nil {
				t.Fatal(err)
			}
			if got.Seq != tt.e.Seq || !got.Time.Equal(tt.e.Time) || got.Label != tt.e.Label ||
				!bytes.Equal(got.Forward, tt.e.Forward) || !bytes.Equal(got.Inverse, tt.e.Inverse) {
				t.Errorf("decode(encode(%+v)) = %+v", tt.e, got)
			}
		})
	}
}

func TestDecodeEntryRejects(t *testing.T) {
	valid := encodeEntry(Entry{Seq: 1, Time: time.Unix(0, 0), Label: "ok", Forward: []byte("f")})
	tests := []struct {
		name string
		in   []byte
	}{
		{"should reject empty input", nil},
		{"should reject an unknown format byte", append([]byte{9}, valid[1:]...)},
		{"should reject a truncated entry", valid[:len(valid)-1]},
		{"should reject trailing bytes", append(bytes.Clone(valid), 0)},
		{"should reject a length past the end", []byte{entryFormat, 0xff, 0xff, 0xff, 0xff, 0x0f}},
		{"should reject an overlong varint", append([]byte{entryFormat}, bytes.Repeat([]byte{0x80}, 11)...)},
		{"should reject a bad time encoding", []byte{entryFormat, 1, 0xee, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeEntry(1, tt.in); !errors.Is(err, ErrCorrupt) {
				t.Errorf("decodeEntry(%x) err = %v, want ErrCorrupt", tt.in, err)
			}
		})
	}
}

// FuzzDecodeEntry checks that decoding never panics and that whatever
// decodes re-encodes to an entry that decodes the same.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(encodeEntry(Entry{Seq: 1, Time: time.Unix(1700000000, 5).UTC(), Label: "ラベル", Forward: []byte("f"), Inverse: []byte("i")}))
	f.Add(encodeEntry(Entry{}))
	f.Add([]byte{entryFormat})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(5, data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error without ErrCorrupt: %v", err)
			}
			return
		}
		again, err := decodeEntry(5, encodeEntry(e))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !again.Time.Equal(e.Time) || again.Label != e.Label || !bytes.Equal(again.Forward, e.Forward) || !bytes.Equal(again.Inverse, e.Inverse) {
			t.Fatalf("round trip changed %+v to %+v", e, again)
		}
	})
}

func TestCheckStructureRejects(t *testing.T) {
	t.Run("should let bbolt classify a file without a valid meta page", func(t *testing.T) {
		path := t.TempDir() + "/x"
		if err := writeBytes(path, bytes.Repeat([]byte{1}, 9000)); err != nil {
			t.Fatal(err)
		}
		if err := checkStructure(path); err != nil {
			t.Errorf("checkStructure = %v, want nil (bbolt reports invalid files)", err)
		}
	})
}

func writeBytes(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }
