package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/demarc-dev/demarc/view"
)

// Options control building a site.
type Options struct {
	// Title names the site in the header and page titles; empty means the
	// organisation's name.
	Title string
	// Workers bounds the number of pages rendered at once; zero means one
	// per CPU.
	Workers int
	// Banner, when set, is shown at the top of every page.
	Banner *Banner
	// AppLinks are extra entries at the top of the navigation, for pages a
	// server adds (such as "My responsibilities"); Href is relative to the
	// site root.
	AppLinks []NavLink
}

// NavLink is one navigation entry.
type NavLink struct {
	Text, Href string
}

// Stats describe a built site.
type Stats struct {
	Pages int   // HTML pages written
	Bytes int64 // bytes written, pages and assets
}

// Build writes the site of book b into outDir, creating it if needed.
// Existing files of the same names are replaced; other files are left
// alone.
func Build(b *view.Book, outDir string, opts Options) (Stats, error) {
	if b == nil || b.Model == nil {
		return Stats{}, errors.New("site: no book to publish")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	for _, d := range []string{"", dirParties, dirServices, dirZones, dirActivities, dirProviders, dirProcesses, dirAssets} {
		if err := os.MkdirAll(filepath.Join(outDir, d), 0o755); err != nil {
			return Stats{}, fmt.Errorf("site: %w", err)
		}
	}
	s := newSite(b, opts)
	jobs := s.jobs()
	var (
		st       Stats
		pages    atomic.Int64
		bytesOut atomic.Int64
		errOnce  sync.Once
		firstErr error
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	fail := func(err error) { errOnce.Do(func() { firstErr = err }) }
	for w := 0; w < min(opts.Workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := new(bytes.Buffer)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				buf.Reset()
				if err := j.render(buf); err != nil {
					fail(fmt.Errorf("site: %s: %w", j.path, err))
					return
				}
				if err := os.WriteFile(filepath.Join(outDir, filepath.FromSlash(j.path)), buf.Bytes(), 0o644); err != nil {
					fail(fmt.Errorf("site: %w", err))
					return
				}
				bytesOut.Add(int64(buf.Len()))
				if filepath.Ext(j.path) == ".html" {
					pages.Add(1)
				}
				if buf.Cap() > 16<<20 {
					buf = new(bytes.Buffer) // do not keep a huge page's buffer
				}
			}
		}()
	}
	wg.Wait()
	st.Pages, st.Bytes = int(pages.Load()), bytesOut.Load()
	return st, firstErr
}

// job renders one file of the site.
type job struct {
	path   string // slash-separated, relative to the site root
	render func(*bytes.Buffer) error
}

// jobs lists every file of the site, the largest pages first so the pool
// does not end waiting on one big page.
func (s *site) jobs() []job {
	b := s.b
	var js []job
	add := func(path string, fn func(*bytes.Buffer) error) { js = append(js, job{path, fn}) }
	static := func(path string, data []byte) {
		add(path, func(w *bytes.Buffer) error { w.Write(data); return nil })
	}
	add("decisions.html", s.decisionsPage)
	for _, pp := range b.Parties {
		add(s.partyPath(pp.Party), func(w *bytes.Buffer) error { return s.partyPage(w, pp) })
	}
	for _, zp := range b.LandingZones {
		add(s.zonePath(zp.Zone), func(w *bytes.Buffer) error { return s.zonePage(w, zp) })
	}
	for _, sp := range b.Services {
		add(s.servicePath(sp.Service), func(w *bytes.Buffer) error { return s.servicePage(w, sp) })
	}
	for _, ap := range b.Activities {
		add(s.activityPath(ap.Activity), func(w *bytes.Buffer) error { return s.activityPage(w, ap) })
	}
	for _, pv := range b.Providers {
		add(s.providerPath(pv.Provider.ID), func(w *bytes.Buffer) error { return s.providerPage(w, pv) })
	}
	for _, pp := range b.Processes {
		add(s.processPath(pp.Process), func(w *bytes.Buffer) error { return s.processPage(w, pp) })
	}
	add("index.html", s.indexPage)
	if len(b.Processes) > 0 {
		add(dirProcesses+"/index.html", s.processesIndex)
	}
	add(dirParties+"/index.html", s.partiesIndex)
	add(dirServices+"/index.html", s.servicesIndex)
	add(dirZones+"/index.html", s.zonesIndex)
	add(dirActivities+"/index.html", s.activitiesIndex)
	add(dirProviders+"/index.html", s.providersIndex)
	add("stakeholders.html", s.stakeholdersPage)
	add("org-chart.html", s.orgChartPage)
	add("glossary.html", s.glossaryPage)
	add("search.html", s.searchPage)
	static(fileCSS, siteCSS)
	static(fileJS, siteJS)
	static(fileIcon, favicon)
	add(fileColors, s.colorsCSS)
	add(fileIndex, s.searchIndex)
	return js
}

// exec runs a named template of the page set.
func exec(w *bytes.Buffer, name string, data any) error {
	return pageTemplates.ExecuteTemplate(w, name, data)
}

var _ = template.HTML("")
