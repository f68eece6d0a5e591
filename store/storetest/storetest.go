// Package storetest gives tests of the store and its users a PostgreSQL
// database of their own, following one convention: DEMARC_TEST_POSTGRES
// names the server; without it PostgreSQL tests fail, unless
// DEMARC_SKIP_POSTGRES=1.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names the variable holding the PostgreSQL URL for tests.
const Env = "DEMARC_TEST_POSTGRES"

// PostgresDSN creates a schema of its own for the test (dropped afterwards)
// and returns a URL whose search_path points at it. Without
// DEMARC_TEST_POSTGRES the test fails, unless DEMARC_SKIP_POSTGRES=1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv("DEMARC_SKIP_POSTGRES") == "1" {
			t.Skip("PostgreSQL tests skipped: DEMARC_SKIP_POSTGRES=1")
		}
		t.Fatalf("PostgreSQL tests need a database: set %s=postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable "+
			"(or DEMARC_SKIP_POSTGRES=1 to skip them)", Env)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "demarc_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
