// Package testbook builds view.Books for the tests of the output packages,
// on a fixed date so rendered output is reproducible.
package testbook

import (
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// Day is the date review-by dates are checked against; books are
// generated at noon of it.
var Day = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// Load builds the book of the model in dir and fails the test when the
// model has errors.
func Load(t testing.TB, dir string) *view.Book {
	t.Helper()
	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		t.Fatalf("%s: %v", dir, ds)
	}
	return Build(m, ds)
}

// LoadAny builds the book of the model in dir even when it has errors (the
// outputs show them); it fails the test only when nothing could be loaded.
func LoadAny(t testing.TB, dir string) *view.Book {
	t.Helper()
	m, ds := load.Dir(dir, load.Options{})
	if m == nil {
		t.Fatalf("%s: %v", dir, ds)
	}
	return Build(m, ds)
}

// Build resolves, checks and arranges an already loaded model; use it again
// after a test changes the model.
func Build(m *model.Model, loadDiags diag.Diagnostics) *view.Book {
	r := resolve.New(m)
	res := check.Model(m, r, loadDiags, check.Options{Today: Day})
	return view.Build(m, r, res, view.Options{Now: Day.Add(12 * time.Hour), Today: Day})
}
