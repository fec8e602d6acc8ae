package dataio

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// csvEncoder wraps w so that UTF-8 text written to it arrives in the named
// encoding. finish flushes the encoder's tail; it is nil for UTF-8, which
// needs no conversion.
func csvEncoder(w io.Writer, name string) (io.Writer, func() error, error) {
	switch name {
	case "", EncodingUTF8:
		return w, nil, nil
	case EncodingShiftJIS:
		tw := transform.NewWriter(w, japanese.ShiftJIS.NewEncoder())
		return encWriter{tw}, func() error { return encodeError(tw.Close()) }, nil
	}
	return nil, nil, fmt.Errorf("csv encoding %q: %w (use %s or %s)", name, ErrBadOption, EncodingUTF8, EncodingShiftJIS)
}

// encWriter passes writes to an encoder and says what to do when the text
// has a character the encoding cannot hold.
type encWriter struct{ w io.Writer }

func (e encWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	return n, encodeError(err)
}

// encodeError turns the encoder's "rune not supported" (an unexported type
// in x/text) into an error that says what to do.
func encodeError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, encoding.ErrInvalidUTF8) || strings.Contains(err.Error(), "not supported by encoding") {
		return fmt.Errorf("the text has a character Shift_JIS cannot hold (%v); export as UTF-8 instead: %w", err, ErrBadOption)
	}
	return err
}
