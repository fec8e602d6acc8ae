package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/workspace"
)

var sourceActions = []string{"add", "test", "list", "rm"}

// runSource manages stored database connections:
// source add|test|list|rm FILE … (or source FILE add|test|list|rm …, like scenario).
func runSource(ctx context.Context, s streams, args []string) error {
	if slices.Contains(args, "-h") || slices.Contains(args, "--help") {
		return flag.ErrHelp
	}
	if len(args) < 2 {
		return fmt.Errorf("want one of %s and the workspace FILE: %w", strings.Join(sourceActions, ", "), errUsage)
	}
	sub, file, rest := args[0], args[1], args[2:]
	if !slices.Contains(sourceActions, sub) && slices.Contains(sourceActions, file) {
		sub, file = file, sub
	}
	switch sub {
	case "add":
		return sourceAdd(ctx, s, file, rest)
	case "test":
		return sourceTest(ctx, s, file, rest)
	case "list":
		return sourceList(s, file, rest)
	case "rm":
		return sourceRemove(s, file, rest)
	}
	return fmt.Errorf("unknown source action %q: use %s: %w", sub, strings.Join(sourceActions, ", "), errUsage)
}

// readPassword reads one line from the command's standard input.
func readPassword(in io.Reader) (string, error) {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func sourceAdd(ctx context.Context, s streams, file string, args []string) error {
	fs := newFlags("source add")
	var c source.Conn
	kind := fs.String("kind", "", "postgres (also Redshift), mysql (also MariaDB) or sqlite (required)")
	fs.StringVar(&c.Host, "host", "", "host name, or a Unix socket (postgres: its directory; mysql: the socket file)")
	fs.IntVar(&c.Port, "port", 0, "TCP port (default: the kind's)")
	fs.StringVar(&c.Database, "database", "", "database name, or the SQLite file (required)")
	fs.StringVar(&c.User, "user", "", "user name")
	fs.StringVar(&c.TLS, "tls", "", "postgres sslmode or mysql tls (disable, require, verify-full, true …)")
	fs.IntVar(&c.TimeoutSec, "timeout", 0, "statement timeout in seconds (default 60)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from stdin and store it in the OS keyring (never in the workspace)")
	noTest := fs.Bool("no-test", false, "store without connecting first")
	pos, err := parseExactly(fs, args, 1, "the connection NAME")
	if err != nil {
		return err
	}
	c.Name, c.Kind = pos[0], source.Kind(*kind)
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	var secrets source.Secrets
	if *pwStdin {
		pw, err := readPassword(s.in)
		if err != nil {
			return err
		}
		if err := source.StorePassword(c.Name, pw); err != nil {
			return fmt.Errorf("store the password of %s in the OS keyring: %v; set %s in the environment instead", c.Name, err, source.EnvVar(c.Name))
		}
		secrets = source.StaticSecrets{c.Name: pw}
	}
	if !*noTest {
		if err := workspace.TestConnection(ctx, c, secrets); err != nil {
			return fmt.Errorf("%w (store it anyway with --no-test)", err)
		}
	}
	if err := withWorkspace(file, false, func(w *workspace.Workspace) error { return w.SaveConnection(c) }); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "saved %s: %s\n", c.Name, c)
	return nil
}

func sourceTest(ctx context.Context, s streams, file string, args []string) error {
	fs := newFlags("source test")
	pos, err := parseExactly(fs, args, 1, "the connection NAME")
	if err != nil {
		return err
	}
	var c source.Conn
	if err := withWorkspace(file, true, func(w *workspace.Workspace) error {
		c, err = w.Connection(pos[0])
		return err
	}); err != nil {
		return err
	}
	if err := workspace.TestConnection(ctx, c, nil); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "ok: %s\n", c)
	return nil
}

func sourceList(s streams, file string, args []string) error {
	fs := newFlags("source list")
	format, formatOK := formatFlag(fs, "text", "json")
	_, err := parseExactly(fs, args, 0, "no more arguments", formatOK)
	if err != nil {
		return err
	}
	return withWorkspace(file, true, func(w *workspace.Workspace) error {
		cs, err := w.Connections()
		if err != nil {
			return err
		}
		if *format == "json" {
			if cs == nil {
				cs = []source.Conn{}
			}
			return writeJSON(s.out, cs)
		}
		rows := [][]string{{"NAME", "KIND", "WHERE", "PASSWORD FROM"}}
		for _, c := range cs {
			rows = append(rows, []string{c.Name, string(c.Kind), c.String(), passwordFrom(c)})
		}
		writeAligned(s.out, "  ", rows)
		return nil
	})
}

// passwordFrom says where a password would be looked for, without reading it.
func passwordFrom(c source.Conn) string {
	switch c.Kind {
	case source.SQLite:
		return "-"
	case source.Postgres:
		return "keyring, " + source.EnvVar(c.Name) + " or ~/.pgpass"
	}
	return "keyring or " + source.EnvVar(c.Name)
}

func sourceRemove(s streams, file string, args []string) error {
	fs := newFlags("source rm")
	pos, err := parseExactly(fs, args, 1, "the connection NAME")
	if err != nil {
		return err
	}
	if err := withWorkspace(file, false, func(w *workspace.Workspace) error { return w.RemoveConnection(pos[0]) }); err != nil {
		return err
	}
	// The keyring entry goes too; a machine without a keyring has none.
	_ = source.DeletePassword(pos[0])
	fmt.Fprintf(s.out, "removed %s\n", pos[0])
	return nil
}
