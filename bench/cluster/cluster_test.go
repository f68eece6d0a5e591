package cluster

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/store/storetest"
)

var full = flag.Bool("cluster.full", false, "run every phase at full length and print the figures (bench/cluster.sh)")

// timings are how long each phase runs under load.
type timings struct {
	steady, settle, killDown, afterChange, dbDown time.Duration
}

func phaseTimings() timings {
	if *full {
		return timings{steady: 20 * time.Second, settle: 3 * time.Second, killDown: 3 * time.Second, afterChange: 5 * time.Second, dbDown: 5 * time.Second}
	}
	return timings{steady: 1500 * time.Millisecond, settle: time.Second, killDown: 500 * time.Millisecond, afterChange: 500 * time.Millisecond, dbDown: time.Second}
}

const readers, writers = 4, 3

// TestCluster: three replicas behind nginx on one PostgreSQL, under load,
// through a rolling restart, a SIGKILL, a model change and a database
// restart. What an operator is promised is asserted; the figures of each
// phase are logged (go test -v, or bench/cluster.sh).
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL-backed replicas and nginx")
	}
	began := time.Now()
	nginxBin(t) // fail early and loudly without nginx
	stopDB, startDB := storetest.Restarter(t)
	t.Logf("%.1fs: the PostgreSQL server is ours", time.Since(began).Seconds())
	dsn := storetest.PostgresDSN(t)
	bin, err := buildDemarc()
	if err != nil {
		t.Fatal(err)
	}
	tm := phaseTimings()

	// The model as git-sync publishes it: a link swapped atomically from
	// one checkout to the next.
	root := t.TempDir()
	oldDir, newDir := filepath.Join(root, "rev-1"), filepath.Join(root, "rev-2")
	clusterModel(t, oldDir)
	clusterModel(t, newDir)
	renameParty(t, newDir)
	link := filepath.Join(root, "current")
	if err := os.Symlink("rev-1", link); err != nil {
		t.Fatal(err)
	}

	key := make([]byte, 32)
	_, _ = rand.Read(key)
	var reps []*replica
	for i := range 3 {
		reps = append(reps, &replica{
			name: fmt.Sprintf("replica-%d", i+1), bin: bin, port: freePort(t), log: &bytes.Buffer{},
			args: []string{"serve", link, "--db", dsn, "--proxy-headers", "--trusted-proxy", "127.0.0.1/32",
				"--drain-delay", "300ms", "--drain-timeout", "10s"},
			env: []string{"DEMARC_SESSION_KEY=" + base64.StdEncoding.EncodeToString(key), "NO_COLOR=1"},
		})
	}
	for _, r := range reps {
		r.start(t)
		t.Cleanup(func() { r.stop(t, syscall.SIGKILL, 10*time.Second) })
	}
	lb := startNginx(t, reps)
	t.Logf("%.1fs: 3 replicas and nginx started", time.Since(began).Seconds())
	oldVersion := agreedVersion(t, reps)

	signInAcrossReplicas(t, reps)

	l := newLoad(lb, foundationRules(t, lb))
	l.begin("steady")
	l.run(readers, writers)
	var phases []*phaseStats
	report := func() {
		t.Helper()
		for _, p := range phases {
			t.Log(p)
			for _, n := range p.failNotes {
				t.Logf("    %s", n)
			}
		}
	}
	defer report()
	defer l.halt()

	time.Sleep(tm.steady)
	steady := l.end()
	phases = append(phases, steady)
	noFailures(t, steady, false)

	// A rolling restart: each replica in turn drains, exits 0, and starts
	// again; nginx has the others meanwhile.
	l.begin("rolling restart")
	for _, r := range reps {
		t0 := time.Now()
		if code := r.stop(t, syscall.SIGTERM, 15*time.Second); code != 0 {
			t.Errorf("%s exited %d after SIGTERM; want 0\n%s", r.name, code, r.log)
		}
		t1 := time.Now()
		r.start(t)
		t.Logf("%s: drained and exited in %.2fs, ready again in %.2fs", r.name, t1.Sub(t0).Seconds(), time.Since(t1).Seconds())
		time.Sleep(tm.settle) // back in nginx's rotation before the next goes
	}
	rolling := l.end()
	phases = append(phases, rolling)
	noFailures(t, rolling, false)

	// SIGKILL: only what was in flight on the killed replica may fail; it
	// is started again, as a supervisor would, and rejoins.
	victim := reps[1]
	l.begin("SIGKILL")
	victim.stop(t, syscall.SIGKILL, 5*time.Second)
	time.Sleep(tm.killDown)
	l.mu.Lock()
	l.watch, l.seen = true, nil
	l.mu.Unlock()
	restarted := time.Now()
	victim.start(t)
	rejoin := waitServed(t, l, victim, restarted, 15*time.Second)
	time.Sleep(tm.settle)
	killed := l.end()
	phases = append(phases, killed)
	if killed.readFails+killed.ackFails > readers+writers {
		t.Errorf("SIGKILL: %d reads and %d acknowledgements failed; at most the %d in flight on the killed replica may", killed.readFails, killed.ackFails, readers+writers)
	}
	if killed.refused > 0 {
		t.Errorf("SIGKILL: %d acknowledgements refused with 503", killed.refused)
	}

	// A model change: the link moves to the next checkout; every replica
	// reloads within a bound, no request fails, and no replica answers with
	// the old model once it has answered with the new one.
	l.mu.Lock()
	l.seen = nil
	l.mu.Unlock()
	l.begin("model change")
	tmp := filepath.Join(root, "next")
	if err := os.Symlink("rev-2", tmp); err != nil {
		t.Fatal(err)
	}
	changed := time.Now()
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	converged, newVersion := waitConverged(t, reps, oldVersion, 30*time.Second)
	time.Sleep(tm.afterChange)
	change := l.end()
	phases = append(phases, change)
	noFailures(t, change, false)
	checkNoFlipBack(t, l, oldVersion, newVersion)

	// PostgreSQL restarted under load: reads go on from memory, writes
	// are refused with 503 and Retry-After, and everything recovers.
	l.begin("PostgreSQL down")
	t.Logf("%.1fs: stopping PostgreSQL", time.Since(began).Seconds())
	stopDB()
	dbStopped := time.Now()
	time.Sleep(tm.dbDown)
	startDB()
	dbStarted := time.Now()
	recovered := waitAckOK(t, lb, foundationRules(t, lb)[0], 30*time.Second)
	time.Sleep(tm.settle)
	db := l.end()
	phases = append(phases, db)
	noFailures(t, db, true)
	if db.refused == 0 {
		t.Error("PostgreSQL down: no acknowledgement was refused; was the database stopped?")
	}

	l.halt()
	lost := lostAcks(t, reps[0], l.confirmed)
	t.Logf("replicas: 3 behind nginx; load: %d readers, %d writers", readers, writers)
	t.Logf("killed replica rejoined (served through nginx) %.2fs after its restart", rejoin.Seconds())
	t.Logf("model change %s -> %s: every replica served it %.2fs after the link moved", oldVersion, newVersion, converged.Sub(changed).Seconds())
	t.Logf("PostgreSQL: stopped for %.2fs; acknowledgements confirmed again %.2fs after its start", dbStarted.Sub(dbStopped).Seconds(), recovered.Sub(dbStarted).Seconds())
	t.Logf("acknowledgements confirmed: %d, lost: %d", len(l.confirmed), lost)
	if lost > 0 {
		t.Errorf("%d confirmed acknowledgements are not in the database", lost)
	}
}

// noFailures fails the test for failed reads or acknowledgements, and for
// refused ones unless refusals are expected.
func noFailures(t *testing.T, p *phaseStats, refusalsExpected bool) {
	t.Helper()
	if p.reads == 0 || p.acksSent == 0 {
		t.Errorf("%s: no load (%d reads, %d acknowledgements)", p.name, p.reads, p.acksSent)
	}
	if p.readFails > 0 || p.ackFails > 0 {
		t.Errorf("%s: %d reads and %d acknowledgements failed: %v", p.name, p.readFails, p.ackFails, p.failNotes)
	}
	if !refusalsExpected && p.refused > 0 {
		t.Errorf("%s: %d acknowledgements refused with 503", p.name, p.refused)
	}
}

// clusterModel copies the example into dir and lets the group "cluster"
// act for cloud-foundation.
func clusterModel(t *testing.T, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS("../../examples/enterprise")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "parties", "central-teams.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const member = "      - group:gg-cloud-foundation\n"
	if !bytes.Contains(b, []byte(member)) {
		t.Fatalf("%s no longer lists %q", p, strings.TrimSpace(member))
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(member), []byte(member+"      - group:cluster\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renameParty changes the model in dir, as a commit would.
func renameParty(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "parties", "central-teams.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const name = "    name: Cloud Foundation\n"
	if !bytes.Contains(b, []byte(name)) {
		t.Fatalf("%s has no %q", p, strings.TrimSpace(name))
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(name), []byte("    name: Cloud Foundation Team\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func modelVersion(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url + "/healthz")
	if err != nil {
		return ""
	}
	res.Body.Close()
	return res.Header.Get("Demarc-Model-Version")
}

func agreedVersion(t *testing.T, reps []*replica) string {
	t.Helper()
	v := modelVersion(t, reps[0].url())
	for _, r := range reps[1:] {
		if got := modelVersion(t, r.url()); got != v || v == "" {
			t.Fatalf("replicas serve different models at the start: %s %q, %s %q", reps[0].name, v, r.name, got)
		}
	}
	return v
}

// waitConverged polls every replica until none serves old, and returns
// when that was and the new version.
func waitConverged(t *testing.T, reps []*replica, old string, limit time.Duration) (time.Time, string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		seen := map[string]bool{}
		for _, r := range reps {
			seen[modelVersion(t, r.url())] = true
		}
		if len(seen) == 1 && !seen[old] && !seen[""] {
			for v := range seen {
				return time.Now(), v
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the replicas did not all serve the new model within %s", limit)
	return time.Time{}, ""
}

// checkNoFlipBack: once a replica answered with the new model, a request
// sent to it after that answer never gets the old one. (Requests in flight
// side by side may finish in any order.)
func checkNoFlipBack(t *testing.T, l *load, old, new string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	firstNew := map[string]time.Time{} // per replica, when its first answer with the new model was read
	for _, s := range l.seen {
		switch s.version {
		case new:
			if f, ok := firstNew[s.upstream]; !ok || s.at.Before(f) {
				firstNew[s.upstream] = s.at
			}
		case old:
		default:
			t.Errorf("%s answered with model version %q, neither %s nor %s", s.upstream, s.version, old, new)
			return
		}
	}
	for _, s := range l.seen {
		if f, ok := firstNew[s.upstream]; ok && s.version == old && s.sent.After(f) {
			t.Errorf("%s answered with the old model a request sent %s after it had answered with the new one", s.upstream, s.sent.Sub(f))
			return
		}
	}
	if len(firstNew) != 3 {
		t.Errorf("only %d replicas were seen serving the new model through nginx", len(firstNew))
	}
}

// waitServed returns how long after since nginx first had r answer.
func waitServed(t *testing.T, l *load, r *replica, since time.Time, limit time.Duration) time.Duration {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", r.port)
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		for _, s := range l.seen {
			if s.upstream == addr && s.at.After(since) {
				l.mu.Unlock()
				return s.at.Sub(since)
			}
		}
		l.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s was not served through nginx within %s of its restart", r.name, limit)
	return 0
}

// waitAckOK posts acknowledgements until one is confirmed.
func waitAckOK(t *testing.T, lb, rule string, limit time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(limit)
	for i := 0; time.Now().Before(deadline); i++ {
		req, _ := http.NewRequest(http.MethodPost, lb+"/api/v1/acknowledgements", strings.NewReader(fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-Email", fmt.Sprintf("probe-%d@cluster.example", i))
		req.Header.Set("X-Forwarded-Groups", "cluster")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusCreated {
				return time.Now()
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("acknowledgements not confirmed again within %s of the database restart", limit)
	return time.Time{}
}

// foundationRules lists the decisions cloud-foundation holds.
func foundationRules(t *testing.T, base string) []string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/coverage", nil)
	req.Header.Set("X-Forwarded-Email", "reader@cluster.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var cov struct {
		Parties []struct {
			Party string `json:"party"`
			Rules []struct {
				Rule string `json:"rule"`
			} `json:"rules"`
		} `json:"parties"`
	}
	if err := json.NewDecoder(res.Body).Decode(&cov); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/coverage: %d %v", res.StatusCode, err)
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

// lostAcks counts the confirmed acknowledgements the database lacks.
func lostAcks(t *testing.T, r *replica, confirmed []ack) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, r.url()+"/api/v1/acknowledgements?party=cloud-foundation", nil)
	req.Header.Set("X-Forwarded-Email", "auditor@cluster.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var stored []ack
	if err := json.NewDecoder(res.Body).Decode(&stored); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/acknowledgements: %d %v", res.StatusCode, err)
	}
	have := map[ack]bool{}
	for _, a := range stored {
		have[a] = true
	}
	lost := 0
	for _, a := range confirmed {
		if !have[a] {
			lost++
			if lost <= 5 {
				t.Errorf("confirmed acknowledgement lost: %+v", a)
			}
		}
	}
	return lost
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signInAcrossReplicas: the form a person gets from one replica is
// accepted by another (the session key is shared), and a forged token is
// not.
func signInAcrossReplicas(t *testing.T, reps []*replica) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, reps[0].url()+"/my", nil)
	req.Header.Set("X-Forwarded-Email", "form@cluster.example")
	req.Header.Set("X-Forwarded-Groups", "cluster")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET /my on %s: %d, no acknowledge form with a token", reps[0].name, res.StatusCode)
	}
	rule := regexp.MustCompile(`name="rule" value="([^"]+)"`).FindSubmatch(page)
	if rule == nil {
		t.Fatalf("/my on %s offers nothing to acknowledge", reps[0].name)
	}
	post := func(token string) int {
		form := url.Values{"csrf_token": {token}, "party": {"cloud-foundation"}, "rule": {string(rule[1])}}
		req, _ := http.NewRequest(http.MethodPost, reps[2].url()+"/my/acknowledge", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Email", "form@cluster.example")
		req.Header.Set("X-Forwarded-Groups", "cluster")
		for _, c := range res.Cookies() {
			req.AddCookie(c)
		}
		r2, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r2.Body.Close()
		return r2.StatusCode
	}
	if code := post("forged" + string(m[1])[6:]); code != http.StatusForbidden {
		t.Errorf("a forged form token posted to %s: %d; want 403", reps[2].name, code)
	}
	if code := post(string(m[1])); code != http.StatusSeeOther {
		t.Errorf("the form of %s posted to %s: %d; want 303 (the session key is shared)", reps[0].name, reps[2].name, code)
	}
}
