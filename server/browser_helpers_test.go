package server

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/demarc-dev/demarc/internal/browsertest"
)

// watcher collects what the browser reports: console errors and warnings,
// JavaScript exceptions, error log entries, failed requests, HTTP errors
// and dialogs, and the URLs of the documents it navigated to.
type watcher struct {
	mu       sync.Mutex
	problems []string
	visited  []string
	urls     map[network.RequestID]string
}

func watch(t *testing.T, ctx context.Context) *watcher {
	t.Helper()
	w := &watcher{urls: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.urls[ev.RequestID] = ev.Request.URL
			if ev.Type == network.ResourceTypeDocument {
				w.visited = append(w.visited, ev.Request.URL)
			}
		case *page.EventJavascriptDialogOpening:
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
		if p, u := browsertest.Problem(ev, w.urls); p != "" && !isFavicon(u) {
			w.problems = append(w.problems, p)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// isFavicon reports whether u is the icon a browser asks for on its own.
func isFavicon(u string) bool {
	p, err := url.Parse(u)
	return err == nil && path.Base(p.Path) == "favicon.ico"
}

// take returns and clears the problems and visited documents.
func (w *watcher) take() (problems, visited []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	problems, visited = w.problems, w.visited
	w.problems, w.visited = nil, nil
	return problems, visited
}

// check fails t for every problem the browser reported since the last
// call, naming the step.
func (w *watcher) check(t *testing.T, step string) {
	t.Helper()
	problems, _ := w.take()
	for _, p := range problems {
		t.Errorf("%s: %s", step, p)
	}
}

// screenshotDir is where browser tests write screenshots:
// DEMARC_SCREENSHOTS, else the site package's testdata/screenshots.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DEMARC_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "site", "testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shoot writes a screenshot of the current page, as tall as the page up
// to 3200 pixels, without reloading it.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := func() ([]byte, error) {
		h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			return nil, err
		}
		h = min(max(h, 600), 3200)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, h), chromedp.Sleep(100*time.Millisecond)); err != nil {
			return nil, err
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err2 := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err == nil {
			err = err2
		}
		return png, err
	}()
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", p)
}

// waitFor evaluates the JavaScript expression cond until it is true or
// the timeout passes; errors while a navigation replaces the page count
// as false.
func waitFor(ctx context.Context, cond string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("%s is still false", cond)
			}
			return fmt.Errorf("after %v: %w", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
