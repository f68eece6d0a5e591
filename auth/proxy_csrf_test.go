package auth_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/auth"
)

func proxyRequest(remote string, hdr map[string]string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = remote
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	return r
}

func TestProxyHeaders(t *testing.T) {
	hdr := map[string]string{
		"X-Forwarded-Email":  "bob@example.com",
		"X-Forwarded-User":   "bob",
		"X-Forwarded-Groups": "network, security,,",
	}
	// Off by default: the zero value trusts nobody.
	if _, ok := (auth.ProxyHeaders{}).Identify(proxyRequest("127.0.0.1:5000", hdr)); ok {
		t.Fatal("zero ProxyHeaders trusted a request")
	}
	ph := auth.ProxyHeaders{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("::1/128"),
	}}
	for _, remote := range []string{"192.0.2.7:443", "10.0.1.1:80", "[2001:db8::1]:80", "garbage", ""} {
		if p, ok := ph.Identify(proxyRequest(remote, hdr)); ok {
			t.Errorf("headers from untrusted %q used: %+v", remote, p)
		}
	}
	for _, remote := range []string{"10.0.0.9:1234", "[::1]:80", "[::ffff:10.0.0.3]:80"} {
		p, ok := ph.Identify(proxyRequest(remote, hdr))
		if !ok || p.Email != "bob@example.com" || p.Subject != "bob" || strings.Join(p.Groups, "|") != "network|security" {
			t.Errorf("trusted %q: %+v %v", remote, p, ok)
		}
	}
	// No identity headers: anonymous even from a trusted proxy.
	if _, ok := ph.Identify(proxyRequest("10.0.0.9:1", nil)); ok {
		t.Error("identified without headers")
	}
	// Custom header names.
	custom := auth.ProxyHeaders{EmailHeader: "X-Auth-Email", GroupsHeader: "X-Auth-Groups",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	p, ok := custom.Identify(proxyRequest("10.1.2.3:4", map[string]string{"X-Auth-Email": "c@example.com", "X-Auth-Groups": "g"}))
	if !ok || p.Subject != "c@example.com" || p.Groups[0] != "g" {
		t.Errorf("custom headers: %+v %v", p, ok)
	}
	var _ auth.Identifier = ph
	var _ auth.Identifier = (*auth.OIDC)(nil)
}

func TestCSRF(t *testing.T) {
	csrf := auth.CSRF(testKey)
	app := httptest.NewServer(csrf.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			fmt.Fprint(w, csrf.Token(r))
			return
		}
		fmt.Fprint(w, "done")
	})))
	defer app.Close()
	c := newClient(t)
	resp, token := get(t, c, app.URL+"/form")
	if resp.StatusCode != http.StatusOK || len(token) < 40 {
		t.Fatalf("GET: %d %q", resp.StatusCode, token)
	}
	_, again := get(t, c, app.URL+"/form")
	if again != token {
		t.Fatal("token changed within a session")
	}
	host := strings.TrimPrefix(app.URL, "http://")

	for _, tc := range []struct {
		name   string
		method string
		form   url.Values
		hdr    http.Header
		want   int
		why    string // in the refusal's body
	}{
		{"POST without token", "POST", url.Values{}, nil, 403, "no CSRF token"},
		{"POST with wrong token", "POST", url.Values{"csrf_token": {token + "x"}}, nil, 403, "does not belong to your session"},
		{"POST with form token", "POST", url.Values{"csrf_token": {token}}, nil, 200, ""},
		{"POST with header token", "POST", nil, http.Header{"X-Csrf-Token": {token}}, 200, ""},
		{"PUT without token", "PUT", nil, nil, 403, "no CSRF token"},
		{"DELETE with header token", "DELETE", nil, http.Header{"X-Csrf-Token": {token}}, 200, ""},
		{"PATCH without token", "PATCH", nil, nil, 403, "no CSRF token"},
		{"same Origin", "POST", url.Values{"csrf_token": {token}}, http.Header{"Origin": {"http://" + host}}, 200, ""},
		{"cross-site Origin", "POST", url.Values{"csrf_token": {token}}, http.Header{"Origin": {"https://evil.example"}}, 403, "another origin"},
		{"null Origin", "POST", url.Values{"csrf_token": {token}}, http.Header{"Origin": {"null"}}, 403, "another origin"},
		{"Sec-Fetch-Site cross-site", "POST", url.Values{"csrf_token": {token}}, http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403, "another site"},
		{"Sec-Fetch-Site same-origin", "POST", url.Values{"csrf_token": {token}}, http.Header{"Sec-Fetch-Site": {"same-origin"}}, 200, ""},
		{"cross-site Referer", "POST", url.Values{"csrf_token": {token}}, http.Header{"Referer": {"https://evil.example/x"}}, 403, "another host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := ""
			if tc.form != nil {
				body = tc.form.Encode()
			}
			req, _ := http.NewRequest(tc.method, app.URL+"/form", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, vs := range tc.hdr {
				req.Header[k] = vs
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want != 403 {
				return
			}
			page := string(b)
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !strings.Contains(page, tc.why) ||
				!strings.Contains(page, "What to do:") || strings.Contains(page, token) {
				t.Errorf("the refusal page (%s) does not say why (%q) or shows the token:\n%s", ct, tc.why, page)
			}
			// API clients get the same reason as problem details.
			req, _ = http.NewRequest(tc.method, app.URL+"/form", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			for k, vs := range tc.hdr {
				req.Header[k] = vs
			}
			resp, err = c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var p struct {
				Type, Title, Detail, Hint, Instance string
				Status                              int
			}
			if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != 403 ||
				resp.Header.Get("Content-Type") != "application/problem+json" || p.Status != 403 ||
				!strings.HasSuffix(p.Type, "#csrf") || !strings.Contains(p.Detail, tc.why) || p.Hint == "" || p.Instance != "/form" {
				t.Errorf("JSON refusal: %d %v %+v", resp.StatusCode, err, p)
			}
		})
	}

	// Another browser's token does not work in this one.
	other := newClient(t)
	_, otherToken := get(t, other, app.URL+"/form")
	if resp, _ := doPost(t, c, app.URL+"/form", url.Values{"csrf_token": {otherToken}}, nil); resp.StatusCode != 403 {
		t.Fatalf("foreign token: %d", resp.StatusCode)
	}
	// A fresh client without any cookie cannot POST, whatever it sends.
	if resp, _ := doPost(t, newClient(t), app.URL+"/form", url.Values{"csrf_token": {token}}, nil); resp.StatusCode != 403 {
		t.Fatalf("cookieless POST: %d", resp.StatusCode)
	}
}

func TestCSRFBoundToSignIn(t *testing.T) {
	h := newHarness(t, "x")
	c := newClient(t)
	_, before := get(t, c, h.app.URL+"/form")
	if resp, _ := h.signIn(t, c, ""); resp.StatusCode != 200 {
		t.Fatal("sign-in failed")
	}
	_, after := get(t, c, h.app.URL+"/form")
	if before == after || after == "" {
		t.Fatal("token not bound to the sign-in session")
	}
	if resp, _ := doPost(t, c, h.app.URL+"/form", url.Values{"csrf_token": {before}}, nil); resp.StatusCode != 403 {
		t.Fatalf("pre-sign-in token accepted: %d", resp.StatusCode)
	}
	if resp, _ := doPost(t, c, h.app.URL+"/form", url.Values{"csrf_token": {after}}, nil); resp.StatusCode != 200 {
		t.Fatalf("session token refused: %d", resp.StatusCode)
	}
}

func TestCSRFShortKeyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	auth.CSRF([]byte("short"))
}

func TestMemberOf(t *testing.T) {
	p := auth.Person{Subject: "s", Email: "Alice@Example.COM", Groups: []string{"net-ops", "Security"}}
	for _, tc := range []struct {
		members []string
		want    bool
	}{
		{[]string{"alice@example.com"}, true},
		{[]string{"ALICE@EXAMPLE.COM"}, true},
		{[]string{" alice@example.com "}, true},
		{[]string{"bob@example.com", "group:net-ops"}, true},
		{[]string{"group:security"}, false}, // groups are exact
		{[]string{"group:Security"}, true},
		{[]string{"group:"}, false},
		{[]string{"net-ops"}, false}, // a bare name is an e-mail entry
		{[]string{"group:alice@example.com"}, false},
		{[]string{""}, false},
		{nil, false},
	} {
		if got := auth.MemberOf(p, tc.members); got != tc.want {
			t.Errorf("MemberOf(%q) = %v, want %v", tc.members, got, tc.want)
		}
	}
	if auth.MemberOf(auth.Person{Groups: []string{"g"}}, []string{""}) {
		t.Error("empty e-mail matched an empty entry")
	}
}
