// Package dbtest starts throwaway PostgreSQL and MariaDB servers for tests:
// each in its own temporary directory, listening on a Unix socket only, as
// the unprivileged user nobody when the tests run as root (both servers
// refuse root). A test package keeps one Servers, starts a server on first
// use and stops everything in TestMain, so no process outlives the tests.
//
// When the server binaries are missing the tests skip, unless
// KPITREE_REQUIRE_DB=1 (set by make test) turns that into a failure.
package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // the MariaDB admin connection
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kpitree/kpitree/app/source"
)

// Password is the password of the test user on both servers. It is long
// and unusual so a test can search a file for it.
const Password = "Kt-s3cr3t-パスワード-7Qx!"

// Servers starts servers on demand and stops them in Close.
type Servers struct {
	mu     sync.Mutex
	pg, my *server
	pgErr  error
	myErr  error
	dir    string // scratch files (SQLite databases); or ""
}

// Dir returns a scratch directory that lives until Close (a test's
// TempDir is gone when the next test reuses a fixture).
func (s *Servers) Dir(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		d, err := os.MkdirTemp("", "kt-scratch-")
		if err != nil {
			t.Fatal(err)
		}
		s.dir = d
	}
	return s.dir
}

type server struct {
	dir  string
	conn source.Conn
	stop func()
}

// Close stops the servers and removes their directories.
func (s *Servers) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sv := range []*server{s.pg, s.my} {
		if sv != nil {
			sv.stop()
			_ = os.RemoveAll(sv.dir)
		}
	}
	s.pg, s.my = nil, nil
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
		s.dir = ""
	}
}

func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, errMissing) && os.Getenv("KPITREE_REQUIRE_DB") != "1" {
		t.Skipf("%v (apt-get install -y --no-install-recommends postgresql mariadb-server)", err)
	}
	t.Fatal(err)
}

var errMissing = errors.New("database server not installed")

// Postgres returns a connection to the PostgreSQL server (database
// "postgres", user "kt", password Password), starting it on first use.
func (s *Servers) Postgres(t testing.TB) source.Conn {
	t.Helper()
	return s.started(t, &s.pg, &s.pgErr, startPostgres)
}

// MariaDB returns a connection to the MariaDB server (database "kt", user
// "kt", password Password), starting it on first use.
func (s *Servers) MariaDB(t testing.TB) source.Conn {
	t.Helper()
	return s.started(t, &s.my, &s.myErr, startMariaDB)
}

// started returns the connection of *sv, starting it with start on first
// use. A failed start is kept in *startErr, so later callers skip or fail
// at once instead of trying again.
func (s *Servers) started(t testing.TB, sv **server, startErr *error, start func() (*server, error)) source.Conn {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if *sv == nil && *startErr == nil {
		*sv, *startErr = start()
	}
	if *startErr != nil {
		skipOrFail(t, *startErr)
	}
	return (*sv).conn
}

// Admin opens a writable connection to c for loading fixtures.
func Admin(c source.Conn) (*sql.DB, error) {
	switch c.Kind {
	case source.Postgres:
		return sql.Open("pgx", fmt.Sprintf("host=%s port=%d user=%s password='%s' dbname=%s", c.Host, c.Port, c.User, Password, c.Database))
	case source.MySQL:
		return sql.Open("mysql", fmt.Sprintf("%s:%s@unix(%s)/%s?parseTime=true&multiStatements=true", c.User, Password, c.Host, c.Database))
	case source.SQLite:
		return sql.Open("sqlite", c.Database)
	}
	return nil, fmt.Errorf("kind %q", c.Kind)
}

var _ = stdlib.GetDefaultDriver // registers "pgx"

// asUser runs name as nobody when we are root (setpriv execs, so the
// process we hold is the server itself and a signal reaches it).
func asUser(name string, args ...string) *exec.Cmd {
	if os.Geteuid() != 0 {
		return exec.Command(name, args...)
	}
	return exec.Command("setpriv", append([]string{"--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", name}, args...)...)
}

// tempDir makes a directory the server user owns.
func tempDir(prefix string) (string, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			return "", err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", err
		}
	}
	return dir, os.Chmod(dir, 0o700)
}

func findBin(name string, dirs ...string) (string, error) {
	for _, d := range dirs {
		if m, _ := filepath.Glob(filepath.Join(d, name)); len(m) > 0 {
			return m[len(m)-1], nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s: %w", name, errMissing)
}

func run(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", cmd.Path, err, out)
	}
	return nil
}

func startPostgres() (*server, error) {
	initdb, err := findBin("initdb", "/usr/lib/postgresql/*/bin")
	if err != nil {
		return nil, err
	}
	pgctl, err := findBin("pg_ctl", filepath.Dir(initdb))
	if err != nil {
		return nil, err
	}
	dir, err := tempDir("kt-pg-")
	if err != nil {
		return nil, err
	}
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte(Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		_ = os.Chown(pw, 65534, 65534)
	}
	// Password authentication even over the socket, so tests see the
	// password travel from Secrets and a wrong one fail.
	if err := run(asUser(initdb, "-D", filepath.Join(dir, "data"), "-U", "kt", "--auth=scram-sha-256", "--pwfile="+pw,
		"-E", "UTF8", "--locale=C", "--no-sync")); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	_ = os.Remove(pw)
	const port = 54329
	if err := run(asUser(pgctl, "-D", filepath.Join(dir, "data"), "-w", "-l", filepath.Join(dir, "pg.log"),
		"-o", fmt.Sprintf("-k %s -p %d -c listen_addresses= -c fsync=off -c full_page_writes=off -c synchronous_commit=off", dir, port), "start")); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	stop := func() {
		_ = run(asUser(pgctl, "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop"))
	}
	c := source.Conn{Name: "pg", Kind: source.Postgres, Host: dir, Port: port, Database: "postgres", User: "kt"}
	return &server{dir: dir, conn: c, stop: stop}, nil
}

func startMariaDB() (*server, error) {
	install, err := findBin("mariadb-install-db", "/usr/bin")
	if err != nil {
		return nil, err
	}
	mariadbd, err := findBin("mariadbd", "/usr/sbin")
	if err != nil {
		return nil, err
	}
	dir, err := tempDir("kt-my-")
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "db")
	if err := run(asUser(install, "--no-defaults", "--datadir="+data, "--auth-root-authentication-method=normal",
		"--skip-test-db", "--skip-name-resolve")); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	sock := filepath.Join(dir, "sock")
	cmd := asUser(mariadbd, "--no-defaults", "--datadir="+data, "--socket="+sock, "--skip-networking",
		"--pid-file="+filepath.Join(dir, "pid"), "--log-error="+filepath.Join(dir, "err.log"),
		"--innodb-flush-log-at-trx-commit=0", "--skip-log-bin")
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	root, err := sql.Open("mysql", "root@unix("+sock+")/")
	if err != nil {
		stop()
		return nil, err
	}
	defer root.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = root.PingContext(ctx)
		cancel()
		if err == nil {
			break
		}
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(dir, "err.log"))
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("mariadbd exited: %s", log)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("mariadbd did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, q := range []string{
		"CREATE DATABASE kt CHARACTER SET utf8mb4",
		"CREATE USER 'kt'@'localhost' IDENTIFIED BY '" + Password + "'",
		"GRANT ALL ON kt.* TO 'kt'@'localhost'",
	} {
		if _, err := root.Exec(q); err != nil {
			stop()
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	c := source.Conn{Name: "maria", Kind: source.MySQL, Host: sock, Database: "kt", User: "kt"}
	return &server{dir: dir, conn: c, stop: stop}, nil
}
