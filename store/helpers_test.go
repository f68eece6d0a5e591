package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/store/storetest"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// A backend gives each test a fresh, empty database.
type backend struct {
	name string
	dsn  func(t *testing.T) string
}

var backends = []backend{
	{"sqlite", func(t *testing.T) string {
		return "sqlite:" + filepath.Join(t.TempDir(), "data", "demarc.db")
	}},
	{"postgres", postgresDSN},
}

// postgresDSN is storetest.PostgresDSN: a fresh schema per test.
func postgresDSN(t *testing.T) string { return storetest.PostgresDSN(t) }

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
