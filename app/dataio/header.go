package dataio

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// cleanHeader trims ASCII and full-width spaces and collapses inner runs.
func cleanHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	return strings.Join(strings.FieldsFunc(h, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }), " ")
}

// headerUnit reads a unit from header text: 付帯売上（円）, revenue (JPY),
// revenue_jpy, rate (%), 売上[千円]. scale is the factor the cells must be
// multiplied by (1000 for 千円); percent headers return scale 0.01 since
// their cells hold percent numbers (53.8) unless they carry a % sign.
func headerUnit(h string) (unit string, scale float64) {
	n := strings.ToLower(width.Fold.String(h))
	n = strings.TrimSpace(n)
	inner := ""
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}} {
		if strings.HasSuffix(n, p[1]) {
			if i := strings.LastIndex(n, p[0]); i >= 0 {
				inner = strings.TrimSpace(n[i+len(p[0]) : len(n)-len(p[1])])
			}
			break
		}
	}
	switch inner {
	case "円", "jpy", "yen", "¥", "￥":
		return UnitJPY, 1
	case "千円":
		return UnitJPY, 1e3
	case "万円":
		return UnitJPY, 1e4
	case "百万円":
		return UnitJPY, 1e6
	case "usd", "$", "ドル":
		return UnitUSD, 1
	case "%", "pct", "percent":
		return UnitPercent, 0.01
	}
	for _, s := range []struct {
		suffix, unit string
		scale        float64
	}{{"_jpy", UnitJPY, 1}, {"_yen", UnitJPY, 1}, {" jpy", UnitJPY, 1}, {"_usd", UnitUSD, 1}, {" usd", UnitUSD, 1}, {"_pct", UnitPercent, 0.01}, {"_percent", UnitPercent, 0.01}, {" %", UnitPercent, 0.01}, {"%", UnitPercent, 0.01}} {
		if strings.HasSuffix(n, s.suffix) {
			return s.unit, s.scale
		}
	}
	return "", 1
}

// periodHint reports whether a header names a date or period column.
func periodHint(h string) bool {
	n := strings.ToLower(width.Fold.String(h))
	for _, ja := range []string{"年月", "日付", "期間", "年度", "四半期", "集計月", "対象月", "月次", "週"} {
		if strings.Contains(n, ja) {
			return true
		}
	}
	switch n {
	case "月", "日", "年", "月度":
		return true
	}
	for _, tok := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch tok {
		case "date", "day", "month", "period", "week", "quarter", "year", "time", "ym", "yyyymm", "timestamp":
			return true
		}
	}
	return false
}

// metricHint reports whether a header names the metric column of a long table.
func metricHint(h string) bool {
	n := strings.ToLower(width.Fold.String(h))
	for _, k := range []string{"metric", "series", "kpi", "measure", "name", "指標", "項目", "系列", "名称"} {
		if strings.Contains(n, k) {
			return true
		}
	}
	return false
}

func unitHint(h string) bool {
	n := strings.ToLower(width.Fold.String(h))
	return n == "unit" || n == "単位" || n == "units"
}

// footerWords start rows that summarise the table rather than add to it.
var footerWords = []string{"total", "grand total", "sum", "subtotal", "合計", "総計", "小計", "計", "累計", "平均", "average"}

func isFooter(cells []string) bool {
	for _, c := range cells {
		c = strings.ToLower(cleanHeader(width.Fold.String(c)))
		if c == "" {
			continue
		}
		for _, w := range footerWords {
			if c == w || strings.HasPrefix(c, w+" ") || strings.HasPrefix(c, w+":") || strings.HasPrefix(c, w+"(") {
				return true
			}
		}
		return false // only the first non-empty cell counts
	}
	return false
}
