// Package source reads KPI series from databases: PostgreSQL (and
// Postgres-protocol warehouses such as Redshift) through jackc/pgx,
// MySQL/MariaDB through go-sql-driver/mysql and SQLite files through
// modernc.org/sqlite. All three drivers are pure Go, so kpitreectl stays
// cgo-free and cross-compiles.
//
// A dataset is defined by a Spec: either the user's SQL (first column the
// period, the others values) or a table, a date column and value columns
// with an aggregate each. Fetch wraps it in SQL that aggregates to the
// workspace calendar (day, week, month, fiscal quarter or year) inside the
// database (date_trunc, DATE_FORMAT, strftime), so only one row per period
// crosses the network; the rows then go through app/dataio, so a database
// dataset gets the same quality report as a file.
//
// Every statement runs in a read-only transaction with a statement timeout
// and stops when its context is cancelled. A stored Conn never holds a
// password: Open asks a Secrets for it (the OS keyring, then the
// environment variable KPITREE_DB_PASSWORD_<NAME>); with none, PostgreSQL
// still reads ~/.pgpass itself.
//
// Error contract: nothing panics on user input; errors wrap the sentinels
// in errors.go (errors.Is), and a statement the database rejects is a
// *QueryError with the database's own message and the position in the
// user's SQL (errors.As).
package source
