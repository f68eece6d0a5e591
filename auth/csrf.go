package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// CSRF field and header names.
const (
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
	csrfCookie = "demarc_csrf"
)

// CSRFProtect guards unsafe requests (POST, PUT, PATCH, DELETE) against
// cross-site request forgery. A token is the HMAC of a session identifier:
// the sign-in session when SessionID is set and returns one, otherwise a
// random identifier kept in its own cookie. Unsafe requests must carry the
// token in the form field "csrf_token" or the header "X-CSRF-Token", and
// must not come from another origin (Origin and Sec-Fetch-Site headers);
// failures get 403.
type CSRFProtect struct {
	key []byte
	// SessionID, when set, returns the sign-in session identifier of a
	// request (for example [OIDC.SessionID]), or "" for none.
	SessionID func(*http.Request) string
	// SecureCookies sets the Secure attribute of the CSRF cookie.
	SecureCookies bool
	// Logger receives refusals (default slog.Default()); tokens are never
	// logged.
	Logger *slog.Logger
}

// CSRF returns CSRF protection keyed with key (at least 32 bytes; it may be
// the session key, as a distinct key is derived from it).
func CSRF(key []byte) *CSRFProtect {
	if len(key) < MinKeyLen {
		panic("auth: CSRF key must be at least 32 bytes")
	}
	return &CSRFProtect{key: deriveKey(key, "csrf")}
}

type csrfIDKey struct{}

// id returns the session identifier the token of r is bound to.
func (c *CSRFProtect) id(r *http.Request) string {
	if c.SessionID != nil {
		if id := c.SessionID(r); id != "" {
			return "s:" + id
		}
	}
	if id, ok := r.Context().Value(csrfIDKey{}).(string); ok {
		return "c:" + id
	}
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return "c:" + ck.Value
	}
	return ""
}

func (c *CSRFProtect) tokenFor(id string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Token returns the CSRF token for forms in the response to r. It is empty
// when r did not pass through [CSRFProtect.Middleware] and has no session.
func (c *CSRFProtect) Token(r *http.Request) string {
	id := c.id(r)
	if id == "" {
		return ""
	}
	return c.tokenFor(id)
}

// Middleware ensures a CSRF cookie exists and checks every unsafe request.
func (c *CSRFProtect) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ck, err := r.Cookie(csrfCookie); err != nil || len(ck.Value) < 32 {
			id := randomString(32)
			http.SetCookie(w, cookieFlags{secure: c.SecureCookies}.cookie(csrfCookie, id, 0))
			r = r.WithContext(context.WithValue(r.Context(), csrfIDKey{}, id))
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			next.ServeHTTP(w, r)
			return
		}
		if reason := c.check(r); reason != "" {
			c.logger().Warn("auth: request refused by CSRF protection",
				"reason", reason, "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
			refuseCSRF(w, r, reason)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (c *CSRFProtect) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

// check returns why r fails the CSRF check, or "".
func (c *CSRFProtect) check(r *http.Request) string {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return reasonCrossSite
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
			return reasonCrossOrigin
		}
	} else if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return reasonCrossReferer
		}
	}
	id := c.id(r)
	if id == "" {
		return reasonNoSession
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField) // honours any MaxBytesReader set by the caller
	}
	if got == "" {
		return reasonMissingToken
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(c.tokenFor(id))) != 1 {
		return reasonWrongToken
	}
	return ""
}
