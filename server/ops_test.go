package server

import (
	"bufio"
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/site"
)

func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}

// whoAccountable asks who is accountable for decommissioning a tenant in the
// cloud-native landing zone.
func whoAccountable(t *testing.T, f *fixture) resolve.AssigneeView {
	t.Helper()
	ans := decode[[]answer](t, f.get(t, "/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native"), 200)
	if len(ans) == 0 || len(ans[0].Accountable) != 1 {
		t.Fatalf("answers %+v", ans)
	}
	// The deciding rule's source is relative to the model directory.
	if r := ans[0].Rule; r == nil || !strings.HasPrefix(r.Source, "rules/tenant-lifecycle.yaml:") {
		t.Fatalf("rule %+v, want its source as rules/tenant-lifecycle.yaml:LINE:COL", r)
	}
	return ans[0].Accountable[0]
}

// editParty renames the party called name in the model files.
func editParty(t *testing.T, dir, name, to string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "parties", "*.yaml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), "    name: "+name+"\n", "    name: "+to+"\n", 1)
		if s != string(b) {
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no party named %q in %s", name, dir)
}

const broken = "rules:\n  - id: broken-rule\n    activity: no-such-activity\n    responsible: [nobody]\n    accountable: nobody\n"

type statusBody struct {
	ModelOK    bool       `json:"model_ok"`
	Errors     int        `json:"errors"`
	LoadedAt   time.Time  `json:"loaded_at"`
	LastGoodAt *time.Time `json:"last_good_at"`
}

func TestReload(t *testing.T) {
	f := newFixture(t)
	st := decode[statusBody](t, f.get(t, "/api/v1/status"), 200)
	if !st.ModelOK || st.Errors != 0 || st.LastGoodAt == nil {
		t.Fatalf("status %+v", st)
	}
	acc := whoAccountable(t, f)
	editParty(t, f.dir, acc.Name, "Renamed Team")
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := whoAccountable(t, f); got.Name != "Renamed Team" || got.Party != acc.Party {
		t.Fatalf("after the edit: %+v", got)
	}
	page := f.get(t, "/")
	if page.code != 200 || !strings.Contains(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("index: %d", page.code)
	}

	// Break the model: the last good model stays, the status tells.
	if err := os.WriteFile(filepath.Join(f.dir, "rules", "broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	editParty(t, f.dir, "Renamed Team", "Broken Team")
	err := f.srv.Reload()
	if !errors.Is(err, ErrModelErrors) {
		t.Fatalf("reload of a broken model: %v", err)
	}
	st = decode[statusBody](t, f.get(t, "/api/v1/status"), 200)
	if st.ModelOK || st.Errors == 0 || st.LastGoodAt == nil || !st.LastGoodAt.Before(st.LoadedAt) && !st.LastGoodAt.Equal(st.LoadedAt) {
		t.Fatalf("status of a broken model %+v", st)
	}
	if got := whoAccountable(t, f); got.Name != "Renamed Team" {
		t.Fatalf("not the last good model: %+v", got)
	}
	diags := decode[struct {
		Diagnostics []struct {
			Severity string `json:"severity"`
			Range    struct {
				Filename string `json:"filename"`
			} `json:"range"`
		} `json:"diagnostics"`
	}](t, f.get(t, "/api/v1/diagnostics"), 200)
	found := false
	for _, d := range diags.Diagnostics {
		found = found || d.Severity == "error" && d.Range.Filename == "rules/broken.yaml"
		// Readers see names relative to the model directory, never where
		// the server keeps it.
		if strings.HasPrefix(d.Range.Filename, f.dir) {
			t.Errorf("diagnostic names %s, inside the server's folder", d.Range.Filename)
		}
	}
	if !found {
		t.Fatalf("no error in broken.yaml: %+v", diags)
	}
	if !strings.Contains(string(f.get(t, "/metrics").body), `demarc_model_reloads_total{result="error"} 1`) {
		t.Error("failed reload not counted")
	}

	// Fix it again.
	if err := os.Remove(filepath.Join(f.dir, "rules", "broken.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := whoAccountable(t, f); got.Name != "Broken Team" {
		t.Fatalf("after the fix: %+v", got)
	}
	if st = decode[statusBody](t, f.get(t, "/api/v1/status"), 200); !st.ModelOK {
		t.Fatalf("status after the fix %+v", st)
	}
}

func TestWatch(t *testing.T) {
	f := newFixture(t)
	f.srv.cfg.ReloadInterval = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.srv.Watch(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	acc := whoAccountable(t, f)
	// a later mtime even on coarse file systems
	editParty(t, f.dir, acc.Name, "Watched Team")
	deadline := time.Now().Add(10 * time.Second)
	for whoAccountable(t, f).Name != "Watched Team" {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not reload the edited model")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestBrokenAtStart(t *testing.T) {
	dir := copyModel(t)
	if err := os.WriteFile(filepath.Join(dir, "rules", "broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{ModelDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: srv}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	f.http = hs
	st := decode[statusBody](t, f.get(t, "/api/v1/status"), 200)
	if st.ModelOK || st.LastGoodAt != nil {
		t.Fatalf("status %+v", st)
	}
	if r := f.get(t, "/"); r.code != 200 {
		t.Fatalf("the pages of a broken model are not served: %d", r.code)
	}
	if _, err := New(Config{ModelDir: filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("a missing directory is accepted")
	}
}

var metricLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (\S+)$`)

func TestMetricsAndProbes(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 3; i++ {
		f.get(t, "/api/v1/parties")
	}
	f.get(t, "/api/v1/parties/nobody")
	for i := 0; i < 2; i++ {
		f.get(t, "/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native&service=aws-lambda")
	}
	if r := f.get(t, "/healthz"); r.code != 200 || string(r.body) != "ok\n" {
		t.Fatalf("healthz %d %q", r.code, r.body)
	}
	ready := decode[map[string]any](t, f.get(t, "/readyz"), 200)
	if ready["ready"] != true || ready["store"] != "ok" {
		t.Fatalf("readyz %v", ready)
	}
	res := f.get(t, "/metrics")
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("content type %q", ct)
	}
	values := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(res.body)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE ") {
			continue
		}
		m := metricLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a metric line: %q", line)
		}
		v, err := strconv.ParseFloat(m[len(m)-1], 64)
		if err != nil && m[len(m)-1] != "+Inf" {
			t.Fatalf("value of %q: %v", line, err)
		}
		values[strings.TrimSuffix(line, " "+m[len(m)-1])] = v
	}
	for k, want := range map[string]float64{
		`demarc_http_requests_total{route="GET /api/v1/parties",method="GET",code="200"}`:      3,
		`demarc_http_requests_total{route="GET /api/v1/parties/{id}",method="GET",code="404"}`: 1,
		`demarc_http_requests_total{route="GET /healthz",method="GET",code="200"}`:             1,
		`demarc_http_request_duration_seconds_count{route="GET /api/v1/parties"}`:              3,
		`demarc_http_request_duration_seconds_bucket{route="GET /api/v1/parties",le="+Inf"}`:   3,
		`demarc_model_reloads_total{result="ok"}`:                                              1,
		`demarc_model_reloads_total{result="error"}`:                                           0,
		`demarc_acknowledgements_total`:                                                        0,
		`demarc_answer_cache_requests_total{result="hit"}`:                                     1,
		`demarc_answer_cache_requests_total{result="miss"}`:                                    1,
	} {
		if got, ok := values[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	// Store down: still ready (reads are served from memory), and says so.
	f.store.Close()
	if r := f.get(t, "/readyz"); r.code != 200 || !strings.Contains(string(r.body), `"store":"unavailable"`) {
		t.Errorf("readyz with a closed store: %d %s", r.code, r.body)
	}
	if r := f.get(t, "/healthz"); r.code != 200 {
		t.Errorf("healthz with a closed store: %d", r.code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/", "/api/v1/parties", "/api/v1/who?activity=nope", "/healthz", "/metrics", "/no/such/page"} {
		h := f.get(t, p).header
		for k, want := range map[string]string{
			"Content-Security-Policy": site.ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
			"X-Frame-Options":         "DENY",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q", p, k, got)
			}
		}
	}
	if r := f.do(t, "DELETE", "/api/v1/parties", "", "", ""); r.code != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET" ||
		r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("DELETE: %d, Allow %q: %s", r.code, r.header.Get("Allow"), r.body)
	}
	if r := f.do(t, "PUT", "/api/v1/parties/cloud-foundation", "", "", ""); r.code != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET" {
		t.Errorf("PUT a party: %d, Allow %q", r.code, r.header.Get("Allow"))
	}
	if r := f.do(t, "DELETE", "/api/v1/acknowledgements", "", "", ""); r.header.Get("Allow") != "GET, POST" {
		t.Errorf("DELETE acknowledgements: %d, Allow %q", r.code, r.header.Get("Allow"))
	}
	f.do(t, "BREW", "/api/v1/parties", "", "", "")
	if m := string(f.get(t, "/metrics").body); strings.Contains(m, "BREW") || !strings.Contains(m, `method="OTHER"`) {
		t.Error("an unknown method is a metric label")
	}
}

func TestRunShutsDown(t *testing.T) {
	srv, err := New(Config{ModelDir: copyModel(t), ReloadInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestMemoryLimit: a load sets the runtime's soft memory limit, to the
// operator's value or to three times the live heap (at least 256 MiB), and
// leaves it alone when told to.
func TestMemoryLimit(t *testing.T) {
	t.Cleanup(func() { debug.SetMemoryLimit(math.MaxInt64); debug.SetGCPercent(100) })
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	dir := copyModel(t)
	debug.SetMemoryLimit(math.MaxInt64)
	if _, err := New(Config{ModelDir: dir, MemoryLimit: LimitOff}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("LimitOff: the limit became %d", got)
	}
	if _, err := New(Config{ModelDir: dir, MemoryLimit: 300 << 20}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Fatalf("a limit of 300 MiB became %d", got)
	}
	if _, err := New(Config{ModelDir: dir}); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if got := debug.SetMemoryLimit(-1); got < 256<<20 || got > max(3*int64(ms.HeapAlloc)*2, 256<<20) {
		t.Fatalf("the automatic limit is %d MiB with a live heap of %d MiB", got>>20, ms.HeapAlloc>>20)
	}
	if got := debug.SetGCPercent(100); got != 200 {
		t.Fatalf("the automatic setting left GOGC at %d, want 200", got)
	}
	// The operator's GOMEMLIMIT stands.
	t.Setenv("GOMEMLIMIT", "400MiB")
	debug.SetMemoryLimit(400 << 20)
	if _, err := New(Config{ModelDir: dir}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != 400<<20 {
		t.Fatalf("with GOMEMLIMIT set the limit became %d", got)
	}
}
