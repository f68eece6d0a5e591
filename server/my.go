package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/site"
	"github.com/demarc-dev/demarc/store"
	"github.com/demarc-dev/demarc/view"
)

// maxBannerItems bounds the diagnostics the broken-model banner lists.
const maxBannerItems = 5

// newBanner tells that the model files have errors and the version loaded
// at lastGood is shown, or, when lastGood is zero, that no good version
// has loaded and the files are shown as they are.
func newBanner(dir string, rep *report.Report, lastGood time.Time) *site.Banner {
	b := &site.Banner{Errors: rep.Summary.Errors, LastGood: lastGood, NoGoodVersion: lastGood.IsZero()}
	n := 0
	for _, d := range rep.Diagnostics {
		if d.Severity != diag.Error {
			continue
		}
		n++
		if len(b.Items) < maxBannerItems {
			where := d.Subject
			if rel, err := filepath.Rel(dir, where.Filename); err == nil && !strings.HasPrefix(rel, "..") {
				where.Filename = filepath.ToSlash(rel) // no server paths on pages
			}
			b.Items = append(b.Items, site.BannerItem{Where: where.String(), Summary: d.Summary})
		}
	}
	b.More = n - len(b.Items)
	if b.Errors < n {
		b.Errors = n
	}
	return b
}

// withBanner returns a copy of st whose pages show banner.
func (st *state) withBanner(opts site.Options) *state {
	cp := *st
	cp.unreadable = ""
	cp.layout = site.NewLayout(st.book, opts)
	cp.site = cp.layout.Handler()
	return &cp
}

func (s *Server) myRoutes(mux *http.ServeMux) {
	page := http.Handler(http.HandlerFunc(s.myPage))
	post := http.Handler(http.HandlerFunc(s.myAcknowledge))
	if s.cfg.CSRF != nil {
		page = s.cfg.CSRF.Middleware(page)
		post = s.cfg.CSRF.Middleware(post)
	} else {
		post = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Forms are disabled on this server.", http.StatusForbidden)
		})
	}
	mux.Handle("GET /my", page)
	mux.Handle("POST /my/acknowledge", post)
}

type myView struct {
	Person      string
	SignIn      string // the sign-in link, when sign-in is configured
	Anonymous   bool
	Forms       bool
	Store       bool
	StoreFailed bool
	CSRF        string
	Parties     []*myParty
}

type myParty struct {
	ID, Name string
	Href     string // the party's page
	Duties   []myDuty
	// MoreDuties counts the duties not listed; the party's page has them.
	MoreDuties int
	Tenants    []myTenant
	// MoreTenants counts the tenants not listed.
	MoreTenants int
	Acks        []myAck
	Total       int
	Acked       int
	Stale       int
	Percent     int
	Zones       []myZone
}

type myDuty struct {
	Zone, Layer, Activity, Roles, Services, Rule string
	ViaTenantOwner                               bool
}

type myTenant struct {
	ID, Name, Provider, Zone, ZoneHref string
}

// Bounds of the lists on /my; the party's page and the API have the rest.
const (
	maxMyDuties  = 300
	maxMyTenants = 100
	maxMyNames   = 3 // services named in a duty before counting them
)

type myAck struct {
	Rule, Role string
	State      store.State
}

type myZone struct {
	Zone         string
	Acked, Total int
	Percent      int
}

func percent(n, total int) int {
	if total == 0 {
		return 100
	}
	return n * 100 / total
}

func (s *Server) render(w http.ResponseWriter, st *state, code int, title string, v any) {
	var body bytes.Buffer
	if err := myTemplate.Execute(&body, v); err != nil {
		s.log.Error("render page", "page", title, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	var page bytes.Buffer
	if err := st.layout.Render(&page, title, template.HTML(body.String())); err != nil {
		s.log.Error("render page", "page", title, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(page.Bytes())
}

func (s *Server) myPage(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	p, ok := s.person(r)
	if !ok || p.Actor() == "" {
		v := &myView{Anonymous: true}
		if s.cfg.Routes["GET /auth/login"] != nil {
			v.SignIn = "/auth/login?return=/my"
		}
		s.render(w, st, http.StatusUnauthorized, "My responsibilities", v)
		return
	}
	v := &myView{Person: p.Actor(), Forms: s.cfg.CSRF != nil, Store: s.cfg.Store != nil}
	if v.Forms {
		v.CSRF = s.cfg.CSRF.Token(r)
	}
	var cov map[string]store.PartyCoverage
	var zones []store.ZoneCoverage
	if s.cfg.Store != nil {
		ps, err := s.cfg.Store.Coverage(r.Context(), st.model)
		if err == nil {
			zones, err = s.cfg.Store.ZoneCoverage(r.Context(), st.model)
		}
		if err != nil {
			s.log.Error("store", "err", err)
			v.StoreFailed = true
		} else {
			cov = map[string]store.PartyCoverage{}
			for _, pc := range ps {
				cov[pc.Party] = pc
			}
		}
	}
	for _, pp := range st.book.Parties {
		if !p.MemberOf(pp.Party) {
			continue
		}
		mp := &myParty{ID: pp.Party.ID, Name: pp.Party.Name, Href: "/" + st.layout.PartyPath(pp.Party)}
		for _, t := range pp.Tenants {
			if len(mp.Tenants) == maxMyTenants {
				mp.MoreTenants++
				continue
			}
			mt := myTenant{ID: t.ID, Name: t.Name, Provider: t.Provider.ID, Zone: t.LandingZone.ID}
			if z := st.model.LandingZoneByID[t.LandingZone.ID]; z != nil {
				mt.Zone, mt.ZoneHref = z.Name, "/"+st.layout.ZonePath(z)
			}
			mp.Tenants = append(mp.Tenants, mt)
		}
		duties := pp.Duties()
		if len(duties) > maxMyDuties {
			mp.MoreDuties = len(duties) - maxMyDuties
			duties = duties[:maxMyDuties]
		}
		for _, d := range duties {
			md := myDuty{Roles: d.Roles, ViaTenantOwner: d.ViaTenantOwner}
			md.Zone = "Across the organisation"
			if d.LandingZone != nil {
				md.Zone = d.LandingZone.Name
			}
			if d.Activity != nil {
				md.Activity = d.Activity.Name
				md.Layer = "governance"
				if l := st.model.LayerByID[d.Activity.Layer.ID]; l != nil {
					md.Layer = l.Name
				}
			}
			switch n := d.Len(); {
			case d.Grain != model.GrainService:
				md.Services = view.Capital(d.Where())
			case d.AllServices:
				md.Services = fmt.Sprintf("all %d services", n)
			case n > maxMyNames:
				md.Services = fmt.Sprintf("%d services", n)
			default:
				names := make([]string, 0, n)
				for _, sv := range d.Services() {
					names = append(names, sv.Name)
				}
				md.Services = strings.Join(names, ", ")
			}
			if d.Assignment != nil && d.Assignment.Rule != nil {
				md.Rule = d.Assignment.Rule.ID
			}
			mp.Duties = append(mp.Duties, md)
		}
		if pc, ok := cov[pp.Party.ID]; ok {
			mp.Total, mp.Acked, mp.Stale = pc.Total, pc.Acknowledged, pc.Stale
			for _, rc := range pc.Rules {
				mp.Acks = append(mp.Acks, myAck{Rule: rc.Rule, Role: rc.Role, State: rc.State})
			}
		}
		mp.Percent = percent(mp.Acked, mp.Total)
		for _, zc := range zones {
			for _, pc := range zc.Parties {
				if pc.Party != pp.Party.ID {
					continue
				}
				name := zc.LandingZone
				if z := st.model.LandingZoneByID[zc.LandingZone]; z != nil {
					name = z.Name
				}
				mp.Zones = append(mp.Zones, myZone{Zone: name, Acked: pc.Acknowledged, Total: pc.Total, Percent: percent(pc.Acknowledged, pc.Total)})
			}
		}
		v.Parties = append(v.Parties, mp)
	}
	s.render(w, st, http.StatusOK, "My responsibilities", v)
}

// myAcknowledge handles the "Acknowledge" form; CSRF has been checked.
func (s *Server) myAcknowledge(w http.ResponseWriter, r *http.Request) {
	p, ok := s.person(r)
	if !ok || p.Actor() == "" {
		http.Error(w, "Sign in to acknowledge responsibilities.", http.StatusUnauthorized)
		return
	}
	if s.cfg.Store == nil {
		http.Error(w, "Acknowledgements are disabled on this server.", http.StatusServiceUnavailable)
		return
	}
	st := s.current.Load()
	partyID, ruleID := r.PostFormValue("party"), r.PostFormValue("rule")
	party := st.model.PartyByID[partyID]
	rule := st.model.RuleByID[ruleID]
	if party == nil || rule == nil {
		http.Error(w, "Unknown party or decision.", http.StatusBadRequest)
		return
	}
	addr := remoteHost(r)
	if !p.MemberOf(party) {
		s.log.Warn("acknowledgement refused: not a member", "party", party.ID, "rule", rule.ID)
		if err := s.cfg.Store.Audit(r.Context(), p.Actor(), "acknowledge-refused", "rule/"+rule.ID, addr,
			map[string]any{"party": party.ID, "rule": rule.ID, "reason": "not a member of the party"}); err != nil {
			s.log.Error("store", "err", err)
		}
		http.Error(w, fmt.Sprintf("You are not a member of party %q.", party.ID), http.StatusForbidden)
		return
	}
	inRefs := func(rs model.Refs) bool {
		return slices.ContainsFunc(rs, func(x model.Ref) bool { return x.ID == party.ID })
	}
	if !inRefs(rule.Responsible) && !inRefs(rule.Accountable) {
		http.Error(w, fmt.Sprintf("Party %q is neither responsible nor accountable in decision %q.", party.ID, rule.ID), http.StatusBadRequest)
		return
	}
	if rule.EffectiveStatus() == model.StatusRetired {
		http.Error(w, fmt.Sprintf("Decision %q is retired.", rule.ID), http.StatusBadRequest)
		return
	}
	if _, err := s.cfg.Store.Acknowledge(r.Context(), store.Ack{RuleID: rule.ID, RuleHash: store.RuleHash(rule), PartyID: party.ID, Person: p.Actor(), RemoteAddr: addr}); err != nil {
		s.log.Error("store", "err", err)
		http.Error(w, "The acknowledgement could not be saved; try again shortly.", http.StatusServiceUnavailable)
		return
	}
	s.metrics.ack()
	http.Redirect(w, r, "/my", http.StatusSeeOther)
}

var myTemplate = template.Must(template.New("my").Parse(`<h1>My responsibilities</h1>
{{if .Anonymous}}<p class="lead">Sign in to see the parties you belong to and what they are responsible, accountable, consulted and informed for.</p>
{{if .SignIn}}<p><a class="sign-in-link" href="{{.SignIn}}">Sign in</a></p>{{else}}<p class="note">Sign-in is not configured on this server.</p>{{end}}
{{else}}<p class="lead">Signed in as <strong>{{.Person}}</strong>.</p>
{{if not .Store}}<p class="note">Acknowledgements are not kept on this server (no database).</p>{{end}}
{{if .StoreFailed}}<p class="note">The acknowledgement database is unavailable; try again shortly.</p>{{end}}
{{if and .Store (not .Forms)}}<p class="note">Forms are disabled on this server, so acknowledging is not possible here.</p>{{end}}
{{if not .Parties}}<p>You are not a member of any party in the model. A party's members list the e-mail addresses and groups that act for it.</p>{{end}}
{{range $p := .Parties}}<section class="section my-party" id="party-{{.ID}}" aria-labelledby="h-{{.ID}}">
<h2 id="h-{{.ID}}">{{.Name}}</h2>
<p><a href="{{.Href}}">The page of {{.Name}}</a> shows its duties in full, with its landing zones and relations.</p>
{{if $.Store}}<p class="coverage">Acknowledged: <strong>{{.Acked}}/{{.Total}}</strong> ({{.Percent}}%){{if .Stale}}; {{.Stale}} stale{{end}}.</p>
{{if .Acks}}<div class="table-wrap" role="region" aria-label="Decisions to acknowledge for {{.Name}}" tabindex="0"><table class="data acks">
<caption>Decisions {{.Name}} is responsible or accountable for</caption>
<thead><tr><th scope="col">Decision</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
<tbody>{{range .Acks}}<tr><td><code>{{.Rule}}</code></td><td>{{.Role}}</td><td><span class="ack-state {{.State}}">{{if eq (print .State) "acknowledged"}}acknowledged (current){{else if eq (print .State) "stale"}}stale: the decision changed since{{else}}missing{{end}}</span></td>
<td>{{if and $.Forms (ne (print .State) "acknowledged")}}<form class="ack-form" method="post" action="/my/acknowledge"><input type="hidden" name="csrf_token" value="{{$.CSRF}}"><input type="hidden" name="party" value="{{$p.ID}}"><input type="hidden" name="rule" value="{{.Rule}}"><button type="submit">Acknowledge</button></form>{{end}}</td></tr>
{{end}}</tbody></table></div>{{end}}
{{if .Zones}}<div class="table-wrap" role="region" aria-label="Coverage of {{.Name}} per landing zone" tabindex="0"><table class="data zone-coverage">
<caption>Coverage per landing zone</caption>
<thead><tr><th scope="col">Landing zone</th><th scope="col">Acknowledged</th><th scope="col">Coverage</th></tr></thead>
<tbody>{{range .Zones}}<tr><td>{{.Zone}}</td><td>{{.Acked}}/{{.Total}}</td><td>{{.Percent}}%</td></tr>
{{end}}</tbody></table></div>{{end}}{{end}}
{{if .Duties}}<div class="table-wrap" role="region" aria-label="Duties of {{.Name}}" tabindex="0"><table class="data duties">
<caption>What {{.Name}} holds across the landing zones</caption>
<thead><tr><th scope="col">Landing zone</th><th scope="col">Layer</th><th scope="col">Activity</th><th scope="col">Roles</th><th scope="col">Where</th><th scope="col">Decided by</th></tr></thead>
<tbody>{{range .Duties}}<tr><td>{{.Zone}}</td><td>{{.Layer}}</td><td>{{.Activity}}</td><td>{{.Roles}}{{if .ViaTenantOwner}} <span class="badge via">as tenant owner</span>{{end}}</td><td>{{.Services}}</td><td>{{with .Rule}}<code>{{.}}</code>{{else}}<span class="muted">default</span>{{end}}</td></tr>
{{end}}</tbody></table></div>{{if .MoreDuties}}<p class="note">And {{.MoreDuties}} more duties: see <a href="{{.Href}}#duties">the page of {{.Name}}</a>.</p>{{end}}{{else}}<p class="note">{{.Name}} holds no role in any landing zone.</p>{{end}}
{{if .Tenants}}<div class="table-wrap" role="region" aria-label="Tenants of {{.Name}}" tabindex="0"><table class="data my-tenants">
<caption>Tenants {{.Name}} owns: in their landing zones it holds the duties of the tenant owner</caption>
<thead><tr><th scope="col">Tenant</th><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Landing zone</th></tr></thead>
<tbody>{{range .Tenants}}<tr><td><code>{{.ID}}</code></td><td>{{.Name}}</td><td>{{.Provider}}</td><td>{{if .ZoneHref}}<a href="{{.ZoneHref}}">{{.Zone}}</a>{{else}}{{.Zone}}{{end}}</td></tr>
{{end}}</tbody></table></div>{{if .MoreTenants}}<p class="note">And {{.MoreTenants}} more tenants.</p>{{end}}{{end}}
</section>
{{end}}{{end}}`))
