package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Cookie names.
const (
	SessionCookie = "demarc_session"
	flowCookie    = "demarc_oidc_flow"
)

// ReturnParam is the query parameter of the login handler naming the local
// path to return to after sign-in.
const ReturnParam = "return"

const (
	flowTTL        = 10 * time.Minute
	defaultSession = 8 * time.Hour
	clockLeeway    = time.Minute
	maxCookieLen   = 4000
)

// OIDCConfig configures OpenID Connect sign-in.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; discovery reads
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID identifies this app to the provider.
	ClientID string
	// ClientSecret authenticates a confidential client (HTTP basic). Leave
	// empty for a public client, which relies on PKCE alone.
	ClientSecret string
	// RedirectURL is the absolute URL of the callback handler.
	RedirectURL string
	// Scopes requested; "openid" is always included. Default: openid,
	// email, profile.
	Scopes []string
	// GroupsClaim names the ID token claim holding group names (default
	// "groups").
	GroupsClaim string
	// SessionKey (at least 32 bytes) encrypts and authenticates cookies.
	SessionKey []byte
	// SecureCookies sets the Secure attribute (use it behind HTTPS).
	SecureCookies bool
	// SessionTTL is how long a sign-in lasts (default 8 hours).
	SessionTTL time.Duration
	// HTTPClient talks to the provider (default: a client with a 10 s
	// timeout).
	HTTPClient *http.Client
	// Logger receives operator details of failures (default slog.Default()).
	// It never receives tokens, codes, cookies or secrets.
	Logger *slog.Logger
}

// OIDC signs people in with OpenID Connect and identifies them from the
// session cookie.
type OIDC struct {
	cfg      OIDCConfig
	authURL  string
	tokenURL string
	keys     *jwks
	seal     *sealer
	flags    cookieFlags
	log      *slog.Logger
	now      func() time.Time
}

type discovery struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	SigningAlgs           []string `json:"id_token_signing_alg_values_supported"`
}

// NewOIDC reads the provider's discovery document and returns a ready OIDC.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("auth: OIDC needs an issuer, a client ID and a redirect URL")
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || !u.IsAbs() || u.Host == "" {
		return nil, errors.New("auth: OIDC redirect URL must be absolute")
	}
	seal, err := newSealer(cfg.SessionKey)
	if err != nil {
		return nil, err
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"openid", "email", "profile"}
	} else if !slices.Contains(cfg.Scopes, "openid") {
		cfg.Scopes = append([]string{"openid"}, cfg.Scopes...)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = defaultSession
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	wellKnown := strings.TrimSuffix(cfg.Issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wellKnown, nil)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("auth: OIDC discovery: %s: HTTP %d", wellKnown, resp.StatusCode)
	}
	var d discovery
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(&d); err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery: %w", err)
	}
	if d.Issuer != cfg.Issuer {
		return nil, fmt.Errorf("auth: OIDC discovery: issuer %q does not match configured %q", d.Issuer, cfg.Issuer)
	}
	if d.AuthorizationEndpoint == "" || d.TokenEndpoint == "" || d.JWKSURI == "" {
		return nil, errors.New("auth: OIDC discovery: missing authorization, token or JWKS endpoint")
	}
	if len(d.CodeChallengeMethods) > 0 && !slices.Contains(d.CodeChallengeMethods, "S256") {
		return nil, errors.New("auth: OIDC provider does not support PKCE S256")
	}
	if len(d.SigningAlgs) > 0 && !slices.Contains(d.SigningAlgs, "RS256") {
		return nil, errors.New("auth: OIDC provider does not sign ID tokens with RS256")
	}
	o := &OIDC{
		cfg:      cfg,
		authURL:  d.AuthorizationEndpoint,
		tokenURL: d.TokenEndpoint,
		keys:     &jwks{url: d.JWKSURI, client: cfg.HTTPClient, ttl: time.Hour, minGap: 30 * time.Second},
		seal:     seal,
		flags:    cookieFlags{secure: cfg.SecureCookies},
		log:      cfg.Logger,
		now:      time.Now,
	}
	if err := o.keys.fetchLocked(ctx); err != nil {
		return nil, fmt.Errorf("auth: OIDC: %w", err)
	}
	return o, nil
}

// flow is kept in a short-lived encrypted cookie between login and callback.
type flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Return   string `json:"r"`
	Expires  int64  `json:"e"`
}

// session is the content of the session cookie.
type session struct {
	ID      string `json:"id"`
	Person  Person `json:"p"`
	Expires int64  `json:"e"`
}

// SafeReturnPath returns p when it is a local path ("/..." on this site) and
// "/" otherwise. Absolute URLs, scheme-relative "//host" paths, backslashes
// and control characters are refused, to prevent open redirects.
func SafeReturnPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

func isLocalPath(p string) bool {
	if p == "" || p[0] != '/' || len(p) > 2048 {
		return false
	}
	if strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return false
	}
	// "/%2F%2Fhost" unescapes to "//host" in some routers; refuse it too.
	if strings.HasPrefix(u.Path, "//") {
		return false
	}
	return true
}

func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// LoginHandler starts sign-in: it remembers state, nonce and PKCE verifier
// in a short-lived encrypted cookie and redirects to the provider. The query
// parameter "return" names a local path to come back to.
func (o *OIDC) LoginHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		f := flow{
			State:    randomString(32),
			Nonce:    randomString(32),
			Verifier: randomString(32), // 43 characters, RFC 7636 section 4.1
			Return:   SafeReturnPath(r.URL.Query().Get(ReturnParam)),
			Expires:  o.now().Add(flowTTL).Unix(),
		}
		v, err := o.seal.seal(flowCookie, f)
		if err != nil {
			o.log.Error("auth: sealing sign-in cookie", "err", err)
			http.Error(w, "Sign-in failed.", http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, o.flags.cookie(flowCookie, v, int(flowTTL/time.Second)))
		q := url.Values{
			"response_type":         {"code"},
			"client_id":             {o.cfg.ClientID},
			"redirect_uri":          {o.cfg.RedirectURL},
			"scope":                 {strings.Join(o.cfg.Scopes, " ")},
			"state":                 {f.State},
			"nonce":                 {f.Nonce},
			"code_challenge":        {pkceChallenge(f.Verifier)},
			"code_challenge_method": {"S256"},
		}
		target := o.authURL
		if strings.Contains(target, "?") {
			target += "&" + q.Encode()
		} else {
			target += "?" + q.Encode()
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, target, http.StatusFound)
	})
}

// CallbackHandler completes sign-in: it checks state, exchanges the code
// with the PKCE verifier, verifies the ID token, sets the session cookie and
// redirects to the remembered local path.
func (o *OIDC) CallbackHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		q := r.URL.Query()
		c, err := r.Cookie(flowCookie)
		var f flow
		if err == nil {
			err = o.seal.open(flowCookie, c.Value, &f)
		}
		o.flags.clear(w, flowCookie) // one use only
		if err != nil {
			o.log.Warn("auth: sign-in callback without a valid sign-in cookie", "remote", r.RemoteAddr)
			http.Error(w, "Sign-in failed: please start again.", http.StatusBadRequest)
			return
		}
		if o.now().Unix() > f.Expires {
			o.log.Warn("auth: sign-in callback after the sign-in cookie expired", "remote", r.RemoteAddr)
			http.Error(w, "Sign-in failed: please start again.", http.StatusBadRequest)
			return
		}
		state := q.Get("state")
		if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(f.State)) != 1 {
			o.log.Warn("auth: sign-in callback with a wrong state", "remote", r.RemoteAddr)
			http.Error(w, "Sign-in failed: please start again.", http.StatusBadRequest)
			return
		}
		if e := q.Get("error"); e != "" {
			// error and error_description come from the provider, not secrets.
			o.log.Warn("auth: provider refused sign-in", "error", e, "description", q.Get("error_description"))
			http.Error(w, "Sign-in failed.", http.StatusUnauthorized)
			return
		}
		code := q.Get("code")
		if code == "" {
			o.log.Warn("auth: sign-in callback without a code", "remote", r.RemoteAddr)
			http.Error(w, "Sign-in failed: please start again.", http.StatusBadRequest)
			return
		}
		p, err := o.exchange(r.Context(), code, f)
		if err != nil {
			o.log.Warn("auth: sign-in failed", "err", err, "remote", r.RemoteAddr)
			http.Error(w, "Sign-in failed.", http.StatusUnauthorized)
			return
		}
		s := session{ID: randomString(32), Person: p, Expires: o.now().Add(o.cfg.SessionTTL).Unix()}
		v, err := o.seal.seal(SessionCookie, s)
		if err != nil {
			o.log.Error("auth: sealing session cookie", "err", err)
			http.Error(w, "Sign-in failed.", http.StatusInternalServerError)
			return
		}
		if len(v) > maxCookieLen {
			o.log.Error("auth: session cookie too large; the person has too many groups",
				"sub", p.Subject, "groups", len(p.Groups), "bytes", len(v))
			http.Error(w, "Sign-in failed.", http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, o.flags.cookie(SessionCookie, v, int(o.cfg.SessionTTL/time.Second)))
		o.log.Info("auth: signed in", "sub", p.Subject, "email", p.Email)
		http.Redirect(w, r, SafeReturnPath(f.Return), http.StatusSeeOther)
	})
}

// exchange redeems the code at the token endpoint and verifies the ID token.
func (o *OIDC) exchange(ctx context.Context, code string, f flow) (Person, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {o.cfg.RedirectURL},
		"code_verifier": {f.Verifier},
		"client_id":     {o.cfg.ClientID},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Person{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if o.cfg.ClientSecret != "" {
		// RFC 6749 section 2.3.1: form-encode both parts first.
		req.SetBasicAuth(url.QueryEscape(o.cfg.ClientID), url.QueryEscape(o.cfg.ClientSecret))
	}
	resp, err := o.cfg.HTTPClient.Do(req)
	if err != nil {
		return Person{}, fmt.Errorf("token request: %w", err)
	}
	defer resp.Body.Close()
	var tr struct {
		IDToken string `json:"id_token"`
		Error   string `json:"error"`
		Desc    string `json:"error_description"`
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxBody))
	if resp.StatusCode != http.StatusOK {
		_ = dec.Decode(&tr)
		return Person{}, fmt.Errorf("token endpoint: HTTP %d: %s %s", resp.StatusCode, tr.Error, tr.Desc)
	}
	if err := dec.Decode(&tr); err != nil {
		return Person{}, fmt.Errorf("token response: %w", err)
	}
	if tr.IDToken == "" {
		return Person{}, errors.New("token response has no ID token")
	}
	return o.verifyIDToken(ctx, tr.IDToken, f.Nonce)
}

func (o *OIDC) verifyIDToken(ctx context.Context, token, nonce string) (Person, error) {
	c, err := verifyRS256(ctx, token, o.keys)
	if err != nil {
		return Person{}, err
	}
	if err := checkClaims(c, o.cfg.Issuer, o.cfg.ClientID, nonce, o.now(), clockLeeway); err != nil {
		return Person{}, err
	}
	return Person{Subject: c.Subject, Email: c.Email, Name: c.Name, Groups: c.groups(o.cfg.GroupsClaim)}, nil
}

// LogoutHandler signs out (POST only; protect it with [CSRF]): it clears the
// session cookie and redirects to the local path in the form field or query
// parameter "return", or "/".
func (o *OIDC) LogoutHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		o.flags.clear(w, SessionCookie)
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, SafeReturnPath(r.FormValue(ReturnParam)), http.StatusSeeOther)
	})
}

func (o *OIDC) session(r *http.Request) (session, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return session{}, false
	}
	var s session
	if err := o.seal.open(SessionCookie, c.Value, &s); err != nil {
		return session{}, false
	}
	if s.ID == "" || s.Person.Subject == "" || o.now().Unix() > s.Expires {
		return session{}, false
	}
	return s, true
}

// Identify returns the person signed in on r, from the session cookie.
func (o *OIDC) Identify(r *http.Request) (Person, bool) {
	s, ok := o.session(r)
	return s.Person, ok
}

// SessionID returns the random identifier of the sign-in session on r, or
// "" when nobody is signed in. Use it to bind [CSRF] tokens to the sign-in.
func (o *OIDC) SessionID(r *http.Request) string {
	s, _ := o.session(r)
	return s.ID
}
