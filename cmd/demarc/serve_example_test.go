package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeExample runs `demarc serve --example` without a database or
// sign-in: the bundled example is extracted from the binary and answers
// anonymous readers.
func TestServeExample(t *testing.T) {
	m, line, stop := serveInProcess(t, "--example", "--addr", "127.0.0.1:0", "--no-db")
	if !strings.Contains(line, "bundled example") {
		t.Errorf("first line %q does not name the bundled example", line)
	}
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
	if code := stop(); code != exitOK {
		t.Errorf("serve exited with %d after being stopped", code)
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
