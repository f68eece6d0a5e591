package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// recorder collects what the browser reports about a page: console
// errors, exceptions, log entries, requests and failed requests, dialogs.
type recorder struct {
	mu       sync.Mutex
	problems []string
	requests []string
	urls     map[network.RequestID]string
	dialogs  int
}

func record(t *testing.T, ctx context.Context) *recorder {
	t.Helper()
	r := &recorder{urls: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r.requests = append(r.requests, ev.Request.URL)
			r.urls[ev.RequestID] = ev.Request.URL
		case *page.EventJavascriptDialogOpening:
			r.dialogs++
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
		if p, _ := browsertest.Problem(ev, r.urls); p != "" {
			r.problems = append(r.problems, p)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// take returns and clears what was recorded.
func (r *recorder) take() (problems, requests []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	problems, requests = r.problems, r.requests
	r.problems, r.requests = nil, nil
	return problems, requests
}

// pageInfo is what a page reports about itself after loading.
type pageInfo struct {
	Title   string      `json:"title"`
	H1      string      `json:"h1"`
	Links   []string    `json:"links"`
	Charts  []chartInfo `json:"charts"`
	Pwned   bool        `json:"pwned"`
	Inline  int         `json:"inline"`  // inline scripts and event handler attributes
	Images  int         `json:"images"`  // <img> elements
	JSReady bool        `json:"jsReady"` // the site script ran
	// Contrast lists text below WCAG AA contrast.
	Contrast []string `json:"contrast"`
}

type chartInfo struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Text   int     `json:"text"`
}

const inspect = `(() => {
  let inline = document.querySelectorAll('script:not([src])').length;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) { if (a.name.toLowerCase().startsWith('on')) inline++; }
  }
  return {
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent || '',
    links: Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'), e => e.href || e.src),
    charts: Array.from(document.querySelectorAll('figure.chart svg'), s => {
      const r = s.getBoundingClientRect();
      return {width: r.width, height: r.height, text: s.textContent.trim().length};
    }),
    pwned: window.__pwned !== undefined,
    inline: inline,
    images: document.images.length,
    jsReady: document.documentElement.classList.contains('js'),
    contrast: lowContrast(),
  };
  // Text whose colour contrasts with its background by less than WCAG AA
  // asks (4.5:1, or 3:1 for large text). Charts draw their own colours and
  // are checked by their package.
  function lowContrast() {
    const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = c => {
      const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const bg = el => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el) || el.closest('svg')) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      if (r.width === 0 || st.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"], details:not([open]) > :not(summary), .visually-hidden, .skip-link')) continue;
      const fg = rgb(st.color), b = bg(el);
      const l1 = lum(fg), l2 = lum(b);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
      const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
      if (ratio < need) bad.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + n.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
    }
    return bad.slice(0, 5);
  }
})()`

// browse loads every page of the site reachable from base+"index.html" and
// checks what the browser saw. base is a file:// or http:// URL of the
// site's folder ending in "/". It returns the pages it loaded.
func browse(t *testing.T, ctx context.Context, rec *recorder, base string, xss bool) map[string]pageInfo {
	t.Helper()
	seen := map[string]pageInfo{}
	queue := []string{base + "index.html"}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if _, ok := seen[u]; ok {
			continue
		}
		rec.take()
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(u))
		var info pageInfo
		if err == nil {
			info, err = chromedp.Run(tctx, chromedp.Evaluate[pageInfo](inspect))
		}
		cancel()
		if err != nil {
			t.Errorf("%s: %v", u, err)
			seen[u] = pageInfo{}
			continue
		}
		seen[u] = info
		problems, requests := rec.take()
		for _, p := range problems {
			t.Errorf("%s: %s", rel(base, u), p)
		}
		for _, r := range requests {
			if !strings.HasPrefix(r, base) && !strings.HasPrefix(r, "data:") {
				t.Errorf("%s: request to %s, outside the site", rel(base, u), r)
			}
		}
		if info.Title == "" || info.H1 == "" {
			t.Errorf("%s: no title or h1", rel(base, u))
		}
		if !info.JSReady {
			t.Errorf("%s: the site script did not run", rel(base, u))
		}
		if info.Pwned || info.Inline > 0 {
			t.Errorf("%s: injected script (pwned %v, %d inline scripts or handlers)", rel(base, u), info.Pwned, info.Inline)
		}
		if xss && info.Images > 0 {
			t.Errorf("%s: %d <img> elements from model text", rel(base, u), info.Images)
		}
		for _, c := range info.Contrast {
			t.Errorf("%s: contrast below AA: %s", rel(base, u), c)
		}
		for i, c := range info.Charts {
			if c.Width < 50 || c.Height < 50 || c.Text == 0 {
				t.Errorf("%s: chart %d is %.0f×%.0f with %d characters of text", rel(base, u), i, c.Width, c.Height, c.Text)
			}
		}
		for _, l := range info.Links {
			l = strings.SplitN(l, "#", 2)[0]
			switch {
			case strings.HasPrefix(l, base):
				if strings.HasSuffix(l, ".html") {
					queue = append(queue, l)
				} else if strings.Contains(l, "?") {
					queue = append(queue, l)
				}
			case strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "mailto:"):
				// Links out are fine; nothing loads them.
			default:
				t.Errorf("%s: link %q leaves the site", rel(base, u), l)
			}
		}
	}
	return seen
}

func rel(base, u string) string { return strings.TrimPrefix(u, base) }

func fileURL(dir string) string {
	abs, _ := filepath.Abs(dir)
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/"}).String()
}

func TestBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	example, _, _ := buildSite(t, "../examples/enterprise")
	xssSite, _, _ := buildSite(t, writeXSSModel(t))
	ctx := browsertest.Start(t, exe)
	rec := record(t, ctx)

	pages := len(sitePages(t, example))
	checkCharts := func(t *testing.T, base string, seen map[string]pageInfo) {
		for _, p := range []string{"stakeholders.html", "org-chart.html", "landing-zones/regulated-data.html"} {
			if info := seen[base+p]; len(info.Charts) == 0 {
				t.Errorf("%s: no chart", p)
			}
		}
	}

	t.Run("file", func(t *testing.T) {
		base := fileURL(example)
		seen := browse(t, ctx, rec, base, false)
		if len(seen) < pages {
			t.Errorf("loaded %d pages, the site has %d", len(seen), pages)
		}
		checkCharts(t, base, seen)
	})

	t.Run("http", func(t *testing.T) {
		srv := httptest.NewServer(http.FileServer(http.Dir(example)))
		defer srv.Close()
		if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
			t.Fatalf("test server on %s, want 127.0.0.1", srv.URL)
		}
		base := srv.URL + "/"
		seen := browse(t, ctx, rec, base, false)
		if len(seen) < pages {
			t.Errorf("loaded %d pages, the site has %d", len(seen), pages)
		}
		checkCharts(t, base, seen)
	})

	t.Run("xss", func(t *testing.T) {
		base := fileURL(xssSite)
		seen := browse(t, ctx, rec, base, true)
		if len(seen) < len(sitePages(t, xssSite)) {
			t.Errorf("loaded %d pages, the site has %d", len(seen), len(sitePages(t, xssSite)))
		}
		// The search index of the hostile model loads and finds the party.
		searchFor(t, ctx, base, "alert", 1)
		problems, _ := rec.take()
		for _, p := range problems {
			t.Error(p)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if rec.dialogs > 0 {
			t.Errorf("%d dialogs opened", rec.dialogs)
		}
	})

	t.Run("search", func(t *testing.T) {
		base := fileURL(example)
		// The search page reads the query from the address.
		searchFor(t, ctx, base, "decommission tenant", 1)
		// The header box shows results as one types, and the keyboard
		// picks one.
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"index.html"),
			chromedp.SendKeys(chromedp.ID("site-q"), "cloud foundation"),
			chromedp.WaitVisible(chromedp.CSS("#site-q-list .result")),
		)
		if err == nil {
			// Wait for the results of the whole query, not of a prefix.
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(document.querySelector('#site-q-list .search-more') || {}).textContent.includes('“cloud foundation”')`))
		}
		if err != nil {
			t.Fatal(err)
		}
		names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#site-q-list .result-name'), e => e.textContent)`))
		if err != nil || len(names) == 0 || names[0] != "Cloud Foundation" {
			t.Fatalf("header search results %q (%v), want Cloud Foundation first", names, err)
		}
		_, err = chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				if _, err := chromedp.KeyEvent(kb.ArrowDown)(ctx, tg); err != nil {
					return err
				}
				_, err := chromedp.KeyEvent(kb.Enter)(ctx, tg)
				return err
			})))
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if !strings.HasSuffix(loc, "/parties/cloud-foundation.html") {
			t.Errorf("arrow down and enter opened %s", loc)
		}
		problems, _ := rec.take()
		for _, p := range problems {
			t.Error(p)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		base := fileURL(example)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"landing-zones/cloud-native.html"), chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className + '|' + document.activeElement.getAttribute('href')`))
		if focused != "skip-link|#main" {
			t.Errorf("the first Tab focuses %q, want the skip link", focused)
		}
		visible, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.height > 0; })()`))
		if !visible {
			t.Error("the focused skip link is not visible")
		}
		outline, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
		if outline == "none" || outline == "" {
			t.Errorf("the focused skip link has no visible outline (%q)", outline)
		}
		// The next Tab stops show a focus outline too.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		outline, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle + ' ' + document.activeElement.className`))
		if strings.HasPrefix(outline, "none") {
			t.Errorf("the second Tab stop shows no focus: %q", outline)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		focused, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if focused != "main" {
			t.Errorf("the skip link moves focus to %q, want main", focused)
		}
		// "/" jumps to the search box.
		if err := chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
			t.Fatal(err)
		}
		focused, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if focused != "site-q" {
			t.Errorf(`"/" focuses %q, want the search box`, focused)
		}
		// Filters narrow the table of activities.
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"landing-zones/cloud-native.html"),
			chromedp.SendKeys(chromedp.ID("filter-zone-table"), "decommission"),
			chromedp.Sleep(300*time.Millisecond),
		)
		if err != nil {
			t.Fatal(err)
		}
		shown, _ := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const b = document.getElementById('zone-table').tBodies; return [Array.from(b).filter(x => !x.hidden).length, b.length]; })()`))
		if len(shown) != 2 || shown[0] == 0 || shown[0] >= shown[1] {
			t.Errorf("filtering the activities shows %v", shown)
		}
		// The decisions log filters by status.
		err = chromedp.Do(ctx,
			chromedp.Navigate(base+"decisions.html"),
			chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('status-decision-list'); s.value = 'proposed'; s.dispatchEvent(new Event('change')); })()`),
		)
		if err != nil {
			t.Fatal(err)
		}
		statuses, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#decision-list > article:not([hidden])'), a => a.dataset.status)`))
		if len(statuses) == 0 {
			t.Error("filtering decisions by status proposed shows none")
		}
		for _, st := range statuses {
			if !strings.Contains(st, "proposed") {
				t.Errorf("filtering by proposed shows a %q decision", st)
			}
		}
		problems, _ := rec.take()
		for _, p := range problems {
			t.Error(p)
		}
	})

	t.Run("print", func(t *testing.T) {
		base := fileURL(example)
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"landing-zones/regulated-data.html"),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}),
		)
		if err != nil {
			t.Fatal(err)
		}
		hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`['.site-nav', '.site-search', '.table-filter'].map(s => getComputedStyle(document.querySelector(s)).display)`))
		for _, d := range hidden {
			if d != "none" {
				t.Errorf("print shows navigation or search: display %v", hidden)
				break
			}
		}
		width, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.querySelector('figure.chart svg').getBoundingClientRect().width, document.querySelector('main').getBoundingClientRect().width]`))
		if len(width) != 2 || width[0] == 0 || width[0] > width[1]+1 {
			t.Errorf("printed chart is %v wide, main %v", width, width)
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil || len(pdf) < 10_000 {
			t.Errorf("printing to PDF: %d bytes, %v", len(pdf), err)
		}
		_ = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
			return err
		}))
		rec.take()
	})

	t.Run("screenshots", func(t *testing.T) {
		dir := os.Getenv("DEMARC_SCREENSHOTS")
		if dir == "" {
			dir = filepath.Join("testdata", "screenshots")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		base := fileURL(example)
		shots := []struct {
			name, page string
			width      int64
		}{
			{"index", "index.html", 1280},
			{"party", "parties/cloud-foundation.html", 1280},
			{"landing-zone", "landing-zones/regulated-data.html", 1280},
			{"activity", "activities/decommission-tenant.html", 1280},
			{"service", "services/aws-ec2.html", 1280},
			{"decisions", "decisions.html", 1280},
			{"stakeholders", "stakeholders.html", 1280},
			{"org-chart", "org-chart.html", 1280},
			{"search", "search.html?q=patch", 1280},
			{"glossary", "glossary.html", 1280},
			{"provider", "providers/aws.html", 1280},
			{"index-mobile", "index.html", 390},
			{"party-mobile", "parties/claims-platform.html", 390},
		}
		for _, s := range shots {
			png, err := screenshot(ctx, base+s.page, s.width, 3200)
			if err != nil {
				t.Errorf("%s: %v", s.name, err)
				continue
			}
			p := filepath.Join(dir, s.name+".png")
			if err := os.WriteFile(p, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", p)
		}
		rec.take()
	})
}

// searchFor opens the search page with a query and checks it lists at
// least min results.
func searchFor(t *testing.T, ctx context.Context, base, q string, min int) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"search.html?q="+url.QueryEscape(q)),
		chromedp.WaitVisible(chromedp.CSS("#search-results li")),
	)
	if err != nil {
		t.Fatalf("search for %q: %v", q, err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#search-results li').length`))
	if err != nil || n < min {
		t.Errorf("search for %q: %d results (%v)", q, n, err)
	}
}

// screenshot loads a page at a width and captures it, at most maxHeight
// pixels tall.
func screenshot(ctx context.Context, u string, width, maxHeight int64) ([]byte, error) {
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		return nil, err
	}
	h = min(max(h, 600), maxHeight)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, h), chromedp.Sleep(100*time.Millisecond)); err != nil {
		return nil, err
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err2 := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err == nil {
		err = err2
	}
	return png, err
}
