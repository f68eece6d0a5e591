//go:build unix

package server

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeHostileFiles: a named pipe among the rules and as the
// configuration, and a link to a secret outside the model, under serve: the
// reloads finish, keep the last good model, and nothing of the secret
// appears in the API.
func TestServeHostileFiles(t *testing.T) {
	f := newFixture(t)
	acc := whoAccountable(t, f)
	secretFile := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(secretFile, []byte("root:x:0:0:SECRET-MARKER-77\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(f.dir, "rules", "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	// The example has a configuration file: the pipe takes its place.
	if err := os.Remove(filepath.Join(f.dir, ".demarc.yaml")); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(f.dir, ".demarc.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secretFile, filepath.Join(f.dir, "rules", "x.yaml")); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- f.srv.Reload() }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrModelErrors) {
			t.Fatalf("want the model's errors, got %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the reload hangs")
	}
	body := string(f.get(t, "/api/v1/diagnostics").body)
	for _, want := range []string{"DM004", "pipe.yaml", ".demarc.yaml", "DM005", "x.yaml"} {
		if !strings.Contains(body, want) {
			t.Errorf("the diagnostics should contain %q", want)
		}
	}
	for _, path := range []string{"/api/v1/diagnostics", "/api/v1/status", "/"} {
		if strings.Contains(string(f.get(t, path).body), "SECRET-MARKER") {
			t.Errorf("%s shows the content of the file outside the model", path)
		}
	}
	if got := whoAccountable(t, f); got.Name != acc.Name {
		t.Errorf("the last good model is served, got %+v", got)
	}
}
