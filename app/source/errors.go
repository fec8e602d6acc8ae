package source

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrBadConn means a connection definition is incomplete or invalid
	// (unknown kind, no database); the message names the field.
	ErrBadConn = errors.New("invalid connection")
	// ErrBadSpec means a query definition is incomplete or invalid (no
	// table, an unknown aggregate, a bad period range).
	ErrBadSpec = errors.New("invalid query definition")
	// ErrUnreachable means the database server could not be reached (host,
	// port, socket, network) or the SQLite file could not be opened.
	ErrUnreachable = errors.New("database unreachable")
	// ErrAuth means the server refused the user or password, or the user
	// may not use the database.
	ErrAuth = errors.New("authentication failed")
	// ErrQuery means the database rejected a statement (syntax, unknown
	// table or column, permissions); the error is a *QueryError.
	ErrQuery = errors.New("query failed")
	// ErrTimeout means a statement ran longer than the statement timeout.
	ErrTimeout = errors.New("statement timeout")
	// ErrUnknownConnection means the workspace has no stored connection
	// of that name; add it first or pick one from the list.
	ErrUnknownConnection = errors.New("no such connection; add it first (source add) or pick one from the list")
	// ErrConnectionInUse means a dataset still reads from the connection;
	// remove the dataset first.
	ErrConnectionInUse = errors.New("the connection is used by a dataset; remove the dataset first")
	// ErrNoRows means the query returned no rows in the period range.
	ErrNoRows = errors.New("no rows")
)

// QueryError is a statement the database rejected, with its own message.
type QueryError struct {
	// Kind is the database kind that answered.
	Kind Kind
	// Code is the database's error code (SQLSTATE for PostgreSQL, the error
	// number for MySQL); or "".
	Code string
	// Message is the database's message, as it said it.
	Message string
	// Detail and Hint are PostgreSQL's extra lines; or "".
	Detail, Hint string
	// Line and Column locate the error in the user's SQL (1-based); 0 when
	// the database did not say or it lies in the SQL the app generated.
	Line, Column int
	// Near is the text the database quoted at the error; or "".
	Near string
}

func (e *QueryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Kind, e.Message)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Column)
	}
	if e.Detail != "" {
		b.WriteString("; " + e.Detail)
	}
	if e.Hint != "" {
		b.WriteString("; hint: " + e.Hint)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrQuery) true.
func (e *QueryError) Unwrap() error { return ErrQuery }
