package server

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/auth"
	"github.com/demarc-dev/demarc/store"
)

const (
	member   = "priya"    // a member of cloud-foundation by e-mail
	claims   = "claims"   // a member of an application team by group
	outsider = "outsider" // a member of nothing
	ackRule  = "tenant-provisioning"
	ackParty = "cloud-foundation"
)

// newMyFixture is newFixture with CSRF protection and a sign-in route.
func newMyFixture(t *testing.T) (*fixture, *auth.CSRFProtect) {
	t.Helper()
	dir := copyModel(t)
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "demarc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pp := &people{by: map[string]Person{}}
	pp.add(member, Person{Subject: "s1", Email: "Priya.Raman@northwind.example"})
	pp.add(claims, Person{Subject: "s2", Email: "claims-dev@northwind.example", Groups: []string{"gg-team-claims"}})
	pp.add(outsider, Person{Subject: "s3", Email: "mallory@example.com"})
	csrf := auth.CSRF([]byte(strings.Repeat("k", 32)))
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	srv, err := New(Config{
		ModelDir: dir, Store: st, Identity: pp.identity, AllowAnonymous: true,
		CSRF:   csrf,
		Routes: map[string]http.Handler{"GET /auth/login": login},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &fixture{dir: dir, srv: srv, store: st, people: pp, http: hs}, csrf
}

// tokenOf returns the CSRF token of b's cookies, for a person whose page
// has no form.
func (b *browser) tokenOf(csrf *auth.CSRFProtect) string {
	u, _ := url.Parse(b.f.http.URL)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range b.c.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	return csrf.Token(req)
}

// browser is a client with cookies that does not follow redirects.
type browser struct {
	t      *testing.T
	f      *fixture
	person string
	c      *http.Client
}

func (f *fixture) browser(t *testing.T, person string) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, f: f, person: person, c: c}
}

func (b *browser) do(method, path string, form url.Values) response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.f.http.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if b.person != "" {
		req.Header.Set("X-Test-Person", b.person)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return response{code: res.StatusCode, header: res.Header, body: out}
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// page fetches /my and returns its body and the form token.
func (b *browser) page() (string, string) {
	b.t.Helper()
	r := b.do(http.MethodGet, "/my", nil)
	if r.code != http.StatusOK {
		b.t.Fatalf("GET /my: status %d: %s", r.code, short(r.body))
	}
	body := string(r.body)
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		return body, ""
	}
	return body, html.UnescapeString(m[1])
}

// ackRow returns the row of rule in the acknowledgement table of the page.
func ackRow(t *testing.T, page, rule string) string {
	t.Helper()
	i := strings.Index(page, "<td><code>"+rule+"</code></td><td>")
	if i < 0 {
		t.Fatalf("no acknowledgement row for %s", rule)
	}
	j := strings.Index(page[i:], "</tr>")
	return page[i : i+j]
}

func coverageLine(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`Acknowledged: <strong>(\d+/\d+)</strong> \((\d+)%\)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no coverage line")
	}
	return m[1] + " " + m[2] + "%"
}

func TestMyPageMember(t *testing.T) {
	f, _ := newMyFixture(t)
	b := f.browser(t, member)
	page, token := b.page()
	for _, want := range []string{
		"My responsibilities", "priya.raman@northwind.example", "Cloud Foundation",
		`<link rel="stylesheet" href="assets/site.css">`, `class="site-nav"`, // the site's layout
		"<code>" + ackRule + "</code>", "Coverage per landing zone", "What Cloud Foundation holds across the landing zones",
		`action="/my/acknowledge"`, "Acknowledge</button>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if token == "" {
		t.Fatal("no CSRF token in the form")
	}
	if strings.Contains(page, "<style") || strings.Contains(page, "style=") || strings.Contains(page, "<script>") {
		t.Error("page has inline style or script")
	}
	if row := ackRow(t, page, ackRule); !strings.Contains(row, "missing") {
		t.Errorf("row before acknowledging: %s", row)
	}
	before := coverageLine(t, page)

	// A member of an application team sees duties held as tenant owner.
	cp, _ := f.browser(t, claims).page()
	if !strings.Contains(cp, "as tenant owner") {
		t.Error("application team page lacks duties held as tenant owner")
	}
	if strings.Contains(cp, "Cloud Foundation</h2>") {
		t.Error("application team member sees Cloud Foundation")
	}
	// ... the tenants the team owns, with their landing zones ...
	for _, want := range []string{`<table class="data my-tenants">`, "<code>563956996473</code>", "claims-intake-prod", `<a href="/landing-zones/`, `<a href="/parties/`} {
		if !strings.Contains(cp, want) {
			t.Errorf("application team page lacks %q", want)
		}
	}
	// ... and its page, which the link leads to.
	if m := regexp.MustCompile(`<a href="(/parties/[^"]+)">The page of`).FindStringSubmatch(cp); m == nil {
		t.Error("no link to the party's page")
	} else if r := f.browser(t, claims).do(http.MethodGet, m[1], nil); r.code != http.StatusOK {
		t.Errorf("GET %s: %d", m[1], r.code)
	}

	// Acknowledge through the form.
	r := b.do(http.MethodPost, "/my/acknowledge", url.Values{"csrf_token": {token}, "party": {ackParty}, "rule": {ackRule}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/my" {
		t.Fatalf("acknowledge: status %d, location %q: %s", r.code, r.header.Get("Location"), short(r.body))
	}
	page, _ = b.page()
	if row := ackRow(t, page, ackRule); !strings.Contains(row, "acknowledged (current)") || strings.Contains(row, "<form") {
		t.Errorf("row after acknowledging: %s", row)
	}
	after := coverageLine(t, page)
	if after == before {
		t.Errorf("coverage did not change: %s", after)
	}
	acks, err := f.store.Acknowledgements(context.Background(), store.Filter{Party: ackParty, Rule: ackRule})
	if err != nil || len(acks) != 1 || acks[0].Person != "priya.raman@northwind.example" {
		t.Fatalf("stored acknowledgements: %v, %v", acks, err)
	}

	// The decision's RACI changes: the acknowledgement is stale.
	file := filepath.Join(f.dir, "rules", "tenant-lifecycle.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	old := "consulted: [ciso-office, network-team, enterprise-architecture]"
	if !strings.Contains(string(src), old) {
		t.Fatal("the example changed: fix the test")
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), old, "consulted: [ciso-office, network-team]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	page, _ = b.page()
	if row := ackRow(t, page, ackRule); !strings.Contains(row, "stale") || !strings.Contains(row, "Acknowledge</button>") {
		t.Errorf("row after the decision changed: %s", row)
	}
	if got := coverageLine(t, page); got != before {
		t.Errorf("coverage after the change: %s, want %s", got, before)
	}
}

func TestMyAcknowledgeRefused(t *testing.T) {
	f, csrf := newMyFixture(t)
	b := f.browser(t, member)
	_, token := b.page()
	form := func(tok string) url.Values {
		v := url.Values{"party": {ackParty}, "rule": {ackRule}}
		if tok != "" {
			v.Set("csrf_token", tok)
		}
		return v
	}
	if r := b.do(http.MethodPost, "/my/acknowledge", form("")); r.code != http.StatusForbidden ||
		!strings.Contains(string(r.body), "carries no CSRF token") || !strings.Contains(string(r.body), "Reload the page") {
		t.Errorf("without a token: status %d, the page does not say why: %s", r.code, short(r.body))
	}
	if r := b.do(http.MethodPost, "/my/acknowledge", form("wrong")); r.code != http.StatusForbidden {
		t.Errorf("with a wrong token: status %d", r.code)
	}

	o := f.browser(t, outsider)
	page, _ := o.page()
	otoken := o.tokenOf(csrf)
	if otoken == "" {
		t.Fatal("no token for the outsider")
	}
	if !strings.Contains(page, "not a member of any party") {
		t.Error("outsider page lacks the no-party note")
	}
	if r := o.do(http.MethodPost, "/my/acknowledge", form(otoken)); r.code != http.StatusForbidden {
		t.Errorf("non-member: status %d", r.code)
	}
	// A member acknowledging a decision the party is not R/A in.
	if r := b.do(http.MethodPost, "/my/acknowledge", url.Values{"csrf_token": {token}, "party": {ackParty}, "rule": {"guest-os-patching"}}); r.code != http.StatusBadRequest {
		t.Errorf("not R/A: status %d", r.code)
	}
	acks, err := f.store.Acknowledgements(context.Background(), store.Filter{})
	if err != nil || len(acks) != 0 {
		t.Fatalf("refused requests stored acknowledgements: %v, %v", acks, err)
	}
	log, err := f.store.AuditLog(context.Background(), time.Time{}, 0)
	if err != nil || len(log) == 0 || log[len(log)-1].Action != "acknowledge-refused" {
		t.Errorf("refusal not audited: %v, %v", log, err)
	}
}

func TestMyAnonymous(t *testing.T) {
	f, _ := newMyFixture(t)
	r := f.browser(t, "").do(http.MethodGet, "/my", nil)
	if r.code != http.StatusUnauthorized {
		t.Fatalf("status %d", r.code)
	}
	body := string(r.body)
	if !strings.Contains(body, `href="/auth/login?return=/my"`) || !strings.Contains(body, "Sign in") {
		t.Errorf("no sign-in link: %s", short(r.body))
	}
	if r := f.browser(t, "").do(http.MethodPost, "/my/acknowledge", url.Values{"party": {ackParty}, "rule": {ackRule}}); r.code != http.StatusForbidden {
		t.Errorf("anonymous post without token: status %d", r.code)
	}

	// Without sign-in configured: no link, still 401; without CSRF, no forms.
	g := newFixture(t)
	r = g.get(t, "/my")
	if r.code != http.StatusUnauthorized || strings.Contains(string(r.body), "/auth/login") {
		t.Errorf("without sign-in: status %d: %s", r.code, short(r.body))
	}
	g.people.add(member, Person{Email: "priya.raman@northwind.example"})
	r = g.do(t, http.MethodGet, "/my", member, "", "")
	if r.code != http.StatusOK || strings.Contains(string(r.body), "<form class=\"ack-form\"") || !strings.Contains(string(r.body), "Forms are disabled") {
		t.Errorf("without CSRF: status %d", r.code)
	}
	r = g.do(t, http.MethodPost, "/my/acknowledge", member, "application/x-www-form-urlencoded", "party=cloud-foundation&rule=tenant-provisioning")
	if r.code != http.StatusForbidden {
		t.Errorf("post without CSRF configured: status %d", r.code)
	}
}

func TestBrokenModelBanner(t *testing.T) {
	f := newFixture(t)
	if strings.Contains(string(f.get(t, "/").body), "model-banner") {
		t.Fatal("banner on a good model")
	}
	file := filepath.Join(f.dir, "rules", "tenant-lifecycle.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Three gaps, the dangling reference, and the vending process stalled
	// at its provisioning step: five errors.
	broken := strings.Replace(string(src), "activity: provision-tenant", "activity: no-such-<b>activity", 1)
	if broken == string(src) {
		t.Fatal("the example changed: fix the test")
	}
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err == nil {
		t.Fatal("Reload of a broken model succeeded")
	}
	for _, path := range []string{"/", "/parties/index.html", "/decisions.html"} {
		body := string(f.get(t, path).body)
		for _, want := range []string{`class="model-banner"`, "The model files have 5 errors; showing the last good version from", "showing the last good version from", "<code class=\"where\">rules/tenant-lifecycle.yaml:12:"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		if strings.Contains(body, "<b>activity") {
			t.Errorf("%s: diagnostic not escaped", path)
		}
	}
	// The last good model is still served.
	if body := string(f.get(t, "/decisions.html").body); !strings.Contains(body, "tenant-provisioning") {
		t.Error("the last good model is not served")
	}
	f.people.add(member, Person{Email: "priya.raman@northwind.example"})
	if r := f.do(t, http.MethodGet, "/my", member, "", ""); !strings.Contains(string(r.body), "model-banner") {
		t.Error("/my lacks the banner")
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(f.get(t, "/").body), "model-banner") {
		t.Error("banner still shown after the model was fixed")
	}
}

// TestBrokenFirstLoadBanner: a model that has never loaded without errors
// is served as it is, under a banner that says so, and each new broken
// version replaces it until a good one loads.
func TestBrokenFirstLoadBanner(t *testing.T) {
	dir := copyModel(t)
	file := filepath.Join(dir, "rules", "tenant-lifecycle.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := strings.Replace(string(src), "activity: provision-tenant", "activity: no-such-activity", 1)
	if broken == string(src) {
		t.Fatal("the example changed: fix the test")
	}
	write(broken)
	srv, err := New(Config{ModelDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f := &fixture{dir: dir, srv: srv, http: hs}
	page := func() string { return string(f.get(t, "/parties/index.html").body) }
	body := page()
	for _, want := range []string{`class="model-banner"`, "and no version without errors has loaded yet", "rules/tenant-lifecycle.yaml:12:", "no-such-activity"} {
		if !strings.Contains(body, want) {
			t.Errorf("first broken load: the page lacks %q", want)
		}
	}
	if strings.Contains(body, "showing the last good version") {
		t.Error("the banner claims a last good version")
	}
	if st := decode[statusView](t, f.get(t, "/api/v1/status"), 200); st.ModelOK || st.LastGoodAt != nil || st.Errors == 0 {
		t.Errorf("status %+v", st)
	}
	// Another broken version replaces the first.
	write(strings.Replace(string(src), "activity: provision-tenant", "activity: still-no-activity", 1))
	if err := srv.Reload(); err == nil {
		t.Fatal("Reload of a broken model succeeded")
	}
	if body := page(); !strings.Contains(body, "still-no-activity") || strings.Contains(body, "no-such-activity") {
		t.Error("the banner does not show the latest broken version")
	}
	write(string(src))
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page(), "model-banner") {
		t.Error("banner still shown after the model was fixed")
	}
}

// TestNavigationLinksMyPage checks that pages served with sign-in lead to
// /my from the navigation (a built site has no such page; its link crawl
// would fail if it linked there).
func TestNavigationLinksMyPage(t *testing.T) {
	f, _ := newMyFixture(t)
	r := f.browser(t, member).do(http.MethodGet, "/parties/index.html", nil)
	if r.code != http.StatusOK {
		t.Fatalf("GET /parties/index.html: %d", r.code)
	}
	if !strings.Contains(string(r.body), `<li><a href="../my">My responsibilities</a></li>`) {
		t.Error("the navigation of a served page lacks the link to /my")
	}
}
