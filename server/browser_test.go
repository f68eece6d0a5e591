package server

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/internal/browsertest"

	"github.com/chromedp/chromedp"

	"github.com/demarc-dev/demarc/auth"
	"github.com/demarc-dev/demarc/auth/oidctest"
	"github.com/demarc-dev/demarc/store"
)

// browserParty is what the browser reads of a party's section on /my.
type browserParty struct {
	Name     string       `json:"name"`
	Coverage string       `json:"coverage"` // the "Acknowledged: …" line
	Acked    string       `json:"acked"`    // "N/M"
	Rows     []browserAck `json:"rows"`
}

type browserAck struct {
	Rule   string `json:"rule"`
	State  string `json:"state"` // the class: missing, acknowledged or stale
	Text   string `json:"text"`
	Button bool   `json:"button"`
}

type browserMy struct {
	Path    string         `json:"path"`
	Text    string         `json:"text"` // the start of the body text`
	H1      string         `json:"h1"`
	Signed  string         `json:"signed"`
	Parties []browserParty `json:"parties"`
}

const readMy = `(() => ({
  path: location.pathname,
  text: (document.body ? document.body.innerText : '').slice(0, 300),
  h1: (document.querySelector('h1') || {}).textContent || '',
  signed: (document.querySelector('main .lead strong, .lead strong') || {}).textContent || '',
  parties: Array.from(document.querySelectorAll('section.my-party'), s => ({
    name: (s.querySelector('h2') || {}).textContent || '',
    coverage: ((s.querySelector('p.coverage') || {}).textContent || '').trim(),
    acked: (s.querySelector('p.coverage strong') || {}).textContent || '',
    rows: Array.from(s.querySelectorAll('table.acks tbody tr'), r => ({
      rule: (r.querySelector('code') || {}).textContent || '',
      state: ((r.querySelector('.ack-state') || {}).className || '').replace('ack-state', '').trim(),
      text: (r.querySelector('.ack-state') || {}).textContent || '',
      button: !!r.querySelector('form.ack-form button[type=submit]'),
    })),
  })),
}))()`

// fraction parses "N/M".
func fraction(t *testing.T, s string) (int, int) {
	t.Helper()
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	n, err1 := strconv.Atoi(a)
	m, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("coverage %q is not N/M", s)
	}
	return n, m
}

func (p browserParty) row(rule string) (browserAck, bool) {
	for _, r := range p.Rows {
		if r.Rule == rule {
			return r, true
		}
	}
	return browserAck{}, false
}

// TestBrowserMyResponsibilities signs in through an OpenID Connect provider
// in a real Chromium, acknowledges a decision on "My responsibilities",
// sees the coverage change, then edits the model and sees the page follow.
func TestBrowserMyResponsibilities(t *testing.T) {
	exe := browsertest.Chromium(t)
	const (
		party    = "cloud-foundation"
		oldName  = "Cloud Foundation"
		newName  = "Cloud Platform Foundation"
		clientID = "demarc-e2e"
		secret   = "e2e-secret"
	)

	// The model: a copy of the example where the group e2e acts for
	// Cloud Foundation.
	dir := copyModel(t)
	partiesFile := filepath.Join(dir, "parties", "central-teams.yaml")
	replaceIn(t, partiesFile, "      - group:gg-cloud-foundation\n", "      - group:gg-cloud-foundation\n      - group:e2e\n")

	// The app's address first: the provider needs the redirect URI and the
	// app needs the provider.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	appURL := "http://" + ln.Addr().String()
	idp := oidctest.New(oidctest.Config{
		ClientID: clientID, ClientSecret: secret,
		RedirectURIs: []string{appURL + "/auth/callback"},
		User:         oidctest.User{Subject: "e2e-1", Email: "E2E.Tester@example.test", Name: "E2E Tester", Groups: []string{"e2e"}},
	})
	t.Cleanup(idp.Close)

	// Wired as cmd/demarc/serve.go does.
	logs := &syncLog{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	key := []byte(strings.Repeat("e", 32))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	o, err := auth.NewOIDC(ctx, auth.OIDCConfig{
		Issuer: idp.URL, ClientID: clientID, ClientSecret: secret,
		RedirectURL: appURL + "/auth/callback", SessionKey: key, Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	csrf := auth.CSRF(key)
	csrf.SessionID = o.SessionID
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "demarc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := New(Config{
		ModelDir: dir, Store: st, Logger: log, CSRF: csrf,
		Identity: func(r *http.Request) (Person, bool) {
			p, ok := o.Identify(r)
			if !ok {
				return Person{}, false
			}
			return Person{Subject: p.Subject, Email: p.Email, Groups: p.Groups}, true
		},
		Routes: map[string]http.Handler{
			"GET /auth/login":    o.LoginHandler(),
			"GET /auth/callback": o.CallbackHandler(),
			"POST /auth/logout":  csrf.Middleware(o.LogoutHandler()),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	app := httptest.NewUnstartedServer(srv.Handler())
	app.Listener.Close()
	app.Listener = ln
	app.Start()
	t.Cleanup(app.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})

	bctx := browsertest.Start(t, exe)
	w := watch(t, bctx)
	shots := screenshotDir(t)
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(c, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	read := func(step string) browserMy {
		t.Helper()
		c, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		v, err := chromedp.Run(c, chromedp.Evaluate[browserMy](readMy))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if v.Path != "/my" || v.H1 != "My responsibilities" {
			t.Fatalf("%s: at %s with heading %q and text %q, want /my", step, v.Path, v.H1, v.Text)
		}
		if len(v.Parties) != 1 || v.Parties[0].Acked == "" {
			t.Fatalf("%s: parties %+v, want one with a coverage figure", step, v.Parties)
		}
		return v
	}

	// Sign in: the browser follows the redirects to the provider, which
	// approves at once, and back to /my.
	run("sign in",
		chromedp.Navigate(appURL+"/auth/login?return=/my"),
		chromedp.WaitVisible(chromedp.CSS(`section.my-party`)),
	)
	_, visited := w.take()
	if !hasPrefix(visited, idp.URL+"/authorize?") || !hasPrefix(visited, appURL+"/auth/callback?") {
		t.Errorf("the sign-in did not go through the provider: %v", visited)
	}
	before := read("signed in")
	if before.Signed != "e2e.tester@example.test" {
		t.Errorf("signed in as %q", before.Signed)
	}
	p := before.Parties[0]
	if p.Name != oldName {
		t.Errorf("party %q, want %q", p.Name, oldName)
	}
	acked0, total := fraction(t, p.Acked)
	if total == 0 || acked0 != 0 || !strings.Contains(p.Coverage, "(0%)") {
		t.Errorf("coverage before acknowledging: %q", p.Coverage)
	}
	if len(p.Rows) == 0 || !p.Rows[0].Button || p.Rows[0].State != "missing" {
		t.Fatalf("first decision to acknowledge: %+v", p.Rows)
	}
	rule := p.Rows[0].Rule
	t.Logf("%s: %s; acknowledging %s", p.Name, p.Coverage, rule)
	shoot(t, bctx, shots, "my-before.png")
	w.check(t, "sign in")

	// Acknowledge the first decision: the form posts, and the redirect
	// brings a fresh /my.
	run("acknowledge",
		chromedp.Evaluate[chromedp.Void](`window.__e2eOld = true`),
		chromedp.Click(chromedp.CSS(`section.my-party table.acks form.ack-form button[type=submit]`), chromedp.NodeVisible),
	)
	if err := waitFor(bctx, `window.__e2eOld === undefined && document.readyState === 'complete'`, 20*time.Second); err != nil {
		t.Fatalf("acknowledge: no new page: %v", err)
	}
	after := read("acknowledged")
	p = after.Parties[0]
	acked1, total1 := fraction(t, p.Acked)
	if acked1 != acked0+1 || total1 != total {
		t.Errorf("coverage after acknowledging: %q, was %d/%d", p.Coverage, acked0, total)
	}
	if r, ok := p.row(rule); !ok || r.State != "acknowledged" || !strings.Contains(r.Text, "acknowledged") || r.Button {
		t.Errorf("row of %s after acknowledging: %+v", rule, r)
	}
	acks, err := st.Acknowledgements(ctx, store.Filter{Party: party, Rule: rule})
	if err != nil || len(acks) != 1 || acks[0].Person != "e2e.tester@example.test" {
		t.Errorf("stored acknowledgements: %+v, %v", acks, err)
	}
	t.Logf("after: %s", p.Coverage)
	shoot(t, bctx, shots, "my-after.png")
	w.check(t, "acknowledge")

	// Edit the model: rename the party and change the acknowledged
	// decision's RACI, so the acknowledgement goes stale.
	replaceIn(t, partiesFile, "    name: "+oldName+"\n", "    name: "+newName+"\n")
	changeDecision(t, dir, rule)
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	run("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`section.my-party`)))
	changed := read("changed")
	p = changed.Parties[0]
	if p.Name != newName {
		t.Errorf("party after the rename: %q, want %q", p.Name, newName)
	}
	if n, m := fraction(t, p.Acked); n != acked0 || m != total || !strings.Contains(p.Coverage, "1 stale") {
		t.Errorf("coverage after the decision changed: %q", p.Coverage)
	}
	if r, ok := p.row(rule); !ok || r.State != "stale" || !r.Button {
		t.Errorf("row of %s after the decision changed: %+v", rule, r)
	}
	w.check(t, "after the edit")
}

// changeDecision changes the RACI of decision id in the model in dir: a
// party drops out of, or joins, the informed.
func changeDecision(t *testing.T, dir, id string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "rules", "*.yaml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		head := "  - id: " + id + "\n"
		i := strings.Index(src, head)
		if i < 0 {
			continue
		}
		start := i + len(head)
		end := len(src)
		if j := strings.Index(src[start:], "\n  - id: "); j >= 0 {
			end = start + j + 1
		}
		block := src[start:end]
		switch {
		case strings.Contains(block, "    informed: [finops, "):
			block = strings.Replace(block, "    informed: [finops, ", "    informed: [", 1)
		case strings.Contains(block, "    informed: ["):
			block = strings.Replace(block, "    informed: [", "    informed: [finops, ", 1)
		default:
			block = strings.Replace(block, "    responsible:", "    informed: [finops]\n    responsible:", 1)
		}
		if block == src[start:end] {
			t.Fatalf("decision %s in %s: nothing to change; the example changed, fix the test", id, f)
		}
		if err := os.WriteFile(f, []byte(src[:start]+block+src[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("decision %s not found in %s", id, dir)
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q: the example changed, fix the test", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func hasPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// syncLog is a log sink safe for the server's goroutines.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
