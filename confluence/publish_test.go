package confluence

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/confluence/fake"
	"github.com/demarc-dev/demarc/view"
)

func TestPublishExampleThenNothing(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))
	var log bytes.Buffer
	var progress []int
	cfg := s.config(&log)
	cfg.Progress = func(done, total int, title string) {
		if done < 1 || done > total || title == "" {
			t.Errorf("progress %d/%d %q", done, total, title)
		}
		progress = append(progress, done)
	}
	plan := publish(t, cfg, pages)
	if len(plan.Create) != len(pages) || len(plan.Update)+len(plan.Unchanged)+len(plan.Orphaned) != 0 {
		t.Fatalf("first publish: create %d update %d unchanged %d orphaned %d, want %d creates",
			len(plan.Create), len(plan.Update), len(plan.Unchanged), len(plan.Orphaned), len(pages))
	}
	if len(plan.Attachments) == 0 {
		t.Fatal("no chart attachments were published")
	}
	if want := len(plan.Create) + len(plan.Attachments); len(progress) != want || progress[len(progress)-1] != want {
		t.Fatalf("progress reported %d steps, want %d", len(progress), want)
	}
	checkTree(t, s, pages)
	if plan.Writes != s.Writes() {
		t.Fatalf("the plan counts %d writes, the server %d", plan.Writes, s.Writes())
	}
	if !strings.Contains(log.String(), "create    "+pages[0].Title) {
		t.Fatalf("log lacks the plan:\n%s", log.String())
	}

	// Publishing the same pages again writes nothing.
	s.ResetCounts()
	plan = publish(t, s.config(nil), Pages(exampleBook(t)))
	if s.Writes() != 0 || plan.Writes != 0 || plan.Changes() != 0 || len(plan.Unchanged) != len(pages) {
		t.Fatalf("second publish wrote %d requests (plan: %d writes, %d changes, %d unchanged)", s.Writes(), plan.Writes, plan.Changes(), len(plan.Unchanged))
	}
	// Lists were read page by page (the fake returns at most 5 results).
	paged := false
	for _, r := range s.Requests() {
		paged = paged || strings.HasSuffix(r.Path, "/content/search") && strings.Contains(r.Query, "start=")
	}
	if !paged {
		t.Fatal("the search was not followed through its pages")
	}
}

func TestPublishUpdatesOnlyChangedPages(t *testing.T) {
	s := newSite(t)
	b := exampleBook(t)
	before := Pages(b)
	publish(t, s.config(nil), before)
	versions := map[string]int{}
	for _, p := range s.Pages() {
		versions[p.ID] = p.Version
	}

	// Change one rule's rationale.
	rule := b.Model.Rules[0]
	rule.Rationale = "Revised after the 2026 audit: the **foundation team** keeps this."
	after := Pages(rebuild(t, b))
	var changed []string
	old := map[string]string{}
	for _, pg := range before {
		old[pg.Key] = pg.Body
	}
	for _, pg := range after {
		if old[pg.Key] != pg.Body {
			changed = append(changed, pg.Key)
		}
	}
	if !slices.Contains(changed, "decision/"+rule.ID) {
		t.Fatalf("the rationale change did not change the decision page (changed: %v)", changed)
	}

	s.ResetCounts()
	plan := publish(t, s.config(nil), after)
	if got := keys(plan.Update); !slices.Equal(got, changed) {
		t.Fatalf("updated %v, want exactly %v", got, changed)
	}
	if len(plan.Create)+len(plan.Attachments)+len(plan.Orphaned) != 0 {
		t.Fatalf("unexpected creates %v, attachments %v or orphans %v", keys(plan.Create), plan.Attachments, keys(plan.Orphaned))
	}
	// A page write and a property write per changed page, nothing else.
	if s.Writes() != 2*len(changed) {
		t.Fatalf("%d write requests for %d changed pages", s.Writes(), len(changed))
	}
	updated := map[string]bool{}
	for _, it := range plan.Update {
		updated[it.ID] = true
	}
	for _, p := range s.Pages() {
		want := versions[p.ID]
		if updated[p.ID] {
			want++
		}
		if p.Version != want {
			t.Errorf("%s: version %d, want %d", p.Title, p.Version, want)
		}
	}
	checkTree(t, s, after)
	if plan := publish(t, s.config(nil), after); plan.Changes() != 0 {
		t.Fatalf("third publish changed %d", plan.Changes())
	}
}

func TestRemovedElementsAreOrphanedThenDeleted(t *testing.T) {
	s := newSite(t)
	b := exampleBook(t)
	pages := Pages(b)
	publish(t, s.config(nil), pages)

	// Pages others made: a similar title under the parent, a child below
	// a managed page, and a page someone labelled by hand.
	partyPage, _ := s.PageByTitle("DOC", titleOf(pages, "party/blue-harbor-msp"))
	similar := s.AddPage("DOC", partyPage.Title+" (notes)", s.parent, "<p>Our notes.</p>")
	child := s.AddPage("DOC", "Blue Harbor contract notes", partyPage.ID, "<p>Contract.</p>")
	handLabelled := s.AddPage("DOC", "Northwind Mutual · Party · Old team", s.parent, "<p>Old.</p>")
	s.AddLabel(handLabelled, Label)

	// Remove a party.
	b.Parties = slices.DeleteFunc(b.Parties, func(pp *view.PartyPage) bool { return pp.Party.ID == "blue-harbor-msp" })
	pages = Pages(b)
	if titleOf(pages, "party/blue-harbor-msp") != "" {
		t.Fatal("the removed party still has a page")
	}
	var log bytes.Buffer
	plan := publish(t, s.config(&log), pages)
	if got := keys(plan.Orphaned); !slices.Equal(got, []string{"party/blue-harbor-msp"}) {
		t.Fatalf("orphaned %v, want the removed party", got)
	}
	if _, ok := s.Page(partyPage.ID); !ok || len(s.Deleted()) != 0 {
		t.Fatal("an orphaned page was deleted without DeleteRemoved")
	}
	if !strings.Contains(log.String(), "--delete-removed") {
		t.Fatalf("the log does not say how to delete orphans:\n%s", log.String())
	}

	cfg := s.config(nil)
	cfg.DeleteRemoved = true
	plan = publish(t, cfg, pages)
	if got := keys(plan.Deleted); !slices.Equal(got, []string{"party/blue-harbor-msp"}) {
		t.Fatalf("deleted %v, want the removed party", got)
	}
	if got := s.Deleted(); !slices.Equal(got, []string{partyPage.ID}) {
		t.Fatalf("the server deleted %v, want only %s", got, partyPage.ID)
	}
	for _, id := range []string{similar, child, handLabelled, s.parent} {
		p, ok := s.Page(id)
		if !ok || p.Version != 1 {
			t.Fatalf("page %s made by someone else was deleted or changed", id)
		}
	}
	checkTree(t, s, pages)
	if plan := publish(t, cfg, pages); plan.Changes() != 0 || len(plan.Orphaned) != 0 {
		t.Fatalf("publish after deleting changed %d, orphaned %v", plan.Changes(), keys(plan.Orphaned))
	}
}

func titleOf(pages []Page, key string) string {
	for _, pg := range pages {
		if pg.Key == key {
			return pg.Title
		}
	}
	return ""
}

func TestForeignPageWithTakenTitleIsNeverTouched(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))
	taken := titleOf(pages, "party/cloud-foundation")
	foreign := s.AddPage("DOC", taken, s.parent, "<p>Written by hand.</p>")
	plan, err := Publish(context.Background(), s.config(nil), pages)
	if err == nil || !strings.Contains(err.Error(), "did not create") || !strings.Contains(err.Error(), foreign) {
		t.Fatalf("err = %v, want a title conflict naming page %s", err, foreign)
	}
	if plan == nil || s.Writes() != 0 {
		t.Fatalf("a conflict found while planning must stop before any write (%d writes)", s.Writes())
	}
	if p, _ := s.Page(foreign); p.Version != 1 || p.Body != "<p>Written by hand.</p>" {
		t.Fatal("the page made by someone else was changed")
	}
}

func TestRenamedOrganisationRenamesPages(t *testing.T) {
	s := newSite(t)
	b := exampleBook(t)
	publish(t, s.config(nil), samplePages(Pages(b), 3))
	n := len(s.Pages())
	b.Organisation.Name = "Northwind Group"
	pages := samplePages(Pages(b), 3)
	plan := publish(t, s.config(nil), pages)
	if len(plan.Create) != 0 || len(plan.Orphaned) != 0 || len(plan.Update) != len(pages) {
		t.Fatalf("rename: create %d orphaned %d update %d of %d", len(plan.Create), len(plan.Orphaned), len(plan.Update), len(pages))
	}
	if !strings.Contains(plan.Update[0].Reason, "renamed") {
		t.Fatalf("reason %q", plan.Update[0].Reason)
	}
	if len(s.Pages()) != n {
		t.Fatalf("%d pages after renaming, had %d", len(s.Pages()), n)
	}
	checkTree(t, s, pages)
}

func TestAttachmentsUploadOnlyWhenChanged(t *testing.T) {
	s := newSite(t)
	pages := samplePages(Pages(exampleBook(t)), 3)
	publish(t, s.config(nil), pages)
	i := slices.IndexFunc(pages, func(p Page) bool { return len(p.Attachments) > 0 })
	pages[i].Attachments[0].Data = append(slices.Clone(pages[i].Attachments[0].Data), []byte("<!-- changed -->")...)
	s.ResetCounts()
	plan := publish(t, s.config(nil), pages)
	if len(plan.Attachments) != 1 || !plan.Attachments[0].Replace || len(plan.Update) != 0 {
		t.Fatalf("attachments %v, updates %v; want one replaced attachment and no page update", plan.Attachments, keys(plan.Update))
	}
	var paths []string
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			paths = append(paths, r.Method+" "+r.Path)
		}
	}
	if len(paths) != 2 || !strings.HasSuffix(paths[0], "/data") || !strings.Contains(paths[1], "/property/") {
		t.Fatalf("writes %v, want the attachment's new data and the property", paths)
	}
	p, _ := s.PageByTitle("DOC", pages[i].Title)
	if p.Version != 1 || p.Attachments[0].Version != 2 {
		t.Fatalf("page version %d, attachment version %d; want 1 and 2", p.Version, p.Attachments[0].Version)
	}
	checkTree(t, s, pages)
}

func TestAttachmentVersionIsNotAnEdit(t *testing.T) {
	s := newSite(t)
	s.AttachmentsBumpVersion(true)
	pages := samplePages(Pages(exampleBook(t)), 2)
	publish(t, s.config(nil), pages)
	s.ResetCounts()
	if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 || s.Writes() != 0 {
		t.Fatalf("changes %d, writes %d: an attachment's page version was taken for an edit", plan.Changes(), s.Writes())
	}
}

func TestEditedPageIsRestored(t *testing.T) {
	s := newSite(t)
	pages := samplePages(Pages(exampleBook(t)), 3)
	publish(t, s.config(nil), pages)
	p, _ := s.PageByTitle("DOC", titleOf(pages, KeyGlossary))
	s.Edit(p.ID, "<p>Edited by hand.</p>")
	plan := publish(t, s.config(nil), pages)
	if len(plan.Update) != 1 || !strings.Contains(plan.Update[0].Reason, "edited") {
		t.Fatalf("updates %+v, want the edited page", plan.Update)
	}
	if q, _ := s.Page(p.ID); q.Version != 3 {
		t.Fatalf("version %d, want 3", q.Version)
	}
	checkTree(t, s, pages)
	if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 {
		t.Fatalf("changes %d after restoring", plan.Changes())
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	s := newSite(t)
	pages := samplePages(Pages(exampleBook(t)), 3)
	var log bytes.Buffer
	cfg := s.config(&log)
	cfg.DryRun = true
	plan := publish(t, cfg, pages)
	if s.Writes() != 0 || plan.Writes != 0 || len(plan.Create) != len(pages) {
		t.Fatalf("dry run: %d writes, %d creates planned", s.Writes(), len(plan.Create))
	}
	if !strings.Contains(log.String(), "dry run") || !strings.Contains(log.String(), "create    ") {
		t.Fatalf("dry run log:\n%s", log.String())
	}

	publish(t, s.config(nil), pages)
	pages[len(pages)-2].Body += "<p>More.</p>"
	s.ResetCounts()
	cfg.DeleteRemoved = true
	plan = publish(t, cfg, pages[:len(pages)-1]) // the last page is removed
	if s.Writes() != 0 || len(plan.Update) != 1 || len(plan.Orphaned) != 1 || len(plan.Deleted) != 0 {
		t.Fatalf("dry run: %d writes, updates %v, orphans %v, deleted %v", s.Writes(), keys(plan.Update), keys(plan.Orphaned), keys(plan.Deleted))
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))[:3]
	s.RateLimit(4, "2")
	w := &waits{}
	cfg := s.config(nil)
	cfg.sleep = w.sleep
	publish(t, cfg, pages)
	got := w.all()
	if len(got) == 0 {
		t.Fatal("no request was throttled")
	}
	for _, d := range got {
		if d != 2*time.Second {
			t.Fatalf("waited %v, want the 2s Retry-After asked for", d)
		}
	}
	s.RateLimit(0, "")
	checkTree(t, s, pages)
}

func TestRetryAfterRealWait(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))[:1]
	s.RateLimit(6, "1") // one of the seven requests of a first publish
	cfg := s.config(nil)
	cfg.sleep = nil // really sleep
	start := time.Now()
	publish(t, cfg, pages)
	if d := time.Since(start); d < time.Second {
		t.Fatalf("publish took %v; Retry-After: 1 was not honoured", d)
	}
}

func TestServerErrorsRetriedWithBackoff(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))[:2]
	w := &waits{}
	cfg := s.config(nil)
	cfg.sleep, cfg.backoff = w.sleep, 100*time.Millisecond
	s.FailNext(3, http.StatusServiceUnavailable)
	publish(t, cfg, pages)
	got := w.all()
	if len(got) != 3 {
		t.Fatalf("%d waits for 3 failures", len(got))
	}
	for i, d := range got {
		step := 100 * time.Millisecond << i
		if d < step/2 || d > step {
			t.Fatalf("wait %d = %v, want within [%v, %v]", i, d, step/2, step)
		}
	}
	checkTree(t, s, pages)
}

func TestRetriesAreBounded(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))[:1]
	cfg := s.config(nil)
	cfg.MaxRetries = 2
	s.FailNext(10, http.StatusInternalServerError)
	_, err := Publish(context.Background(), cfg, pages)
	var e *Error
	if !errors.As(err, &e) || e.Status != 500 || e.Attempts != 3 || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Fatalf("err = %v, want a 500 after 3 attempts", err)
	}
	if n := len(s.Requests()); n != 3 {
		t.Fatalf("%d requests sent, want 3", n)
	}

	// A Retry-After longer than MaxWait fails at once, saying why.
	s2 := newSite(t)
	s2.RateLimit(1, "120")
	cfg = s2.config(nil)
	cfg.MaxWait = time.Second
	_, err = Publish(context.Background(), cfg, pages)
	if !IsStatus(err, http.StatusTooManyRequests) || !strings.Contains(err.Error(), "asked to wait 2m0s") {
		t.Fatalf("err = %v, want a 429 naming the wait", err)
	}
}

func TestCancelDuringWait(t *testing.T) {
	s := newSite(t)
	s.RateLimit(1, "30")
	cfg := s.config(nil)
	cfg.sleep, cfg.MaxWait = nil, time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Publish(ctx, cfg, Pages(exampleBook(t))[:1])
	if !cancelled(err) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v, want the context's error promptly", err, time.Since(start))
	}
}

// An interrupted publish, wherever it stops, is completed by running it
// again, without duplicate pages.
func TestInterruptedPublishConverges(t *testing.T) {
	pages := samplePages(Pages(exampleBook(t)), 3)
	s := newSite(t)
	full := publish(t, s.config(nil), pages).Writes
	for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 11, full / 2, full - 3, full - 2, full - 1} {
		s := newSite(t)
		cfg := s.config(nil)
		cfg.MaxRetries = -1
		s.FailWritesAfter(n, http.StatusBadGateway)
		if _, err := Publish(context.Background(), cfg, pages); !IsStatus(err, http.StatusBadGateway) {
			t.Fatalf("after %d writes: err = %v, want the 502", n, err)
		}
		s.FailWritesAfter(-1, 0)
		publish(t, cfg, pages)
		checkTree(t, s, pages)
		if plan := publish(t, cfg, pages); plan.Changes() != 0 {
			t.Fatalf("after %d writes: the third publish changed %d", n, plan.Changes())
		}
	}
}

func TestLostResponsesDoNotDuplicate(t *testing.T) {
	pages := samplePages(Pages(exampleBook(t)), 3)
	for _, n := range []int{1, 2, 3, 4} {
		s := newSite(t)
		// Writes are applied, but the first n answers are lost; retries
		// find the work done.
		s.LoseResponses(n)
		publish(t, s.config(nil), pages)
		checkTree(t, s, pages)
		if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 {
			t.Fatalf("lost %d: the next publish changed %d", n, plan.Changes())
		}
	}
}

// A response lost after any step of a publish (create, label, property,
// attachment, update, delete) is retried without harm.
func TestLostResponseAtEveryStep(t *testing.T) {
	b := exampleBook(t)
	pages := samplePages(Pages(b), 1)
	changed := slices.Clone(pages)
	changed[3].Body += "<p>Changed.</p>"
	changed[len(changed)-1].Attachments = []Attachment{{Name: "extra.svg", ContentType: "image/svg+xml", Data: []byte("<svg/>")}}
	leaf := slices.IndexFunc(changed, func(p Page) bool { return strings.HasPrefix(p.Key, "activity/") })
	changed = slices.Delete(changed, leaf, leaf+1)
	for _, run := range []struct {
		name        string
		first, then []Page
	}{{"create", nil, pages}, {"update", pages, changed}} {
		for k := 0; ; k++ {
			s := newSite(t)
			if run.first != nil {
				publish(t, s.config(nil), run.first)
			}
			cfg := s.config(nil)
			cfg.DeleteRemoved = true
			steps := 0
			cfg.Progress = func(done, total int, title string) {
				steps = total
				if done == k {
					s.LoseResponses(1)
				}
			}
			if k == 0 {
				s.LoseResponses(1)
			}
			publish(t, cfg, run.then)
			checkTree(t, s, run.then)
			if plan := publish(t, s.config(nil), run.then); plan.Changes() != 0 {
				t.Fatalf("%s, response lost after step %d: the next publish changed %d", run.name, k, plan.Changes())
			}
			if k >= steps {
				break
			}
		}
	}
}

func TestCancelledPublishConverges(t *testing.T) {
	s := newSite(t)
	pages := samplePages(Pages(exampleBook(t)), 3)
	ctx, cancel := context.WithCancel(context.Background())
	cfg := s.config(nil)
	cfg.Progress = func(done, total int, title string) {
		if done == 7 {
			cancel()
		}
	}
	if _, err := Publish(ctx, cfg, pages); !cancelled(err) {
		t.Fatalf("err = %v, want cancelled", err)
	}
	publish(t, s.config(nil), pages)
	checkTree(t, s, pages)
}

func TestSearchIndexLagDoesNotDuplicate(t *testing.T) {
	s := newSite(t)
	s.SearchLag(true)
	pages := samplePages(Pages(exampleBook(t)), 3)
	publish(t, s.config(nil), pages)
	// The index has not seen the new pages: they are found below the parent.
	plan := publish(t, s.config(nil), pages)
	if len(plan.Create) != 0 {
		t.Fatalf("created %d pages again", len(plan.Create))
	}
	checkTree(t, s, pages)
	for _, p := range s.Pages() {
		if p.Version != 1 {
			t.Fatalf("%s was rewritten (version %d)", p.Title, p.Version)
		}
	}
	s.Reindex()
	if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 {
		t.Fatalf("after reindexing: %d changes", plan.Changes())
	}
}

// TestRepublishWhileSearchLags: publishing the example again right after a
// publish, before the search index has seen its pages, writes nothing and
// reports nothing updated (it used to send 471 requests, 234 of them label
// writes, and report 234 pages updated).
func TestRepublishWhileSearchLags(t *testing.T) {
	for _, noExpand := range []bool{false, true} {
		s := newSite(t)
		s.SetPageLimit(100)
		s.NoPropertyExpansion(noExpand)
		s.SearchLag(true)
		pages := Pages(exampleBook(t))
		publish(t, s.config(nil), pages)
		s.ResetCounts()
		var log bytes.Buffer
		plan := publish(t, s.config(&log), pages)
		requests := s.Requests()
		if s.Writes() != 0 || plan.Changes() != 0 || len(plan.Update) != 0 || len(plan.Unchanged) != len(pages) {
			t.Fatalf("noExpand=%v: %d writes, %d changes, %d updated, %d unchanged of %d:\n%s",
				noExpand, s.Writes(), plan.Changes(), len(plan.Update), len(plan.Unchanged), len(pages), log.String())
		}
		// A few list requests; without expansions, a read per page.
		if want := 12; !noExpand && len(requests) > want {
			t.Fatalf("%d requests, want at most %d", len(requests), want)
		}
		if want := 12 + 2*len(pages); noExpand && len(requests) > want {
			t.Fatalf("without expansions: %d requests, want at most %d", len(requests), want)
		}
		listed := slices.ContainsFunc(requests, func(r fake.Request) bool { return strings.HasSuffix(r.Path, "/descendant/page") })
		if !listed {
			t.Fatalf("noExpand=%v: the search lagged but the pages below the parent were not listed", noExpand)
		}
	}
}

// TestLostLabelIsRestoredNotUpdated: a page that really lost its label gets
// it back with one write, and counts as unchanged.
func TestLostLabelIsRestoredNotUpdated(t *testing.T) {
	s := newSite(t)
	pages := samplePages(Pages(exampleBook(t)), 3)
	publish(t, s.config(nil), pages)
	var lost fake.Page
	for _, p := range s.Pages() {
		if slices.Contains(p.Labels, Label) {
			lost = p
			break
		}
	}
	s.RemoveLabel(lost.ID, Label)
	s.ResetCounts()
	var log bytes.Buffer
	plan := publish(t, s.config(&log), pages)
	if len(plan.Update) != 0 || len(plan.Labelled) != 1 || plan.Labelled[0].ID != lost.ID || s.Writes() != 1 || len(plan.Unchanged) != len(pages) {
		t.Fatalf("updated %d, labelled %v, %d writes, %d unchanged:\n%s", len(plan.Update), plan.Labelled, s.Writes(), len(plan.Unchanged), log.String())
	}
	if !strings.Contains(log.String(), "label     "+lost.Title) {
		t.Errorf("the log does not say the label is restored:\n%s", log.String())
	}
	s.ResetCounts()
	if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 || s.Writes() != 0 {
		t.Fatalf("after restoring: %d changes, %d writes", plan.Changes(), s.Writes())
	}
}

func TestWithoutPropertyExpansion(t *testing.T) {
	s := newSite(t)
	s.NoPropertyExpansion(true)
	pages := Pages(exampleBook(t))[:12]
	publish(t, s.config(nil), pages)
	s.ResetCounts()
	if plan := publish(t, s.config(nil), pages); plan.Changes() != 0 || s.Writes() != 0 {
		t.Fatalf("changes %d, writes %d", plan.Changes(), s.Writes())
	}
}

func TestAuthModes(t *testing.T) {
	pages := Pages(exampleBook(t))[:6]
	t.Run("cloud basic", func(t *testing.T) {
		s := newSite(t) // /wiki, relative next links
		publish(t, s.config(nil), pages)
		checkTree(t, s, pages)
	})
	t.Run("data center bearer", func(t *testing.T) {
		s := fake.New() // no context path, absolute next links
		t.Cleanup(s.Close)
		st := &site{Server: s, parent: s.AddPage("DOC", "Cloud platform", "", "<p>x</p>")}
		cfg := st.config(nil)
		cfg.Auth = Auth{Token: fake.PAT, Bearer: true}
		publish(t, cfg, pages)
		checkTree(t, st, pages)
	})
	t.Run("wrong token", func(t *testing.T) {
		s := newSite(t)
		cfg := s.config(nil)
		cfg.Auth.Token = "not-the-token-5e1f"
		_, err := Publish(context.Background(), cfg, pages)
		if !IsStatus(err, http.StatusUnauthorized) || !strings.Contains(err.Error(), EnvToken) {
			t.Fatalf("err = %v, want a 401 with a hint naming %s", err, EnvToken)
		}
		if strings.Contains(err.Error(), "not-the-token-5e1f") {
			t.Fatal("the error shows the token")
		}
	})
}

func TestParent(t *testing.T) {
	pages := Pages(exampleBook(t))[:2]
	s := newSite(t)
	cfg := s.config(nil)
	cfg.Parent = "Cloud platform" // by title
	publish(t, cfg, pages)
	checkTree(t, s, pages)

	cfg.Parent = "No such page"
	_, err := Publish(context.Background(), cfg, pages)
	if err == nil || !strings.Contains(err.Error(), "--parent") {
		t.Fatalf("err = %v, want a hint about --parent", err)
	}
	cfg.Parent = "999999"
	_, err = Publish(context.Background(), cfg, pages)
	if !IsStatus(err, http.StatusNotFound) || !strings.Contains(err.Error(), "--parent") {
		t.Fatalf("err = %v, want a 404 with a hint about --parent", err)
	}
	s.AddSpace("OTHER")
	other := s.AddPage("OTHER", "Elsewhere", "", "<p>x</p>")
	cfg.Parent = other
	if _, err = Publish(context.Background(), cfg, pages); err == nil || !strings.Contains(err.Error(), "space OTHER") {
		t.Fatalf("err = %v, want the parent's space named", err)
	}
	cfg.Parent, cfg.Space = s.parent, "NOPE"
	if _, err = Publish(context.Background(), cfg, pages); !IsStatus(err, http.StatusNotFound) || !strings.Contains(err.Error(), "--space") {
		t.Fatalf("err = %v, want a 404 with a hint about --space", err)
	}
}

func TestDefaultParent(t *testing.T) {
	pages := samplePages(Pages(exampleBook(t)), 1)
	t.Run("home page of the space", func(t *testing.T) {
		s := newSite(t)
		s.SetHomepage(s.parent)
		cfg := s.config(nil)
		cfg.Parent = ""
		publish(t, cfg, pages)
		checkTree(t, s, pages)
		if plan := publish(t, cfg, pages); plan.Changes() != 0 {
			t.Fatalf("changes %d", plan.Changes())
		}
	})
	t.Run("top of a space without a home page", func(t *testing.T) {
		s := newSite(t)
		cfg := s.config(nil)
		cfg.Parent = ""
		publish(t, cfg, pages)
		s.parent = ""
		checkTree(t, s, pages)
		if plan := publish(t, cfg, pages); plan.Changes() != 0 {
			t.Fatalf("changes %d", plan.Changes())
		}
	})
}

func TestTwoModelsInOneSpace(t *testing.T) {
	s := newSite(t)
	b := exampleBook(t)
	publish(t, s.config(nil), samplePages(Pages(b), 3))
	// Another organisation publishes below another page of the space; the
	// first tree is neither orphaned nor touched.
	other := s.AddPage("DOC", "Subsidiary", "", "<p>x</p>")
	b.Organisation.Name = "Northwind Leasing"
	cfg := s.config(nil)
	cfg.Parent, cfg.DeleteRemoved = other, true
	plan := publish(t, cfg, Pages(b)[:3])
	if len(plan.Orphaned) != 0 || len(plan.Update) != 0 || len(plan.Create) != 3 {
		t.Fatalf("second tree: create %d update %d orphaned %d", len(plan.Create), len(plan.Update), len(plan.Orphaned))
	}
}

func TestCopiedPageIsIgnored(t *testing.T) {
	s := newSite(t)
	pages := Pages(exampleBook(t))[:4]
	publish(t, s.config(nil), pages)
	orig, _ := s.PageByTitle("DOC", pages[1].Title)
	// A copy keeps the label and the property.
	cp := s.AddPage("DOC", "Copy of "+orig.Title, orig.ParentID, orig.Body)
	s.AddLabel(cp, Label)
	s.SetProperty(cp, PropertyKey, rawJSON(orig.Properties[PropertyKey].Value))
	cfg := s.config(nil)
	cfg.DeleteRemoved = true
	plan := publish(t, cfg, pages)
	if len(plan.Ignored) != 1 || plan.Ignored[0].ID != cp || plan.Changes() != 0 {
		t.Fatalf("ignored %+v, changes %d", plan.Ignored, plan.Changes())
	}
	if _, ok := s.Page(cp); !ok {
		t.Fatal("the copy was deleted")
	}
}

type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

func TestPagesAreChecked(t *testing.T) {
	s := newSite(t)
	for name, pages := range map[string][]Page{
		"duplicate key":   {{Key: "a", Title: "A", Body: "<p/>"}, {Key: "a", Title: "B", Body: "<p/>"}},
		"duplicate title": {{Key: "a", Title: "A", Body: "<p/>"}, {Key: "b", Title: "a", Body: "<p/>"}},
		"unknown parent":  {{Key: "a", Title: "A", ParentKey: "x", Body: "<p/>"}},
		"cycle":           {{Key: "a", Title: "A", ParentKey: "b", Body: "<p/>"}, {Key: "b", Title: "B", ParentKey: "a", Body: "<p/>"}},
		"malformed body":  {{Key: "a", Title: "A", Body: "<p>unclosed"}},
		"attachment path": {{Key: "a", Title: "A", Body: "<p/>", Attachments: []Attachment{{Name: "../x.svg", Data: []byte("x")}}}},
	} {
		if _, err := Publish(context.Background(), s.config(nil), pages); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if len(s.Requests()) != 0 {
		t.Fatal("invalid pages were sent")
	}
}

func retitle(pages []Page, key, title string) []Page {
	out := slices.Clone(pages)
	for i := range out {
		if out[i].Key == key {
			out[i].Title = title
		}
	}
	return out
}

func TestTitlesMovingBetweenPages(t *testing.T) {
	pages := samplePages(Pages(exampleBook(t)), 3)
	var parties []string
	for _, pg := range pages {
		if strings.HasPrefix(pg.Key, "party/") {
			parties = append(parties, pg.Key)
		}
	}
	a, b, c := parties[0], parties[1], parties[2]
	ta, tb := titleOf(pages, a), titleOf(pages, b)

	t.Run("chain", func(t *testing.T) {
		s := newSite(t)
		publish(t, s.config(nil), pages)
		// b gives its title to a and takes a new one, in one publish.
		next := retitle(retitle(pages, b, tb+" (renamed)"), a, tb)
		plan := publish(t, s.config(nil), next)
		if len(plan.Update) != 2 || len(plan.Create) != 0 {
			t.Fatalf("updates %v creates %v", keys(plan.Update), keys(plan.Create))
		}
		checkTree(t, s, next)
	})
	t.Run("swap", func(t *testing.T) {
		s := newSite(t)
		publish(t, s.config(nil), pages)
		s.ResetCounts()
		_, err := Publish(context.Background(), s.config(nil), retitle(retitle(pages, a, tb), b, ta))
		if err == nil || !strings.Contains(err.Error(), "swap titles") || s.Writes() != 0 {
			t.Fatalf("err = %v after %d writes, want a swap reported before writing", err, s.Writes())
		}
	})
	t.Run("new element takes the title of a removed one", func(t *testing.T) {
		s := newSite(t)
		publish(t, s.config(nil), pages)
		old, _ := s.PageByTitle("DOC", titleOf(pages, c))
		next := slices.Clone(pages)
		for i := range next {
			if next[i].Key == c {
				next[i].Key = c + "-new"
			}
		}
		plan := publish(t, s.config(nil), next)
		if len(plan.Create) != 0 || len(plan.Orphaned) != 0 || len(plan.Update) != 1 || !strings.Contains(plan.Update[0].Reason, "takes over") {
			t.Fatalf("create %v orphaned %v update %+v", keys(plan.Create), keys(plan.Orphaned), plan.Update)
		}
		if p, _ := s.Page(old.ID); !strings.Contains(string(p.Properties[PropertyKey].Value), c+"-new") {
			t.Fatal("the page was not taken over")
		}
		checkTree(t, s, next)
	})
	t.Run("rename onto the title of a removed element", func(t *testing.T) {
		s := newSite(t)
		publish(t, s.config(nil), pages)
		removed, _ := s.PageByTitle("DOC", tb)
		next := retitle(slices.DeleteFunc(slices.Clone(pages), func(p Page) bool { return p.Key == b }), a, tb)
		if _, err := Publish(context.Background(), s.config(nil), next); err == nil || !strings.Contains(err.Error(), "--delete-removed") {
			t.Fatalf("err = %v, want the removed page's title conflict", err)
		}
		cfg := s.config(nil)
		cfg.DeleteRemoved = true
		plan := publish(t, cfg, next)
		if len(plan.Deleted) != 1 || plan.Deleted[0].ID != removed.ID {
			t.Fatalf("deleted %+v", plan.Deleted)
		}
		checkTree(t, s, next)
	})
}
