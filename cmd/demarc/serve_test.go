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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, []string{"serve", "../../examples/enterprise", "--addr", "127.0.0.1:0",
			"--db", filepath.Join(t.TempDir(), "demarc.db"), "--proxy-headers", "--trusted-proxy", "127.0.0.1/32"},
			strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v", err)
	}
	m := regexp.MustCompile(`http://[^/]+`).FindString(line)
	if m == "" {
		t.Fatalf("no address in %q", line)
	}
	go io.Copy(io.Discard, out)
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
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited with %d after being stopped", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
