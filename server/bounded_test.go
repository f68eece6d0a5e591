package server

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/site"
)

type failedStatus struct {
	ModelOK    bool       `json:"model_ok"`
	LoadedAt   time.Time  `json:"loaded_at"`
	LastGoodAt *time.Time `json:"last_good_at"`
	Error      string     `json:"error"`
}

// hangingBuild replaces the build with one that blocks until released, as
// a read on a hung network file system does.
func hangingBuild(t *testing.T) (release func()) {
	t.Helper()
	gate := make(chan struct{})
	orig, origTimeout := buildFunc, reloadTimeout
	buildFunc = func(dir string, now time.Time, opts site.Options) *state {
		<-gate
		return orig(dir, now, opts)
	}
	reloadTimeout = 100 * time.Millisecond
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(func() { release(); buildFunc, reloadTimeout = orig, origTimeout })
	return release
}

// TestReloadThatHangs: a load that never returns does not wedge the server:
// the reload gives up, the last good model is served, the status says what
// happened, and once the load returns the next reload works again.
func TestReloadThatHangs(t *testing.T) {
	f := newFixture(t)
	acc := whoAccountable(t, f)
	editParty(t, f.dir, acc.Name, "Edited Team")
	release := hangingBuild(t)

	start := time.Now()
	err := f.srv.Reload()
	if err == nil || !strings.Contains(err.Error(), "did not finish within") {
		t.Fatalf("a hanging load should time out, got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the reload waited %v", d)
	}
	st := decode[failedStatus](t, f.get(t, "/api/v1/status"), 200)
	if st.ModelOK || !strings.Contains(st.Error, "did not finish") || st.LastGoodAt == nil {
		t.Errorf("the status should say the load timed out and since when the last good model is served: %+v", st)
	}
	if got := whoAccountable(t, f); got.Name != acc.Name {
		t.Errorf("the last good model is served, got %+v", got)
	}
	// While the abandoned load runs, no second one is started.
	if err := f.srv.Reload(); err == nil || !strings.Contains(err.Error(), "has not finished") {
		t.Errorf("a reload while the abandoned load runs: %v", err)
	}

	release()
	reloadTimeout = time.Minute // a real load under the race detector takes longer than the test's bound
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := f.srv.Reload()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reload never recovered: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := whoAccountable(t, f); got.Name != "Edited Team" {
		t.Errorf("after recovering the edited model is served, got %+v", got)
	}
}

// TestReloadOfFilesChangingWhileRead: the files change during the load (a
// git checkout); the result is not served, the load is repeated, and what is
// served is the state the files settled in.
func TestReloadOfFilesChangingWhileRead(t *testing.T) {
	f := newFixture(t)
	acc := whoAccountable(t, f)
	orig := buildFunc
	t.Cleanup(func() { buildFunc = orig })
	calls := 0
	buildFunc = func(dir string, now time.Time, opts site.Options) *state {
		calls++
		st := orig(dir, now, opts)
		if calls == 1 { // the checkout lands while the first load runs
			editParty(t, dir, acc.Name, "Checked Out Team")
			future := time.Now().Add(time.Hour)
			files, _ := filepath.Glob(filepath.Join(dir, "parties", "*.yaml"))
			for _, p := range files {
				os.Chtimes(p, future, future)
			}
		}
		return st
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("want the load repeated once, got %d loads", calls)
	}
	if got := whoAccountable(t, f); got.Name != "Checked Out Team" {
		t.Errorf("the settled files are served, got %+v", got)
	}
}

// TestServeRemovedModelDirectory: the model directory disappears under a
// running server; the last good model stays and the status says so.
func TestServeRemovedModelDirectory(t *testing.T) {
	f := newFixture(t)
	acc := whoAccountable(t, f)
	if err := os.RemoveAll(f.dir); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err == nil {
		t.Fatal("a reload of a removed directory should fail")
	}
	st := decode[failedStatus](t, f.get(t, "/api/v1/status"), 200)
	if st.ModelOK || st.Error == "" || st.LastGoodAt == nil {
		t.Errorf("the status should say what is wrong and since when: %+v", st)
	}
	if got := whoAccountable(t, f); got.Name != acc.Name {
		t.Errorf("the last good model is served, got %+v", got)
	}
}
