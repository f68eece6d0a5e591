// Package server serves a model as a live web application and JSON API: the
// documentation pages rendered from the current model, a read API under
// /api/v1, acknowledgements kept in a store, health and readiness probes and
// Prometheus metrics.
//
// The model is reloaded when its files change. An edit that breaks the model
// does not take the service down: the last good model keeps being served and
// the diagnostics of the current files are exposed by /api/v1/status and
// /api/v1/diagnostics.
//
// Authentication is not part of this package: Config.Identity tells who
// makes a request (from an OpenID Connect session, trusted proxy headers, or
// a test).
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/demarc-dev/demarc/auth"
	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/site"
	"github.com/demarc-dev/demarc/store"
	"github.com/demarc-dev/demarc/view"
)

// Person is a signed-in person as the identity layer reports them.
type Person struct {
	// Subject is the stable identifier from the identity provider.
	Subject string
	Email   string
	// Groups are the identity provider's group claims, matched against
	// "group:NAME" entries of a party's members.
	Groups []string
}

// Actor is how the person is named in acknowledgements and the audit log:
// the e-mail address, else the subject.
func (p Person) Actor() string {
	if p.Email != "" {
		return strings.ToLower(p.Email)
	}
	return p.Subject
}

// MemberOf reports whether p acts for party: the party's members list
// p's e-mail address (case-insensitively) or one of p's groups as
// "group:NAME".
func (p Person) MemberOf(party *model.Party) bool {
	return auth.MemberOf(auth.Person{Subject: p.Subject, Email: p.Email, Groups: p.Groups}, party.Members)
}

// Config configures a Server.
type Config struct {
	// ModelDir is the directory of the model files.
	ModelDir string
	// Store keeps acknowledgements; nil disables them (the acknowledgement,
	// coverage and export endpoints answer 503).
	Store *store.Store
	// Identity returns the person making a request, or false for an
	// anonymous request. nil means every request is anonymous and read-only.
	Identity func(*http.Request) (Person, bool)
	// AllowAnonymous lets anonymous requests read pages and the API when
	// Identity is set. Without Identity, reading is always anonymous.
	AllowAnonymous bool
	// Logger receives request and reload logs; nil discards them.
	Logger *slog.Logger
	// ReloadInterval is how often Run polls the model files for changes;
	// zero means one second.
	ReloadInterval time.Duration
	// Routes are extra handlers by ServeMux pattern, such as the sign-in
	// flow's; they get the same security headers, limits and metrics.
	Routes map[string]http.Handler
	// CSRF protects the forms of the web app ("My responsibilities"); nil
	// disables those forms.
	CSRF *auth.CSRFProtect
	// MemoryLimit is the runtime's soft memory limit in bytes, set after
	// each load: LimitAuto (zero) for three times the live heap unless
	// GOMEMLIMIT is set, LimitOff to leave it alone. The limit is
	// process-wide.
	MemoryLimit int64
	// DrainTimeout bounds the drain after the serving context ends: from
	// then until every request in flight has finished (zero means
	// DefaultDrainTimeout).
	DrainTimeout time.Duration
	// DrainDelay is how long new requests are still served after /readyz
	// starts failing, so that load balancers stop routing to this replica
	// before its listener closes; it counts within DrainTimeout.
	DrainDelay time.Duration
}

// Server serves one model directory.
type Server struct {
	cfg     Config
	log     *slog.Logger
	handler http.Handler
	metrics *metrics

	reloadMu sync.Mutex            // serialises Reload
	current  atomic.Pointer[state] // the model served (the last good one)
	latest   atomic.Pointer[attempt]
	stamp    string // fingerprint of the files at the last reload; under reloadMu
	draining atomic.Bool
	// abandoned is a load that timed out and may still run; under reloadMu.
	abandoned *abandonedLoad
}

// state is one loaded model with everything derived from it. It is never
// modified after it is published.
type state struct {
	model    *model.Model
	resolver *resolve.Resolver
	book     *view.Book
	layout   *site.Layout // the site's layout, for the app's own pages
	site     http.Handler
	report   *report.Report
	answers  *answerCache // who's answers; shared by copies with another banner
	loadedAt time.Time
	ok       bool // no errors
	version  modelVersion
	// versionHeader is the value of VersionHeader, shared by every response.
	versionHeader []string
	// unreadable is the reason the pages' banner gives when the files could
	// not be read; "" otherwise.
	unreadable string
}

// attempt is the outcome of the latest reload, good or not.
type attempt struct {
	report     *report.Report
	loadedAt   time.Time
	lastGoodAt time.Time
	err        string
}

// New loads the model in cfg.ModelDir and returns a server for it. A model
// with errors is served (there is nothing better) until a good one loads; an
// unreadable directory is an error.
func New(cfg Config) (*Server, error) {
	if cfg.ModelDir == "" {
		return nil, errors.New("server: no model directory")
	}
	if cfg.ReloadInterval <= 0 {
		cfg.ReloadInterval = time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Logger, metrics: newMetrics()}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := s.Reload(); err != nil && s.current.Load() == nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of every route.
func (s *Server) Handler() http.Handler { return s.handler }

// ErrModelErrors is wrapped by Reload when the files have errors and the
// last good model is kept.
var ErrModelErrors = errors.New("the model has errors")

// Reload reads the model files again. When they load without errors the new
// model is served; otherwise the last good model stays and the error is
// returned (wrapping ErrModelErrors), with the diagnostics available from
// /api/v1/diagnostics.
func (s *Server) Reload() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.stamp = fingerprint(s.cfg.ModelDir)
	return s.reload()
}

func (s *Server) reload() error {
	now := time.Now().UTC()
	prev := s.latest.Load()
	var lastGood time.Time
	if prev != nil {
		lastGood = prev.lastGoodAt
	}
	if _, err := os.Stat(s.cfg.ModelDir); err != nil {
		s.metrics.reload(false)
		s.latest.Store(&attempt{report: &report.Report{Version: report.Version, Diagnostics: []report.Diagnostic{}}, loadedAt: now, lastGoodAt: lastGood, err: err.Error()})
		s.log.Error("model reload failed", "dir", s.cfg.ModelDir, "err", err)
		s.bannerUnreadable(lastGood, "the model directory is missing or unreadable")
		return fmt.Errorf("server: read model directory: %w", err)
	}
	st, err := s.buildBounded(now, s.siteOptions(nil))
	if err != nil {
		return s.loadFailed(now, lastGood, err)
	}
	defer s.tuneMemory()
	a := &attempt{report: st.report, loadedAt: now, lastGoodAt: lastGood}
	if st.ok {
		a.lastGoodAt = now
		s.current.Store(st)
		s.latest.Store(a)
		s.metrics.reload(true)
		s.log.Info("model loaded", "dir", s.cfg.ModelDir, "warnings", st.report.Summary.Warnings)
		return nil
	}
	s.metrics.reload(false)
	banner := s.siteOptions(newBanner(s.cfg.ModelDir, st.report, a.lastGoodAt))
	if cur := s.current.Load(); cur == nil || a.lastGoodAt.IsZero() {
		s.current.Store(st.withBanner(banner)) // nothing better to serve: the files as they are
	} else {
		s.current.Store(cur.withBanner(banner))
	}
	a.err = fmt.Sprintf("%d error(s)", st.report.Summary.Errors)
	s.latest.Store(a)
	s.log.Warn("model has errors; serving the last good model", "dir", s.cfg.ModelDir, "errors", st.report.Summary.Errors)
	return fmt.Errorf("server: %w: %d error(s); serving the last good model", ErrModelErrors, st.report.Summary.Errors)
}

// build runs the pipeline of the CLI: load, resolve, check, arrange.
func build(dir string, now time.Time, opts site.Options) *state {
	project, cds := load.ReadConfig(dir)
	m, lds := load.Dir(dir, load.Options{Limits: project.Limits})
	for name, data := range project.Sources {
		m.Sources[name] = data
	}
	r := resolve.New(m)
	res := check.Model(m, r, append(cds, lds...), check.Options{Severity: project.Severity, Off: project.Off})
	b := view.Build(m, r, res, view.Options{Now: now})
	forgetTenantPositions(m)
	layout := site.NewLayout(b, opts)
	version := versionOf(dir, m.Sources)
	return &state{
		version: version, versionHeader: []string{version.String()},
		model: m, resolver: r, book: b, layout: layout,
		site:     layout.Handler(),
		report:   report.Build(res.Diagnostics, m.Sources).Relative(m.RelName),
		answers:  newAnswerCache(),
		loadedAt: now,
		ok:       res.Diagnostics.Count(diag.Error) == 0,
	}
}

// forgetTenantPositions clears the source positions of m's tenants once
// the model is checked: nothing served shows them, and at enterprise scale
// their file names are a million pointers that the garbage collector would
// scan on every cycle for as long as the model is served.
func forgetTenantPositions(m *model.Model) {
	for _, t := range m.Tenants {
		t.ForgetPositions()
	}
}

// fingerprint summarises the names, sizes and modification times of the
// files under dir, so a poll can tell whether anything changed.
func fingerprint(dir string) string {
	var b strings.Builder
	// A symbolic link (git-sync's, swapped to each new checkout) is
	// followed, and where it points is part of the fingerprint.
	if target, err := filepath.EvalSymlinks(dir); err == nil && target != dir {
		fmt.Fprintf(&b, "-> %s\n", target)
		dir = target
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(&b, "%s!%v\n", p, err)
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(&b, "%s|%d|%d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return b.String()
}

// Watch polls the model files every ReloadInterval and reloads when they
// change, until ctx is done.
func (s *Server) Watch(ctx context.Context) {
	t := time.NewTicker(s.cfg.ReloadInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.reloadMu.Lock()
			if fp := fingerprint(s.cfg.ModelDir); fp != s.stamp {
				s.stamp = fp
				_ = s.reload() // logged and exposed by reload
			}
			s.reloadMu.Unlock()
		}
	}
}

// Run serves on addr until ctx is done, watching the model files, then
// drains as Serve does.
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// siteOptions are the options the server renders the site with: a
// "My responsibilities" entry when people can sign in, and the banner.
func (s *Server) siteOptions(banner *site.Banner) site.Options {
	opts := site.Options{Banner: banner}
	if s.cfg.Identity != nil {
		opts.AppLinks = []site.NavLink{{Text: "My responsibilities", Href: "my"}}
	}
	return opts
}
