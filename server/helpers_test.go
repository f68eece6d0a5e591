package server

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/store"
)

const exampleDir = "../examples/enterprise"

// copyModel copies the example model into a temporary directory.
func copyModel(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "model")
	err := filepath.WalkDir(exampleDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(exampleDir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// people is a fake identity layer: the request names a person with the
// header X-Test-Person.
type people struct {
	mu sync.Mutex
	by map[string]Person
}

func (p *people) add(name string, per Person) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.by[name] = per
}

func (p *people) identity(r *http.Request) (Person, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	per, ok := p.by[r.Header.Get("X-Test-Person")]
	return per, ok
}

type fixture struct {
	dir    string
	srv    *Server
	store  *store.Store
	people *people
	http   *httptest.Server
}

// newFixture serves a copy of the example model with a SQLite store and the
// fake identity layer; anonymous reading is allowed.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := copyModel(t)
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "demarc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pp := &people{by: map[string]Person{}}
	srv, err := New(Config{ModelDir: dir, Store: st, Identity: pp.identity, AllowAnonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &fixture{dir: dir, srv: srv, store: st, people: pp, http: hs}
}

type response struct {
	code   int
	header http.Header
	body   []byte
}

func (f *fixture) do(t *testing.T, method, path, person, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if person != "" {
		req.Header.Set("X-Test-Person", person)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := f.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{code: res.StatusCode, header: res.Header, body: b}
}

func (f *fixture) get(t *testing.T, path string) response {
	t.Helper()
	return f.do(t, http.MethodGet, path, "", "", "")
}

// decode unmarshals a JSON body, failing the test on an unexpected status.
func decode[T any](t *testing.T, r response, code int) T {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d: %s", r.code, code, short(r.body))
	}
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, short(r.body))
	}
	return v
}

// short cuts a body for a failure message.
func short(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// answer is the part of resolve.AnswerView the tests read (Outcome has no
// JSON decoder).
type answer struct {
	Activity    string                 `json:"activity"`
	Service     string                 `json:"service"`
	LandingZone string                 `json:"landing_zone"`
	Tenant      string                 `json:"tenant"`
	Outcome     string                 `json:"outcome"`
	Accountable []resolve.AssigneeView `json:"accountable"`
	Rule        *resolve.RuleRef       `json:"rule"`
}
