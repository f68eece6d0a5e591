// Package browsertest starts Debian's Chromium, headless, for the browser
// tests of the site and the server, with the flags that keep it off the
// network and a fresh profile per test.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser to test with. Without one the test fails,
// unless DEMARC_SKIP_BROWSER=1 says to skip it; DEMARC_CHROMIUM names
// another browser.
func Chromium(t testing.TB) string {
	t.Helper()
	if os.Getenv("DEMARC_SKIP_BROWSER") == "1" {
		t.Skip("DEMARC_SKIP_BROWSER=1: browser tests skipped")
	}
	candidates := []string{os.Getenv("DEMARC_CHROMIUM"), "/usr/bin/chromium"}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	t.Fatal("no Chromium found: install it (apt-get install chromium), set DEMARC_CHROMIUM to its path, or set DEMARC_SKIP_BROWSER=1 to skip the browser tests")
	return ""
}

// Start starts a headless Chromium with a fresh profile and returns a
// context with a tab, closed when the test ends. A start that fails is
// tried once more: the launcher now and then gives up before the browser
// is listening.
func Start(t testing.TB, exe string) context.Context {
	t.Helper()
	var err error
	for range 2 {
		var ctx context.Context
		if ctx, err = start(t, exe); err == nil {
			return ctx
		}
		t.Logf("starting %s: %v", exe, err)
	}
	t.Fatalf("starting %s: %v", exe, err)
	return nil
}

func start(t testing.TB, exe string) (context.Context, error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, err
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx, nil
}
