package confluence

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/internal/testbook"

	"github.com/demarc-dev/demarc/confluence/fake"
	"github.com/demarc-dev/demarc/view"
)

var testDay = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// exampleBook builds a fresh book of examples/enterprise; tests may change
// its model.
func exampleBook(t testing.TB) *view.Book { return testbook.Load(t, "../examples/enterprise") }

// rebuild builds the book again after a change to its model.
func rebuild(t testing.TB, b *view.Book) *view.Book { return testbook.Build(b.Model, nil) }

// site is a fake Confluence with a page to publish below.
type site struct {
	*fake.Server
	parent string
}

func newSite(t testing.TB) *site {
	t.Helper()
	s := fake.New()
	t.Cleanup(s.Close)
	s.SetContextPath("/wiki")
	return &site{Server: s, parent: s.AddPage("DOC", "Cloud platform", "", "<p>Our cloud platform.</p>")}
}

// waits records the waits between retries instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

func (s *site) config(log io.Writer) Config {
	return Config{
		BaseURL: s.BaseURL(), Space: "DOC", Parent: s.parent,
		Auth: Auth{Email: fake.Email, Token: fake.Token},
		Log:  log, MaxWait: 5 * time.Second,
		sleep: (&waits{}).sleep,
	}
}

func publish(t testing.TB, cfg Config, pages []Page) *Plan {
	t.Helper()
	plan, err := Publish(context.Background(), cfg, pages)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return plan
}

func keys(items []PlanItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Key)
	}
	return out
}

// checkTree asserts that every page exists exactly once, marked and
// labelled, under the right parent, with the published body and files.
func checkTree(t testing.TB, s *site, pages []Page) {
	t.Helper()
	byTitle := map[string][]fake.Page{}
	for _, p := range s.Pages() {
		byTitle[p.Title] = append(byTitle[p.Title], p)
	}
	idOf := map[string]string{}
	for _, pg := range pages {
		got := byTitle[pg.Title]
		if len(got) != 1 {
			t.Fatalf("%d pages titled %q, want 1", len(got), pg.Title)
		}
		idOf[pg.Key] = got[0].ID
	}
	for _, pg := range pages {
		p, _ := s.Page(idOf[pg.Key])
		want := s.parent
		if pg.ParentKey != "" {
			want = idOf[pg.ParentKey]
		}
		if p.ParentID != want {
			t.Errorf("%s: parent %s, want %s", pg.Title, p.ParentID, want)
		}
		if p.Body != pg.Body {
			t.Errorf("%s: body differs from the one published", pg.Title)
		}
		if !bytes.Contains(p.Properties[PropertyKey].Value, []byte(`"key":"`+pg.Key+`"`)) {
			t.Errorf("%s: property %s = %s, want key %s", pg.Title, PropertyKey, p.Properties[PropertyKey].Value, pg.Key)
		}
		labelled := false
		for _, l := range p.Labels {
			labelled = labelled || l == Label
		}
		if !labelled {
			t.Errorf("%s: labels %v lack %s", pg.Title, p.Labels, Label)
		}
		if len(p.Attachments) != len(pg.Attachments) {
			t.Errorf("%s: %d attachments, want %d", pg.Title, len(p.Attachments), len(pg.Attachments))
			continue
		}
		for i, a := range pg.Attachments {
			f := p.Attachments[i]
			if f.Name != a.Name || !bytes.Equal(f.Data, a.Data) || f.ContentType != a.ContentType {
				t.Errorf("%s: attachment %s differs from the one published", pg.Title, a.Name)
			}
		}
	}
}

// cancelled reports whether err comes from a cancelled or expired context.
func cancelled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// samplePages keeps the home page, the sections and the first n pages of
// each section (charts included): the whole tree's shape, quicker to
// publish many times.
func samplePages(pages []Page, n int) []Page {
	per := map[string]int{}
	var out []Page
	for _, pg := range pages {
		if pg.ParentKey == "" || pg.ParentKey == KeyHome || per[pg.ParentKey] < n {
			per[pg.ParentKey]++
			out = append(out, pg)
		}
	}
	return out
}
