package site

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// Banner is a notice shown at the top of every page, such as a server
// telling that the model files are broken and an older version is shown.
type Banner struct {
	// Errors is the number of errors in the current model files.
	Errors int
	// LastGood is when the version shown was loaded.
	LastGood time.Time
	// NoGoodVersion is set when no version without errors has loaded
	// yet, so the pages show the current files, errors included.
	NoGoodVersion bool
	// Items are the first diagnostics to list.
	Items []BannerItem
	// More is how many diagnostics are not listed.
	More int
	// Unreadable, when set, says why the model files could not be read at
	// all (a deleted or unreadable directory, a load that timed out).
	Unreadable string
}

// BannerItem is one diagnostic in a banner.
type BannerItem struct {
	Where   string // file:line:col
	Summary string
}

// When is LastGood as pages show it.
func (b *Banner) When() string {
	if b.LastGood.IsZero() {
		return "an earlier load"
	}
	return b.LastGood.UTC().Format("2 January 2006, 15:04:05 UTC")
}

// Banner returns the banner of the site, or nil.
func (s *site) Banner() *Banner { return s.opts.Banner }

// Layout renders pages made elsewhere (such as a server's) inside the
// site's layout: header, navigation, banner and footer, with links to the
// site's pages as seen from a page at the site root.
type Layout struct{ s *site }

// NewLayout prepares the layout of the site of b.
func NewLayout(b *view.Book, opts Options) *Layout { return &Layout{s: newSite(b, opts)} }

// Handler serves the site's pages, as [Handler] does.
func (l *Layout) Handler() http.Handler { return handler(l.s) }

// PartyPath is the address of a party's page, relative to the site root.
func (l *Layout) PartyPath(p *model.Party) string { return l.s.partyPath(p) }

// ZonePath is the address of a landing zone's page, relative to the site
// root.
func (l *Layout) ZonePath(z *model.LandingZone) string { return l.s.zonePath(z) }

// Render writes a page at the site root titled title whose main content is
// body, which the caller must have escaped (html/template does).
func (l *Layout) Render(w io.Writer, title string, body template.HTML) error {
	var buf bytes.Buffer
	p := l.s.page(0, title, "", nil)
	if err := exec(&buf, "head", p); err != nil {
		return err
	}
	buf.WriteString(string(body))
	if err := exec(&buf, "foot", p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Render writes one page inside the layout of the site of b; see
// [Layout.Render]. A server rendering many pages should keep a [Layout].
func Render(w io.Writer, b *view.Book, opts Options, title string, body template.HTML) error {
	return NewLayout(b, opts).Render(w, title, body)
}
