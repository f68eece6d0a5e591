package confluence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Config says where and how to publish.
type Config struct {
	// BaseURL is the site's base URL: https://example.atlassian.net/wiki
	// (Cloud) or https://confluence.example.com[/context] (Data Center).
	BaseURL string
	// Space is the key of the space to publish into.
	Space string
	// Parent is the page the home page goes below: its id, or its exact
	// title in the space. Empty means the space's home page.
	Parent string
	// Auth are the credentials; take them from AuthFromEnv, never from flags.
	Auth Auth
	// DryRun reads what exists, prints the plan and writes nothing.
	DryRun bool
	// DeleteRemoved deletes (moves to the space's trash) pages demarc
	// published for model elements that no longer exist. Without it they are
	// only reported. Pages demarc did not create are never deleted.
	DeleteRemoved bool
	// MaxRetries bounds the retries of a request that was throttled (429)
	// or failed on the server (5xx); 0 means 4, negative means none.
	MaxRetries int
	// MaxWait bounds a single wait between retries; a Retry-After asking
	// for longer fails the publish. 0 means one minute.
	MaxWait time.Duration
	// HTTPClient sends the requests; nil means a client with a 2-minute
	// timeout.
	HTTPClient *http.Client
	// Progress, if set, is called after each write with the number of
	// writes done, the total planned and the page concerned.
	Progress func(done, total int, title string)
	// Log, if set, receives the plan, one line per change. Credentials are
	// never written to it.
	Log io.Writer

	// for tests: how to wait, and the first backoff step
	sleep   func(context.Context, time.Duration) error
	backoff time.Duration
}

// What marks a page as published by demarc.
const (
	// Label is put on every page demarc manages; pages are found again by
	// searching for it in the space (CQL).
	Label = "demarc-managed"
	// PropertyKey is the content property holding the page's key and the
	// hashes of what was published, so unchanged pages are not rewritten.
	PropertyKey = "demarc"
)

// Plan is what a publish does (or, on a dry run, would do).
type Plan struct {
	Create    []PlanItem
	Update    []PlanItem
	Unchanged []PlanItem
	// Orphaned are pages demarc published for elements no longer in the
	// model; they are deleted only with Config.DeleteRemoved.
	Orphaned []PlanItem
	// Deleted are the orphaned pages deleted by this publish.
	Deleted []PlanItem
	// Ignored are pages that carry demarc's marker but are left alone, such
	// as copies of a managed page.
	Ignored []PlanItem
	// Labelled are unchanged pages (also in Unchanged) that had lost
	// demarc's label; it is added back.
	Labelled []PlanItem
	// Attachments are the files uploaded because they are new or changed.
	Attachments []AttachmentItem
	// Writes counts the write requests sent (0 on a dry run).
	Writes int
	// Reads counts the read requests sent.
	Reads int
}

// PlanItem is one page of a plan.
type PlanItem struct {
	Key    string
	Title  string
	ID     string // Confluence page id; empty for a page still to create
	Reason string // why it is updated, orphaned or ignored
}

// AttachmentItem is one attachment to upload.
type AttachmentItem struct {
	Key     string // the page's key
	Page    string // the page's title
	Name    string
	Replace bool // a version of the file exists and is replaced
}

// Changes counts the pages and attachments the plan writes.
func (p *Plan) Changes() int {
	return len(p.Create) + len(p.Update) + len(p.Labelled) + len(p.Attachments) + len(p.Deleted)
}

var spaceKeyRE = regexp.MustCompile(`^~?[A-Za-z0-9_.-]{1,255}$`)

// pageState is one page through planning and publishing.
type pageState struct {
	page    *Page
	hash    string
	files   map[string]string // attachment name → hash
	remote  *remote
	update  string // reason to update; "" when the page content is current
	upload  []AttachmentItem
	label   bool // the label must be (re)added
	created bool // created by this publish
	// waitFor is the key of a page that holds this page's title now and
	// gives it up (is renamed) in this publish; afterDelete the id of an
	// orphaned page holding it, deleted first.
	waitFor     string
	afterDelete string
}

type publisher struct {
	cfg      Config
	c        *client
	root     string // parent page id ("" for the top of the space)
	homepage string // id of the space's home page, if any
	rootMark string // what markers record as root
	states   []*pageState
	byKey    map[string]*pageState
	done     int
	total    int
}

// Publish makes the pages exist in Confluence as given, writing only what
// changed: it finds the pages it published before by their label and
// content property (so renamed titles do not duplicate pages), creates the
// missing ones under Config.Parent in tree order, updates changed ones with
// the next version number, uploads new or changed attachments, and reports
// pages of removed elements (deleting them only with DeleteRemoved). Pages
// without demarc's marker are never changed or deleted.
//
// The returned plan says what was done; it is also returned with an error,
// covering what was planned. A publish that stopped half-way (an error, a
// cancelled ctx) is completed by running it again: every step is
// idempotent and found pages are adopted, not duplicated.
func Publish(ctx context.Context, cfg Config, pages []Page) (*Plan, error) {
	if err := checkPages(pages); err != nil {
		return nil, err
	}
	if !spaceKeyRE.MatchString(cfg.Space) {
		return nil, fmt.Errorf("confluence: %q is not a space key; give the key (e.g. CLOUD), as in /spaces/KEY/ or /display/KEY/ in page URLs", cfg.Space)
	}
	c, err := newClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("confluence: %w", err)
	}
	p := &publisher{cfg: cfg, c: c, byKey: map[string]*pageState{}}
	plan, err := p.plan(ctx, pages)
	if plan != nil {
		plan.Reads = c.reads
		p.logPlan(plan)
	}
	if err != nil {
		return plan, err
	}
	if cfg.DryRun {
		return plan, nil
	}
	err = p.apply(ctx, plan)
	plan.Reads, plan.Writes = c.reads, c.writes
	return plan, err
}

// checkPages refuses a page set Confluence would refuse half-way through.
func checkPages(pages []Page) error {
	keys := map[string]*Page{}
	titles := map[string]string{}
	for i := range pages {
		pg := &pages[i]
		switch {
		case pg.Key == "":
			return fmt.Errorf("confluence: page %q has no key", pg.Title)
		case keys[pg.Key] != nil:
			return fmt.Errorf("confluence: two pages have the key %q", pg.Key)
		case strings.TrimSpace(pg.Title) == "" || strings.ContainsAny(pg.Title, "\r\n"):
			return fmt.Errorf("confluence: page %s has an empty or multi-line title", pg.Key)
		case utf8.RuneCountInString(pg.Title) > maxTitleRunes:
			return fmt.Errorf("confluence: the title of page %s is longer than %d characters", pg.Key, maxTitleRunes)
		}
		lt := strings.ToLower(pg.Title)
		if k, ok := titles[lt]; ok {
			return fmt.Errorf("confluence: pages %s and %s have the same title %q; titles must be unique in a space", k, pg.Key, pg.Title)
		}
		keys[pg.Key], titles[lt] = pg, pg.Key
		if err := CheckStorage(pg.Body); err != nil {
			return fmt.Errorf("confluence: the body of page %q is not well-formed storage format: %w", pg.Title, err)
		}
		names := map[string]bool{}
		for _, a := range pg.Attachments {
			if a.Name == "" || strings.ContainsAny(a.Name, `/\`+"\r\n\x00") || names[a.Name] {
				return fmt.Errorf("confluence: page %q has an attachment with an empty, duplicate or path-like name %q", pg.Title, a.Name)
			}
			names[a.Name] = true
		}
	}
	for _, pg := range pages {
		seen := map[string]bool{pg.Key: true}
		for k := pg.ParentKey; k != ""; k = keys[k].ParentKey {
			if keys[k] == nil {
				return fmt.Errorf("confluence: page %q has the unknown parent %q", pg.Title, k)
			}
			if seen[k] {
				return fmt.Errorf("confluence: the parents of page %q form a cycle", pg.Title)
			}
			seen[k] = true
		}
	}
	return nil
}

// treeOrder returns the pages with every parent before its children,
// otherwise keeping their order.
func treeOrder(pages []Page) []*Page {
	placed := map[string]bool{}
	out := make([]*Page, 0, len(pages))
	for len(out) < len(pages) {
		for i := range pages {
			pg := &pages[i]
			if !placed[pg.Key] && (pg.ParentKey == "" || placed[pg.ParentKey]) {
				placed[pg.Key] = true
				out = append(out, pg)
			}
		}
	}
	return out
}

func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{0})
		h.Write(p)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func pageHash(pg *Page) string {
	return hashOf([]byte(pg.Title), []byte(pg.ParentKey), []byte(pg.Body))
}

func fileHash(a Attachment) string { return hashOf([]byte(a.ContentType), a.Data) }

// ---- planning ----

func (p *publisher) plan(ctx context.Context, pages []Page) (*Plan, error) {
	var space struct {
		Key      string `json:"key"`
		Homepage *struct {
			ID string `json:"id"`
		} `json:"homepage"`
	}
	if err := p.c.do(ctx, request{op: "find space " + p.cfg.Space, method: http.MethodGet, path: "/space/" + url.PathEscape(p.cfg.Space),
		query: url.Values{"expand": {"homepage"}}}, &space); err != nil {
		return nil, err
	}
	if space.Homepage != nil {
		p.homepage = space.Homepage.ID
	}
	if err := p.resolveParent(ctx); err != nil {
		return nil, err
	}
	managed, ignored, err := p.findManaged(ctx, pages)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Ignored: ignored}
	if p.root != "" {
		for _, r := range managed {
			if r.ID == p.root {
				return nil, fmt.Errorf("confluence: the parent page %q is itself a page demarc publishes (%s); give the page above it as --parent", r.Title, r.Marker.Key)
			}
		}
	}
	wanted := map[string]bool{}
	for _, pg := range pages {
		wanted[pg.Key] = true
	}
	byTitle := map[string]*remote{} // managed pages by lower-cased title
	for _, r := range managed {
		byTitle[strings.ToLower(r.Title)] = r
	}
	orphan := func(r *remote) bool {
		return r != nil && r.Marker != nil && r.Marker.Root == p.rootMark && managed[r.Marker.Key] == r && !wanted[r.Marker.Key]
	}
	taken := map[string]bool{} // ids of orphans taken over by a new key
	var conflicts []string
	conflict := func(pg *Page, r *remote) {
		if r.Marker == nil {
			conflicts = append(conflicts, fmt.Sprintf("%q is taken by a page demarc did not create (id %s); rename or move that page, or rename the model element", pg.Title, r.ID))
		} else {
			conflicts = append(conflicts, fmt.Sprintf("%q is taken by the page demarc published for %s (id %s) below another parent", pg.Title, r.Marker.Key, r.ID))
		}
	}
	for _, pg := range treeOrder(pages) {
		st := &pageState{page: pg, hash: pageHash(pg), files: map[string]string{}}
		for _, a := range pg.Attachments {
			st.files[a.Name] = fileHash(a)
		}
		p.states = append(p.states, st)
		p.byKey[pg.Key] = st
		st.remote = managed[pg.Key]
		if st.remote != nil {
			st.label = st.remote.Unlabelled
		}
		if st.remote == nil {
			// Not found by label nor below the parent: a page moved by
			// hand, one created by a publish that stopped before labelling
			// it, or the title is held by another page.
			holder := byTitle[strings.ToLower(pg.Title)]
			if holder == nil {
				var err error
				if holder, err = p.findByTitle(ctx, pg.Title); err != nil {
					return nil, err
				}
			}
			switch {
			case holder == nil:
			case holder.Marker != nil && holder.Marker.Key == pg.Key:
				st.remote, st.label = holder, holder.Unlabelled
			case orphan(holder) && !taken[holder.ID]:
				// The page of a removed element with this very title: it
				// becomes this element's page.
				st.remote, taken[holder.ID] = holder, true
			case holder.Marker != nil && holder.Marker.Root == p.rootMark && wanted[holder.Marker.Key]:
				st.waitFor = holder.Marker.Key // renamed away by this publish
			default:
				conflict(pg, holder)
			}
		} else if !strings.EqualFold(st.remote.Title, pg.Title) {
			holder := byTitle[strings.ToLower(pg.Title)]
			if holder == nil {
				var err error
				if holder, err = p.findByTitle(ctx, pg.Title); err != nil {
					return nil, err
				}
			}
			switch {
			case holder == nil || holder.ID == st.remote.ID:
			case orphan(holder) && p.cfg.DeleteRemoved:
				st.afterDelete = holder.ID
			case orphan(holder):
				conflicts = append(conflicts, fmt.Sprintf("%q is taken by the page of the removed %s (id %s); publish with --delete-removed, or delete that page", pg.Title, holder.Marker.Key, holder.ID))
			case holder.Marker != nil && holder.Marker.Root == p.rootMark && wanted[holder.Marker.Key]:
				st.waitFor = holder.Marker.Key
			default:
				conflict(pg, holder)
			}
		}
		if st.remote == nil {
			plan.Create = append(plan.Create, PlanItem{Key: pg.Key, Title: pg.Title})
			for _, a := range pg.Attachments {
				st.upload = append(st.upload, AttachmentItem{Key: pg.Key, Page: pg.Title, Name: a.Name})
			}
			plan.Attachments = append(plan.Attachments, st.upload...)
			continue
		}
		st.update = p.staleness(st)
		item := PlanItem{Key: pg.Key, Title: pg.Title, ID: st.remote.ID, Reason: st.update}
		switch {
		case st.remote.Marker.Key != pg.Key:
			item.Reason = "takes over the page of the removed " + st.remote.Marker.Key
			plan.Update = append(plan.Update, item)
		case st.update != "":
			plan.Update = append(plan.Update, item)
		default:
			// A missing label is not a content change: the page is
			// unchanged, and the label is restored.
			plan.Unchanged = append(plan.Unchanged, item)
			if st.label {
				item.Reason = "restore its " + Label + " label"
				plan.Labelled = append(plan.Labelled, item)
			}
		}
		for _, a := range pg.Attachments {
			old, had := st.remote.Marker.Files[a.Name]
			if st.remote.Marker.Key != pg.Key {
				old, had = "", false
			}
			if old != st.files[a.Name] {
				st.upload = append(st.upload, AttachmentItem{Key: pg.Key, Page: pg.Title, Name: a.Name, Replace: had})
			}
		}
		plan.Attachments = append(plan.Attachments, st.upload...)
	}
	for _, st := range p.states {
		// Pages that would each wait for the other's title: a swap.
		seen := map[string]bool{st.page.Key: true}
		for k := st.waitFor; k != ""; k = p.byKey[k].waitFor {
			if seen[k] {
				conflicts = append(conflicts, fmt.Sprintf("%q: the pages %s and %s swap titles; rename one element to a new name, publish, then to the name wanted", st.page.Title, st.page.Key, k))
				break
			}
			seen[k] = true
		}
	}
	if len(conflicts) > 0 {
		return plan, fmt.Errorf("confluence: %d page title(s) are taken in space %s:\n  %s", len(conflicts), p.cfg.Space, strings.Join(conflicts, "\n  "))
	}
	for key, r := range managed {
		if !wanted[key] && !taken[r.ID] {
			plan.Orphaned = append(plan.Orphaned, PlanItem{Key: key, Title: r.Title, ID: r.ID, Reason: "its model element was removed"})
		}
	}
	// Children before parents, so deleting never moves a managed page.
	slices.SortFunc(plan.Orphaned, func(a, b PlanItem) int {
		if d := managed[b.Key].Depth - managed[a.Key].Depth; d != 0 {
			return d
		}
		return strings.Compare(a.Title, b.Title)
	})
	return plan, nil
}

// staleness says why a found page must be rewritten, or "".
func (p *publisher) staleness(st *pageState) string {
	r := st.remote
	var why []string
	if r.Title != st.page.Title {
		why = append(why, "renamed from "+strconv.Quote(r.Title))
	}
	if r.Marker.Hash != st.hash && r.Title == st.page.Title {
		why = append(why, "content changed")
	}
	if want, known := p.parentID(st.page); !known || want != r.ParentID && want != "" {
		// (A space without a home page: top-level pages stay where they are.)
		why = append(why, "moved")
	}
	if r.Marker.Version != r.Version && r.Marker.Hash == st.hash {
		why = append(why, "edited in Confluence since the last publish")
	}
	return strings.Join(why, ", ")
}

// parentID is the id of the page pg belongs under, and whether that page
// exists yet.
func (p *publisher) parentID(pg *Page) (string, bool) {
	if pg.ParentKey == "" {
		return p.root, true
	}
	if st := p.byKey[pg.ParentKey]; st != nil && st.remote != nil {
		return st.remote.ID, true
	}
	return "", false
}

var digits = regexp.MustCompile(`^[0-9]+$`)

func (p *publisher) resolveParent(ctx context.Context) error {
	parent := strings.TrimSpace(p.cfg.Parent)
	if parent == "" && p.homepage != "" {
		parent = p.homepage // the space's home page
	}
	if parent == "" {
		p.root, p.rootMark = "", "space:"+p.cfg.Space
		return nil
	}
	if digits.MatchString(parent) {
		var ct content
		err := p.c.do(ctx, request{op: "find parent page " + parent, method: http.MethodGet, path: "/content/" + parent, query: url.Values{"expand": {"space"}}}, &ct)
		if err != nil {
			return err
		}
		if !strings.EqualFold(ct.Space.Key, p.cfg.Space) {
			return &Error{Op: "find parent page " + parent, Page: ct.Title, Message: fmt.Sprintf("the page is in space %s, not %s", ct.Space.Key, p.cfg.Space), Hint: hint("parent", http.StatusNotFound)}
		}
		p.root, p.rootMark = ct.ID, ct.ID
		return nil
	}
	var found *content
	err := list(ctx, p.c, request{op: "find parent page", page: parent, method: http.MethodGet, path: "/content",
		query: url.Values{"spaceKey": {p.cfg.Space}, "title": {parent}, "type": {"page"}}}, func(ct content) error {
		if found == nil {
			found = &ct
		}
		return nil
	})
	if err != nil {
		return err
	}
	if found == nil {
		return &Error{Op: "find parent page", Page: parent, Message: "no page with this title in space " + p.cfg.Space, Hint: hint("parent", http.StatusNotFound)}
	}
	p.root, p.rootMark = found.ID, found.ID
	return nil
}

// ---- output ----

func (p *publisher) logPlan(plan *Plan) {
	w := p.cfg.Log
	if w == nil {
		return
	}
	where := "the top of space " + p.cfg.Space
	if p.root != "" {
		where = "page " + p.root + " in space " + p.cfg.Space
	}
	if p.cfg.DryRun {
		fmt.Fprintf(w, "dry run: the plan for %s (nothing is written)\n", where)
	} else {
		fmt.Fprintf(w, "publishing below %s\n", where)
	}
	for _, it := range plan.Create {
		fmt.Fprintf(w, "  create    %s\n", it.Title)
	}
	for _, it := range plan.Update {
		fmt.Fprintf(w, "  update    %s (%s)\n", it.Title, it.Reason)
	}
	for _, it := range plan.Labelled {
		fmt.Fprintf(w, "  label     %s (%s)\n", it.Title, it.Reason)
	}
	for _, a := range plan.Attachments {
		verb := "attach "
		if a.Replace {
			verb = "replace"
		}
		fmt.Fprintf(w, "  %s   %s on %s\n", verb, a.Name, a.Page)
	}
	for _, it := range plan.Orphaned {
		if p.cfg.DeleteRemoved {
			fmt.Fprintf(w, "  delete    %s (%s)\n", it.Title, it.Reason)
		} else {
			fmt.Fprintf(w, "  orphaned  %s (%s; kept, --delete-removed deletes it)\n", it.Title, it.Reason)
		}
	}
	for _, it := range plan.Ignored {
		fmt.Fprintf(w, "  ignored   %s (%s)\n", it.Title, it.Reason)
	}
	fmt.Fprintf(w, "  unchanged %d page(s)\n", len(plan.Unchanged))
}

// ---- applying ----
