package markdown

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// page assembles one Markdown page. Every piece of model text goes through
// Text, Code or Markdown on its way in.
type page struct {
	x    *exporter
	path string // the page under docs/
	dir  string // its directory, "" for the top
	b    strings.Builder
	ids  anchors
}

func (x *exporter) newPage(path string) *page {
	dir, _, ok := strings.Cut(path, "/")
	if !ok {
		dir = ""
	}
	return &page{x: x, path: path, dir: dir, ids: anchors{}}
}

func (p *page) String() string {
	s := strings.TrimRight(p.b.String(), "\n")
	return s + "\n"
}

// heading writes a heading of plain text and returns its anchor.
func (p *page) heading(level int, text string) string {
	p.b.WriteString(strings.Repeat("#", level))
	p.b.WriteByte(' ')
	t := Text(text)
	if t == "" {
		t = "Untitled"
	}
	p.b.WriteString(t)
	p.b.WriteString("\n\n")
	return p.ids.unique(slugify(oneLine(text)))
}

// para writes a paragraph of Markdown made by the caller from escaped parts.
func (p *page) para(md string) {
	if md == "" {
		return
	}
	p.b.WriteString(md)
	p.b.WriteString("\n\n")
}

func (p *page) paraf(format string, args ...any) { p.para(fmt.Sprintf(format, args...)) }

// list writes a bullet list of Markdown items.
func (p *page) list(items []string) {
	for _, it := range items {
		p.b.WriteString("- ")
		p.b.WriteString(it)
		p.b.WriteByte('\n')
	}
	if len(items) > 0 {
		p.b.WriteByte('\n')
	}
}

// table writes a table; header cells are plain text, row cells Markdown.
// Cells never hold a line break (Text makes them one line), and an empty
// cell is written as such.
func (p *page) table(header []string, rows [][]string) {
	p.b.WriteByte('|')
	for _, h := range header {
		p.b.WriteByte(' ')
		p.b.WriteString(Text(h))
		p.b.WriteString(" |")
	}
	p.b.WriteString("\n|")
	for range header {
		p.b.WriteString(" --- |")
	}
	p.b.WriteByte('\n')
	for _, row := range rows {
		p.b.WriteByte('|')
		for i := range header {
			c := ""
			if i < len(row) {
				c = row[i]
			}
			p.b.WriteByte(' ')
			p.b.WriteString(c)
			p.b.WriteString(" |")
		}
		p.b.WriteByte('\n')
	}
	p.b.WriteByte('\n')
}

// link makes a link to a docs-relative target, with plain text.
func (p *page) link(text, target string) string {
	t := Text(text)
	if t == "" {
		t = Text(target)
	}
	return "[" + t + "](" + p.href(target) + ")"
}

// codeLink makes a link whose text is an identifier.
func (p *page) codeLink(id, target string) string {
	return "[" + Code(id) + "](" + p.href(target) + ")"
}

// href is the relative link to target; an anchor on this page needs no
// file name.
func (p *page) href(target string) string {
	if file, anchor, ok := strings.Cut(target, "#"); ok && file == p.path {
		return "#" + anchor
	}
	return rel(p.dir, target)
}

// image embeds an SVG written next to the pages, with alt text.
func (p *page) image(alt, target string) {
	p.para("![" + Text(alt) + "](" + p.href(target) + ")")
}

func (p *page) party(pt *model.Party) string {
	if pt == nil {
		return ""
	}
	if path, ok := p.x.party[pt]; ok {
		return p.link(pt.Name, path)
	}
	return Text(pt.Name)
}

func (p *page) parties(list []*model.Party) string {
	out := make([]string, 0, len(list))
	for _, pt := range list {
		out = append(out, p.party(pt))
	}
	return strings.Join(out, ", ")
}

// partyRef links a party given by reference; unknown ids show as text.
func (p *page) partyRef(r model.Ref) string {
	if pt := p.x.m.PartyByID[r.ID]; pt != nil {
		return p.party(pt)
	}
	return Code(r.ID)
}

func (p *page) service(s *model.Service) string {
	if s == nil {
		return ""
	}
	if path, ok := p.x.service[s]; ok {
		return p.link(s.Name, path)
	}
	return Text(s.Name)
}

func (p *page) zone(z *model.LandingZone) string {
	if z == nil {
		return ""
	}
	if path, ok := p.x.zone[z]; ok {
		return p.link(z.Name, path)
	}
	return Text(z.Name)
}

func (p *page) zones(list []*model.LandingZone) string {
	out := make([]string, 0, len(list))
	for _, z := range list {
		out = append(out, p.zone(z))
	}
	return strings.Join(out, ", ")
}

func (p *page) activity(a *model.Activity) string {
	if a == nil {
		return ""
	}
	if path, ok := p.x.activity[a]; ok {
		return p.link(a.Name, path)
	}
	return Text(a.Name)
}

func (p *page) activities(list []*model.Activity) string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, p.activity(a))
	}
	return strings.Join(out, ", ")
}

func (p *page) rule(r *model.Rule) string {
	if r == nil {
		return ""
	}
	if target, ok := p.x.decision[r]; ok {
		return p.codeLink(r.ID, target)
	}
	return Code(r.ID)
}

// decidedBy says how an assignment was reached.
func (p *page) decidedBy(a *view.Assignment) string {
	switch a.Outcome {
	case resolve.ByProvider:
		return "provider border"
	case resolve.ByRule:
		return p.rule(a.Rule)
	case resolve.Gap:
		return "**gap**: no rule decides"
	case resolve.Conflicting:
		if a.Rule != nil {
			return "**conflict** of " + p.rule(a.Rule) + " and another rule"
		}
		return "**conflict**"
	}
	return ""
}

// raci returns the four role cells of an assignment.
func (p *page) raci(a *view.Assignment) []string {
	return []string{p.parties(a.Responsible), p.parties(a.Accountable), p.parties(a.Consulted), p.parties(a.Informed)}
}

// maxListed is how many services a cell names one by one before it
// summarises the rest.
const maxListed = 20

// servicesCell names the services of a group as compactly as is exact:
// all of the landing zone's services, all but a few, or whole providers or
// whole service models plus single services. Only when that still leaves
// more than maxListed single services are the others counted instead of
// named (the service pages name them).
func (p *page) servicesCell(g *view.Group, all []*model.Service) string {
	// A group shows on the pages of every party holding a role in it;
	// describe it once per directory (the links are relative).
	key := cellKey{g, p.dir}
	if s, ok := p.x.cells[key]; ok {
		return s
	}
	s := p.describeServices(g, all)
	p.x.cells[key] = s
	return s
}

type cellKey struct {
	g   *view.Group
	dir string
}

func (p *page) describeServices(g *view.Group, all []*model.Service) string {
	if g.Grain != model.GrainService {
		return Text(view.Capital(g.Where()))
	}
	n := g.Len()
	if g.AllServices && n > 1 {
		return "all " + plural(n, "service")
	}
	if n <= maxListed {
		return p.services(g.Services())
	}
	in := make(map[*model.Service]bool, n)
	for _, s := range g.Services() {
		in[s] = true
	}
	var except []*model.Service
	for _, s := range all {
		if !in[s] {
			except = append(except, s)
		}
	}
	if len(except) <= maxListed && n+len(except) == len(all) {
		return plural(n, "service") + ": all except " + p.services(except)
	}
	byProvider := p.wholeUnits(in, all, func(s *model.Service) (string, string) {
		if pv := p.x.m.ProviderByID[s.Provider.ID]; pv != nil {
			return s.Provider.ID, pv.Name
		}
		return s.Provider.ID, s.Provider.ID
	})
	byModel := p.wholeUnits(in, all, func(s *model.Service) (string, string) {
		if sm := p.x.m.ServiceModelByID[s.Model.ID]; sm != nil {
			return s.Model.ID, sm.Name
		}
		return s.Model.ID, s.Model.ID
	})
	best := byProvider
	if len(byModel.single) < len(best.single) || len(byModel.single) == len(best.single) && len(byModel.whole) < len(best.whole) {
		best = byModel
	}
	parts := best.whole
	if single := best.single; len(single) > maxListed {
		parts = append(parts, fmt.Sprintf("%s and %d more", p.services(single[:maxListed]), len(single)-maxListed))
	} else if len(single) > 0 {
		parts = append(parts, p.services(single))
	}
	return plural(n, "service") + ": " + strings.Join(parts, "; ")
}

// units describes a set of services as whole units (every service of a
// provider, or of a service model) and the single services left over.
type units struct {
	whole  []string
	single []*model.Service
}

// wholeUnits splits the services in set by the unit key gives them, in the
// order the landing zone lists them.
func (p *page) wholeUnits(set map[*model.Service]bool, all []*model.Service, key func(*model.Service) (id, name string)) units {
	var order []string
	members := map[string][]*model.Service{}
	names := map[string]string{}
	for _, s := range all {
		id, name := key(s)
		if _, ok := members[id]; !ok {
			order = append(order, id)
			names[id] = name
		}
		members[id] = append(members[id], s)
	}
	var u units
	for _, id := range order {
		list, covered := members[id], 0
		for _, s := range list {
			if set[s] {
				covered++
			}
		}
		if covered == len(list) && covered > 1 {
			u.whole = append(u.whole, fmt.Sprintf("every %s service (%d)", Text(names[id]), covered))
			continue
		}
		for _, s := range list {
			if set[s] {
				u.single = append(u.single, s)
			}
		}
	}
	return u
}

func (p *page) services(list []*model.Service) string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, p.service(s))
	}
	return strings.Join(out, ", ")
}

// webLink links an external URL from the model when it is http(s) or
// mailto; anything else is shown as text, not as a link.
func webLink(text, u string) string {
	u = strings.TrimSpace(clean(u))
	if u == "" {
		return ""
	}
	if text == "" {
		text = u
	}
	parsed, err := url.Parse(u)
	if err != nil || !safeDestination(u) || strings.HasPrefix(u, "#") || (parsed.Scheme != "mailto" && parsed.Host == "") {
		return Text(u)
	}
	return "[" + Text(text) + "](" + destEscape(parsed.String()) + ")"
}

// destEscape percent-encodes what would end or confuse a link destination.
func destEscape(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>\\\"'`|[]{}*_", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mailLink links an e-mail address, or shows the text.
func mailLink(addr string) string {
	a := oneLine(addr)
	if a == "" {
		return ""
	}
	if strings.Count(a, "@") == 1 && !strings.ContainsAny(a, " <>()[]\"'`\\,;:") && !strings.HasPrefix(a, "@") && !strings.HasSuffix(a, "@") {
		return "[" + Text(a) + "](mailto:" + destEscape(a) + ")"
	}
	return Text(a)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// roles spells the RACI letters a party holds.
func roles(letters string) string {
	out := make([]string, 0, len(letters))
	for _, r := range letters {
		switch r {
		case 'R':
			out = append(out, "Responsible")
		case 'A':
			out = append(out, "**Accountable**")
		case 'C':
			out = append(out, "Consulted")
		case 'I':
			out = append(out, "Informed")
		}
	}
	return strings.Join(out, ", ")
}

func kindLabel(k model.PartyKind) string {
	switch k {
	case model.KindProvider:
		return "Cloud provider"
	case model.KindFoundation:
		return "Cloud foundation team"
	case model.KindShared:
		return "Central team"
	case model.KindApplication:
		return "Application team"
	case model.KindExternal:
		return "External party"
	}
	return string(k)
}

func (x *exporter) layerName(id string) string {
	if id == "" {
		return "Governance"
	}
	if l := x.m.LayerByID[id]; l != nil {
		return l.Name
	}
	return id
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
