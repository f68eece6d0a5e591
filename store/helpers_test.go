package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/internal/testmodel"

	"github.com/demarc-dev/demarc/store/storetest"

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
func build(t *testing.T, src string) *model.Model { return testmodel.Model(t, src) }

// base is the small model the tests extend with rules.
const base = testmodel.Small
