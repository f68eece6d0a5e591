package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestVerifyRefusesOtherAlgorithms(t *testing.T) {
	keys := &jwks{url: "http://127.0.0.1:1/unused"}
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	body := enc(map[string]any{"iss": "x", "sub": "s"})
	for _, alg := range []string{"none", "HS256", "RS512", ""} {
		tok := enc(map[string]string{"alg": alg}) + "." + body + "."
		if _, err := verifyRS256(context.Background(), tok, keys); err == nil || !strings.Contains(err.Error(), "not RS256") {
			t.Errorf("alg %q: %v", alg, err)
		}
	}
	for _, tok := range []string{"", "a.b", "a.b.c.d", "!!.b.c"} {
		if _, err := verifyRS256(context.Background(), tok, keys); err == nil {
			t.Errorf("malformed %q accepted", tok)
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	s, err := newSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	o := &OIDC{seal: s, now: time.Now}
	mk := func(exp time.Time) *http.Request {
		v, err := s.seal(SessionCookie, session{ID: "id", Person: Person{Subject: "s"}, Expires: exp.Unix()})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.AddCookie(&http.Cookie{Name: SessionCookie, Value: v})
		return r
	}
	if _, ok := o.Identify(mk(time.Now().Add(time.Hour))); !ok {
		t.Fatal("live session refused")
	}
	if _, ok := o.Identify(mk(time.Now().Add(-time.Second))); ok {
		t.Fatal("expired session accepted")
	}
	// A value sealed for the sign-in cookie cannot serve as a session.
	v, _ := s.seal(flowCookie, session{ID: "id", Person: Person{Subject: "s"}, Expires: time.Now().Add(time.Hour).Unix()})
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(&http.Cookie{Name: SessionCookie, Value: v})
	if _, ok := o.Identify(r); ok {
		t.Fatal("cookie moved between names accepted")
	}
}

func TestGroupsClaimShapes(t *testing.T) {
	c := &idClaims{raw: map[string]json.RawMessage{
		"groups": json.RawMessage(`["a","b"]`),
		"roles":  json.RawMessage(`"admin"`),
		"bad":    json.RawMessage(`42`),
	}}
	if g := c.groups("groups"); len(g) != 2 {
		t.Errorf("list: %v", g)
	}
	if g := c.groups("roles"); len(g) != 1 || g[0] != "admin" {
		t.Errorf("string: %v", g)
	}
	if g := c.groups("bad"); g != nil {
		t.Errorf("number: %v", g)
	}
	if g := c.groups("missing"); g != nil {
		t.Errorf("missing: %v", g)
	}
}
