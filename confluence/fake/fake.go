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
	"fmt"
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

// cql understands conjunctions of field = "value" on label, space, type,
// title and parent; anything else is refused as Confluence refuses bad CQL.
var reClause = regexp.MustCompile(`^\s*(label|space|type|title|parent)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z0-9~_.-]+))\s*$`)

// ---- pages ----

// ---- properties and labels ----

// ---- attachments ----
