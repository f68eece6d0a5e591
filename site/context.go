package site

import (
	"html/template"
	"strings"
	"sync"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// site is what every page of one build shares: the book, the rendered
// Markdown, and the links to every page, escaped once.
type site struct {
	b     *view.Book
	opts  Options
	Title string
	// AppLinks are the server's own pages, listed first in the navigation.
	AppLinks []NavLink
	// Generated is the generation time as pages show it.
	Generated string
	md        map[string]template.HTML
	// applicableN caches (*site).applicable; pages are written in parallel.
	applicableMu sync.Mutex
	applicableN  map[applicableKey]int
	// links by page depth: [0] for pages at the root, [1] one folder down.
	links [2]*links

	partyStem    map[*model.Party]string
	serviceStem  map[*model.Service]string
	zoneStem     map[*model.LandingZone]string
	activityStem map[*model.Activity]string
	ruleStem     map[*model.Rule]string
	providerStem map[string]string
	// activityIndex is each activity's position in the book.
	activityIndex map[*model.Activity]int
}

func newSite(b *view.Book, opts Options) *site {
	s := &site{
		b: b, opts: opts, Title: opts.Title, AppLinks: opts.AppLinks,
		Generated:     b.Generated.UTC().Format("2 January 2006, 15:04 UTC"),
		partyStem:     map[*model.Party]string{},
		serviceStem:   map[*model.Service]string{},
		zoneStem:      map[*model.LandingZone]string{},
		activityStem:  map[*model.Activity]string{},
		ruleStem:      map[*model.Rule]string{},
		providerStem:  map[string]string{},
		activityIndex: make(map[*model.Activity]int, len(b.Activities)),
	}
	if s.Title == "" {
		s.Title = b.Organisation.Name
	}
	if s.Title == "" {
		s.Title = "Cloud responsibilities"
	}
	uniq := func(used map[string]bool, id string) string {
		st := stem(id)
		for n := 2; used[st]; n++ {
			st = stem(id) + "-" + itoa(n)
		}
		used[st] = true
		return st
	}
	used := map[string]bool{}
	for _, pp := range b.Parties {
		s.partyStem[pp.Party] = uniq(used, pp.Party.ID)
	}
	used = map[string]bool{}
	for _, sp := range b.Services {
		s.serviceStem[sp.Service] = uniq(used, sp.Service.ID)
	}
	used = map[string]bool{}
	for _, zp := range b.LandingZones {
		s.zoneStem[zp.Zone] = uniq(used, zp.Zone.ID)
	}
	used = map[string]bool{}
	for i, ap := range b.Activities {
		s.activityStem[ap.Activity] = uniq(used, ap.Activity.ID)
		s.activityIndex[ap.Activity] = i
	}
	used = map[string]bool{}
	for _, d := range b.Decisions {
		s.ruleStem[d.Rule] = uniq(used, d.Rule.ID)
	}
	used = map[string]bool{}
	for _, pv := range b.Providers {
		s.providerStem[pv.Provider.ID] = uniq(used, pv.Provider.ID)
	}
	s.links[0] = s.newLinks("")
	s.links[1] = s.newLinks("../")
	s.links[1].cacheAssignments(b)
	s.md = renderMarkdown(s.markdownTexts(), opts.Workers)
	return s
}

func (s *site) markdownTexts() []string {
	b := s.b
	texts := []string{b.Organisation.Description}
	for _, pp := range b.Parties {
		texts = append(texts, pp.Party.Description)
	}
	for _, pv := range b.Providers {
		texts = append(texts, pv.Provider.Description)
	}
	for _, sp := range b.Services {
		texts = append(texts, sp.Service.Description)
	}
	for _, zp := range b.LandingZones {
		texts = append(texts, zp.Zone.Description, zp.Zone.Rationale)
	}
	for _, ap := range b.Activities {
		texts = append(texts, ap.Activity.Description)
	}
	for _, d := range b.Decisions {
		texts = append(texts, d.Rule.Rationale)
	}
	return texts
}

// Markdown returns the HTML of a Markdown field.
func (s *site) Markdown(src string) template.HTML { return s.md[src] }

func (s *site) partyPath(p *model.Party) string {
	return dirParties + "/" + s.partyStem[p] + ".html"
}
func (s *site) servicePath(sv *model.Service) string {
	return dirServices + "/" + s.serviceStem[sv] + ".html"
}
func (s *site) zonePath(z *model.LandingZone) string {
	return dirZones + "/" + s.zoneStem[z] + ".html"
}
func (s *site) activityPath(a *model.Activity) string {
	return dirActivities + "/" + s.activityStem[a] + ".html"
}
func (s *site) providerPath(id string) string {
	return dirProviders + "/" + s.providerStem[id] + ".html"
}

// links holds, for pages at one depth, the escaped link to every page.
type links struct {
	Root     string
	party    map[*model.Party]string
	service  map[*model.Service]string
	zone     map[*model.LandingZone]string
	activity map[*model.Activity]string
	rule     map[*model.Rule]string
	provider map[string]string
	s        *site
	// raci and decided are the cells of each assignment, for the pages
	// one folder down, where the big tables are.
	raci, decided map[*view.Assignment]string
}

func (s *site) newLinks(root string) *links {
	l := &links{
		Root: root, s: s,
		party:    make(map[*model.Party]string, len(s.partyStem)),
		service:  make(map[*model.Service]string, len(s.serviceStem)),
		zone:     make(map[*model.LandingZone]string, len(s.zoneStem)),
		activity: make(map[*model.Activity]string, len(s.activityStem)),
		rule:     make(map[*model.Rule]string, len(s.ruleStem)),
		provider: make(map[string]string, len(s.providerStem)),
	}
	a := func(href, text string) string {
		return `<a href="` + esc(href) + `">` + esc(text) + `</a>`
	}
	for p := range s.partyStem {
		l.party[p] = a(root+s.partyPath(p), p.Name)
	}
	for sv := range s.serviceStem {
		l.service[sv] = a(root+s.servicePath(sv), sv.Name)
	}
	for z := range s.zoneStem {
		l.zone[z] = a(root+s.zonePath(z), z.Name)
	}
	for ac := range s.activityStem {
		l.activity[ac] = a(root+s.activityPath(ac), ac.Name)
	}
	for r, st := range s.ruleStem {
		l.rule[r] = a(root+"decisions.html#r-"+st, r.ID)
	}
	for _, pv := range s.b.Providers {
		l.provider[pv.Provider.ID] = a(root+s.providerPath(pv.Provider.ID), pv.Provider.Name)
	}
	return l
}

// orText returns the link if there is one, else the escaped name.
func orText(link, name string) template.HTML {
	if link != "" {
		return template.HTML(link)
	}
	return template.HTML(esc(name))
}

// Party returns a link to party p's page.
func (l *links) Party(p *model.Party) template.HTML {
	if p == nil {
		return ""
	}
	return orText(l.party[p], p.Name)
}

// PartyID links the party with id, or shows the id.
func (l *links) PartyID(id string) template.HTML {
	if p := l.s.b.Model.PartyByID[id]; p != nil {
		return l.Party(p)
	}
	return template.HTML(esc(id))
}

// Parties links a list of parties, comma separated.
func (l *links) Parties(ps []*model.Party) template.HTML {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(l.Party(p)))
	}
	return template.HTML(b.String())
}

// Service returns a link to service sv's page.
func (l *links) Service(sv *model.Service) template.HTML {
	if sv == nil {
		return ""
	}
	return orText(l.service[sv], sv.Name)
}

// Zone returns a link to landing zone z's page.
func (l *links) Zone(z *model.LandingZone) template.HTML {
	if z == nil {
		return ""
	}
	return orText(l.zone[z], z.Name)
}

// ZoneID links the landing zone with id, or shows the id.
func (l *links) ZoneID(id string) template.HTML {
	if z := l.s.b.Model.LandingZoneByID[id]; z != nil {
		return l.Zone(z)
	}
	return template.HTML(esc(id))
}

// Activity returns a link to activity a's page.
func (l *links) Activity(a *model.Activity) template.HTML {
	if a == nil {
		return ""
	}
	return orText(l.activity[a], a.Name)
}

// Rule returns a link to rule r in the decisions log.
func (l *links) Rule(r *model.Rule) template.HTML {
	if r == nil {
		return ""
	}
	return orText(l.rule[r], r.ID)
}

// Provider returns a link to the provider page of id.
func (l *links) Provider(id string) template.HTML {
	if link := l.provider[id]; link != "" {
		return template.HTML(link)
	}
	if p := l.s.b.Model.ProviderByID[id]; p != nil {
		return template.HTML(esc(p.Name))
	}
	return template.HTML(esc(id))
}

// Path returns the relative href of a site path.
func (l *links) Path(p string) string { return l.Root + p }

func itoa(n int) string {
	return string(appendInt(nil, n))
}
