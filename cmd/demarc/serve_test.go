package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe runs `demarc serve` on the example with trusted proxy headers
// and a SQLite store, reads the API, acknowledges as a member of a party,
// is refused for a party the person is not a member of, and stops cleanly.
func TestServe(t *testing.T) {
	m, _, stop := serveInProcess(t, "../../examples/enterprise", "--addr", "127.0.0.1:0",
		"--db", filepath.Join(t.TempDir(), "demarc.db"), "--proxy-headers", "--trusted-proxy", "127.0.0.1/32")
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path, email string) int {
		req, _ := http.NewRequest(http.MethodGet, m+path, nil)
		if email != "" {
			req.Header.Set("X-Forwarded-Email", email)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if code := get(p, ""); code != http.StatusOK {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	// Reading needs a person unless --allow-anonymous.
	if code := get("/", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous GET /: %d, want 401", code)
	}
	for _, p := range []string{"/api/v1/status", "/", "/parties/cloud-foundation.html"} {
		if code := get(p, "reader@northwind.example"); code != http.StatusOK {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	ack := func(email, party string) int {
		req, _ := http.NewRequest(http.MethodPost, m+"/api/v1/acknowledgements",
			strings.NewReader(`{"rule":"tenant-decommissioning","party":"`+party+`"}`))
		req.Header.Set("Content-Type", "application/json")
		if email != "" {
			req.Header.Set("X-Forwarded-Email", email)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := ack("priya.raman@northwind.example", "cloud-foundation"); code != http.StatusCreated {
		t.Errorf("member acknowledging: %d, want 201", code)
	}
	if code := ack("someone@else.example", "cloud-foundation"); code != http.StatusForbidden {
		t.Errorf("non-member acknowledging: %d, want 403", code)
	}
	if code := ack("", "cloud-foundation"); code != http.StatusUnauthorized {
		t.Errorf("anonymous acknowledging: %d, want 401", code)
	}
	if code := stop(); code != exitOK {
		t.Errorf("serve exited with %d after being stopped", code)
	}
}

// serveInProcess runs `demarc serve ARGS…` in the test process and returns its
// base URL, the first line it printed, and a function that stops it and
// returns its exit code.
func serveInProcess(t *testing.T, args ...string) (baseURL, firstLine string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, append([]string{"serve"}, args...), strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve printed no address: %v", err)
	}
	baseURL = regexp.MustCompile(`http://[^/]+`).FindString(line)
	if baseURL == "" {
		cancel()
		t.Fatalf("no address in %q", line)
	}
	go io.Copy(io.Discard, out)
	stopped := false
	var code int
	stop = func() int {
		if !stopped {
			stopped = true
			cancel()
			select {
			case code = <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return baseURL, line, stop
}
