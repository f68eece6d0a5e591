package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/store"
)

// served is a Server running Serve on a loopback listener.
type served struct {
	srv    *Server
	url    string
	cancel context.CancelFunc
	done   chan error
}

func serveInProcess(t *testing.T, cfg Config) *served {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{srv: srv, url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- srv.Serve(ctx, ln) }()
	t.Cleanup(cancel)
	return s
}

// wait returns Serve's result, failing after limit.
func (s *served) wait(t *testing.T, limit time.Duration) error {
	t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(limit):
		t.Fatalf("Serve did not return within %s of the cancel", limit)
		return nil
	}
}

// fresh is a client that opens a new connection for every request, as a
// load balancer's health check does.
var fresh = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// slowRoute is an extra route that answers once release is closed, and
// tells on started that a request is in flight.
func slowRoute() (h http.Handler, started chan struct{}, release chan struct{}) {
	started, release = make(chan struct{}, 16), make(chan struct{})
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
		_, _ = io.WriteString(w, "finished\n")
	})
	return h, started, release
}

// TestDrainFinishesInFlight: once the serving context ends, /readyz fails at
// once, a request in flight finishes and gets its answer, new connections
// are refused after the drain delay, and Serve returns nil.
func TestDrainFinishesInFlight(t *testing.T) {
	slow, started, release := slowRoute()
	s := serveInProcess(t, Config{ModelDir: copyModel(t), DrainDelay: 300 * time.Millisecond, DrainTimeout: 10 * time.Second,
		Routes: map[string]http.Handler{"GET /slow": slow}})

	res, err := fresh.Get(s.url + "/readyz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/readyz before the drain: %v %v", res, err)
	}
	res.Body.Close()

	type answer struct {
		code int
		body string
		err  error
	}
	inflight := make(chan answer, 1)
	go func() {
		res, err := fresh.Get(s.url + "/slow")
		if err != nil {
			inflight <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		inflight <- answer{res.StatusCode, string(b), err}
	}()
	<-started
	s.cancel()

	// At once: /readyz fails, with a Retry-After like every 503.
	res, err = fresh.Get(s.url + "/readyz")
	if err != nil {
		t.Fatalf("/readyz during the drain delay: %v", err)
	}
	var body struct {
		Ready    bool `json:"ready"`
		Draining bool `json:"draining"`
	}
	err = json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusServiceUnavailable || body.Ready || !body.Draining {
		t.Fatalf("/readyz during the drain: %d %+v %v; want 503 draining", res.StatusCode, body, err)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("the 503 of /readyz has no Retry-After")
	}
	if !s.srv.Draining() {
		t.Error("Draining() is false during the drain")
	}
	// /healthz stays fine: the process is alive, only leaving.
	if res, err := fresh.Get(s.url + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/healthz during the drain: %v %v", res, err)
	} else {
		res.Body.Close()
	}

	// After the delay the listener is closed: new connections are refused,
	// while the request in flight is still waiting.
	deadline := time.Now().Add(3 * time.Second)
	for {
		res, err := fresh.Get(s.url + "/healthz")
		if err != nil {
			// A connection accepted by the kernel just as the listener
			// closes is reset (EOF); the next one is refused.
			_, err = fresh.Get(s.url + "/healthz")
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "dial" {
				t.Fatalf("after the drain delay: %v; want the connection refused", err)
			}
			break
		}
		res.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener is still open 3s after the drain started (delay 300ms)")
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case err := <-s.done:
		t.Fatalf("Serve returned (%v) with a request still in flight", err)
	default:
	}

	close(release)
	a := <-inflight
	if a.err != nil || a.code != http.StatusOK || a.body != "finished\n" {
		t.Fatalf("the request in flight: %d %q %v; want 200 finished", a.code, a.body, a.err)
	}
	if err := s.wait(t, 5*time.Second); err != nil {
		t.Fatalf("Serve after a clean drain: %v; want nil", err)
	}
}

// TestDrainTimeoutCuts: a request that outlives the drain timeout is cut,
// and Serve says so.
func TestDrainTimeoutCuts(t *testing.T) {
	slow, started, release := slowRoute()
	defer close(release)
	s := serveInProcess(t, Config{ModelDir: copyModel(t), DrainTimeout: 300 * time.Millisecond,
		Routes: map[string]http.Handler{"GET /slow": slow}})
	cut := make(chan error, 1)
	go func() {
		res, err := fresh.Get(s.url + "/slow")
		if err == nil {
			_, err = io.ReadAll(res.Body)
			res.Body.Close()
		}
		cut <- err
	}()
	<-started
	begin := time.Now()
	s.cancel()
	err := s.wait(t, 5*time.Second)
	if !errors.Is(err, ErrDrainTimeout) {
		t.Fatalf("Serve: %v; want ErrDrainTimeout", err)
	}
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("Serve took %s to give up; the drain timeout is 300ms", took)
	}
	if err := <-cut; err == nil {
		t.Error("the cut request got an answer")
	}
}

// TestDrainKeepsAcknowledgements: people acknowledge as fast as they can
// while the server drains. Every request is answered 201 (and stored), or
// answered 503 with Retry-After, or refused at the closed listener; nothing
// is stored that was not confirmed.
func TestDrainKeepsAcknowledgements(t *testing.T) {
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "demarc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := copyModel(t)
	s := serveInProcess(t, Config{ModelDir: dir, Store: st, Identity: foundationMember,
		DrainDelay: 200 * time.Millisecond, DrainTimeout: 10 * time.Second})
	rules := foundationRules(t, s.url)

	type ack struct {
		id           int64
		rule, person string
	}
	var (
		mu        sync.Mutex
		confirmed = map[ack]bool{}
		refused   int
		wg        sync.WaitGroup
		enough    = make(chan struct{})
		once      sync.Once
	)
	client := &http.Client{Timeout: 10 * time.Second} // keeps connections alive, as browsers do
	const workers, cancelAfter = 4, 60
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ; k++ {
				person, rule := fmt.Sprintf("w%d-%d", w, k), rules[(w+k)%len(rules)]
				req, _ := http.NewRequest(http.MethodPost, s.url+"/api/v1/acknowledgements",
					strings.NewReader(fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Test-Person", person)
				res, err := client.Do(req)
				if err != nil {
					// Refused at the closed listener, or reset from its
					// backlog (EOF): either way never read by the server,
					// which the count of stored ones below checks.
					var op *net.OpError
					if !(errors.As(err, &op) && op.Op == "dial") && !errors.Is(err, io.EOF) {
						t.Errorf("acknowledgement %s cut in flight: %v", person, err)
					}
					mu.Lock()
					refused++
					mu.Unlock()
					return
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				switch {
				case err != nil:
					t.Errorf("acknowledgement %s: reading the answer: %v", person, err)
					return
				case res.StatusCode == http.StatusServiceUnavailable:
					if res.Header.Get("Retry-After") == "" {
						t.Errorf("a 503 without Retry-After: %s", short(b))
					}
					continue
				case res.StatusCode != http.StatusCreated:
					t.Errorf("acknowledgement %s: %d %s", person, res.StatusCode, short(b))
					return
				}
				var v ackView
				if err := json.Unmarshal(b, &v); err != nil {
					t.Errorf("acknowledgement %s: %v in %s", person, err, short(b))
					return
				}
				mu.Lock()
				confirmed[ack{v.ID, v.Rule, v.Person}] = true
				if len(confirmed) >= cancelAfter {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(20 * time.Second):
		t.Log("acknowledgements too slow: draining after 20s")
	}
	s.cancel()
	wg.Wait()
	if err := s.wait(t, 15*time.Second); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	stored, err := st.Acknowledgements(context.Background(), store.Filter{Party: "cloud-foundation"})
	if err != nil {
		t.Fatal(err)
	}
	have := map[ack]bool{}
	for _, a := range stored {
		have[ack{a.ID, a.RuleID, a.Person}] = true
	}
	for a := range confirmed {
		if !have[a] {
			t.Errorf("confirmed acknowledgement lost: %+v", a)
		}
	}
	if len(stored) != len(confirmed) {
		t.Errorf("%d stored, %d confirmed: an acknowledgement was written without its confirmation", len(stored), len(confirmed))
	}
	t.Logf("%d confirmed during the drain test, %d workers refused at the closed listener", len(confirmed), refused)
	if refused != workers {
		t.Errorf("%d of %d workers ended at the closed listener", refused, workers)
	}
}

// foundationRules lists the decisions cloud-foundation holds.
func foundationRules(t *testing.T, url string) []string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/coverage", nil)
	req.Header.Set("X-Test-Person", "reader")
	res, err := fresh.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var cov coverageView
	if err := json.NewDecoder(res.Body).Decode(&cov); err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, p := range cov.Parties {
		if p.Party == "cloud-foundation" {
			for _, r := range p.Rules {
				rules = append(rules, r.Rule)
			}
		}
	}
	if len(rules) == 0 {
		t.Fatal("cloud-foundation holds no decision")
	}
	return rules
}
