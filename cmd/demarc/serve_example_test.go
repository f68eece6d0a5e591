package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeExample runs `demarc serve --example` without a database or
// sign-in: the bundled example is extracted from the binary and answers
// anonymous readers.
func TestServeExample(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, []string{"serve", "--example", "--addr", "127.0.0.1:0", "--no-db"},
			strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v", err)
	}
	if !strings.Contains(line, "bundled example") {
		t.Errorf("first line %q does not name the bundled example", line)
	}
	m := regexp.MustCompile(`http://[^/]+`).FindString(line)
	if m == "" {
		t.Fatalf("no address in %q", line)
	}
	go io.Copy(io.Discard, out)
	client := &http.Client{Timeout: 10 * time.Second}

	resp, err := client.Get(m + "/api/v1/who?activity=decommission-tenant&tenant=563956996473")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/who: %d %s", resp.StatusCode, body)
	}
	if !json.Valid(body) || !strings.Contains(string(body), "decommission-tenant") {
		t.Errorf("who answer does not name the activity: %s", body)
	}
	for _, p := range []string{"/", "/readyz"} {
		resp, err := client.Get(m + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("anonymous GET %s: %d", p, resp.StatusCode)
		}
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

// TestServeNoModelHere refuses to serve a folder without model files and
// points at --example.
func TestServeNoModelHere(t *testing.T) {
	t.Chdir(t.TempDir())
	var errs strings.Builder
	code := runContext(context.Background(), []string{"serve", "--no-db", "--addr", "127.0.0.1:0"},
		strings.NewReader(""), io.Discard, &errs)
	if code == exitOK {
		t.Fatalf("serve in an empty folder succeeded")
	}
	if !strings.Contains(errs.String(), "--example") {
		t.Errorf("error does not suggest --example: %s", errs.String())
	}
}
