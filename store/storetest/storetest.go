// Package storetest gives tests of the store and its users a PostgreSQL
// database of their own, following one convention: DEMARC_TEST_POSTGRES
// names the server; without it PostgreSQL tests fail, unless
// DEMARC_SKIP_POSTGRES=1.
//
// go test runs the test binaries of several packages side by side, and some
// tests restart the PostgreSQL server. So that no test sees a restart it
// did not cause, every PostgreSQL test holds a lock file: shared while it
// uses the server, exclusive while it restarts it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
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
	if !restarting.Load() {
		lockServer(t, syscall.LOCK_SH) // released after the schema is dropped
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

// Variables naming the shell commands that stop and start the test
// PostgreSQL server (e.g. "pg_ctlcluster 15 main stop").
const (
	StopEnv  = "DEMARC_TEST_POSTGRES_STOP"
	StartEnv = "DEMARC_TEST_POSTGRES_START"
)

// restarting is set while a test of this process holds the exclusive lock.
var restarting atomic.Bool

// Restarter returns functions that stop and start the test PostgreSQL
// server, and holds the exclusive lock until the test ends, waiting for the
// PostgreSQL tests of other packages to finish first. Call it before
// PostgresDSN. Without the commands the test fails, unless
// DEMARC_SKIP_POSTGRES=1.
func Restarter(t testing.TB) (stop, start func()) {
	t.Helper()
	stopCmd, startCmd := os.Getenv(StopEnv), os.Getenv(StartEnv)
	if stopCmd == "" || startCmd == "" {
		if os.Getenv("DEMARC_SKIP_POSTGRES") == "1" {
			t.Skip("PostgreSQL restart tests skipped: DEMARC_SKIP_POSTGRES=1")
		}
		t.Fatalf("PostgreSQL restart tests need %s and %s: shell commands that stop and start the test server "+
			"(or DEMARC_SKIP_POSTGRES=1 to skip them)", StopEnv, StartEnv)
	}
	lockServer(t, syscall.LOCK_EX)
	restarting.Store(true)
	t.Cleanup(func() { restarting.Store(false) })
	run := func(c string) func() {
		return func() {
			t.Helper()
			if out, err := exec.Command("sh", "-c", c).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", c, err, out)
			}
		}
	}
	return run(stopCmd), run(startCmd)
}

// lockServer takes the lock file of the test PostgreSQL server until the
// test ends.
func lockServer(t testing.TB, how int) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), fmt.Sprintf("demarc-test-postgres-%d.lock", os.Getuid())), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("PostgreSQL test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		t.Fatalf("PostgreSQL test lock: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
