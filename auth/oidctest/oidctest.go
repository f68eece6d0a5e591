// Package oidctest is an in-process OpenID Connect provider for tests. It
// serves discovery, a JWKS with an RSA key generated at start, an
// /authorize endpoint that approves a configured test user at once, and a
// /token endpoint that checks the code, client, redirect URI and PKCE
// (S256) verifier and returns an RS256-signed ID token.
package oidctest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"time"
)

// User is the person the provider signs in.
type User struct {
	Subject string
	Email   string
	Name    string
	Groups  []string
}

// Config configures a Provider.
type Config struct {
	ClientID     string
	ClientSecret string // empty for a public client
	// RedirectURIs, when set, lists the redirect URIs /authorize accepts.
	RedirectURIs []string
	User         User
}

// Provider is a running test provider. Its exported fields may be changed
// between sign-ins; access them only while no request is in flight, or use
// the setters.
type Provider struct {
	Server *httptest.Server
	// URL is the issuer URL.
	URL string

	key      *rsa.PrivateKey
	otherKey *rsa.PrivateKey

	mu        sync.Mutex
	cfg       Config
	codes     map[string]grant
	tamper    func(claims map[string]any)
	wrongKey  bool
	challenge func(string) string
}

type grant struct {
	clientID    string
	redirectURI string
	challenge   string
	nonce       string
	user        User
	expires     time.Time
}

const kid = "oidctest-1"

// New starts a provider; Close it when done.
func New(cfg Config) *Provider {
	p := &Provider{cfg: cfg, codes: make(map[string]grant)}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	if p.otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.Server = httptest.NewServer(mux)
	p.URL = p.Server.URL
	return p
}

// Close stops the provider.
func (p *Provider) Close() { p.Server.Close() }

// SetUser changes the user signed in by later authorizations.
func (p *Provider) SetUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg.User = u
}

// SetRedirectURIs changes the redirect URIs /authorize accepts.
func (p *Provider) SetRedirectURIs(uris ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg.RedirectURIs = uris
}

// TamperClaims sets a function that may change the ID token claims before
// signing (nil to stop), to test rejection of bad tokens.
func (p *Provider) TamperClaims(f func(claims map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = f
}

// SignWithWrongKey makes the provider sign ID tokens with a key that is not
// in its JWKS (under the published key ID), so signatures do not verify.
func (p *Provider) SignWithWrongKey(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wrongKey = on
}

// TamperChallenge sets a function that replaces the PKCE code challenge
// recorded at /authorize (nil to stop), so that the client's verifier no
// longer matches at /token.
func (p *Provider) TamperChallenge(f func(string) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.challenge = f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.URL,
		"authorization_endpoint":                p.URL + "/authorize",
		"token_endpoint":                        p.URL + "/token",
		"jwks_uri":                              p.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"scopes_supported":                      []string{"openid", "email", "profile", "groups"},
	})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return b64(b)
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	cfg := p.cfg
	tamper := p.challenge
	p.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != cfg.ClientID {
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	}
	ru, err := url.Parse(redirect)
	if err != nil || !ru.IsAbs() || (len(cfg.RedirectURIs) > 0 && !slices.Contains(cfg.RedirectURIs, redirect)) {
		http.Error(w, "redirect_uri not registered", http.StatusBadRequest)
		return
	}
	back := func(v url.Values) {
		v.Set("state", q.Get("state"))
		u := *ru
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		back(url.Values{"error": {"invalid_request"}, "error_description": {"PKCE S256 required"}})
		return
	}
	challenge := q.Get("code_challenge")
	if tamper != nil {
		challenge = tamper(challenge)
	}
	code := randomString()
	p.mu.Lock()
	p.codes[code] = grant{
		clientID: cfg.ClientID, redirectURI: redirect, challenge: challenge,
		nonce: q.Get("nonce"), user: cfg.User, expires: time.Now().Add(time.Minute),
	}
	p.mu.Unlock()
	back(url.Values{"code": {code}})
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	p.mu.Lock()
	cfg := p.cfg
	g, ok := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code")) // codes are single use
	tamper, wrongKey := p.tamper, p.wrongKey
	p.mu.Unlock()

	// Client authentication: basic, post, or none for a public client.
	clientID, secret, basic := r.BasicAuth()
	if basic {
		clientID, _ = url.QueryUnescape(clientID)
		secret, _ = url.QueryUnescape(secret)
	} else {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if clientID != cfg.ClientID || (cfg.ClientSecret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(cfg.ClientSecret)) != 1) {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "")
		return
	}
	if !ok || time.Now().After(g.expires) || g.clientID != clientID {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "unknown or expired code")
		return
	}
	if r.PostForm.Get("redirect_uri") != g.redirectURI {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri mismatch")
		return
	}
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(g.challenge)) != 1 {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss":   p.URL,
		"sub":   g.user.Subject,
		"aud":   clientID,
		"exp":   now.Add(5 * time.Minute).Unix(),
		"iat":   now.Unix(),
		"nonce": g.nonce,
	}
	if g.user.Email != "" {
		claims["email"] = g.user.Email
		claims["email_verified"] = true
	}
	if g.user.Name != "" {
		claims["name"] = g.user.Name
	}
	if g.user.Groups != nil {
		claims["groups"] = g.user.Groups
	}
	if tamper != nil {
		tamper(claims)
	}
	key := p.key
	if wrongKey {
		key = p.otherKey
	}
	idToken, err := Sign(key, kid, claims)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": randomString(),
		"token_type":   "Bearer",
		"expires_in":   300,
		"id_token":     idToken,
	})
}

// Sign returns a compact RS256 JWS of claims with the given key ID.
func Sign(key *rsa.PrivateKey, keyID string, claims map[string]any) (string, error) {
	hdr, err := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": keyID})
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64(hdr) + "." + b64(body)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return input + "." + b64(sig), nil
}
