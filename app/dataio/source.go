package dataio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names accepted in Options.Encoding and reported in Report.Encoding.
const (
	EncodingAuto     = "auto"
	EncodingUTF8     = "utf-8"
	EncodingUTF8BOM  = "utf-8-bom" // reported only: UTF-8 that started with a byte-order mark
	EncodingShiftJIS = "shift_jis" // Windows-31J / CP932, what Japanese Excel writes
	EncodingUTF16LE  = "utf-16le"
	EncodingUTF16BE  = "utf-16be"
	EncodingUTF16    = "utf-16" // requested only: UTF-16 with a byte-order mark
)

// sniffSize is how many bytes the encoding and delimiter detection look at.
const sniffSize = 64 << 10

// rowSource yields the raw cells of a table one row at a time. cells is
// valid until the next call; row is the 1-based line or sheet row number
// users see in their editor. At the end it returns io.EOF.
type rowSource interface {
	next() (cells []string, row int, err error)
}

// decodeText wraps r in a decoder for the requested or detected encoding
// and returns the encoding's name.
func decodeText(r io.Reader, want string) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", fmt.Errorf("read: %w", err)
	}
	name := strings.ToLower(strings.TrimSpace(want))
	name = strings.ReplaceAll(name, "_", "-")
	switch name {
	case "", EncodingAuto:
		name = detectEncoding(head)
	case "utf8", "utf-8", "utf-8-bom":
		name = EncodingUTF8
		if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
			name = EncodingUTF8BOM
		}
	case "shift-jis", "sjis", "cp932", "windows-31j", "ms932":
		name = EncodingShiftJIS
	case "utf-16", "utf16":
		switch {
		case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
			name = EncodingUTF16LE
		case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
			name = EncodingUTF16BE
		default:
			return nil, "", fmt.Errorf("encoding utf-16 needs a byte-order mark; use utf-16le or utf-16be: %w", ErrEncoding)
		}
	case "utf-16le", "utf-16be":
	default:
		return nil, "", fmt.Errorf("encoding %s: use auto, utf-8, shift_jis or utf-16: %w", kpitree.Quote(want), ErrEncoding)
	}
	var dec *encoding.Decoder
	switch name {
	case EncodingUTF8:
		return br, name, nil
	case EncodingUTF8BOM:
		_, _ = br.Discard(3)
		return br, name, nil
	case EncodingShiftJIS:
		dec = japanese.ShiftJIS.NewDecoder()
	case EncodingUTF16LE:
		// UseBOM: a BOM, if present, is consumed (and would override the order).
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case EncodingUTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	}
	return transform.NewReader(br, dec), name, nil
}

// detectEncoding looks at the first bytes of a file. A byte-order mark
// decides; otherwise valid UTF-8 is UTF-8 and anything else is taken as
// Shift_JIS, the only other encoding Japanese spreadsheets produce. The
// report names the encoding so a wrong call is visible.
func detectEncoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE
	}
	// UTF-16 without a byte-order mark: text that is mostly ASCII has a zero
	// in every other byte, which is valid UTF-8 but never a real CSV.
	if len(head) >= 8 {
		var zeroEven, zeroOdd int
		for i, b := range head {
			if b == 0 {
				if i%2 == 0 {
					zeroEven++
				} else {
					zeroOdd++
				}
			}
		}
		half := len(head) / 2
		switch {
		case zeroOdd*10 > half*4 && zeroEven*10 < half:
			return EncodingUTF16LE
		case zeroEven*10 > half*4 && zeroOdd*10 < half:
			return EncodingUTF16BE
		}
	}
	// A rune cut at the end of the sniff window is not an error.
	h := head
	for i := 0; i < utf8.UTFMax && len(h) > 0; i++ {
		if utf8.Valid(h) {
			return EncodingUTF8
		}
		h = h[:len(h)-1]
	}
	// Not all valid UTF-8. A file that is UTF-8 but for a row pasted from
	// a Shift_JIS export has more lines of valid non-ASCII UTF-8 than
	// invalid ones: read it as UTF-8 and report the bad rows, instead of
	// decoding every good line as Shift_JIS into garbage.
	var good, bad int
	for line := range bytes.SplitSeq(h, []byte{'\n'}) {
		switch {
		case isASCIIBytes(line):
		case utf8.Valid(line):
			good++
		default:
			bad++
		}
	}
	if good > bad {
		return EncodingUTF8
	}
	return EncodingShiftJIS
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// invalidTextMessage says why a row's text is not valid in the encoding
// the file is read with, and what else it might be, without contradicting
// the encoding chosen: a row of a UTF-8 file that reads as Shift_JIS says
// so and quotes it as Shift_JIS would give it.
func invalidTextMessage(enc, cell string) string {
	switch enc {
	case EncodingUTF8, EncodingUTF8BOM:
		if t, err := japanese.ShiftJIS.NewDecoder().String(cell); err == nil && utf8.ValidString(t) && !strings.ContainsRune(t, utf8.RuneError) {
			return fmt.Sprintf("this row is not valid UTF-8 like the rest of the file; it reads as Shift_JIS (%s): the file mixes two encodings — re-save that row as UTF-8; its bad bytes are shown as \ufffd", kpitree.Quote(t))
		}
		return "this row is not valid UTF-8 like the rest of the file; its bad bytes are shown as \ufffd — fix the row, or if the whole file is from Japanese Excel, import it with encoding shift_jis"
	case EncodingShiftJIS:
		return "this row is not valid Shift_JIS like the rest of the file; its bad bytes are shown as \ufffd — fix the row, or if the file is UTF-8, import it with encoding utf-8"
	}
	return fmt.Sprintf("this row is not valid %s; its bad bytes are shown as \ufffd — fix the row or set the encoding", enc)
}

// sniffDelimiter picks the delimiter whose count per line is the most
// consistent over the first lines of decoded text; quoted text is skipped.
func sniffDelimiter(head string) rune {
	lines := strings.Split(head, "\n")
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut
	}
	if len(lines) > 50 {
		lines = lines[:50]
	}
	best, bestScore := ',', -1
	for _, d := range []rune{',', '\t', ';', '|'} {
		counts := map[int]int{}
		nonEmpty := 0
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			nonEmpty++
			counts[countOutsideQuotes(l, d)]++
		}
		// Score: lines sharing the most common non-zero count.
		score := 0
		for c, n := range counts {
			if c > 0 && n > score {
				score = n
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func countOutsideQuotes(l string, d rune) int {
	n, quoted := 0, false
	for _, r := range l {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

// csvSource streams records from decoded text.
type csvSource struct {
	r *csv.Reader
}

func newCSVSource(r io.Reader, delim rune) *csvSource {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	return &csvSource{r: cr}
}

func (c *csvSource) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, fmt.Errorf("line %d: %w", pe.StartLine, err)
		}
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

// delimiterName is how a delimiter is shown in reports.
func delimiterName(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return string(d)
}

func parseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case "\t", "tab", `\t`:
		return '\t', nil
	case ";", "semicolon":
		return ';', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("delimiter %s: use auto, comma, tab, semicolon or pipe: %w", kpitree.Quote(s), ErrBadOption)
}
