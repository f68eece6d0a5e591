package site

import (
	"bytes"
	"cmp"
	"embed"
	"html/template"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

//go:embed templates/*.html
var templateFS embed.FS

var pageTemplates = template.Must(template.New("site").Funcs(template.FuncMap{
	"num":     num,
	"plural":  plural,
	"kind":    kindLabel,
	"label":   categoryLabel,
	"level":   levelLabel,
	"safeURL": safeLink,
	"anchor":  anchor,
	"deref":   func(b *bool) bool { return b != nil && *b },
	"factURL": factURL,
}).ParseFS(templateFS, "templates/*.html"))

// page is what every template gets.
type page struct {
	Root    string // "" or "../": the way from this page to the site root
	Title   string
	Section string // the navigation entry to mark as current
	Crumbs  []crumb
	S       *site
	L       *links
	V       any
}

type crumb struct{ Href, Text string }

func (s *site) page(depth int, title, section string, v any, crumbs ...crumb) *page {
	return &page{Root: s.links[depth].Root, Title: title, Section: section, Crumbs: crumbs, S: s, L: s.links[depth], V: v}
}

// NavZones lists the landing zones in the navigation, unless there are too
// many to list there.
func (s *site) NavZones() []*view.ZonePage {
	if len(s.b.LandingZones) > 16 {
		return nil
	}
	return s.b.LandingZones
}

// ZonePages lists every landing zone page.
func (s *site) ZonePages() []*view.ZonePage { return s.b.LandingZones }

// Health is the book's health summary.
func (s *site) Health() *view.Health { return &s.b.Health }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func kindLabel(k model.PartyKind) string {
	switch k {
	case model.KindProvider:
		return "Provider"
	case model.KindFoundation:
		return "Cloud foundation"
	case model.KindShared:
		return "Central team"
	case model.KindApplication:
		return "Application team"
	case model.KindExternal:
		return "External"
	}
	return string(k)
}

func levelLabel(n int) string { return cmp.Or(view.LevelName(n), "—") }

// safeLink returns u if it is an http(s) or mailto address, else "".
func safeLink(u string) string {
	if safeURL(u) {
		return strings.TrimSpace(u)
	}
	return ""
}

// factURL is the first safe link in a fact's reference, which the
// baselines write as "Title: https://…".
func factURL(ref string) string {
	for _, w := range strings.Fields(ref) {
		if u := safeLink(strings.TrimRight(w, ".,;)")); u != "" && strings.HasPrefix(u, "http") {
			return u
		}
	}
	return ""
}

// anchor makes a fragment id from a text.
func anchor(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return "t-" + strings.Trim(b.String(), "-")
}

// Email links an e-mail address with mailto: when it looks like one.
func (s *site) Email(addr string) template.HTML {
	a := strings.TrimSpace(addr)
	at := strings.IndexByte(a, '@')
	if at <= 0 || at == len(a)-1 || strings.ContainsAny(a, " \t\r\n<>\"'`()[]\\,;:") || strings.Count(a, "@") != 1 {
		return template.HTML(esc(addr))
	}
	return template.HTML(`<a href="mailto:` + esc(a) + `">` + esc(a) + `</a>`)
}

// MaybeLink links v when it is a safe web address and shows it as text
// otherwise (a chat channel name, a queue name).
func (s *site) MaybeLink(v string) template.HTML {
	if u := safeLink(v); u != "" && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		return template.HTML(`<a href="` + esc(u) + `" rel="noopener noreferrer">` + esc(u) + `</a>`)
	}
	return template.HTML(esc(v))
}

// ZoneList links landing zones, comma separated.
func (s *site) ZoneList(l *links, zones []*model.LandingZone) template.HTML {
	if len(zones) == 0 {
		return "—"
	}
	var b strings.Builder
	for i, z := range zones {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(l.Zone(z)))
	}
	return template.HTML(b.String())
}

type control struct {
	Framework string
	IDs       []string
}

// Controls lists an activity's controls by framework, sorted.
func (s *site) Controls(a *model.Activity) []control {
	out := make([]control, 0, len(a.Controls))
	for fw, ids := range a.Controls {
		out = append(out, control{Framework: fw, IDs: ids})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Framework < out[j].Framework })
	return out
}

// maxTenants bounds the tenant tables: a landing zone may hold tens of
// thousands of tenants.
const maxTenants = 1000

// TenantTable lists tenants; context says which page it is on ("zone" or
// "party"), which decides whether the owner or the landing zone is shown.
func (s *site) TenantTable(l *links, ts []*model.Tenant, context string) template.HTML {
	var buf bytes.Buffer
	buf.Grow(len(ts[:min(len(ts), maxTenants)]) * 300)
	w := hw{&buf}
	id := "tenants-table"
	shown := ts[:min(len(ts), maxTenants)]
	w.s(`<div class="table-wrap" role="region" aria-labelledby="cap-tenants" tabindex="0"><table class="data" id="`)
	w.s(id)
	w.s(`"><caption id="cap-tenants">`)
	if len(shown) < len(ts) {
		w.s("The first ")
		w.t(num(len(shown)))
		w.s(" of ")
	}
	w.t(num(len(ts)))
	w.s(" ")
	w.s(plural(len(ts), "tenant", "tenants"))
	w.s(`</caption><thead><tr><th scope="col">Tenant</th><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">`)
	if context == "zone" {
		w.s("Owner")
	} else {
		w.s("Landing zone")
	}
	w.s(`</th><th scope="col">Tags</th></tr></thead><tbody>`)
	for _, t := range shown {
		w.s(`<tr><th scope="row"><code>`)
		w.t(t.ID)
		w.s(`</code></th><td>`)
		w.t(t.Name)
		w.s(`</td><td>`)
		w.s(string(l.Provider(t.Provider.ID)))
		w.s(`</td><td>`)
		if context == "zone" {
			w.s(string(l.PartyID(t.Owner.ID)))
		} else {
			w.s(string(l.ZoneID(t.LandingZone.ID)))
		}
		w.s(`</td><td>`)
		first := true
		for k, v := range t.Tags.All() {
			if !first {
				w.s(" ")
			}
			first = false
			w.s(`<span class="tag">`)
			w.t(k)
			w.s("=")
			w.t(v)
			w.s(`</span>`)
		}
		w.s("</td></tr>\n")
	}
	w.s(`</tbody></table></div>`)
	if len(shown) < len(ts) {
		w.s(`<p class="note">`)
		w.t(num(len(ts) - len(shown)))
		w.s(" more tenants are not listed here.</p>")
	}
	return template.HTML(buf.String())
}
