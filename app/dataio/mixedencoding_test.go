package dataio_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/kpitree/kpitree/app/dataio"
)

func sjis(t *testing.T, s string) string {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadMixedEncodings: a UTF-8 file with one row pasted from a
// Shift_JIS export was detected as Shift_JIS, its UTF-8 header garbled,
// and the import failed with "probably not shift_jis — set the encoding
// (e.g. shift_jis)". Now it is read as UTF-8 and the one row is reported
// as not UTF-8, quoted as Shift_JIS reads it; and no message suggests the
// encoding the file is already read with.
func TestReadMixedEncodings(t *testing.T) {
	t.Run("should read a UTF-8 file with one Shift_JIS row as UTF-8 and name the row", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("月,売上（円）,備考\n")
		for _, m := range []string{"2024-04", "2024-05", "2024-06"} {
			b.WriteString(m + ",1000,通常\n")
		}
		b.WriteString("2024-07,1200," + sjis(t, "特別値引き") + "\n")
		for _, m := range []string{"2024-08", "2024-09"} {
			b.WriteString(m + ",1100,通常\n")
		}
		ds, rep, err := dataio.ReadFrom(context.Background(), strings.NewReader(b.String()), "mixed.csv", dataio.Options{})
		if err != nil {
			t.Fatalf("ReadFrom: %v", err)
		}
		if rep.Encoding != dataio.EncodingUTF8 {
			t.Errorf("encoding %s, want utf-8", rep.Encoding)
		}
		if _, ok := ds.Column("売上（円）"); !ok {
			t.Errorf("the UTF-8 header was not read: %v", ds.Columns)
		}
		is := rep.Find(dataio.CodeInvalidText)
		if len(is) != 1 || is[0].Row != 5 {
			t.Fatalf("invalid-text issues %+v, want one on row 5", is)
		}
		if !strings.Contains(is[0].Message, "not valid UTF-8") || !strings.Contains(is[0].Message, "特別値引き") {
			t.Errorf("message %q should say the row is not UTF-8 and quote it as Shift_JIS reads it", is[0].Message)
		}
	})
	t.Run("should name the row of a Shift_JIS file that is not Shift_JIS", func(t *testing.T) {
		text := sjis(t, "月,売上\n2024-04,1000\n2024-05,1100\n") + "2024-06,1200,\x82\n" + sjis(t, "2024-07,1300\n")
		_, rep, err := dataio.ReadFrom(context.Background(), strings.NewReader(text), "sjis.csv", dataio.Options{})
		if err != nil {
			t.Fatalf("ReadFrom: %v", err)
		}
		if rep.Encoding != dataio.EncodingShiftJIS {
			t.Fatalf("encoding %s, want shift_jis", rep.Encoding)
		}
		is := rep.Find(dataio.CodeInvalidText)
		if len(is) != 1 || is[0].Row != 4 || !strings.Contains(is[0].Message, "not valid Shift_JIS") {
			t.Errorf("issues %+v, want one on row 4 saying it is not valid Shift_JIS", is)
		}
	})
	t.Run("should never suggest the encoding the file is read with", func(t *testing.T) {
		text := "\xff\xfe\xfd,\xfc\n1,2\n3,4\n" // no period column, not text in any encoding
		_, _, err := dataio.ReadFrom(context.Background(), strings.NewReader(text), "x.csv", dataio.Options{Encoding: "shift_jis"})
		if err == nil {
			t.Fatal("want an error")
		}
		if strings.Contains(err.Error(), "not shift_jis — set the encoding (e.g. shift_jis)") {
			t.Errorf("contradictory message: %v", err)
		}
	})
}

// TestRead_QuotesAtMost80CharactersOfACell: a 1 MB cell is quoted in the
// issue's message by its first 80 characters (the Raw field keeps it).
func TestRead_QuotesAtMost80CharactersOfACell(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	text := "month,a\n2024-04,1\n2024-05," + big + "\n2024-06,3\n"
	_, rep, err := dataio.ReadFrom(context.Background(), strings.NewReader(text), "big.csv", dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	is := rep.Find(dataio.CodeNonNumeric)
	if len(is) != 1 {
		t.Fatalf("issues %d, want 1", len(is))
	}
	if len(is[0].Message) > 400 {
		t.Errorf("message of %d bytes", len(is[0].Message))
	}
}
