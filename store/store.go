// Package store keeps acknowledgements of responsibility decisions and the
// audit log of every write in a database: embedded SQLite by default (pure
// Go, WAL mode, synchronous=FULL), or PostgreSQL when given a postgres:// URL
// so that several server replicas can share one database.
//
// Every write runs in one transaction together with its audit entry and
// returns only after the transaction has committed, so an acknowledgement
// the caller has been told about survives a crash of the process.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DefaultTimeout bounds every call whose context has no deadline, so that an
// unreachable database makes calls fail instead of hanging.
const DefaultTimeout = 15 * time.Second

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is a handle on the acknowledgement database. It is safe for
// concurrent use.
type Store struct {
	db      *sql.DB
	dialect Dialect
	where   string // the file, or the PostgreSQL host, for error messages
}

// DefaultDataDir is the directory that holds the SQLite file when Open is
// given an empty DSN: $DEMARC_DATA_DIR, else $XDG_DATA_HOME/demarc, else
// ~/.local/share/demarc.
func DefaultDataDir() string {
	if d := os.Getenv("DEMARC_DATA_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "demarc")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "demarc")
	}
	return ".demarc"
}

// DefaultFile is the SQLite file name inside a data directory.
const DefaultFile = "demarc.db"

// Open opens (creating if needed) the store named by dsn and applies pending
// migrations:
//
//   - "" — SQLite in DefaultDataDir()/demarc.db;
//   - "PATH" or "sqlite:PATH" — SQLite in that file, or in PATH/demarc.db when
//     PATH is an existing directory;
//   - "postgres://…" or "postgresql://…" — PostgreSQL.
func Open(ctx context.Context, dsn string) (*Store, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(dsn string) (*Store, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	if strings.HasPrefix(path, "//") {
		path = path[2:]
	}
	if path == "" {
		path = filepath.Join(DefaultDataDir(), DefaultFile)
	} else if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, DefaultFile)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: SQLite path %q: must not contain '?' or '#'", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(5000)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock at BEGIN, so concurrent writers
	// wait (busy_timeout) instead of failing on a lock upgrade.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return &Store{db: db, dialect: SQLite, where: path}, nil
}

func openPostgres(dsn string) (*Store, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// Do not echo the DSN: it may hold a password.
		return nil, errors.New("store: PostgreSQL URL does not parse")
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "5")
		u.RawQuery = q.Encode()
	}
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL %s: %w", u.Host, err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxLifetime(30 * time.Minute)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{db: db, dialect: Postgres, where: "PostgreSQL at " + u.Host}, nil
}

// Dialect reports which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", s.where, err)
	}
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping %s: %w", s.where, err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.where, err)
	}
	return nil
}

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, DefaultTimeout)
}

// q rewrites the ? placeholders of query for the store's dialect.
func (s *Store) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// timeArg converts t for storage: Unix microseconds in SQLite, timestamptz
// in PostgreSQL.
func (s *Store) timeArg(t time.Time) any {
	if s.dialect == SQLite {
		return t.UTC().UnixMicro()
	}
	return t.UTC()
}

// scanTime is a sql.Scanner for times stored by timeArg.
type scanTime struct{ t *time.Time }

func (st scanTime) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*st.t = time.UnixMicro(x).UTC()
	case time.Time:
		*st.t = x.UTC()
	case nil:
		*st.t = time.Time{}
	default:
		return fmt.Errorf("unexpected time value %T", v)
	}
	return nil
}

// now is the clock, truncated to what both databases keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
