package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestServeKillKeepsConfirmedAcknowledgements: `demarc serve` runs as a
// child process on a SQLite database; several clients acknowledge as fast as
// they can, the child is killed with SIGKILL in the middle of the burst and
// started again on the same database, and every acknowledgement it
// answered 201 for is there.
func TestServeKillKeepsConfirmedAcknowledgements(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	// testscript.Main (TestMain) put the test binary on $PATH as "demarc":
	// run as that name it is the real command.
	bin, err := exec.LookPath("demarc")
	if err != nil || !strings.Contains(bin, "testscript-main") {
		t.Fatalf("the demarc command set up by TestMain is not on $PATH (found %q, %v)", bin, err)
	}
	dir := ackTestModel(t)
	db := filepath.Join(t.TempDir(), "demarc.db")

	url, child := startServe(t, bin, dir, db)
	client := &http.Client{Timeout: 5 * time.Second}
	rules := foundationRules(t, client, url)

	type ack struct {
		rule, person string
		id           int64
	}
	var (
		mu        sync.Mutex
		confirmed []ack
		sent      atomic.Int64
		wg        sync.WaitGroup
		killAt    = make(chan struct{})
		once      sync.Once
	)
	const workers, killAfter = 8, 200
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ; k++ {
				person := fmt.Sprintf("p%d-%d@acktest.example", w, k)
				rule := rules[(w+k)%len(rules)]
				sent.Add(1)
				req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/acknowledgements",
					strings.NewReader(fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-Email", person)
				req.Header.Set("X-Forwarded-Groups", "acktest")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusCreated {
					if err == nil && resp.StatusCode != http.StatusCreated {
						t.Errorf("acknowledgement answered %d: %s", resp.StatusCode, body)
					}
					return
				}
				var v struct {
					ID     int64  `json:"id"`
					Rule   string `json:"rule"`
					Person string `json:"person"`
				}
				if err := json.Unmarshal(body, &v); err != nil || v.Rule != rule || v.Person != person {
					t.Errorf("201 with an unexpected body %s (%v)", body, err)
					return
				}
				mu.Lock()
				confirmed = append(confirmed, ack{rule, person, v.ID})
				n := len(confirmed)
				mu.Unlock()
				if n >= killAfter {
					once.Do(func() { close(killAt) })
				}
			}
		}()
	}
	select {
	case <-killAt:
	case <-time.After(20 * time.Second):
		t.Log("burst too slow: killing after 20s")
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	_ = child.Wait()
	if len(confirmed) < killAfter {
		t.Fatalf("only %d acknowledgements confirmed before the kill; want at least %d", len(confirmed), killAfter)
	}

	url2, child2 := startServe(t, bin, dir, db)
	defer func() {
		child2.Process.Signal(syscall.SIGTERM)
		child2.Wait()
	}()
	req, _ := http.NewRequest(http.MethodGet, url2+"/api/v1/acknowledgements?party=cloud-foundation", nil)
	req.Header.Set("X-Forwarded-Email", "auditor@acktest.example")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stored []struct {
		ID     int64  `json:"id"`
		Rule   string `json:"rule"`
		Person string `json:"person"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&stored); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/acknowledgements after the restart: %d %v", resp.StatusCode, err)
	}
	have := map[ack]bool{}
	for _, s := range stored {
		have[ack{s.Rule, s.Person, s.ID}] = true
	}
	lost := 0
	for _, a := range confirmed {
		if !have[a] {
			lost++
			if lost <= 10 {
				t.Errorf("confirmed acknowledgement lost: %+v", a)
			}
		}
	}
	t.Logf("%d requests sent, %d confirmed before SIGKILL, %d stored after the restart, %d confirmed ones lost",
		sent.Load(), len(confirmed), len(stored), lost)
	if len(stored) < len(confirmed) {
		t.Errorf("%d stored < %d confirmed", len(stored), len(confirmed))
	}
}

// ackTestModel copies the example and lets the group "acktest" act for
// cloud-foundation, so that a burst can come from many distinct people.
func ackTestModel(t *testing.T) string {
	t.Helper()
	src := "../../examples/enterprise"
	dst := filepath.Join(t.TempDir(), "model")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dst, "parties", "central-teams.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const member = "      - group:gg-cloud-foundation\n"
	if !bytes.Contains(b, []byte(member)) {
		t.Fatalf("%s no longer lists %q", p, strings.TrimSpace(member))
	}
	b = bytes.Replace(b, []byte(member), []byte(member+"      - group:acktest\n"), 1)
	if err := os.WriteFile(p, b, fs.FileMode(0o644)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// startServe starts `demarc serve` as a child process and returns its URL.
func startServe(t *testing.T, bin, dir, db string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "serve", dir, "--addr", "127.0.0.1:0", "--db", db,
		"--proxy-headers", "--trusted-proxy", "127.0.0.1/32")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		io.Copy(io.Discard, r)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatal("demarc serve printed no address within 30s")
	}
	url := regexp.MustCompile(`http://[^/\s]+`).FindString(line)
	if url == "" {
		t.Fatalf("no address in %q", line)
	}
	return url, cmd
}

// foundationRules lists the decisions cloud-foundation holds.
func foundationRules(t *testing.T, client *http.Client, url string) []string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/coverage", nil)
	req.Header.Set("X-Forwarded-Email", "auditor@acktest.example")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cov struct {
		Parties []struct {
			Party string `json:"party"`
			Rules []struct {
				Rule string `json:"rule"`
			} `json:"rules"`
		} `json:"parties"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cov); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/coverage: %d %v", resp.StatusCode, err)
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
