package dataio

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kpitree/kpitree/kpitree"
	"golang.org/x/text/width"
)

// maxPeriods bounds the calendar (274 years of days) so a stray year in a daily file
// cannot allocate gigabytes.
const maxPeriods = 100_000

func (im *importer) build(p *plan) (*Dataset, error) {
	fy := im.opt.FiscalYearStart
	if fy == 0 {
		fy = time.January
	}
	if len(im.fmtFreq) == 0 {
		return nil, fmt.Errorf("no row has a readable period in column %s: %w", kpitree.Quote(im.rep.PeriodColumn), ErrNoTable)
	}
	freq := im.sourceFreq(p)
	minDay, maxDay := math.MaxInt32, math.MinInt32
	for _, k := range p.keySets() {
		for _, d := range k.days {
			if d != skipDay {
				minDay, maxDay = min(minDay, int(d)), max(maxDay, int(d))
			}
		}
	}
	im.rep.SourceFreq = freq
	start := fromDayNum(minDay)
	if freq == kpitree.Month {
		start = bucketStart(start, kpitree.Month, time.January)
	}
	n := periodIndex(start, freq, fromDayNum(maxDay)) + 1
	if n > maxPeriods {
		return nil, fmt.Errorf("the periods run from %s to %s, more than %d %s periods; check the period column for a wrong year: %w",
			PeriodLabel(start, freq, fy), PeriodLabel(fromDayNum(maxDay), freq, fy), maxPeriods, freq, ErrNoTable)
	}
	cal := kpitree.Calendar{Freq: freq, Start: start, Periods: n, FiscalYearStart: im.opt.FiscalYearStart}
	label := func(k int) string { return PeriodLabel(periodStart(start, freq, k), freq, fy) }

	cols := make([]Column, len(p.accs))
	present := make([]bool, n)
	presentBy := make([][]bool, len(p.accs))
	for i, a := range p.accs {
		cols[i] = Column{Name: a.name, Header: a.header, Unit: im.unit(a)}
		cols[i].Agg = im.aggRule(cols[i])
		vals, pres := im.grid(a, cols[i].Agg, start, freq, n, label)
		cols[i].Values = vals
		presentBy[i] = pres
		for k, ok := range pres {
			present[k] = present[k] || ok
		}
	}
	for k, ok := range present {
		if !ok && !im.full(CodeMissingPeriod, "") {
			im.add(Issue{Code: CodeMissingPeriod, Severity: SeverityWarning, Period: label(k), Action: "left missing",
				Message: fmt.Sprintf("no row for %s; its values stay missing — add the row to the file or set values", label(k))})
		}
	}
	for i, pres := range presentBy {
		for k, ok := range pres {
			if !ok && present[k] && !im.full(CodeMissingPeriod, cols[i].Name) {
				im.add(Issue{Code: CodeMissingPeriod, Severity: SeverityWarning, Column: cols[i].Name, Period: label(k), Action: "left missing",
					Message: fmt.Sprintf("%s has no row for %s; the value stays missing", kpitree.Quote(cols[i].Name), label(k))})
			}
		}
	}
	im.applySetValues(cols, label)
	if tf := im.opt.TargetFreq; tf != "" && tf != freq {
		if freqRank(tf) < freqRank(freq) {
			return nil, fmt.Errorf("the file is %s data and cannot be split into %s periods; choose %s or coarser: %w", freq, tf, freq, ErrBadOption)
		}
		cal, cols = im.aggregate(cal, cols, tf)
	}
	im.rep.Freq = cal.Freq
	im.rep.Periods = cal.Periods
	im.rep.Columns = len(cols)
	for i := range cols {
		im.outliers(cal, &cols[i])
	}
	for node, col := range im.opt.Mapping {
		if !slices.ContainsFunc(cols, func(c Column) bool { return c.Name == col }) {
			im.add(Issue{Code: CodeMappedColumnMissing, Severity: SeverityError, Column: col, Raw: node,
				Message: fmt.Sprintf("node %s is bound to column %s, which this file does not have; bind it to another column", kpitree.Quote(node), kpitree.Quote(col))})
		}
	}
	return &Dataset{Layout: p.layout, Calendar: cal, Columns: cols}, nil
}

// sourceFreq is the frequency of the file: the granularity of the period
// format, refined by the spacing of dates (monthly data is often exported
// as 2024-04-01, 2024-05-01, …; weekly data as one date a week).
//
// When formats are mixed the most common one wins: finer rows (a date in a
// monthly file) fall into their period, and coarser rows (a "2024年" line
// among months, usually a subtotal) are set aside and reported with their
// numbers, so one odd row cannot turn a monthly file into a yearly one.
func (im *importer) sourceFreq(p *plan) kpitree.Freq {
	freq, best := kpitree.Freq(""), 0
	for f, c := range im.fmtFreq {
		if c > best || c == best && freqRank(f) > freqRank(freq) {
			freq, best = f, c
		}
	}
	if len(im.fmtFreq) > 1 {
		var parts []string
		for f, c := range im.fmtFreq {
			parts = append(parts, fmt.Sprintf("%d %s", c, f))
		}
		sort.Strings(parts)
		im.add(Issue{Code: CodeMixedPeriods, Severity: SeverityWarning, Column: im.rep.PeriodColumn, Raw: strings.Join(parts, ", "),
			Message: fmt.Sprintf("the period column mixes granularities (%s); rows were read as %s periods — check the dates", strings.Join(parts, ", "), freq)})
		im.dropCoarse(p, freq)
	}
	if freq != kpitree.Day {
		return freq
	}
	seen := map[int32]bool{}
	for _, k := range p.keySets() {
		last := int32(skipDay)
		for _, d := range k.days {
			if d != last && d != skipDay { // sorted files repeat a day on consecutive rows
				seen[d], last = true, d
			}
		}
	}
	days := make([]int, 0, len(seen))
	for d := range seen {
		days = append(days, int(d))
	}
	slices.Sort(days)
	if len(days) < 2 {
		return kpitree.Day
	}
	allFirst, allMod7 := true, true
	for i, d := range days {
		if fromDayNum(d).Day() != 1 {
			allFirst = false
		}
		if i > 0 && (d-days[i-1])%7 != 0 {
			allMod7 = false
		}
	}
	if allFirst {
		return kpitree.Month
	}
	if allMod7 {
		return kpitree.Week
	}
	return kpitree.Day
}

// dropCoarse sets aside rows whose period format is coarser than freq,
// reporting each with its numbers.
func (im *importer) dropCoarse(p *plan, freq kpitree.Freq) {
	r := uint8(freqRank(freq))
	for _, k := range p.keySets() {
		var accs []*acc
		for _, a := range p.accs {
			if a.keys == k {
				accs = append(accs, a)
			}
		}
		for i, rank := range k.ranks {
			if rank <= r {
				continue
			}
			vals := make([]float64, 0, len(accs))
			for _, a := range accs {
				vals = append(vals, a.vals[i])
			}
			lbl := PeriodLabel(fromDayNum(int(k.days[i])), freqOfRank(rank), im.opt.FiscalYearStart)
			k.days[i] = skipDay
			if im.full(CodeMixedPeriods, "") {
				continue
			}
			im.add(Issue{Code: CodeMixedPeriods, Severity: SeverityWarning, Row: int(k.rows[i]), Period: lbl, Raw: lbl, Values: vals, Action: "skipped row",
				Message: fmt.Sprintf("this row is for the whole %s %s, not one %s (a subtotal?); it was skipped with its numbers", freqOfRank(rank), lbl, freq)})
		}
	}
}

// freqOfRank inverts freqRank.
func freqOfRank(r uint8) kpitree.Freq {
	return [...]kpitree.Freq{kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year}[min(r, 4)]
}

// grid places a's values on the calendar, resolving duplicates: by the
// user's resolution, else keeping the last non-missing value and reporting
// both. With ActionAggregate, duplicates combine by the column's rule.
func (im *importer) grid(a *acc, rule string, start time.Time, f kpitree.Freq, n int, label func(int) string) ([]float64, []bool) {
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = nan()
	}
	pres := make([]bool, n)
	combine := false
	for _, r := range im.opt.Resolutions {
		if r.Action == ActionAggregate && r.matches(CodeDuplicatePeriod, a.name, "") && r.Period == "" {
			combine = true
		}
	}
	if combine {
		im.combine(a, rule, start, f, vals, pres)
		return vals, pres
	}
	rowOf := make([]int32, n)
	firstRow := map[int]int{} // row of the first occurrence, for periods seen twice
	for i, d := range a.keys.days {
		if d == skipDay {
			continue
		}
		k := periodIndex(start, f, fromDayNum(int(d)))
		v, row := a.vals[i], int(a.keys.rows[i])
		if !pres[k] {
			pres[k], vals[k], rowOf[k] = true, v, int32(row)
			continue
		}
		old, oldRow := vals[k], int(rowOf[k])
		if r, ok := firstRow[k]; ok {
			oldRow = r
		}
		firstRow[k] = oldRow
		act := ActionKeepLast
		for _, r := range im.opt.Resolutions {
			if (r.Action == ActionKeepFirst || r.Action == ActionKeepLast) && r.matches(CodeDuplicatePeriod, a.name, label(k)) {
				act = r.Action
			}
		}
		keep, action := v, "kept the last"
		switch {
		case act == ActionKeepFirst:
			keep, action = old, "kept the first"
		case isNaN(v) && !isNaN(old):
			keep, action = old, "kept the first (the last is missing)"
		}
		vals[k], rowOf[k] = keep, int32(row)
		if im.full(CodeDuplicatePeriod, a.name) {
			continue
		}
		same := old == v || (isNaN(old) && isNaN(v))
		sev := SeverityWarning
		msg := fmt.Sprintf("%s appears twice (rows %d and %d) with %s and %s; %s — choose keep_first or keep_last to change it, or aggregate if the file has one row per account or event",
			label(k), oldRow, row, fmtVal(old), fmtVal(v), action)
		if same {
			sev = SeverityInfo
			msg = fmt.Sprintf("%s appears twice (rows %d and %d) with the same value %s (a re-export?); one was kept", label(k), oldRow, row, fmtVal(v))
		}
		im.add(Issue{Code: CodeDuplicatePeriod, Severity: sev, Row: row, Column: a.name, Period: label(k),
			Values: []float64{old, v}, Action: action, Message: msg})
	}
	return vals, pres
}

// combine aggregates every row of a into its period by rule.
func (im *importer) combine(a *acc, rule string, start time.Time, f kpitree.Freq, vals []float64, pres []bool) {
	count := make([]int32, len(vals))
	rows := 0
	for i, d := range a.keys.days {
		if d == skipDay {
			continue
		}
		k := periodIndex(start, f, fromDayNum(int(d)))
		pres[k] = true
		rows++
		v := a.vals[i]
		if isNaN(v) {
			continue
		}
		if count[k] == 0 {
			vals[k], count[k] = v, 1
			continue
		}
		count[k]++
		vals[k] = combineValue(rule, vals[k], v)
	}
	periods := 0
	for k, c := range count {
		if rule == AggMean && c > 1 {
			vals[k] /= float64(c)
		}
		if pres[k] {
			periods++
		}
	}
	im.add(Issue{Code: CodeResolved, Severity: SeverityInfo, Column: a.name, Values: []float64{float64(rows), float64(periods)}, Action: "aggregated rows",
		Message: fmt.Sprintf("combined %d rows into %d periods by %s, as your resolution asked", rows, periods, rule)})
}

// combineValue folds v into acc by rule (mean sums; the caller divides).
func combineValue(rule string, acc, v float64) float64 {
	switch rule {
	case AggSum, AggMean:
		return acc + v
	case AggLast:
		return v
	case AggMax:
		return max(acc, v)
	case AggMin:
		return min(acc, v)
	}
	return acc // AggFirst
}

func fmtVal(v float64) string {
	if isNaN(v) {
		return "a missing value"
	}
	return fmt.Sprintf("%g", v)
}

// applySetValues applies ActionSetValue resolutions.
func (im *importer) applySetValues(cols []Column, label func(int) string) {
	for _, r := range im.opt.Resolutions {
		if r.Action != ActionSetValue || r.Period == "" || r.Column == "" {
			continue
		}
		for i := range cols {
			if cols[i].Name != r.Column {
				continue
			}
			for k := range cols[i].Values {
				if label(k) == r.Period {
					old := cols[i].Values[k]
					cols[i].Values[k] = r.Value
					im.add(Issue{Code: CodeResolved, Severity: SeverityInfo, Column: r.Column, Period: r.Period, Values: []float64{old, r.Value}, Action: "set value",
						Message: fmt.Sprintf("set to %g by your resolution (was %s)", r.Value, fmtVal(old))})
				}
			}
		}
	}
}

// unit decides a column's unit and reports conflicts between cells and
// with the header.
func (im *importer) unit(a *acc) string {
	var used []int // indexes into cellUnits, most used first
	for i, n := range a.unitCount {
		if n > 0 {
			used = append(used, i)
		}
	}
	sort.SliceStable(used, func(i, j int) bool { return a.unitCount[used[i]] > a.unitCount[used[j]] })
	unit := a.headerUnit
	if unit == "" && len(used) > 0 {
		unit = cellUnits[used[0]]
		if unit == "" && len(used) > 1 {
			unit = cellUnits[used[1]]
		}
	}
	for _, i := range used {
		u := cellUnits[i]
		if u == unit || (u == "" && a.headerUnit != "") {
			continue
		}
		shown := u
		if shown == "" {
			shown = "no unit"
		}
		im.add(Issue{Code: CodeUnitConflict, Severity: SeverityWarning, Row: a.unitRows[i], Column: a.name, Raw: shown,
			Message: fmt.Sprintf("column %q is in %s but %d cells (first at row %d) have %s; their numbers were kept as written — make the cells consistent",
				a.name, orNone(unit), a.unitCount[i], a.unitRows[i], shown)})
	}
	return unit
}

func orNone(u string) string {
	if u == "" {
		return "no unit"
	}
	return u
}

// aggRule is the user's rule for a column or one chosen from its unit and name.
func (im *importer) aggRule(c Column) string {
	if r, ok := im.opt.Agg[c.Name]; ok {
		return r
	}
	return DefaultAgg(c.Name, c.Unit)
}

// DefaultAgg suggests how a column combines into coarser periods, from
// its unit and name (English or Japanese), by what the column counts:
//
//   - ratios, prices and scores average: a % unit, "rate", "per", "price",
//     "NPS", 率, 単価, 平均, 当たり;
//   - events sum: logins, sessions, chats, messages, tickets, sign-ups,
//     revenue, ログイン数, チャット送信数, 問い合わせ件数, 売上;
//   - daily levels average: daily active users (DAU, "active_users",
//     日次アクティブ, アクティブユーザー数) and other users or levels,
//     because a month of 1,000 active users a day is 1,000, not 30,000;
//   - stocks take the period's last value: customers, accounts, seats,
//     balances, headcount, MRR, 客数, 社数, 席数, 残高, 人数;
//   - anything else sums.
//
// Ratio words come first, so "logins per seat" averages; event words come
// before stock words, so "login count" sums while "CSM count" is a stock;
// stock words come before level words, so "active customers" is a stock.
func DefaultAgg(name, unit string) string {
	if unit == UnitPercent {
		return AggMean
	}
	n := strings.ToLower(width.Fold.String(name))
	has := func(keys ...string) bool {
		return slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(n, k) })
	}
	switch {
	case has("rate", "ratio", "price", "score", "nps", "average", "avg", "mean", "per_", "per ", "per-",
		"率", "単価", "平均", "一人頭", "当たり", "あたり", "スコア"):
		return AggMean
	case has("login", "logon", "session", "chat", "message", "ticket", "event", "signup", "sign_up", "sign-up", "sign up",
		"new_", "new ", "click", "view", "visit", "download", "sent", "revenue", "sales", "order", "churned", "cancel",
		"ログイン", "セッション", "チャット", "メッセージ", "問い合わせ", "問合せ", "チケット", "送信", "新規", "件数", "回数",
		"売上", "受注", "解約数", "閲覧", "訪問"):
		return AggSum
	case has("customer", "account", "headcount", "seat", "balance", "mrr", "arr", "subscriber", "license", "member",
		"stock", "inventory", "客数", "社数", "人数", "席数", "残高", "在籍", "契約数", "ライセンス", "会員数", "在庫"):
		return AggLast
	case has("dau", "wau", "mau", "active", "user", "level", "concurrent", "online",
		"アクティブ", "ユーザー", "利用者", "日次", "日間", "レベル", "同時接続"):
		return AggMean
	case has("count"):
		return AggLast // "CSM count": a headcount; event counts matched above
	}
	return AggSum
}

// aggregate combines cols on cal into periods of frequency tf aligned to the
// fiscal year, reporting every bucket that lacks source values.
func (im *importer) aggregate(cal kpitree.Calendar, cols []Column, tf kpitree.Freq) (kpitree.Calendar, []Column) {
	fy := cal.FiscalYearStart
	first := bucketStart(cal.Start, tf, fy)
	lastStart := periodStart(cal.Start, cal.Freq, cal.Periods-1)
	nb := periodIndex(first, tf, bucketStart(lastStart, tf, fy)) + 1
	if tf == kpitree.Week {
		nb = floorDiv(dayNum(bucketStart(lastStart, tf, fy))-dayNum(first), 7) + 1
	}
	// bucket of each source period, and how many source periods each bucket should have
	bucket := make([]int, cal.Periods)
	for k := range bucket {
		bucket[k] = periodIndex(first, tf, periodStart(cal.Start, cal.Freq, k))
	}
	expected := make([]int, nb)
	for b := range expected {
		bs, be := periodStart(first, tf, b), periodStart(first, tf, b+1)
		k := periodIndex(cal.Start, cal.Freq, bs)
		if periodStart(cal.Start, cal.Freq, k).Before(bs) {
			k++
		}
		for ; periodStart(cal.Start, cal.Freq, k).Before(be); k++ {
			expected[b]++
		}
	}
	label := func(b int) string { return PeriodLabel(periodStart(first, tf, b), tf, fy) }
	lo, hi := im.completePeriods(cal, bucket, expected, label)
	first = periodStart(first, tf, lo)
	nb = hi - lo
	expected = expected[lo:hi]
	out := kpitree.Calendar{Freq: tf, Start: first, Periods: nb, FiscalYearStart: cal.FiscalYearStart}
	res := make([]Column, len(cols))
	for i, c := range cols {
		vals := make([]float64, nb)
		count := make([]int, nb)
		for b := range vals {
			vals[b] = nan()
		}
		for k, v := range c.Values {
			b := bucket[k] - lo
			if isNaN(v) || b < 0 || b >= nb {
				continue
			}
			if count[b] == 0 {
				vals[b] = v
				count[b] = 1
				continue
			}
			count[b]++
			vals[b] = combineValue(c.Agg, vals[b], v)
		}
		for b := range vals {
			if c.Agg == AggMean && count[b] > 0 {
				vals[b] /= float64(count[b])
			}
			if count[b] > 0 && count[b] < expected[b] && !im.full(CodePartialPeriod, c.Name) {
				im.add(Issue{Code: CodePartialPeriod, Severity: SeverityWarning, Column: c.Name, Period: label(b), Values: []float64{float64(count[b]), float64(expected[b])}, Action: "aggregated what is there",
					Message: fmt.Sprintf("%s has %d of %d %s values for %q; its %s uses only those — treat it with care or fill the gaps",
						label(b), count[b], expected[b], cal.Freq, c.Name, c.Agg)})
			}
		}
		res[i] = Column{Name: c.Name, Header: c.Header, Unit: c.Unit, Agg: c.Agg, Values: vals}
	}
	return out, res
}

// completePeriods is the range [lo, hi) of aggregated periods to keep: all
// of them, less the first and the last when the file's own periods start
// or end inside them (data through Wednesday of a weekly tree), each left
// out with an issue — unless that would leave no whole period, when all
// are kept (partial_period then warns). A total of part of a week reads as
// a drop, and the band alerts would fire on it every day but Monday; a gap
// inside the file is another matter (partial_period).
func (im *importer) completePeriods(cal kpitree.Calendar, bucket, expected []int, label func(int) string) (lo, hi int) {
	type edge struct{ b, n, from, to int }
	covered := func(b int) edge {
		e := edge{b: b, from: -1, to: -1}
		for k, bk := range bucket {
			if bk == b {
				if e.from < 0 {
					e.from = k
				}
				e.n, e.to = e.n+1, k
			}
		}
		return e
	}
	lo, hi = 0, len(expected)
	var drop []edge
	if e := covered(hi - 1); e.n < expected[e.b] {
		drop, hi = append(drop, e), hi-1
	}
	if e := covered(lo); lo < hi && e.n < expected[e.b] {
		drop, lo = append(drop, e), lo+1
	}
	if lo >= hi {
		return 0, len(expected)
	}
	srcLabel := func(k int) string {
		return PeriodLabel(periodStart(cal.Start, cal.Freq, k), cal.Freq, cal.FiscalYearStart)
	}
	for _, e := range drop {
		span := srcLabel(e.from)
		if e.to != e.from {
			span += " – " + srcLabel(e.to)
		}
		im.add(IncompleteIssue(label(e.b), span, e.n, expected[e.b], cal.Freq))
	}
	return lo, hi
}

// IncompleteIssue reports period (a label) left out because the data
// covers only have of its want source periods (of frequency unit), span.
// A file import and a database fetch both say it with these words.
func IncompleteIssue(period, span string, have, want int, unit kpitree.Freq) Issue {
	return Issue{Code: CodeIncompletePeriod, Severity: SeverityInfo, Period: period, Raw: span,
		Values: []float64{float64(have), float64(want)}, Action: "left out",
		Message: fmt.Sprintf("%s is only partly in the data (%s, %d of %d %ss): left out until the data covers all of it, since a total of part of a period would read as a drop",
			period, span, have, want, unit)}
}

// outliers flags values with a robust z-score (0.6745·|x−median|/MAD)
// above 3.5. Daily series are compared within each weekday, so weekends
// are not flagged for being weekends.
func (im *importer) outliers(cal kpitree.Calendar, c *Column) {
	groups := 1
	if cal.Freq == kpitree.Day {
		groups = 7
	}
	for g := range groups {
		var idx []int
		var xs []float64
		for k := g; k < len(c.Values); k += groups {
			if v := c.Values[k]; !isNaN(v) {
				idx = append(idx, k)
				xs = append(xs, v)
			}
		}
		if len(xs) < 8 {
			continue
		}
		med := median(slices.Clone(xs))
		dev := make([]float64, len(xs))
		for i, x := range xs {
			dev[i] = math.Abs(x - med)
		}
		mad := median(dev)
		if mad == 0 {
			continue
		}
		for i, x := range xs {
			z := 0.6745 * (x - med) / mad
			if math.Abs(z) > 3.5 && !im.full(CodeOutlier, c.Name) {
				lbl := PeriodLabel(periodStart(cal.Start, cal.Freq, idx[i]), cal.Freq, cal.FiscalYearStart)
				im.add(Issue{Code: CodeOutlier, Severity: SeverityWarning, Column: c.Name, Period: lbl, Values: []float64{x, med}, Action: "kept",
					Message: fmt.Sprintf("%s of %s is %g, far from the median %g (robust z %.3g); check it — it was kept", lbl, kpitree.Quote(c.Name), x, med, z)})
			}
		}
	}
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
