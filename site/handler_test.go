package site_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/site"
)

// TestHandlerServesWhatBuildWrites renders every file of the example site
// through the handler and compares it with what Build wrote.
func TestHandlerServesWhatBuildWrites(t *testing.T) {
	out, b, _ := buildSite(t, "../examples/enterprise")
	srv := httptest.NewServer(site.Handler(b, site.Options{}))
	defer srv.Close()
	n := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		resp, err := http.Get(srv.URL + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
			t.Errorf("%s: status %d, %d bytes served, %d built", rel, resp.StatusCode, len(got), len(want))
		}
		if strings.HasSuffix(rel, ".html") && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: no Content-Security-Policy header", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d files compared", n)
	}
	for path, want := range map[string]int{"/": 200, "/parties/": 200, "/nope.html": 404, "/../../etc/passwd": 404} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Post(srv.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", resp.StatusCode)
	}
}
