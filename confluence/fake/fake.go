// Package fake is an in-memory Confluence for tests: the part of the REST
// v1 content API that demarc publishes with, enforcing the behaviour the
// real service documents rather than accepting anything.
//
// It checks credentials (HTTP Basic e-mail and API token as on Cloud, or a
// Bearer personal access token as on Data Center), requires version numbers
// to be the current version plus one (else 409), refuses a second page with
// the same title in a space (400), pages every list (at most five results
// by default, with _links.next), refuses multipart uploads without the
// X-Atlassian-Token: no-check header (403), parses storage-format bodies as
// XML (400 when malformed), and answers the CQL that finds labelled pages.
//
// Failures are injected on demand: 429 with Retry-After every Nth request,
// the next requests failing with a status, every write failing after N,
// and writes that are applied but whose response is lost (503).
package fake

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Default credentials the server accepts.
const (
	Email = "publisher@example.com"
	Token = "fake-cloud-api-token-6f1c2a9e"
	PAT   = "fake-dc-personal-access-token-3b7d44c1"
)

// Server is a fake Confluence site.
type Server struct {
	*httptest.Server

	mu          sync.Mutex
	email       string
	token, pat  string
	contextPath string
	pageLimit   int

	rateEvery  int
	retryAfter string
	failNext   []int
	failAfter  int // writes accepted before every write fails; -1 = never
	failStatus int
	lose       int // writes to apply whose response is replaced by 503
	lag        bool
	noExpand   bool
	bumpAttach bool

	spaces  map[string]string // key → home page id ("" for none)
	pages   map[string]*page
	files   map[string]*file
	nextID  int
	index   map[string]indexEntry // what CQL sees
	deleted []string

	requests []Request
	count    int
	writes   int
	accepted int // writes accepted while failAfter counts
}

// Request is one request the server received.
type Request struct {
	Method, Path, Query string
	Status              int
}

// Page is a snapshot of a page.
type Page struct {
	ID, Space, Title, ParentID string
	Version                    int
	Body                       string
	Labels                     []string
	Properties                 map[string]Property
	Attachments                []File
}

// Property is a content property.
type Property struct {
	Value   json.RawMessage
	Version int
}

// File is an attachment.
type File struct {
	ID, Name, ContentType, Comment string
	Data                           []byte
	Version                        int
}

type page struct {
	id, space, title, parent string
	version                  int
	body                     string
	labels                   []string
	props                    map[string]*Property
	files                    []string // attachment ids
}

type file struct {
	File
	pageID string
}

type indexEntry struct {
	space, title string
	labels       []string
}

// New starts a fake site with one space, "DOC", reached at URL (no context
// path, as a Data Center site at the root); SetContextPath("/wiki") makes
// it answer like Cloud.
func New() *Server {
	s := &Server{
		email: Email, token: Token, pat: PAT, pageLimit: 5, failAfter: -1,
		spaces: map[string]string{"DOC": ""}, pages: map[string]*page{}, files: map[string]*file{},
		index: map[string]indexEntry{}, nextID: 1000,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// BaseURL is the address to publish to: URL plus the context path.
func (s *Server) BaseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.URL + s.contextPath
}

// SetContextPath sets the path the REST API lives below ("/wiki" on
// Cloud). With a context path, next links are relative to it, as on Cloud;
// without, they are absolute URLs, as on Data Center.
func (s *Server) SetContextPath(p string) { s.mu.Lock(); s.contextPath = p; s.mu.Unlock() }

// SetPageLimit sets the most results a list returns at once.
func (s *Server) SetPageLimit(n int) { s.mu.Lock(); s.pageLimit = n; s.mu.Unlock() }

// AddSpace adds a space without a home page.
func (s *Server) AddSpace(key string) { s.mu.Lock(); s.spaces[key] = ""; s.mu.Unlock() }

// SetHomepage makes page id the home page of its space.
func (s *Server) SetHomepage(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.pages[id]; p != nil {
		s.spaces[p.space] = id
	}
}

// RateLimit answers every nth request with 429 and the Retry-After value
// (none if empty); n = 0 turns it off.
func (s *Server) RateLimit(n int, retryAfter string) {
	s.mu.Lock()
	s.rateEvery, s.retryAfter, s.count = n, retryAfter, 0
	s.mu.Unlock()
}

// FailNext answers the next n requests with status.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	for range n {
		s.failNext = append(s.failNext, status)
	}
	s.mu.Unlock()
}

// FailWritesAfter accepts n more writes, then answers every write with
// status until called again with n < 0.
func (s *Server) FailWritesAfter(n, status int) {
	s.mu.Lock()
	s.failAfter, s.failStatus, s.accepted = n, status, 0
	s.mu.Unlock()
}

// LoseResponses applies the next n successful writes but answers 503, as
// when a proxy times out after the server did the work.
func (s *Server) LoseResponses(n int) { s.mu.Lock(); s.lose = n; s.mu.Unlock() }

// SearchLag makes CQL see the pages as they were at the last Reindex, like
// the real search index, which trails writes.
func (s *Server) SearchLag(on bool) {
	s.mu.Lock()
	s.lag = on
	if !on {
		s.reindex()
	}
	s.mu.Unlock()
}

// Reindex brings the search index up to date.
func (s *Server) Reindex() { s.mu.Lock(); s.reindex(); s.mu.Unlock() }

// AttachmentsBumpVersion makes every attachment upload a new version of
// its page, as some Confluence versions do.
func (s *Server) AttachmentsBumpVersion(on bool) { s.mu.Lock(); s.bumpAttach = on; s.mu.Unlock() }

// NoPropertyExpansion makes the server ignore expand=metadata.properties.*
// and expand=metadata.labels.
func (s *Server) NoPropertyExpansion(on bool) { s.mu.Lock(); s.noExpand = on; s.mu.Unlock() }

// Writes counts the write requests (POST, PUT, DELETE) received.
func (s *Server) Writes() int { s.mu.Lock(); defer s.mu.Unlock(); return s.writes }

// Requests returns every request received.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ResetCounts forgets the requests received so far.
func (s *Server) ResetCounts() { s.mu.Lock(); s.requests, s.writes = nil, 0; s.mu.Unlock() }

// Deleted returns the ids of deleted pages.
func (s *Server) Deleted() []string { s.mu.Lock(); defer s.mu.Unlock(); return slices.Clone(s.deleted) }

// AddPage creates a page as someone else would, returning its id.
func (s *Server) AddPage(space, title, parentID, body string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.newPage(space, title, parentID, body)
	s.indexPage(p)
	return p.id
}

// RemoveLabel takes a label off a page, as someone editing it by hand.
func (s *Server) RemoveLabel(id, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.pages[id]; p != nil {
		p.labels = slices.DeleteFunc(p.labels, func(l string) bool { return l == label })
		s.indexPage(p)
	}
}

// AddLabel labels a page.
func (s *Server) AddLabel(id, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.pages[id]; p != nil && !slices.Contains(p.labels, label) {
		p.labels = append(p.labels, label)
		s.indexPage(p)
	}
}

// SetProperty sets a content property, creating it or adding a version.
func (s *Server) SetProperty(id, key string, value any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pages[id]
	if p == nil {
		return
	}
	raw, _ := json.Marshal(value)
	if old := p.props[key]; old != nil {
		old.Value, old.Version = raw, old.Version+1
		return
	}
	p.props[key] = &Property{Value: raw, Version: 1}
}

// Edit changes a page's body as a person editing it would (a new version).
func (s *Server) Edit(id, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.pages[id]; p != nil {
		p.body, p.version = body, p.version+1
	}
}

// Pages returns every page, ordered by id.
func (s *Server) Pages() []Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Page
	for _, p := range s.pages {
		out = append(out, s.snapshot(p))
	}
	slices.SortFunc(out, func(a, b Page) int { return cmpID(a.ID, b.ID) })
	return out
}

// Page returns the page with id.
func (s *Server) Page(id string) (Page, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pages[id]
	if p == nil {
		return Page{}, false
	}
	return s.snapshot(p), true
}

// PageByTitle returns the page titled title in space.
func (s *Server) PageByTitle(space, title string) (Page, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.byTitle(space, title); p != nil {
		return s.snapshot(p), true
	}
	return Page{}, false
}

func (s *Server) snapshot(p *page) Page {
	out := Page{ID: p.id, Space: p.space, Title: p.title, ParentID: p.parent, Version: p.version, Body: p.body,
		Labels: slices.Clone(p.labels), Properties: map[string]Property{}}
	for k, v := range p.props {
		out.Properties[k] = *v
	}
	for _, id := range p.files {
		f := s.files[id].File
		f.Data = slices.Clone(f.Data)
		out.Attachments = append(out.Attachments, f)
	}
	return out
}

func cmpID(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func (s *Server) newPage(space, title, parent, body string) *page {
	s.nextID++
	p := &page{id: strconv.Itoa(s.nextID), space: space, title: title, parent: parent, version: 1, body: body, props: map[string]*Property{}}
	s.pages[p.id] = p
	return p
}

func (s *Server) indexPage(p *page) {
	if !s.lag {
		s.index[p.id] = indexEntry{space: p.space, title: p.title, labels: slices.Clone(p.labels)}
	}
}

func (s *Server) reindex() {
	s.index = map[string]indexEntry{}
	for _, p := range s.pages {
		s.index[p.id] = indexEntry{space: p.space, title: p.title, labels: slices.Clone(p.labels)}
	}
}

func (s *Server) byTitle(space, title string) *page {
	for _, p := range s.pages {
		if p.space == space && strings.EqualFold(p.title, title) {
			return p
		}
	}
	return nil
}

// ---- HTTP ----

type apiError struct {
	status int
	msg    string
}

func fail(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	status, v := s.handle(w, r)
	rec.Status = status
	s.requests = append(s.requests, rec)
	if e, ok := v.(*apiError); ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(e.status)
		_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": e.status, "message": e.msg})
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		return tok == s.pat
	}
	if enc, ok := strings.CutPrefix(h, "Basic "); ok {
		dec, err := base64.StdEncoding.DecodeString(enc)
		return err == nil && string(dec) == s.email+":"+s.token
	}
	return false
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) (int, any) {
	if !s.authorized(r) {
		return http.StatusUnauthorized, fail(http.StatusUnauthorized, "Current user not permitted to use Confluence")
	}
	write := r.Method != http.MethodGet && r.Method != http.MethodHead
	if write {
		s.writes++
	}
	s.count++
	if s.rateEvery > 0 && s.count%s.rateEvery == 0 {
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		return http.StatusTooManyRequests, fail(http.StatusTooManyRequests, "Rate limit exceeded")
	}
	if len(s.failNext) > 0 {
		st := s.failNext[0]
		s.failNext = s.failNext[1:]
		return st, fail(st, "simulated failure")
	}
	if write && s.failAfter >= 0 {
		if s.accepted >= s.failAfter {
			return s.failStatus, fail(s.failStatus, "simulated outage")
		}
		s.accepted++
	}
	prefix := s.contextPath + "/rest/api"
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		return http.StatusNotFound, fail(http.StatusNotFound, "no REST resource at %s", r.URL.Path)
	}
	status, v := s.route(r, path)
	if write && status < 300 && s.lose > 0 {
		s.lose--
		return http.StatusServiceUnavailable, fail(http.StatusServiceUnavailable, "upstream timed out")
	}
	return status, v
}

var (
	reContent    = regexp.MustCompile(`^/content/([0-9]+)$`)
	reProps      = regexp.MustCompile(`^/content/([0-9]+)/property$`)
	reProp       = regexp.MustCompile(`^/content/([0-9]+)/property/([^/]+)$`)
	reLabels     = regexp.MustCompile(`^/content/([0-9]+)/label$`)
	reDescendant = regexp.MustCompile(`^/content/([0-9]+)/descendant/page$`)
	reAttach     = regexp.MustCompile(`^/content/([0-9]+)/child/attachment$`)
	reAttachData = regexp.MustCompile(`^/content/([0-9]+)/child/attachment/([0-9]+)/data$`)
	reSpace      = regexp.MustCompile(`^/space/([^/]+)$`)
)

func (s *Server) route(r *http.Request, path string) (int, any) {
	m := func(re *regexp.Regexp) []string { return re.FindStringSubmatch(path) }
	switch {
	case path == "/content" && r.Method == http.MethodGet:
		return s.listContent(r)
	case path == "/content" && r.Method == http.MethodPost:
		return s.createContent(r)
	case path == "/content/search" && r.Method == http.MethodGet:
		return s.search(r)
	case m(reContent) != nil:
		id := m(reContent)[1]
		switch r.Method {
		case http.MethodGet:
			p := s.pages[id]
			if p == nil {
				return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
			}
			return http.StatusOK, s.contentJSON(r, p)
		case http.MethodPut:
			return s.updateContent(r, id)
		case http.MethodDelete:
			return s.deleteContent(id)
		}
	case m(reProps) != nil:
		id := m(reProps)[1]
		switch r.Method {
		case http.MethodGet:
			return s.listProperties(r, id)
		case http.MethodPost:
			return s.createProperty(r, id, "")
		}
	case m(reProp) != nil:
		id, key := m(reProp)[1], m(reProp)[2]
		switch r.Method {
		case http.MethodGet:
			p := s.pages[id]
			if p == nil || p.props[key] == nil {
				return http.StatusNotFound, fail(http.StatusNotFound, "Cannot find property with key: %s", key)
			}
			return http.StatusOK, propJSON(key, p.props[key])
		case http.MethodPut:
			return s.updateProperty(r, id, key)
		case http.MethodPost:
			return s.createProperty(r, id, key)
		case http.MethodDelete:
			p := s.pages[id]
			if p == nil || p.props[key] == nil {
				return http.StatusNotFound, fail(http.StatusNotFound, "Cannot find property with key: %s", key)
			}
			delete(p.props, key)
			return http.StatusNoContent, nil
		}
	case m(reLabels) != nil:
		id := m(reLabels)[1]
		switch r.Method {
		case http.MethodGet:
			return s.listLabels(r, id)
		case http.MethodPost:
			return s.addLabels(r, id)
		}
	case m(reDescendant) != nil && r.Method == http.MethodGet:
		return s.descendants(r, m(reDescendant)[1])
	case m(reAttach) != nil:
		id := m(reAttach)[1]
		switch r.Method {
		case http.MethodGet:
			return s.listAttachments(r, id)
		case http.MethodPost:
			return s.upload(r, id, "")
		}
	case m(reAttachData) != nil && r.Method == http.MethodPost:
		return s.upload(r, m(reAttachData)[1], m(reAttachData)[2])
	case m(reSpace) != nil && r.Method == http.MethodGet:
		key := m(reSpace)[1]
		home, ok := s.spaces[key]
		if !ok {
			return http.StatusNotFound, fail(http.StatusNotFound, "No space with key : %s", key)
		}
		out := map[string]any{"key": key, "name": key, "type": "global"}
		if home != "" && strings.Contains(r.URL.Query().Get("expand"), "homepage") {
			out["homepage"] = map[string]any{"id": home, "type": "page", "title": s.pages[home].title}
		}
		return http.StatusOK, out
	}
	return http.StatusNotFound, fail(http.StatusNotFound, "no REST resource for %s %s", r.Method, path)
}

// ---- lists ----

func (s *Server) paginate(r *http.Request, items []any) (int, any) {
	q := r.URL.Query()
	start, _ := strconv.Atoi(q.Get("start"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > s.pageLimit {
		limit = s.pageLimit
	}
	if start < 0 {
		start = 0
	}
	end := min(start+limit, len(items))
	page := []any{}
	if start < len(items) {
		page = items[start:end]
	}
	base := s.URL + s.contextPath
	links := map[string]any{"base": base, "context": s.contextPath}
	if end < len(items) {
		q.Set("start", strconv.Itoa(end))
		q.Set("limit", strconv.Itoa(limit))
		rel := strings.TrimPrefix(r.URL.Path, s.contextPath) + "?" + q.Encode()
		if s.contextPath != "" {
			links["next"] = rel // Cloud: relative to base
		} else {
			links["next"] = base + rel // Data Center: absolute
		}
	}
	return http.StatusOK, map[string]any{"results": page, "start": start, "limit": limit, "size": len(page), "_links": links}
}

func (s *Server) sorted(keep func(*page) bool) []*page {
	var out []*page
	for _, p := range s.pages {
		if keep(p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *page) int { return cmpID(a.id, b.id) })
	return out
}

func (s *Server) listContent(r *http.Request) (int, any) {
	q := r.URL.Query()
	space, title := q.Get("spaceKey"), q.Get("title")
	if t := q.Get("type"); t != "" && t != "page" {
		return s.paginate(r, nil)
	}
	var items []any
	for _, p := range s.sorted(func(p *page) bool {
		return (space == "" || p.space == space) && (title == "" || p.title == title)
	}) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

// descendants lists the pages below id at any depth, read from the pages
// themselves (not the search index), as Confluence does.
func (s *Server) descendants(r *http.Request, id string) (int, any) {
	if s.pages[id] == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	below := func(p *page) bool {
		for a, n := p.parent, 0; a != "" && n < 1000; n++ {
			if a == id {
				return true
			}
			if s.pages[a] == nil {
				return false
			}
			a = s.pages[a].parent
		}
		return false
	}
	var items []any
	for _, p := range s.sorted(below) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

// cql understands conjunctions of field = "value" on label, space, type,
// title and parent; anything else is refused as Confluence refuses bad CQL.
var reClause = regexp.MustCompile(`^\s*(label|space|type|title|parent)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z0-9~_.-]+))\s*$`)

func (s *Server) search(r *http.Request) (int, any) {
	cql := r.URL.Query().Get("cql")
	if strings.TrimSpace(cql) == "" {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "cql is required")
	}
	type clause struct{ field, value string }
	var clauses []clause
	for _, part := range regexp.MustCompile(`(?i)\s+and\s+`).Split(cql, -1) {
		m := reClause.FindStringSubmatch(part)
		if m == nil {
			return http.StatusBadRequest, fail(http.StatusBadRequest, "Could not parse cql : %s", cql)
		}
		v := m[2] + m[3] + m[4]
		v = strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\\`, `\`).Replace(v)
		clauses = append(clauses, clause{m[1], v})
	}
	var items []any
	for _, p := range s.sorted(func(p *page) bool {
		e, ok := s.index[p.id]
		if !ok {
			return false
		}
		for _, c := range clauses {
			switch c.field {
			case "label":
				if !slices.Contains(e.labels, c.value) {
					return false
				}
			case "space":
				if e.space != c.value {
					return false
				}
			case "type":
				if c.value != "page" {
					return false
				}
			case "title":
				if e.title != c.value {
					return false
				}
			case "parent":
				if p.parent != c.value {
					return false
				}
			}
		}
		return true
	}) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

func (s *Server) contentJSON(r *http.Request, p *page) map[string]any {
	expand := map[string]bool{}
	for _, e := range strings.Split(r.URL.Query().Get("expand"), ",") {
		expand[strings.TrimSpace(e)] = true
	}
	out := map[string]any{
		"id": p.id, "type": "page", "status": "current", "title": p.title,
		"space":   map[string]any{"key": p.space},
		"version": map[string]any{"number": p.version},
		"_links":  map[string]any{"webui": "/spaces/" + p.space + "/pages/" + p.id},
	}
	if expand["ancestors"] {
		var chain []any
		for id, n := p.parent, 0; id != "" && n < 1000; n++ {
			a := s.pages[id]
			if a == nil {
				break
			}
			chain = append([]any{map[string]any{"id": a.id, "type": "page", "title": a.title}}, chain...)
			id = a.parent
		}
		if chain == nil {
			chain = []any{}
		}
		out["ancestors"] = chain
	}
	if expand["body.storage"] {
		out["body"] = map[string]any{"storage": map[string]any{"value": p.body, "representation": "storage"}}
	}
	props := map[string]any{}
	for e := range expand {
		if key, ok := strings.CutPrefix(e, "metadata.properties."); ok && !s.noExpand {
			if pr := p.props[key]; pr != nil {
				props[key] = propJSON(key, pr)
			}
		}
	}
	meta := map[string]any{"properties": props, "_expandable": map[string]any{"labels": "", "currentuser": ""}}
	if expand["metadata.labels"] && !s.noExpand {
		labels := []any{}
		for _, l := range p.labels {
			labels = append(labels, map[string]any{"prefix": "global", "name": l, "id": l})
		}
		meta["labels"] = map[string]any{"results": labels, "start": 0, "limit": 200, "size": len(labels)}
		meta["_expandable"] = map[string]any{"currentuser": ""}
	}
	out["metadata"] = meta
	return out
}

func propJSON(key string, p *Property) map[string]any {
	return map[string]any{"key": key, "value": p.Value, "version": map[string]any{"number": p.Version}}
}

// ---- pages ----

type contentBody struct {
	ID        string                `json:"id"`
	Type      string                `json:"type"`
	Title     string                `json:"title"`
	Space     *struct{ Key string } `json:"space"`
	Ancestors []struct {
		ID string `json:"id"`
	} `json:"ancestors"`
	Body *struct {
		Storage *struct {
			Value          string `json:"value"`
			Representation string `json:"representation"`
		} `json:"storage"`
	} `json:"body"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
	Metadata *struct {
		Properties map[string]struct {
			Key   string          `json:"key"`
			Value json.RawMessage `json:"value"`
		} `json:"properties"`
	} `json:"metadata"`
}

func decode(r *http.Request, v any) *apiError {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fail(http.StatusUnsupportedMediaType, "Content-Type must be application/json, not %q", ct)
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 32<<20))
	if err := dec.Decode(v); err != nil {
		return fail(http.StatusBadRequest, "Could not parse the request body: %v", err)
	}
	return nil
}

// checkStorage parses a body the way Confluence does before storing it.
func checkStorage(body string) error {
	dec := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">` + body + `</root>`))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func (s *Server) checkBody(b contentBody) *apiError {
	if b.Type != "page" {
		return fail(http.StatusBadRequest, "type must be page")
	}
	if strings.TrimSpace(b.Title) == "" {
		return fail(http.StatusBadRequest, "Title cannot be empty")
	}
	if len([]rune(b.Title)) > 255 {
		return fail(http.StatusBadRequest, "Title cannot be longer than 255 characters")
	}
	if b.Space == nil {
		return fail(http.StatusBadRequest, "Could not find space")
	}
	if _, ok := s.spaces[b.Space.Key]; !ok {
		return fail(http.StatusBadRequest, "Could not find space")
	}
	if b.Body == nil || b.Body.Storage == nil || b.Body.Storage.Representation != "storage" {
		return fail(http.StatusBadRequest, "a body in storage representation is required")
	}
	if err := checkStorage(b.Body.Storage.Value); err != nil {
		return fail(http.StatusBadRequest, "Error parsing xhtml: %v", err)
	}
	return nil
}

func (s *Server) parentOf(b contentBody, space string) (string, *apiError) {
	if len(b.Ancestors) == 0 {
		return "", nil
	}
	id := b.Ancestors[len(b.Ancestors)-1].ID
	p := s.pages[id]
	if p == nil || p.space != space {
		return "", fail(http.StatusBadRequest, "Could not find the parent page %s in space %s", id, space)
	}
	return id, nil
}

func (s *Server) createContent(r *http.Request) (int, any) {
	var b contentBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if e := s.checkBody(b); e != nil {
		return e.status, e
	}
	if s.byTitle(b.Space.Key, b.Title) != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title %s in the space with key %s", b.Title, b.Space.Key)
	}
	parent, e := s.parentOf(b, b.Space.Key)
	if e != nil {
		return e.status, e
	}
	p := s.newPage(b.Space.Key, b.Title, parent, b.Body.Storage.Value)
	if b.Metadata != nil {
		for key, pr := range b.Metadata.Properties {
			if pr.Key != "" {
				key = pr.Key
			}
			p.props[key] = &Property{Value: pr.Value, Version: 1}
		}
	}
	s.indexPage(p)
	return http.StatusOK, s.contentJSON(r, p)
}

func (s *Server) updateContent(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b contentBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if b.Version == nil || b.Version.Number != p.version+1 {
		return http.StatusConflict, fail(http.StatusConflict, "Version must be incremented on update. Current version is: %d", p.version)
	}
	if e := s.checkBody(b); e != nil {
		return e.status, e
	}
	if b.Space.Key != p.space {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "Moving pages between spaces is not supported here")
	}
	if q := s.byTitle(p.space, b.Title); q != nil && q != p {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title %s in the space with key %s", b.Title, p.space)
	}
	parent := p.parent
	if len(b.Ancestors) > 0 {
		var e *apiError
		if parent, e = s.parentOf(b, p.space); e != nil {
			return e.status, e
		}
		for a := parent; a != ""; a = s.pages[a].parent {
			if a == p.id {
				return http.StatusBadRequest, fail(http.StatusBadRequest, "A page cannot become its own descendant")
			}
		}
	}
	p.title, p.body, p.parent, p.version = b.Title, b.Body.Storage.Value, parent, p.version+1
	s.indexPage(p)
	return http.StatusOK, s.contentJSON(r, p)
}

// deleteContent moves a page to the trash; its children move up to its
// parent, as Confluence does.
func (s *Server) deleteContent(id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	for _, c := range s.pages {
		if c.parent == id {
			c.parent = p.parent
		}
	}
	for _, f := range p.files {
		delete(s.files, f)
	}
	delete(s.pages, id)
	delete(s.index, id)
	s.deleted = append(s.deleted, id)
	return http.StatusNoContent, nil
}

// ---- properties and labels ----

func (s *Server) listProperties(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	keys := make([]string, 0, len(p.props))
	for k := range p.props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var items []any
	for _, k := range keys {
		items = append(items, propJSON(k, p.props[k]))
	}
	return s.paginate(r, items)
}

type propBody struct {
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
}

func (s *Server) createProperty(r *http.Request, id, key string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b propBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if key == "" {
		key = b.Key
	}
	if key == "" || len(b.Value) == 0 {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "a property needs a key and a value")
	}
	if p.props[key] != nil {
		return http.StatusConflict, fail(http.StatusConflict, "A property with key %s already exists", key)
	}
	p.props[key] = &Property{Value: b.Value, Version: 1}
	return http.StatusOK, propJSON(key, p.props[key])
}

func (s *Server) updateProperty(r *http.Request, id, key string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b propBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if b.Version == nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "version is required")
	}
	old := p.props[key]
	if old == nil {
		if b.Version.Number != 1 {
			return http.StatusNotFound, fail(http.StatusNotFound, "Cannot find property with key: %s", key)
		}
		p.props[key] = &Property{Value: b.Value, Version: 1}
		return http.StatusOK, propJSON(key, p.props[key])
	}
	if b.Version.Number != old.Version+1 {
		return http.StatusConflict, fail(http.StatusConflict, "Version must be incremented on update. Current version is: %d", old.Version)
	}
	old.Value, old.Version = b.Value, old.Version+1
	return http.StatusOK, propJSON(key, old)
}

func (s *Server) listLabels(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var items []any
	for _, l := range p.labels {
		items = append(items, map[string]any{"prefix": "global", "name": l, "id": l})
	}
	return s.paginate(r, items)
}

func (s *Server) addLabels(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var labels []struct{ Prefix, Name string }
	if e := decode(r, &labels); e != nil {
		return e.status, e
	}
	for _, l := range labels {
		if l.Name == "" || strings.ContainsAny(l.Name, " \t\n:") {
			return http.StatusBadRequest, fail(http.StatusBadRequest, "Invalid label: %q", l.Name)
		}
		if !slices.Contains(p.labels, l.Name) {
			p.labels = append(p.labels, l.Name)
		}
	}
	s.indexPage(p)
	return s.listLabels(r, id)
}

// ---- attachments ----

func (s *Server) attachmentJSON(f *file) map[string]any {
	return map[string]any{
		"id": f.ID, "type": "attachment", "status": "current", "title": f.Name,
		"version":    map[string]any{"number": f.Version},
		"metadata":   map[string]any{"comment": f.Comment, "mediaType": f.ContentType},
		"extensions": map[string]any{"mediaType": f.ContentType, "fileSize": len(f.Data)},
	}
}

func (s *Server) listAttachments(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	name := r.URL.Query().Get("filename")
	var items []any
	for _, fid := range p.files {
		if f := s.files[fid]; name == "" || f.Name == name {
			items = append(items, s.attachmentJSON(f))
		}
	}
	return s.paginate(r, items)
}

func (s *Server) upload(r *http.Request, pageID, attID string) (int, any) {
	if t := r.Header.Get("X-Atlassian-Token"); t != "no-check" && t != "nocheck" {
		return http.StatusForbidden, fail(http.StatusForbidden, "XSRF check failed")
	}
	p := s.pages[pageID]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", pageID)
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "Could not parse the multipart request: %v", err)
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "exactly one file part named file is required")
	}
	fh := fhs[0]
	rd, err := fh.Open()
	if err != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "cannot read the file part")
	}
	data, _ := io.ReadAll(rd)
	rd.Close()
	comment := strings.Join(r.MultipartForm.Value["comment"], "")
	ctype := fh.Header.Get("Content-Type")
	if s.bumpAttach {
		p.version++
	}
	if attID == "" {
		for _, fid := range p.files {
			if s.files[fid].Name == fh.Filename {
				return http.StatusBadRequest, fail(http.StatusBadRequest, "Cannot add a new attachment with same file name as an existing attachment: %s", fh.Filename)
			}
		}
		s.nextID++
		f := &file{File: File{ID: strconv.Itoa(s.nextID), Name: fh.Filename, ContentType: ctype, Comment: comment, Data: data, Version: 1}, pageID: pageID}
		s.files[f.ID] = f
		p.files = append(p.files, f.ID)
		return http.StatusOK, map[string]any{"results": []any{s.attachmentJSON(f)}, "size": 1}
	}
	f := s.files[attID]
	if f == nil || f.pageID != pageID {
		return http.StatusNotFound, fail(http.StatusNotFound, "No attachment %s on content %s", attID, pageID)
	}
	f.Data, f.ContentType, f.Comment, f.Version = data, ctype, comment, f.Version+1
	if fh.Filename != "" {
		f.Name = fh.Filename
	}
	return http.StatusOK, s.attachmentJSON(f)
}
