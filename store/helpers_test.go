package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// A backend gives each test a fresh, empty database.
type backend struct {
	name string
	dsn  func(t *testing.T) string
}

// postgresEnv names the variable holding a PostgreSQL URL for tests, e.g.
// postgres://demarc:demarc@localhost:5432/demarc?sslmode=disable.
const postgresEnv = "DEMARC_TEST_POSTGRES"

var backends = []backend{
	{"sqlite", func(t *testing.T) string {
		return "sqlite:" + filepath.Join(t.TempDir(), "data", "demarc.db")
	}},
	{"postgres", postgresDSN},
}

// postgresDSN creates a schema of its own for the test (dropped afterwards)
// and returns a URL whose search_path points at it. Without
// DEMARC_TEST_POSTGRES the test fails, unless DEMARC_SKIP_POSTGRES=1.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		if os.Getenv("DEMARC_SKIP_POSTGRES") == "1" {
			t.Skip("PostgreSQL tests skipped: DEMARC_SKIP_POSTGRES=1")
		}
		t.Fatalf("PostgreSQL tests need a database: set %s=postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable "+
			"(or DEMARC_SKIP_POSTGRES=1 to skip them)", postgresEnv)
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

// forEachBackend runs fn as a subtest against every backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.dsn(t)) })
	}
}

func open(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// build loads an inline model (with the aws baseline).
func build(t *testing.T, src string) *model.Model {
	t.Helper()
	var ds diag.Diagnostics
	files := load.ParseYAML("model.yaml", []byte(src), load.DefaultLimits, &ds)
	m, lds := load.Build(&load.Result{Files: files, Sources: map[string][]byte{"model.yaml": []byte(src)}})
	ds = append(ds, lds...)
	if ds.HasErrors() {
		t.Fatalf("model does not load: %v", ds)
	}
	return m
}

const base = `
uses: [aws]
parties:
  - {id: cft, kind: foundation, name: Cloud Foundation}
  - {id: sec, kind: shared, name: Security}
  - {id: ops, kind: shared, name: Central IT Ops}
  - {id: app, kind: application, name: App Team}
activities:
  - {id: patch-os, name: Patch the guest OS, layer: operating-system}
  - {id: decommission, name: Decommission a tenant}
  - {id: review-access, name: Review access, layer: accounts-and-identities, area: identity}
landing_zones:
  - {id: lift, name: Lift and shift, services: [aws-ec2, aws-rds]}
  - {id: native, name: Cloud native, services: [aws-ec2, aws-lambda, aws-rds]}
tenants:
  - {id: "123456789012", provider: aws, landing_zone: native, owner: app}
`
