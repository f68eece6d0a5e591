package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/site"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the JSON API.
func OpenAPI() []byte { return append([]byte(nil), openapiDoc...) }

// maxBody bounds request bodies.
const maxBody = 16 << 10

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for pattern, h := range s.cfg.Routes {
		mux.Handle(pattern, h)
	}
	open := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, h) }
	read := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.reader(h)) }

	open("GET /healthz", s.healthz)
	open("GET /readyz", s.readyz)
	open("GET /metrics", s.metricsPage)
	open("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openapiDoc)
	})
	read("GET /", func(w http.ResponseWriter, r *http.Request) { s.current.Load().site.ServeHTTP(w, r) })
	s.myRoutes(mux)
	read("GET /api/v1/status", s.status)
	read("GET /api/v1/diagnostics", s.diagnostics)
	read("GET /api/v1/who", s.who)
	read("GET /api/v1/matrix", s.matrix)
	read("GET /api/v1/parties", s.parties)
	read("GET /api/v1/parties/{id}", s.party)
	read("GET /api/v1/tenants", s.tenants)
	read("GET /api/v1/tenants/{id}", s.tenant)
	read("GET /api/v1/processes", s.processes)
	read("GET /api/v1/processes/{id}", s.process)
	read("GET /api/v1/acknowledgements", s.acknowledgements)
	read("GET /api/v1/coverage", s.coverage)
	mux.Handle("POST /api/v1/acknowledgements", checked(s.acknowledge))
	mux.Handle("GET /api/v1/export/{file}", checked(s.export))
	// Anything else under /api/v1/ is a problem, not the mux's plain-text
	// 404 or 405. (One pattern per method: a method-less "/api/v1/" would
	// conflict with "GET /".)
	other := s.reader(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(r.URL.Path); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, r, http.StatusMethodNotAllowed, probMethodNotAllowed,
				fmt.Sprintf("%s %s is not an operation of the API", r.Method, r.URL.Path), "use "+strings.Join(allow, " or "))
			return
		}
		writeError(w, r, http.StatusNotFound, probNoSuchEndpoint, "no such endpoint: "+r.URL.Path, "GET /api/v1/openapi.json describes the API")
	})
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions} {
		mux.Handle(m+" /api/v1/", other)
	}
	return s.instrument(mux)
}

// securityHeaders go on every response.
var securityHeaders = map[string][]string{
	"Content-Security-Policy": {site.ContentSecurityPolicy},
	"X-Content-Type-Options":  {"nosniff"},
	"Referrer-Policy":         {"same-origin"}, // no-referrer would make browsers send "Origin: null" on our own form posts, which CSRF checks refuse
	"X-Frame-Options":         {"DENY"},
}

// JSON responses' header values, shared like securityHeaders.
var (
	jsonType = []string{"application/json"}
	noStore  = []string{"no-store"}
)

// instrument adds the security headers, bounds request bodies and counts
// requests by route pattern.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = v // shared, never modified: no allocation per request
		}
		h[VersionHeader] = s.current.Load().versionHeader
		if r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		sw := &statusWriter{ResponseWriter: w, srv: s}
		next.ServeHTTP(sw, r)
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		route := r.Pattern // set by the mux on this request
		if route == "" {
			route = "unmatched"
		}
		took := time.Since(start)
		s.metrics.observe(route, method(r.Method), code, took)
		// Paths and status only: no query strings (they may name people),
		// no addresses.
		if s.log.Enabled(r.Context(), slog.LevelDebug) {
			s.log.Debug("request", "method", r.Method, "route", route, "code", code, "duration", took)
		}
	})
}

// checked serves h when r has only the query parameters its operation
// declares.
func checked(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if knownParams(w, r) {
			h(w, r)
		}
	})
}

// person returns who makes r, if anyone.
func (s *Server) person(r *http.Request) (Person, bool) {
	if s.cfg.Identity == nil {
		return Person{}, false
	}
	return s.cfg.Identity(r)
}

// reader lets a request read when it is signed in, or anonymous reading is
// allowed (always when no identity layer is configured).
func (s *Server) reader(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Identity != nil && !s.cfg.AllowAnonymous {
			if _, ok := s.cfg.Identity(r); !ok {
				writeError(w, r, http.StatusUnauthorized, probSignInRequired, "sign-in required", "sign in, or ask the operator to allow anonymous reading")
				return
			}
		}
		if !knownParams(w, r) {
			return
		}
		h(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ready": false, "draining": true})
		return
	}
	out := map[string]any{"model": s.current.Load() != nil, "store": "disabled"}
	code := http.StatusOK
	if s.current.Load() == nil {
		code = http.StatusServiceUnavailable
	}
	// A replica that serves a model is ready even when the store is down:
	// reads come from memory and writes answer 503 with Retry-After. Failing
	// readiness on the database would take every replica out of the load
	// balancer during a database restart, reads included.
	if s.cfg.Store != nil {
		if err := s.cfg.Store.Ping(r.Context()); err != nil {
			s.log.Warn("store not ready", "err", err)
			out["store"] = "unavailable"
		} else {
			out["store"] = "ok"
		}
	}
	out["ready"] = code == http.StatusOK
	writeJSON(w, code, out)
}

func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
	s.writeModelInfo(w)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// marshalJSON encodes v as writeJSON does.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeBody writes a JSON body encoded before.
func writeBody(w http.ResponseWriter, code int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// method bounds the method label: clients may send any token.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}
