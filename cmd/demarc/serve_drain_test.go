package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// drainChild is `demarc serve` as a child process, with its standard error.
type drainChild struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	exited chan error
}

func startDrainChild(t *testing.T, args ...string) *drainChild {
	t.Helper()
	bin, err := exec.LookPath("demarc")
	if err != nil || !strings.Contains(bin, "testscript-main") {
		t.Fatalf("the demarc command set up by TestMain is not on $PATH (found %q, %v)", bin, err)
	}
	c := &drainChild{stderr: &bytes.Buffer{}, exited: make(chan error, 1)}
	c.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	c.cmd.Env = append(os.Environ(), "NO_COLOR=1")
	c.cmd.Stderr = c.stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.cmd.Process.Kill() })
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		io.Copy(io.Discard, r)
		c.exited <- c.cmd.Wait()
	}()
	select {
	case line := <-lines:
		c.url = regexp.MustCompile(`http://[^/\s]+`).FindString(line)
	case <-time.After(30 * time.Second):
		t.Fatal("demarc serve printed no address within 30s")
	}
	if c.url == "" {
		t.Fatalf("demarc serve printed no address; stderr: %s", c.stderr)
	}
	return c
}

// exitCode waits up to limit for the child to exit and returns its status.
func (c *drainChild) exitCode(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case err := <-c.exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		t.Fatalf("demarc serve still running %s after the signal", limit)
		return -1
	}
}

// heldAcknowledgement sends the headers and half the body of an
// acknowledgement on a raw connection, so that the request is in flight
// (its handler reading the body) until finish is called.
type heldAcknowledgement struct {
	conn net.Conn
	rest string
}

func holdAcknowledgement(t *testing.T, url, rule string) *heldAcknowledgement {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	body := fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule)
	half := len(body) / 2
	fmt.Fprintf(conn, "POST /api/v1/acknowledgements HTTP/1.1\r\nHost: demarc\r\nContent-Type: application/json\r\n"+
		"X-Forwarded-Email: held@acktest.example\r\nX-Forwarded-Groups: acktest\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:half])
	time.Sleep(200 * time.Millisecond) // the server reads the headers and enters the handler
	return &heldAcknowledgement{conn: conn, rest: body[half:]}
}

func (h *heldAcknowledgement) finish(t *testing.T) *http.Response {
	t.Helper()
	if _, err := io.WriteString(h.conn, h.rest); err != nil {
		t.Fatalf("finishing the held request: %v", err)
	}
	_ = h.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(h.conn), nil)
	if err != nil {
		t.Fatalf("the held request got no answer: %v", err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// TestServeDrainsOnSIGTERM: `demarc serve` as a child process gets SIGTERM
// with an acknowledgement in flight: /readyz fails at once, the
// acknowledgement is confirmed, and the process exits 0.
func TestServeDrainsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := ackTestModel(t)
	db := filepath.Join(t.TempDir(), "demarc.db")
	c := startDrainChild(t, dir, "--db", db, "--proxy-headers", "--trusted-proxy", "127.0.0.1/32",
		"--drain-delay", "1s", "--drain-timeout", "10s")
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	rules := foundationRules(t, client, c.url)

	held := holdAcknowledgement(t, c.url, rules[0])
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	failed := false
	for deadline := time.Now().Add(900 * time.Millisecond); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := client.Get(c.url + "/readyz")
		if err != nil {
			t.Fatalf("/readyz within the drain delay: %v", err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			failed = true
			break
		}
	}
	if !failed {
		t.Fatal("/readyz still answers 200 900ms after SIGTERM")
	}
	res := held.finish(t)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("the acknowledgement in flight at SIGTERM: %d; want 201", res.StatusCode)
	}
	if !res.Close {
		t.Error("an answer during the drain does not say Connection: close")
	}
	if code := c.exitCode(t, 10*time.Second); code != 0 {
		t.Fatalf("exit status %d after a clean drain; want 0; stderr:\n%s", code, c.stderr)
	}
	if !strings.Contains(c.stderr.String(), "draining") {
		t.Errorf("nothing on standard error says it drains:\n%s", c.stderr)
	}

	// The confirmed acknowledgement is in the store.
	c2 := startDrainChild(t, dir, "--db", db, "--proxy-headers", "--trusted-proxy", "127.0.0.1/32")
	req, _ := http.NewRequest(http.MethodGet, c2.url+"/api/v1/acknowledgements?party=cloud-foundation", nil)
	req.Header.Set("X-Forwarded-Email", "auditor@acktest.example")
	got, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if !bytes.Contains(b, []byte(`"person":"held@acktest.example"`)) {
		t.Errorf("the acknowledgement confirmed during the drain is not stored: %s", b)
	}
	_ = c2.cmd.Process.Signal(syscall.SIGTERM)
	if code := c2.exitCode(t, 30*time.Second); code != 0 {
		t.Errorf("idle server: exit status %d after SIGTERM; want 0", code)
	}
}

// TestServeSecondSignalStops: a second SIGTERM ends the drain at once, even
// with a request in flight and a long drain timeout.
func TestServeSecondSignalStops(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := ackTestModel(t)
	c := startDrainChild(t, dir, "--db", filepath.Join(t.TempDir(), "demarc.db"), "--proxy-headers", "--trusted-proxy", "127.0.0.1/32",
		"--drain-timeout", "60s")
	client := &http.Client{Timeout: 5 * time.Second}
	rules := foundationRules(t, client, c.url)
	_ = holdAcknowledgement(t, c.url, rules[0])
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-c.exited:
		t.Fatalf("exited (%v) at the first signal with a request in flight; stderr:\n%s", err, c.stderr)
	default:
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := c.exitCode(t, 3*time.Second); code != 1 {
		t.Errorf("exit status %d after the second signal; want 1", code)
	}
	if !strings.Contains(c.stderr.String(), "second signal") {
		t.Errorf("standard error does not say why it stopped:\n%s", c.stderr)
	}
}

// TestServeDrainFlags: the flags are documented, and nonsense is refused
// before anything starts.
func TestServeDrainFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"serve", "--help"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("serve --help: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"--drain-timeout", "--drain-delay", "/readyz fails at once"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve --help does not mention %q", want)
		}
	}
	out.Reset()
	errb.Reset()
	code := run([]string{"serve", "--example", "--no-db", "--drain-timeout", "1s", "--drain-delay", "2s"}, strings.NewReader(""), &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "--drain-delay") {
		t.Errorf("a drain delay longer than the timeout: exit %d, %q; want a refusal naming --drain-delay", code, errb.String())
	}
}
