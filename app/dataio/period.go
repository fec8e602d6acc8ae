package dataio

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/kpitree"
	"golang.org/x/text/width"
)

// Period is one parsed period label: the UTC-midnight start of the period
// and the granularity its format implies (a date is a Day even when the file
// turns out to be monthly; the importer detects that from the spacing).
type Period struct {
	Start time.Time
	Freq  kpitree.Freq
}

// excelEpoch is day 0 of Excel's 1900 date system as Excel counts it
// (it treats 1900 as a leap year, so serials ≥ 61 are off by one from a
// naive 1900-01-00 epoch; 1899-12-30 absorbs that).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Excel serials outside this range are treated as plain numbers, not dates:
// 20000 is 1954-10-03 and 80000 is 2119-01-10.
const minSerial, maxSerial = 20000, 80000

var monthNames = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// eras are the Japanese eras a business file can still contain, with the
// Gregorian year of their first year (year n of the era is base+n).
var eras = []struct {
	kanji, letter string
	base          int
}{
	{"令和", "R", 2018}, {"平成", "H", 1988}, {"昭和", "S", 1925},
}

// ParsePeriod parses a period label. fyStart is the fiscal year's first
// month (0 means January); it only affects fiscal labels such as "FY2024",
// "2024年度" and "FY2024 Q1".
//
//	day     = YYYY-MM-DD | YYYY/M/D | YYYY.M.D | YYYYMMDD | YYYY年M月D日 | era年M月D日 | R6.4.1
//	          (an optional time after a space or "T" is ignored) | Excel serial (20000–80000)
//	week    = YYYY-Www
//	month   = YYYY-MM | YYYY/M | YYYY.M | YYYY年M月 | era年M月 | R6.4 | Mon YYYY | Mon-YY | YYYYMM
//	quarter = YYYYQn | YYYY-Qn | YYYY Qn | Qn YYYY | FYYYYY Qn
//	year    = YYYY | FYYYYY | YYYY年 | YYYY年度
//	era     = ("令和" | "平成" | "昭和") (N | "元") "年"
//
// Full-width digits are accepted. Errors wrap ErrNotPeriod.
func ParsePeriod(raw string, fyStart time.Month) (Period, error) {
	return ParsePeriodOrder(raw, fyStart, DateAuto)
}

// DateOrder is the order of day and month in dates written with the year
// last, such as 20/01/2024 (day first) or 01/20/2024 (month first).
type DateOrder string

// The date orders.
const (
	// DateAuto reads only dates whose order shows (20/01/2024 is day first
	// because there is no 20th month); 05/01/2024 is then ambiguous.
	DateAuto DateOrder = ""
	// DateDMY reads 05/01/2024 as 5 January 2024 (Europe, most of Asia).
	DateDMY DateOrder = "dmy"
	// DateMDY reads 05/01/2024 as May 1, 2024 (the United States).
	DateMDY DateOrder = "mdy"
)

// DateOrders lists the choices a binding wizard offers when an import
// fails with ErrAmbiguousDate: day first, then month first.
func DateOrders() []DateOrder { return []DateOrder{DateDMY, DateMDY} }

// ParseDateOrder reads "dmy", "mdy", "auto" or "" (case-insensitive).
// Errors wrap ErrBadOption.
func ParseDateOrder(s string) (DateOrder, error) {
	switch o := DateOrder(strings.ToLower(strings.TrimSpace(s))); o {
	case DateAuto, DateDMY, DateMDY:
		return o, nil
	case "auto":
		return DateAuto, nil
	}
	return "", fmt.Errorf("date order %s: use dmy (day first), mdy (month first) or auto: %w", kpitree.Quote(s), ErrBadOption)
}

// ParsePeriodOrder is ParsePeriod with the order of day and month for dates
// written with the year last (see DateOrder). With DateAuto such a date
// parses only when its order shows (a day above 12, or day and month
// equal); otherwise the error wraps ErrAmbiguousDate as well as ErrNotPeriod.
func ParsePeriodOrder(raw string, fyStart time.Month, order DateOrder) (Period, error) {
	s := raw
	if !isASCII(s) {
		s = width.Narrow.String(s)
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " "))
	if p, ok := parseISODay(s); ok {
		return p, nil
	}
	if fyStart < time.January || fyStart > time.December {
		fyStart = time.January
	}
	p, ok := parsePeriodSlow(s, fyStart)
	if !ok {
		if _, amb := dayFirstOrMonthFirst(s); amb {
			if q, ok := yearLastDate(s, order); ok {
				return q, nil
			}
			if order == DateAuto {
				return Period{}, fmt.Errorf("%s could be day/month/year or month/day/year: %w: %w", kpitree.Quote(raw), ErrAmbiguousDate, ErrNotPeriod)
			}
		}
		return Period{}, fmt.Errorf("%s: %w", kpitree.Quote(raw), ErrNotPeriod)
	}
	return p, nil
}

// dayFirstOrMonthFirst looks at a date written with the year last,
// a/b/YYYY (separators / - .), and says which orders fit: order is DateDMY
// or DateMDY when only one does (or both read the same, a == b), DateAuto
// when both do; ok is false when s is not of that form or fits neither.
func dayFirstOrMonthFirst(s string) (order DateOrder, ok bool) {
	a, b, y, form := yearLastParts(s)
	if !form || !validYear(y) {
		return DateAuto, false
	}
	_, dmy := mkDay(y, b, a)
	_, mdy := mkDay(y, a, b)
	switch {
	case dmy && mdy && a == b:
		return DateDMY, true
	case dmy && mdy:
		return DateAuto, true
	case dmy:
		return DateDMY, true
	case mdy:
		return DateMDY, true
	}
	return DateAuto, false
}

// yearLastParts splits a/b/YYYY (one of / - . as separator, one or two
// digits for a and b).
func yearLastParts(s string) (a, b, y int, ok bool) {
	if len(s) < 8 || len(s) > 10 {
		return 0, 0, 0, false
	}
	parts, ok := splitFirstSep(s, "/-.")
	if !ok {
		return 0, 0, 0, false
	}
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return 0, 0, 0, false
	}
	a, ok1 := atoiN(parts[0])
	b, ok2 := atoiN(parts[1])
	y, ok3 := atoiN(parts[2])
	return a, b, y, ok1 && ok2 && ok3
}

// yearLastDate reads a/b/YYYY in the given order; with DateAuto only when
// the date itself shows its order.
func yearLastDate(s string, order DateOrder) (Period, bool) {
	shown, ok := dayFirstOrMonthFirst(s)
	if !ok {
		return Period{}, false
	}
	if order == DateAuto {
		order = shown
	} else if shown != DateAuto && shown != order {
		return Period{}, false // 20/01/2024 read month first: no 20th month
	}
	a, b, y, _ := yearLastParts(s)
	switch order {
	case DateDMY:
		return mkDay(y, b, a)
	case DateMDY:
		return mkDay(y, a, b)
	}
	return Period{}, false
}

// parseISODay is the fast path for YYYY-MM-DD, the format of nearly every
// large daily export.
func parseISODay(s string) (Period, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Period{}, false
	}
	y, ok1 := atoiN(s[0:4])
	m, ok2 := atoiN(s[5:7])
	d, ok3 := atoiN(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Period{}, false
	}
	return mkDay(y, m, d)
}

// atoiAll reads every part as a number of at most maxDigits digits.
func atoiAll(parts []string, maxDigits int) ([]int, bool) {
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, ok := atoiN(p)
		if !ok || len(p) > maxDigits {
			return nil, false
		}
		nums[i] = n
	}
	return nums, true
}

func atoiN(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func validYear(y int) bool { return y >= 1900 && y <= 2200 }

func mkDay(y, m, d int) (Period, bool) {
	if !validYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return Period{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2024-02-30 normalises to March: reject it
		return Period{}, false
	}
	return Period{Start: t, Freq: kpitree.Day}, true
}

func mkMonth(y, m int) (Period, bool) {
	if !validYear(y) || m < 1 || m > 12 {
		return Period{}, false
	}
	return Period{Start: time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), Freq: kpitree.Month}, true
}

// mkQuarter builds quarter q (1–4) of year y; for a fiscal year (fiscal
// true) the quarter counts from fyStart of fiscal year y.
func mkQuarter(y, q int, fiscal bool, fyStart time.Month) (Period, bool) {
	if !validYear(y) || q < 1 || q > 4 {
		return Period{}, false
	}
	start := time.January
	if fiscal {
		start = fyStart
	}
	t := time.Date(y, start+time.Month(3*(q-1)), 1, 0, 0, 0, 0, time.UTC)
	return Period{Start: t, Freq: kpitree.Quarter}, true
}

func mkYear(y int, fiscal bool, fyStart time.Month) (Period, bool) {
	if !validYear(y) {
		return Period{}, false
	}
	start := time.January
	if fiscal {
		start = fyStart
	}
	return Period{Start: time.Date(y, start, 1, 0, 0, 0, 0, time.UTC), Freq: kpitree.Year}, true
}

func parsePeriodSlow(s string, fy time.Month) (Period, bool) {
	if s == "" || len(s) > 64 {
		return Period{}, false
	}
	// Drop a time of day: "2024-04-01 00:00:00", "2024-04-01T00:00:00Z".
	if i := strings.IndexAny(s, " T"); i >= 8 && strings.Count(s[i:], ":") >= 1 {
		s = strings.TrimSpace(s[:i])
		if p, ok := parseISODay(s); ok {
			return p, true
		}
	}
	if p, ok := parseJapanese(s, fy); ok {
		return p, true
	}
	if p, ok := parseEraLetter(s); ok {
		return p, true
	}
	up := strings.ToUpper(s)
	if p, ok := parseQuarterOrFiscal(up, fy); ok {
		return p, true
	}
	if p, ok := parseMonthName(s); ok {
		return p, true
	}
	if p, ok := parseWeek(up); ok {
		return p, true
	}
	if p, ok := parseNumericDate(s); ok {
		return p, true
	}
	return parseSerial(s)
}

// parseNumericDate handles digit groups separated by -, / or . and the
// compact YYYYMMDD / YYYYMM forms.
func parseNumericDate(s string) (Period, bool) {
	if allDigits(s) {
		switch len(s) {
		case 4:
			y, _ := atoiN(s)
			return mkYear(y, false, time.January)
		case 6:
			y, _ := atoiN(s[:4])
			m, _ := atoiN(s[4:])
			return mkMonth(y, m)
		case 8:
			y, _ := atoiN(s[:4])
			m, _ := atoiN(s[4:6])
			d, _ := atoiN(s[6:])
			return mkDay(y, m, d)
		}
		return Period{}, false
	}
	parts, ok := splitFirstSep(s, "-/.")
	if !ok {
		return Period{}, false
	}
	nums, ok := atoiAll(parts, 4)
	if !ok {
		return Period{}, false
	}
	if len(parts[0]) != 4 {
		return Period{}, false // D/M/Y vs M/D/Y is ambiguous; refuse rather than guess
	}
	switch len(nums) {
	case 2:
		return mkMonth(nums[0], nums[1])
	case 3:
		return mkDay(nums[0], nums[1], nums[2])
	}
	return Period{}, false
}

// parseSerial reads an Excel serial day number (what XLSX stores for dates).
func parseSerial(s string) (Period, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= minSerial && f < maxSerial) {
		return Period{}, false
	}
	t := excelEpoch.AddDate(0, 0, int(f))
	return Period{Start: t, Freq: kpitree.Day}, true
}

// parseJapanese handles 2024年4月, 2024年4月1日, 2024年, 2024年度, 令和6年4月,
// 令和元年5月 and 2024年第1四半期.
func parseJapanese(s string, fy time.Month) (Period, bool) {
	if !strings.Contains(s, "年") {
		return Period{}, false
	}
	yearText, rest, _ := strings.Cut(s, "年")
	yearText = strings.TrimSpace(yearText)
	var y int
	found := false
	for _, e := range eras {
		if n, ok := strings.CutPrefix(yearText, e.kanji); ok {
			n = strings.TrimSpace(n)
			k, ok := atoiN(n)
			if n == "元" {
				k, ok = 1, true
			}
			if !ok || k < 1 || k > 99 {
				return Period{}, false
			}
			y, found = e.base+k, true
			break
		}
	}
	if !found {
		n, ok := atoiN(yearText)
		if !ok || len(yearText) != 4 {
			return Period{}, false
		}
		y = n
	}
	rest = strings.TrimSpace(rest)
	switch {
	case rest == "":
		return mkYear(y, false, time.January)
	case rest == "度":
		return mkYear(y, true, fy)
	}
	if q, ok := strings.CutPrefix(rest, "度"); ok {
		rest = strings.TrimSpace(q) // 2024年度第1四半期
		if n, ok := cutQuarterJA(rest); ok {
			return mkQuarter(y, n, true, fy)
		}
		return Period{}, false
	}
	if n, ok := cutQuarterJA(rest); ok {
		return mkQuarter(y, n, false, time.January)
	}
	monthText, dayText, hasMonth := strings.Cut(rest, "月")
	if !hasMonth {
		return Period{}, false
	}
	m, ok := atoiN(strings.TrimSpace(monthText))
	if !ok {
		return Period{}, false
	}
	dayText = strings.TrimSpace(dayText)
	if dayText == "" {
		return mkMonth(y, m)
	}
	dt, ok := strings.CutSuffix(dayText, "日")
	if !ok {
		return Period{}, false
	}
	d, ok := atoiN(strings.TrimSpace(dt))
	if !ok {
		return Period{}, false
	}
	return mkDay(y, m, d)
}

func cutQuarterJA(s string) (int, bool) {
	s = strings.TrimPrefix(s, "第")
	n, ok := strings.CutSuffix(s, "四半期")
	if !ok {
		return 0, false
	}
	return atoiN(strings.TrimSpace(n))
}

// parseEraLetter handles the compact era forms R6.4, R6/4, H31.4.1, R06.04.
func parseEraLetter(s string) (Period, bool) {
	if len(s) < 4 {
		return Period{}, false
	}
	for _, e := range eras {
		if s[0] != e.letter[0] && s[0] != e.letter[0]+('a'-'A') {
			continue
		}
		parts := strings.FieldsFunc(s[1:], func(r rune) bool { return r == '.' || r == '/' || r == '-' })
		if len(parts) < 2 || len(parts) > 3 {
			return Period{}, false
		}
		nums, ok := atoiAll(parts, 2)
		if !ok {
			return Period{}, false
		}
		if nums[0] < 1 {
			return Period{}, false
		}
		y := e.base + nums[0]
		if len(nums) == 2 {
			return mkMonth(y, nums[1])
		}
		return mkDay(y, nums[1], nums[2])
	}
	return Period{}, false
}

// parseQuarterOrFiscal handles 2024Q1, 2024-Q1, 2024 Q1, Q1 2024, Q1-2024,
// FY2024, FY2024 Q1, FY2024-Q1 and FY24. s is upper case.
func parseQuarterOrFiscal(s string, fy time.Month) (Period, bool) {
	fiscal := false
	if rest, ok := strings.CutPrefix(s, "FY"); ok {
		fiscal, s = true, strings.TrimSpace(rest)
	}
	if !strings.Contains(s, "Q") {
		if !fiscal {
			return Period{}, false
		}
		y, ok := atoiN(s)
		if ok && len(s) == 2 {
			y += 2000
		} else if !ok || len(s) != 4 {
			return Period{}, false
		}
		return mkYear(y, true, fy)
	}
	clean := strings.NewReplacer("-", " ", "/", " ").Replace(s)
	var yText, qText string
	if strings.HasPrefix(clean, "Q") {
		f := strings.Fields(clean)
		if len(f) != 2 {
			return Period{}, false
		}
		qText, yText = f[0][1:], f[1]
	} else {
		i := strings.IndexByte(clean, 'Q')
		yText, qText = strings.TrimSpace(clean[:i]), strings.TrimSpace(clean[i+1:])
	}
	y, ok1 := atoiN(yText)
	q, ok2 := atoiN(qText)
	if !ok1 || !ok2 || len(yText) != 4 || len(qText) != 1 {
		return Period{}, false
	}
	return mkQuarter(y, q, fiscal, fy)
}

// parseMonthName handles Apr 2024, April 2024, Apr-2024, Apr-24, 2024 Apr,
// and with a day 20 Jan 2024, 20-Jan-2024, 20-Jan-24, Jan 20, 2024 and
// 2024 Jan 20 (a month name leaves no doubt about the order).
func parseMonthName(s string) (Period, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == ',' || r == '.' })
	if len(f) == 3 {
		return parseDayMonthName(f)
	}
	if len(f) != 2 {
		return Period{}, false
	}
	a, b := strings.ToLower(f[0]), strings.ToLower(f[1])
	m, ok := monthNames[a]
	yText := b
	if !ok {
		if m, ok = monthNames[b]; !ok {
			return Period{}, false
		}
		yText = a
	}
	y, ok := atoiN(yText)
	switch {
	case !ok:
		return Period{}, false
	case len(yText) == 2:
		y += 2000
	case len(yText) != 4:
		return Period{}, false
	}
	return mkMonth(y, int(m))
}

// parseWeek handles ISO weeks: 2024-W14, 2024W14, 2024-W14-1. s is upper case.
func parseWeek(s string) (Period, bool) {
	i := strings.Index(s, "W")
	if i < 4 {
		return Period{}, false
	}
	y, ok := atoiN(strings.TrimSuffix(s[:i], "-"))
	if !ok || !validYear(y) {
		return Period{}, false
	}
	wText, _, _ := strings.Cut(s[i+1:], "-")
	w, ok := atoiN(wText)
	if !ok || w < 1 || w > 53 || len(wText) > 2 {
		return Period{}, false
	}
	// ISO week 1 is the week with January 4th; weeks start on Monday.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
	if w == 53 {
		if _, wk := monday.ISOWeek(); wk != 53 {
			return Period{}, false
		}
	}
	return Period{Start: monday, Freq: kpitree.Week}, true
}

// parseDayMonthName reads three fields, one of them a month name: D Mon
// YYYY, Mon D YYYY, YYYY Mon D, or D-Mon-YY (Excel's short form).
func parseDayMonthName(f []string) (Period, bool) {
	mi := -1
	var m time.Month
	for i, x := range f {
		if mm, ok := monthNames[strings.ToLower(x)]; ok {
			mi, m = i, mm
			break
		}
	}
	num := func(x string) (int, bool) {
		if len(x) > 4 {
			return 0, false
		}
		return atoiN(x)
	}
	switch mi {
	case 0: // Jan 20 2024
		d, ok1 := num(f[1])
		y, ok2 := num(f[2])
		if ok1 && ok2 && len(f[1]) <= 2 && len(f[2]) == 4 {
			return mkDay(y, int(m), d)
		}
	case 1: // 20 Jan 2024, 2024 Jan 20, 20-Jan-24
		a, ok1 := num(f[0])
		b, ok2 := num(f[2])
		switch {
		case !ok1 || !ok2:
		case len(f[0]) <= 2 && len(f[2]) == 4:
			return mkDay(b, int(m), a)
		case len(f[0]) == 4 && len(f[2]) <= 2:
			return mkDay(a, int(m), b)
		case len(f[0]) <= 2 && len(f[2]) == 2:
			return mkDay(2000+b, int(m), a)
		}
	}
	return Period{}, false
}

// splitFirstSep splits s on the first of the separators seps, in that
// order of preference, that s contains; false when it contains none.
func splitFirstSep(s, seps string) ([]string, bool) {
	for i := range len(seps) {
		if strings.IndexByte(s, seps[i]) >= 0 {
			return strings.Split(s, seps[i:i+1]), true
		}
	}
	return nil, false
}
