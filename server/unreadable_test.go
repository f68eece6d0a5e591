package server

import (
	"os"
	"strings"
	"testing"
)

// TestPagesSayTheModelIsUnreadable: when the model directory disappears,
// serve keeps the last good model and every page says so; once the files
// are back the banner goes.
func TestPagesSayTheModelIsUnreadable(t *testing.T) {
	f := newFixture(t)
	moved := f.dir + ".moved"
	if err := os.Rename(f.dir, moved); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err == nil {
		t.Fatal("a reload of a missing directory succeeded")
	}
	for _, path := range []string{"/", "/parties/cloud-foundation.html"} {
		page := f.get(t, path)
		body := string(page.body)
		if page.code != 200 || !strings.Contains(body, `class="model-banner"`) ||
			!strings.Contains(body, "The model files cannot be read (the model directory is missing or unreadable); showing the last good version from") {
			t.Errorf("%s: %d, no banner saying the files cannot be read", path, page.code)
		}
		if strings.Contains(body, f.dir) {
			t.Errorf("%s names the server's folder", path)
		}
	}
	if acc := whoAccountable(t, f); acc.Party == "" {
		t.Fatal("no answer from the last good model")
	}
	if err := os.Rename(moved, f.dir); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if body := string(f.get(t, "/").body); strings.Contains(body, `class="model-banner"`) {
		t.Error("the banner stays after the files are back")
	}
}
