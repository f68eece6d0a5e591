package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/demarc-dev/demarc/auth"
	"github.com/demarc-dev/demarc/auth/oidctest"
)

// TestSignInAcrossReplicas: three replicas with the same session key behind
// a round-robin balancer. The sign-in starts on one and its callback lands
// on the next; the person is then signed in on every replica, and a form
// token of one is accepted by another. A replica with another key knows
// nobody.
func TestSignInAcrossReplicas(t *testing.T) {
	idp := oidctest.New(oidctest.Config{ClientID: "demarc", User: alice})
	t.Cleanup(idp.Close)

	var front *httptest.Server
	var muxes []*http.ServeMux
	var next atomic.Int64
	front = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(next.Add(1)-1) % len(muxes)
		w.Header().Set("X-Replica", fmt.Sprint(i))
		muxes[i].ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	idp.SetRedirectURIs(front.URL + "/auth/callback")

	replica := func(key []byte) *http.ServeMux {
		o, err := auth.NewOIDC(context.Background(), auth.OIDCConfig{
			Issuer: idp.URL, ClientID: "demarc", RedirectURL: front.URL + "/auth/callback",
			Scopes: []string{"email", "profile", "groups"}, SessionKey: key,
		})
		if err != nil {
			t.Fatal(err)
		}
		csrf := auth.CSRF(key)
		csrf.SessionID = o.SessionID
		mux := http.NewServeMux()
		mux.Handle("GET /auth/login", o.LoginHandler())
		mux.Handle("GET /auth/callback", o.CallbackHandler())
		mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
			p, ok := o.Identify(r)
			if !ok {
				http.Error(w, "anonymous", http.StatusUnauthorized)
				return
			}
			_ = json.NewEncoder(w).Encode(p)
		})
		mux.Handle("GET /form", csrf.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, csrf.Token(r))
		})))
		mux.Handle("POST /form", csrf.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "accepted")
		})))
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
		return mux
	}
	for range 3 {
		muxes = append(muxes, replica(testKey))
	}

	c := newClient(t)
	next.Store(0)
	resp, body := get(t, c, front.URL+"/auth/login")
	if resp.StatusCode != http.StatusOK || body != "page" {
		t.Fatalf("sign-in through the balancer: %d %q", resp.StatusCode, body)
	}
	for i := range 6 {
		resp, body := get(t, c, front.URL+"/whoami")
		var p auth.Person
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &p) != nil || p.Email != alice.Email {
			t.Fatalf("request %d, replica %s: %d %q; want %s signed in", i, resp.Header.Get("X-Replica"), resp.StatusCode, body, alice.Email)
		}
	}
	_, token := get(t, c, front.URL+"/form") // from one replica
	req, _ := http.NewRequest(http.MethodPost, front.URL+"/form", strings.NewReader("csrf_token="+token))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req) // to the next
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a form token of one replica posted to another (%s): %d", resp.Header.Get("X-Replica"), resp.StatusCode)
	}

	// A replica whose key differs knows nobody.
	other := []byte(strings.Repeat("k", 40))
	muxes = []*http.ServeMux{replica(other)}
	if resp, body := get(t, c, front.URL+"/whoami"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a replica with another session key: %d %q; want 401", resp.StatusCode, body)
	}
}
