package dbtest

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/source"
)

// Event is one row of the CS fixture: the sample monthly CS data
// (app/dataio/testdata/cs_monthly.csv) spread over two events a day.
type Event struct {
	At time.Time // 09:00 and 18:30 each day
	// Revenue is a flow: the month's revenue split over its events, so
	// it sums back to the monthly figure exactly.
	Revenue int64
	// The stocks and rates repeat the month's value on every event, so
	// the month's last (stocks) and mean (rates) are the monthly figures.
	UnitPrice, OnboardedPerCSM, ActiveRate float64
	CSMCount, ActiveCustomers              int64
	// Account is an account id, for count distinct.
	Account int64
}

// Columns are the fixture table's value columns with the aggregate that
// gives back the monthly CSV's figure.
var Columns = []source.Value{
	{Column: "revenue_jpy", Agg: source.AggSum},
	{Column: "unit_price_jpy", Agg: source.AggMean},
	{Column: "active_customers", Agg: source.AggLast},
	{Column: "csm_count", Agg: source.AggLast},
	{Column: "onboarded_per_csm", Agg: source.AggMean},
	{Column: "active_rate", Agg: source.AggMean},
}

// CSEvents expands the monthly CSV at path into daily events.
func CSEvents(path string) ([]Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, h := range rows[0] {
		idx[h] = i
	}
	num := func(r []string, col string) (float64, error) {
		return strconv.ParseFloat(r[idx[col]], 64)
	}
	var out []Event
	for _, r := range rows[1:] {
		m, err := time.Parse("2006-01", r[0])
		if err != nil {
			return nil, err
		}
		var v [6]float64
		for i, c := range []string{"revenue_jpy", "unit_price_jpy", "active_customers", "csm_count", "onboarded_per_csm", "active_rate"} {
			if v[i], err = num(r, c); err != nil {
				return nil, fmt.Errorf("%s %s: %w", r[0], c, err)
			}
		}
		days := m.AddDate(0, 1, -1).Day()
		n := int64(2 * days)
		total := int64(v[0])
		for d := range days {
			for e := range 2 {
				k := int64(2*d + e)
				rev := total / n
				if k < total%n {
					rev++
				}
				at := m.AddDate(0, 0, d).Add(9 * time.Hour)
				if e == 1 {
					at = at.Add(9*time.Hour + 30*time.Minute)
				}
				out = append(out, Event{At: at, Revenue: rev, UnitPrice: v[1], ActiveCustomers: int64(v[2]),
					CSMCount: int64(v[3]), OnboardedPerCSM: v[4], ActiveRate: v[5], Account: (k*7 + int64(m.Month())) % 23})
			}
		}
	}
	return out, nil
}

// Load creates table (dropping an old one) and inserts the events.
func Load(db *sql.DB, kind source.Kind, table string, ev []Event) error {
	ts := "TIMESTAMP"
	if kind == source.Postgres {
		ts = "timestamp"
	}
	if kind == source.MySQL {
		ts = "DATETIME"
	}
	num := "DOUBLE PRECISION"
	if kind == source.SQLite {
		ts, num = "TEXT", "REAL"
	}
	stmts := []string{
		"DROP TABLE IF EXISTS " + table,
		fmt.Sprintf("CREATE TABLE %s (at %s NOT NULL, revenue_jpy BIGINT, unit_price_jpy %s, active_customers BIGINT, csm_count BIGINT, onboarded_per_csm %s, active_rate %s, account_id BIGINT)",
			table, ts, num, num, num),
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	for i := 0; i < len(ev); i += 500 {
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s VALUES ", table)
		for j, e := range ev[i:min(i+500, len(ev))] {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "('%s',%d,%s,%d,%d,%s,%s,%d)", e.At.Format("2006-01-02 15:04:05"), e.Revenue,
				f(e.UnitPrice), e.ActiveCustomers, e.CSMCount, f(e.OnboardedPerCSM), f(e.ActiveRate), e.Account)
		}
		if _, err := db.Exec(b.String()); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
	}
	return nil
}

func f(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// WriteCSV writes the events as the CSV export a user would otherwise
// import: one row per event, a timestamp column and the value columns.
func WriteCSV(w io.Writer, ev []Event) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"at", "revenue_jpy", "unit_price_jpy", "active_customers", "csm_count", "onboarded_per_csm", "active_rate"})
	for _, e := range ev {
		_ = cw.Write([]string{e.At.Format("2006-01-02 15:04:05"), strconv.FormatInt(e.Revenue, 10), f(e.UnitPrice),
			strconv.FormatInt(e.ActiveCustomers, 10), strconv.FormatInt(e.CSMCount, 10), f(e.OnboardedPerCSM), f(e.ActiveRate)})
	}
	cw.Flush()
	return cw.Error()
}
