package forecast

import (
	"fmt"
	"strconv"
	"strings"
)

// NoteCode identifies one data-quality note (a gap, an outlier, a value
// the models cannot take), so that a user interface can show it in the
// user's language; Result.Notes holds the same notes in English. Codes are
// stable: they are stored with cached forecasts, so never rename one.
type NoteCode string

// The note codes. The Args each one carries are listed beside it; the
// values are plain strings. Positions are 1-based indexes into the series
// given to Forecast; steps are 1-based forecast horizons.
const (
	// NoteLeadingMissing: missing values before the first observed one
	// were dropped. Args: Count.
	NoteLeadingMissing NoteCode = "leading_missing"
	// NoteInterpolated: inner gaps were filled linearly for fitting.
	// Args: Count (all of them), At (the first maxNotePositions positions,
	// comma-separated).
	NoteInterpolated NoteCode = "interpolated"
	// NoteTrailingMissing: the series ends in missing values, so the model
	// forecasts on from the last observed one. Args: Count, Last (the
	// position of the last observed value).
	NoteTrailingMissing NoteCode = "trailing_missing"
	// NoteNonPositive: the series has zeros or negatives, so
	// multiplicative models were not considered. No args.
	NoteNonPositive NoteCode = "non_positive"
	// NoteOutliers: values far from the fit that may be data-entry
	// errors. Args: Count, At (as for NoteInterpolated).
	NoteOutliers NoteCode = "outliers"
	// NoteReachesZero: the forecast of an all-positive series reaches zero
	// or below. Args: Value (the first such forecast, %.4g), H (its step).
	NoteReachesZero NoteCode = "reaches_zero"
)

// maxNotePositions is how many positions a note lists; the rest are only
// counted, so a long gap does not make an unreadable note.
const maxNotePositions = 10

// NoteCodes returns every note code, so translations can be checked for
// completeness.
func NoteCodes() []NoteCode {
	return []NoteCode{NoteLeadingMissing, NoteInterpolated, NoteTrailingMissing,
		NoteNonPositive, NoteOutliers, NoteReachesZero}
}

// NotePart is one data-quality note: a code and its arguments by name (see
// the codes for which names each one uses).
type NotePart struct {
	Code NoteCode `json:"code"`
	// Args holds the note's values by name; or nil when it has none.
	Args map[string]string `json:"args,omitempty"`
}

// note builds a part from a code and name/value pairs.
func note(code NoteCode, kv ...string) NotePart {
	// reason's pairing, reused so both kinds of part build Args alike.
	return NotePart{Code: code, Args: reason("", kv...).Args}
}

// positionsNote builds a note about the 1-based positions pos, listing at
// most maxNotePositions of them.
func positionsNote(code NoteCode, pos []int) NotePart {
	shown := pos[:min(len(pos), maxNotePositions)]
	s := make([]string, len(shown))
	for i, p := range shown {
		s[i] = itoa(p)
	}
	return note(code, "Count", itoa(len(pos)), "At", strings.Join(s, ","))
}

// Positions returns the positions a note lists (At) and how many more it
// counts but does not list. Values that are not positive integers (from
// a damaged cache) are skipped, never an error.
func (p NotePart) Positions() (shown []int, more int) {
	for f := range strings.SplitSeq(p.Args["At"], ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			shown = append(shown, n)
		}
	}
	if n, err := strconv.Atoi(p.Args["Count"]); err == nil && n > len(shown) {
		more = n - len(shown)
	}
	return shown, more
}

// englishPositions prints the listed positions and how many more, the
// way the notes always have ("3,6,7 and 4 more").
func (p NotePart) englishPositions() string {
	shown, more := p.Positions()
	s := make([]string, len(shown))
	for i, n := range shown {
		s[i] = itoa(n)
	}
	out := strings.Join(s, ",")
	if more > 0 {
		out += fmt.Sprintf(" and %d more", more)
	}
	return out
}

// English returns the note in English, as Result.Notes writes it. An
// unknown code (from a newer version) is returned as is, so the text is
// never empty.
func (p NotePart) English() string {
	a := func(k string) string { return p.Args[k] }
	switch p.Code {
	case NoteLeadingMissing:
		return a("Count") + " leading missing values ignored"
	case NoteInterpolated:
		return a("Count") + " missing values interpolated for fitting at t=" + p.englishPositions()
	case NoteTrailingMissing:
		return "last " + a("Count") + " values missing: forecast starts after t=" + a("Last")
	case NoteNonPositive:
		return "series has zeros or negatives: multiplicative models not considered"
	case NoteOutliers:
		return "possible outliers at t=" + p.englishPositions() + ": check these values"
	case NoteReachesZero:
		return "forecast of a positive series reaches " + a("Value") + " at h=" + a("H")
	}
	return string(p.Code)
}

// NoteTexts returns the notes' English texts, the form of Result.Notes;
// nil for no notes.
func NoteTexts(parts []NotePart) []string {
	if len(parts) == 0 {
		return nil
	}
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.English()
	}
	return s
}
