package source

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Kind is a database kind.
type Kind string

// The supported kinds.
const (
	// Postgres is PostgreSQL or a Postgres-protocol warehouse (Redshift).
	Postgres Kind = "postgres"
	// MySQL is MySQL or MariaDB.
	MySQL Kind = "mysql"
	// SQLite is a SQLite database file.
	SQLite Kind = "sqlite"
)

// Kinds lists the supported kinds.
func Kinds() []Kind { return []Kind{Postgres, MySQL, SQLite} }

// DefaultTimeout is the statement timeout when a Conn sets none.
const DefaultTimeout = 60 * time.Second

// Conn is a stored connection. It never holds a password (see Secrets), so
// it can be written to the workspace file and shown.
type Conn struct {
	// Name identifies the connection in the workspace (letters, digits, _ and -).
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Host is the server's host name, or a Unix socket: for PostgreSQL the
	// directory holding the socket, for MySQL the socket file. Empty means
	// localhost. Ignored for SQLite.
	Host string `json:"host,omitempty"`
	// Port is the TCP port; 0 means the kind's default.
	Port int `json:"port,omitempty"`
	// Database is the database name, or for SQLite the file's path.
	Database string `json:"database"`
	// User is the user name; or "" for the driver's default.
	User string `json:"user,omitempty"`
	// TLS is the PostgreSQL sslmode or the MySQL tls value ("disable",
	// "require", "verify-full", "true" …); or "" for the driver's default.
	TLS string `json:"tls,omitempty"`
	// TimeoutSec is the statement timeout in seconds; 0 means DefaultTimeout.
	TimeoutSec int `json:"timeout_sec,omitempty"`
}

// Timeout returns the statement timeout.
func (c Conn) Timeout() time.Duration {
	if c.TimeoutSec <= 0 {
		return DefaultTimeout
	}
	return time.Duration(c.TimeoutSec) * time.Second
}

// ValidName reports whether name can name a connection: 1–64 ASCII
// letters, digits, '_' and '-' (it also names an environment variable).
func ValidName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// Validate reports the first problem of c.
func (c Conn) Validate() error {
	switch {
	case !ValidName(c.Name):
		return fmt.Errorf("connection name %q: use 1–64 letters, digits, _ or -: %w", c.Name, ErrBadConn)
	case c.Kind != Postgres && c.Kind != MySQL && c.Kind != SQLite:
		return fmt.Errorf("connection %s: kind %q: use postgres, mysql or sqlite: %w", c.Name, c.Kind, ErrBadConn)
	case c.Database == "":
		return fmt.Errorf("connection %s: no database (for sqlite: the file's path): %w", c.Name, ErrBadConn)
	case c.Port < 0 || c.Port > 65535:
		return fmt.Errorf("connection %s: port %d: use 1–65535: %w", c.Name, c.Port, ErrBadConn)
	case c.TimeoutSec < 0 || c.TimeoutSec > 86400:
		return fmt.Errorf("connection %s: timeout %d s: use 0–86400: %w", c.Name, c.TimeoutSec, ErrBadConn)
	case strings.ContainsAny(c.Host+c.User+c.TLS, "\x00\n"):
		return fmt.Errorf("connection %s: a field holds a control character: %w", c.Name, ErrBadConn)
	}
	return nil
}

// String describes c without secrets: "postgres kt@/tmp/pg:5432/cs".
func (c Conn) String() string {
	if c.Kind == SQLite {
		return "sqlite " + c.Database
	}
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	at := ""
	if c.User != "" {
		at = c.User + "@"
	}
	port := ""
	if c.Port > 0 {
		port = ":" + strconv.Itoa(c.Port)
	}
	return fmt.Sprintf("%s %s%s%s/%s", c.Kind, at, host, port, c.Database)
}

// pgDSN is the pgx connection URL; password "" lets pgx read ~/.pgpass
// (or PGPASSFILE) itself.
func (c Conn) pgDSN(password string) string {
	u := url.URL{Scheme: "postgres", Path: "/" + c.Database}
	q := url.Values{}
	host := c.Host
	if strings.HasPrefix(host, "/") { // a socket directory goes in the query
		q.Set("host", host)
		host = ""
	}
	if c.Port > 0 {
		host = net.JoinHostPort(orDefault(host, "localhost"), strconv.Itoa(c.Port))
		if q.Get("host") != "" {
			q.Set("port", strconv.Itoa(c.Port))
			host = ""
		}
	}
	u.Host = host
	switch {
	case c.User != "" && password != "":
		u.User = url.UserPassword(c.User, password)
	case c.User != "":
		u.User = url.User(c.User)
	case password != "":
		q.Set("password", password)
	}
	if c.TLS != "" {
		q.Set("sslmode", c.TLS)
	}
	q.Set("application_name", "kpitree")
	u.RawQuery = q.Encode()
	return u.String()
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// sqlitePath resolves ~ in a SQLite path.
func (c Conn) sqlitePath() string {
	p := c.Database
	if rest, ok := strings.CutPrefix(p, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, rest)
		}
	}
	return p
}
