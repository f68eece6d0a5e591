package site_test

import (
	"testing"
	"time"

	"github.com/demarc-dev/demarc/internal/testbook"

	"github.com/demarc-dev/demarc/site"
	"github.com/demarc-dev/demarc/view"
)

// now fixes the generation time so output is reproducible.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// book loads, resolves and checks the model in dir. Models with errors are
// published too (the site shows the diagnostics), so only a model that
// does not load at all fails the test.
func book(t testing.TB, dir string) *view.Book { return testbook.LoadAny(t, dir) }

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
