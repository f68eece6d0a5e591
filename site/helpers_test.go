package site_test

import (
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/site"
	"github.com/demarc-dev/demarc/view"
)

// now fixes the generation time so output is reproducible.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// book loads, resolves and checks the model in dir. Models with errors are
// published too (the site shows the diagnostics), so only a model that
// does not load at all fails the test.
func book(t testing.TB, dir string) *view.Book {
	t.Helper()
	m, ds := load.Dir(dir, load.Options{})
	if m == nil {
		t.Fatalf("%s: %v", dir, ds)
	}
	r := resolve.New(m)
	res := check.Model(m, r, ds, check.Options{Today: now})
	return view.Build(m, r, res, view.Options{Now: now})
}

// buildSite publishes the model in dir into a fresh folder.
func buildSite(t testing.TB, dir string) (string, *view.Book, site.Stats) {
	t.Helper()
	b := book(t, dir)
	out := t.TempDir()
	st, err := site.Build(b, out, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out, b, st
}
