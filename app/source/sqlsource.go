package source

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// Source is an open database. Everything the app does with one goes
// through this interface, so another kind (BigQuery, Snowflake) needs only
// a Source and a Dialect.
type Source interface {
	// Kind says which database this is.
	Kind() Kind
	// Dialect writes this database's SQL.
	Dialect() Dialect
	// Ping connects and authenticates.
	Ping(ctx context.Context) error
	// Query runs one statement in a read-only transaction under the
	// statement timeout. It calls each once with the column names and a
	// nil row, then with every row's values (as the driver returns them;
	// reused between calls) until each returns an error or the rows end.
	Query(ctx context.Context, st Statement, each func(cols []string, row []any) error) error
	// Close releases the connection.
	Close() error
}

// Open opens c, taking its password from secrets (nil: SystemSecrets).
// It does not connect yet; Ping or the first Query does.
func Open(ctx context.Context, c Conn, secrets Secrets) (Source, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if secrets == nil {
		secrets = SystemSecrets{}
	}
	pw, _ := secrets.Password(ctx, c)
	s := &sqlSource{conn: c}
	switch c.Kind {
	case Postgres:
		cfg, err := pgx.ParseConfig(c.pgDSN(pw))
		if err != nil {
			return nil, fmt.Errorf("connection %s: %v: %w", c.Name, scrub(err.Error(), pw), ErrBadConn)
		}
		cfg.ConnectTimeout = 15 * time.Second
		s.db = sql.OpenDB(stdlib.GetConnector(*cfg))
	case MySQL:
		mc := mysql.NewConfig()
		mc.User, mc.Passwd, mc.DBName = c.User, pw, c.Database
		mc.ParseTime = true
		mc.Timeout = 15 * time.Second
		switch {
		case strings.HasPrefix(c.Host, "/"):
			mc.Net, mc.Addr = "unix", c.Host
		default:
			mc.Net, mc.Addr = "tcp", net.JoinHostPort(orDefault(c.Host, "localhost"), strconv.Itoa(cmp.Or(c.Port, 3306)))
		}
		if c.TLS != "" {
			mc.TLSConfig = c.TLS
		}
		conn, err := mysql.NewConnector(mc)
		if err != nil {
			return nil, fmt.Errorf("connection %s: %v: %w", c.Name, scrub(err.Error(), pw), ErrBadConn)
		}
		s.db = sql.OpenDB(conn)
	case SQLite:
		p := c.sqlitePath()
		if _, err := os.Stat(p); err != nil {
			// mode=ro never creates a file, but say so plainly.
			return nil, fmt.Errorf("connection %s: SQLite file %s: %v: %w", c.Name, p, err, ErrUnreachable)
		}
		u := url.URL{Scheme: "file", Path: p, RawQuery: "mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(5000)"}
		db, err := sql.Open("sqlite", u.String())
		if err != nil {
			return nil, fmt.Errorf("connection %s: %v: %w", c.Name, err, ErrBadConn)
		}
		s.db = db
	}
	s.db.SetMaxOpenConns(2)
	s.db.SetConnMaxIdleTime(time.Minute)
	s.password = pw
	return s, nil
}

type sqlSource struct {
	conn     Conn
	db       *sql.DB
	password string // only to scrub it from error texts

	tuneOnce sync.Once
	tune     bool // PostgreSQL ≥ 11 with its planner settings (not Redshift)
}

// plainPostgres reports whether the server is PostgreSQL 11 or later,
// whose planner settings Query adjusts; a Postgres-protocol warehouse
// (Redshift) may lack them, and a failed SET would abort the transaction.
func (s *sqlSource) plainPostgres(ctx context.Context) bool {
	s.tuneOnce.Do(func() {
		var v string
		if s.db.QueryRowContext(ctx, "SHOW server_version_num").Scan(&v) != nil {
			return
		}
		n, err := strconv.Atoi(v)
		s.tune = err == nil && n >= 110000
	})
	return s.tune
}

func (s *sqlSource) Kind() Kind       { return s.conn.Kind }
func (s *sqlSource) Dialect() Dialect { return DialectOf(s.conn.Kind) }
func (s *sqlSource) Close() error     { return s.db.Close() }

func (s *sqlSource) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.conn.Timeout())
	defer cancel()
	if err := s.db.PingContext(ctx); err != nil {
		return s.wrap(ctx, err, nil)
	}
	// SQLite opens lazily: read the schema so a non-database file fails here.
	if s.conn.Kind == SQLite {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return s.wrap(ctx, err, nil)
		}
	}
	return nil
}

func (s *sqlSource) Query(ctx context.Context, st Statement, each func(cols []string, row []any) error) error {
	timeout := s.conn.Timeout()
	// The database enforces the timeout; the context is the backstop (and
	// the only one for SQLite), a little later so the server's error wins.
	ctx, cancel := context.WithTimeout(ctx, timeout+2*time.Second)
	defer cancel()
	opts := &sql.TxOptions{ReadOnly: true}
	if s.conn.Kind == SQLite {
		opts = nil // the file is opened read-only (mode=ro, query_only)
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return s.wrap(ctx, err, nil)
	}
	defer func() { _ = tx.Rollback() }()
	ms := timeout.Milliseconds()
	switch s.conn.Kind {
	case Postgres:
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", ms)); err != nil {
			return s.wrap(ctx, err, nil)
		}
		if s.plainPostgres(ctx) {
			// JIT compiles for seconds to save less than that on such a
			// query. (enable_sort = off is no longer needed: the aggregate
			// hides date_trunc's group estimate, see groupEstimateHider, so
			// the planner hashes by itself; and it kept the preview's
			// ORDER BY … LIMIT from a parallel top-N scan.)
			if _, err := tx.ExecContext(ctx, "SET LOCAL jit = off"); err != nil {
				return s.wrap(ctx, err, nil)
			}
		}
	case MySQL:
		// MariaDB calls it max_statement_time (seconds), MySQL
		// max_execution_time (milliseconds, SELECT only).
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET SESSION max_statement_time = %g", timeout.Seconds())); err != nil {
			if _, err2 := tx.ExecContext(ctx, fmt.Sprintf("SET SESSION max_execution_time = %d", ms)); err2 != nil {
				return s.wrap(ctx, err2, nil)
			}
		}
	}
	rows, err := tx.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return s.wrap(ctx, err, st.user)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return s.wrap(ctx, err, st.user)
	}
	if err := each(cols, nil); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return s.wrap(ctx, err, st.user)
		}
		if err := each(cols, vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap(ctx, err, st.user)
	}
	return nil
}

var (
	mysqlNear  = regexp.MustCompile(`near '((?s).*)' at line (\d+)`)
	sqliteNear = regexp.MustCompile(`near "([^"]*)"`)
)

// wrap turns a driver error into the package's errors, with the database's
// own message and, for bad SQL, the position in the user's SQL.
func (s *sqlSource) wrap(ctx context.Context, err error, m *userMap) error {
	name := s.conn.Name
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return fmt.Errorf("%s: cancelled: %w", name, context.Canceled)
	}
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	var se *sqlite.Error
	switch {
	case errors.As(err, &pe):
		switch {
		case strings.HasPrefix(pe.Code, "28"):
			return fmt.Errorf("%s: the server refused user %q: %s [%s]; check the user, and the password in the keyring, %s or ~/.pgpass: %w",
				name, s.conn.User, pe.Message, pe.Code, EnvVar(name), ErrAuth)
		case pe.Code == "3D000":
			return fmt.Errorf("%s: %s [%s]; check the database name: %w", name, pe.Message, pe.Code, ErrAuth)
		case pe.Code == "57014" && strings.Contains(pe.Message, "timeout"):
			return fmt.Errorf("%s: %s after %s [%s]; narrow the period range or raise the connection's timeout: %w", name, pe.Message, s.conn.Timeout(), pe.Code, ErrTimeout)
		}
		qe := &QueryError{Kind: Postgres, Code: pe.Code, Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint}
		qe.Line, qe.Column, _ = m.position(int(pe.Position))
		return fmt.Errorf("%s: %w", name, qe)
	case errors.As(err, &me):
		code := strconv.Itoa(int(me.Number))
		switch me.Number {
		case 1045, 1044, 1698:
			return fmt.Errorf("%s: the server refused user %q: %s [%s]; check the user, and the password in the keyring or %s: %w",
				name, s.conn.User, me.Message, code, EnvVar(name), ErrAuth)
		case 1049:
			return fmt.Errorf("%s: %s [%s]; check the database name: %w", name, me.Message, code, ErrAuth)
		case 1969, 3024:
			return fmt.Errorf("%s: %s [%s]; narrow the period range or raise the connection's timeout: %w", name, me.Message, code, ErrTimeout)
		}
		qe := &QueryError{Kind: MySQL, Code: code, Message: me.Message}
		if g := mysqlNear.FindStringSubmatch(me.Message); g != nil {
			qe.Near = g[1]
			qe.Line, qe.Column, _ = m.find(firstLine(g[1]))
		}
		return fmt.Errorf("%s: %w", name, qe)
	case errors.As(err, &se):
		msg := se.Error()
		switch se.Code() & 0xff {
		case 14, 26: // SQLITE_CANTOPEN, SQLITE_NOTADB
			return fmt.Errorf("%s: %s; check the file path %s: %w", name, msg, s.conn.Database, ErrUnreachable)
		case 9: // SQLITE_INTERRUPT: the context ended
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("%s: interrupted after %s: %w", name, s.conn.Timeout(), ErrTimeout)
			}
			return fmt.Errorf("%s: cancelled: %w", name, context.Canceled)
		}
		qe := &QueryError{Kind: SQLite, Code: strconv.Itoa(se.Code()), Message: msg}
		if g := sqliteNear.FindStringSubmatch(msg); g != nil {
			qe.Near = g[1]
			qe.Line, qe.Column, _ = m.find(g[1])
		}
		return fmt.Errorf("%s: %w", name, qe)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: no answer within %s: %w", name, s.conn.Timeout(), ErrTimeout)
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, mysql.ErrInvalidConn) {
		return fmt.Errorf("%s: cannot reach %s: %s; check the host, port or socket and that the server runs: %w",
			name, s.conn, scrub(err.Error(), s.password), ErrUnreachable)
	}
	return fmt.Errorf("%s: %s: %w", name, scrub(err.Error(), s.password), ErrQuery)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// scrub removes the password from a driver's message (a DSN echoed back).
func scrub(msg, pw string) string {
	if pw == "" {
		return msg
	}
	return strings.ReplaceAll(msg, pw, "***")
}
