package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/auth"
	"github.com/demarc-dev/demarc/examples"
	"github.com/demarc-dev/demarc/server"
	"github.com/demarc-dev/demarc/store"
)

func newServeCmd(st *streams) *cobra.Command {
	var (
		addr, db, publicURL    string
		noDB, allowAnonymous   bool
		example                bool
		oidcIssuer, oidcClient string
		proxyHeaders           bool
		trusted                []string
		memoryLimit            string
		drainTimeout           time.Duration
		drainDelay             time.Duration
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Serve the model as a live web app and JSON API",
		Long: `Serve serves the documentation pages of the model in DIR (or, with
--example, of the bundled Northwind example), rendered live and
reloaded when model files change (an edit that breaks the model keeps the last
good model in service; /api/v1/status says why), a JSON API under /api/v1
(described at /api/v1/openapi.json), /healthz, /readyz and /metrics.
Every response names the model's version in the Demarc-Model-Version header
(the git commit checked out in DIR, else a hash of the files), as do
/api/v1/status and /metrics, so that replicas can be compared.

Acknowledgements are kept in a database: embedded SQLite by default (a file in
$DEMARC_DATA_DIR or ~/.local/share/demarc), or PostgreSQL with
--db postgres://… so several replicas share one database. Only members of a
party (its members list: e-mail addresses or group:NAME) may acknowledge for
it, and every write is in the audit log.

Sign-in, one of:
  --oidc-issuer URL --oidc-client-id ID --public-url URL
      OpenID Connect (authorization code with PKCE). The client secret, if
      any, comes from DEMARC_OIDC_CLIENT_SECRET; the cookie key from
      DEMARC_SESSION_KEY (32+ bytes, base64; shared by all replicas).
  --proxy-headers --trusted-proxy CIDR
      trust X-Forwarded-Email/User/Groups from these proxy addresses only.
Signed-in people see what their parties carry at /my and acknowledge it there.
Without sign-in the app is read-only and anonymous, and then listens only on a
loopback address (the default 127.0.0.1:8080) unless --allow-anonymous says
anonymous readers are intended. With sign-in, anonymous reading needs
--allow-anonymous too.

Memory (--memory-limit auto, the default): after each load the runtime's soft
memory limit is set to three times the loaded model's heap, and the garbage
collector lets the heap grow to that budget between collections (GOGC=200).
A reload, which holds the old and the new model for a moment, then makes the
collector work harder rather than the process grow. GOMEMLIMIT and GOGC, when
set, win.

Shutdown: on SIGTERM or interrupt, /readyz fails at once; new requests are
still served for --drain-delay (time for load balancers to take the replica
out), then the listener closes and requests in flight finish, all within
--drain-timeout; the exit status is 0 when every request finished, 1 when some
had to be cut. A second signal exits at once. An acknowledgement is either
written and answered 201, or answered 503 with Retry-After, never answered and
lost. Set the orchestrator's grace period (Kubernetes:
terminationGracePeriodSeconds) above --drain-timeout.`,
		Example: `  demarc serve --example                    # the bundled Northwind example
  demarc serve examples/enterprise --addr 127.0.0.1:8080
  demarc serve model --db postgres://demarc@db/demarc --proxy-headers --trusted-proxy 10.0.0.0/8`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			switch {
			case example && len(args) == 1:
				return withHint(fmt.Errorf("give either --example or a model directory, not both"), "demarc serve --example")
			case example:
				tmp, err := os.MkdirTemp("", "demarc-example-")
				if err != nil {
					return fmt.Errorf("extracting the bundled example: %w", err)
				}
				defer os.RemoveAll(tmp)
				if err := examples.Extract(examples.Enterprise, tmp); err != nil {
					return fmt.Errorf("extracting the bundled example: %w", err)
				}
				dir = tmp
			default:
				var err error
				if dir, err = mdir.get(args, 0); err != nil {
					return err
				}
			}
			if _, err := os.Stat(dir); err != nil {
				return withHint(fmt.Errorf("cannot read model directory %s: %w", dir, unwrap(err)), "demarc init "+dir)
			}
			if !example && dir == "." && !hasModelFiles(dir) {
				return withHint(fmt.Errorf("no model files (*.yaml, *.yml, *.csv) in the current directory"),
					"demarc serve --example to serve the bundled example, or demarc serve DIR")
			}
			log := slog.New(slog.NewTextHandler(st.err, nil))
			ctx, stop := drainOnSignal(cmd.Context(), st.err)
			defer stop()

			if drainTimeout <= 0 || drainDelay < 0 || drainDelay >= drainTimeout {
				return withHint(fmt.Errorf("--drain-delay %s must be at least 0 and shorter than --drain-timeout %s, which must be positive", drainDelay, drainTimeout),
					"--drain-timeout 25s --drain-delay 5s")
			}
			cfg := server.Config{ModelDir: dir, Logger: log, AllowAnonymous: allowAnonymous, DrainTimeout: drainTimeout, DrainDelay: drainDelay}
			limit, err := parseMemoryLimit(memoryLimit)
			if err != nil {
				return withHint(fmt.Errorf("--memory-limit %q: %w", memoryLimit, err), "--memory-limit auto, off, or a size such as 600MiB or 2GiB")
			}
			cfg.MemoryLimit = limit
			if !noDB {
				if db == "" {
					db = os.Getenv("DEMARC_DB")
				}
				s, err := store.Open(ctx, db)
				if err != nil {
					return withHint(fmt.Errorf("opening the acknowledgement store: %w", err), "--db PATH, --db postgres://…, or --no-db")
				}
				defer s.Close()
				cfg.Store = s
			}
			routes := map[string]http.Handler{}
			switch {
			case oidcIssuer != "":
				if oidcClient == "" || publicURL == "" {
					return withHint(fmt.Errorf("--oidc-issuer needs --oidc-client-id and --public-url"), "demarc serve --help")
				}
				key, err := sessionKey(log)
				if err != nil {
					return err
				}
				o, err := auth.NewOIDC(ctx, auth.OIDCConfig{
					Issuer: oidcIssuer, ClientID: oidcClient, ClientSecret: os.Getenv("DEMARC_OIDC_CLIENT_SECRET"),
					RedirectURL: strings.TrimSuffix(publicURL, "/") + "/auth/callback", SessionKey: key,
					SecureCookies: strings.HasPrefix(publicURL, "https://"), Logger: log,
				})
				if err != nil {
					return fmt.Errorf("OpenID Connect: %w", err)
				}
				csrf := auth.CSRF(key)
				csrf.SessionID = o.SessionID
				csrf.SecureCookies = strings.HasPrefix(publicURL, "https://")
				routes["GET /auth/login"] = o.LoginHandler()
				routes["GET /auth/callback"] = o.CallbackHandler()
				routes["POST /auth/logout"] = csrf.Middleware(o.LogoutHandler())
				cfg.CSRF = csrf
				cfg.Identity = identity(o)
			case proxyHeaders:
				ph := auth.ProxyHeaders{}
				for _, t := range trusted {
					p, err := netip.ParsePrefix(strings.TrimSpace(t))
					if err != nil {
						return withHint(fmt.Errorf("--trusted-proxy %q: %w", t, err), "--trusted-proxy 10.0.0.0/8")
					}
					ph.TrustedProxies = append(ph.TrustedProxies, p)
				}
				if len(ph.TrustedProxies) == 0 {
					return withHint(fmt.Errorf("--proxy-headers needs at least one --trusted-proxy"), "--trusted-proxy 127.0.0.1/32")
				}
				cfg.Identity = identity(ph)
				key, err := sessionKey(log)
				if err != nil {
					return err
				}
				cfg.CSRF = auth.CSRF(key)
			}
			if cfg.Identity == nil && !allowAnonymous && !loopback(addr) {
				return withHint(fmt.Errorf("without sign-in the app is anonymous; refusing to listen on %s, which is not a loopback address", addr),
					"configure sign-in (--oidc-issuer … or --proxy-headers …), or add --allow-anonymous if anonymous read-only access is intended")
			}
			cfg.Routes = routes
			srv, err := server.New(cfg)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return withHint(fmt.Errorf("cannot listen on %s: %w", addr, err), "--addr 127.0.0.1:8081")
			}
			shown := dir
			if example {
				shown = "the bundled example (Northwind Mutual)"
			}
			fmt.Fprintf(st.out, "Serving %s on http://%s/\n", shown, ln.Addr())
			return srv.Serve(ctx, ln)
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	c.Flags().StringVar(&db, "db", "", "acknowledgement store: a SQLite file or folder, or postgres://… (default $DEMARC_DB, else the data directory)")
	c.Flags().BoolVar(&example, "example", false, "serve the bundled example model (Northwind Mutual) instead of DIR")
	c.Flags().BoolVar(&noDB, "no-db", false, "run without a database (no acknowledgements)")
	c.Flags().BoolVar(&allowAnonymous, "allow-anonymous", false, "let people who are not signed in read")
	c.Flags().StringVar(&oidcIssuer, "oidc-issuer", "", "OpenID Connect issuer URL")
	c.Flags().StringVar(&oidcClient, "oidc-client-id", "", "OpenID Connect client id")
	c.Flags().StringVar(&publicURL, "public-url", "", "the URL people use to reach this server (for the sign-in redirect)")
	c.Flags().BoolVar(&proxyHeaders, "proxy-headers", false, "trust identity headers from a reverse proxy (oauth2-proxy style)")
	c.Flags().StringSliceVar(&trusted, "trusted-proxy", nil, "address ranges of trusted reverse proxies (CIDR)")
	c.Flags().DurationVar(&drainTimeout, "drain-timeout", server.DefaultDrainTimeout, "on SIGTERM, how long requests in flight may take to finish before they are cut")
	c.Flags().DurationVar(&drainDelay, "drain-delay", 0, "on SIGTERM, how long new requests are still served while /readyz fails (within --drain-timeout)")
	c.Flags().StringVar(&memoryLimit, "memory-limit", "auto", "soft memory limit: auto (3× the loaded model's heap, at least 256MiB, with GOGC=200; GOMEMLIMIT and GOGC, when set, win), off, or a size like 600MiB")
	mdir.register(c)
	return c
}

// hasModelFiles reports whether dir holds a model file (*.yaml, *.yml,
// *.csv) outside hidden folders. It looks at a bounded number of entries and
// says yes when it gives up, so that a large tree is left to the loader.
func hasModelFiles(dir string) bool {
	found, seen := false, 0
	errStop := errors.New("stop")
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		seen++
		if seen > 10000 {
			found = true
			return errStop
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".csv":
			if !d.IsDir() {
				found = true
				return errStop
			}
		}
		return nil
	})
	return found
}

// identifier is what both sign-in methods provide.
type identifier interface {
	Identify(*http.Request) (auth.Person, bool)
}

func identity(id identifier) func(*http.Request) (server.Person, bool) {
	return func(r *http.Request) (server.Person, bool) {
		p, ok := id.Identify(r)
		if !ok {
			return server.Person{}, false
		}
		return server.Person{Subject: p.Subject, Email: p.Email, Groups: p.Groups}, true
	}
}

// sessionKey reads DEMARC_SESSION_KEY, or makes a random key for this
// process (sessions then end when it restarts and do not carry across
// replicas).
func sessionKey(log *slog.Logger) ([]byte, error) {
	if v := os.Getenv("DEMARC_SESSION_KEY"); v != "" {
		key, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("DEMARC_SESSION_KEY must be at least 32 bytes, base64-encoded (e.g. `head -c 32 /dev/urandom | base64`)")
		}
		return key, nil
	}
	if log != nil {
		log.Warn("DEMARC_SESSION_KEY is not set: using a random key; sign-ins and form tokens do not survive a restart or carry across replicas")
	}
	key := make([]byte, 32)
	_, err := rand.Read(key)
	return key, err
}

// loopback reports whether addr (host:port) names only loopback interfaces.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// parseMemoryLimit reads --memory-limit: auto, off, or a size in bytes
// with an optional unit (KiB, MiB, GiB, KB, MB, GB; at least 64 MiB).
func parseMemoryLimit(v string) (int64, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "auto":
		return server.LimitAuto, nil
	case "off":
		return server.LimitOff, nil
	}
	units := []struct {
		suffix string
		factor int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"b", 1}}
	s := strings.ToLower(strings.TrimSpace(v))
	factor := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, factor = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/factor {
		return 0, fmt.Errorf("not a size")
	}
	if n*factor < 64<<20 {
		return 0, fmt.Errorf("below 64MiB, too small to serve a model")
	}
	return n * factor, nil
}
