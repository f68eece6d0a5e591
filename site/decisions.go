package site

import (
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func statusBadge(w hw, d *view.Decision) {
	st := string(d.Rule.EffectiveStatus())
	w.s(`<span class="badge status-`)
	w.t(st)
	w.s(`">`)
	w.t(st)
	w.s(`</span>`)
	if d.Overdue {
		w.s(` <span class="badge overdue">review overdue</span>`)
	}
}

// scope writes a rule's scope with links.
func (s *site) scope(w hw, l *links, sc *model.Scope) {
	if sc == nil || view.ScopeText(sc) == "everywhere" {
		w.s("everywhere")
		return
	}
	m := s.b.Model
	first := true
	sep := func() {
		if !first {
			w.s(", ")
		}
		first = false
	}
	if sc.Provider.IsSet() {
		sep()
		w.s("provider ")
		w.s(string(l.Provider(sc.Provider.ID)))
	}
	if sc.ServiceModel.IsSet() {
		sep()
		w.s("service model ")
		if sm := m.ServiceModelByID[sc.ServiceModel.ID]; sm != nil {
			w.t(sm.Name)
		} else {
			w.t(sc.ServiceModel.ID)
		}
	}
	if sc.Service.IsSet() {
		sep()
		w.s("service ")
		if sv := m.ServiceByID[sc.Service.ID]; sv != nil {
			w.s(string(l.Service(sv)))
		} else {
			w.t(sc.Service.ID)
		}
	}
	if sc.LandingZone.IsSet() {
		sep()
		w.s("landing zone ")
		w.s(string(l.ZoneID(sc.LandingZone.ID)))
	}
	if sc.Tenant.IsSet() {
		sep()
		w.s("tenant <code>")
		w.t(sc.Tenant.ID)
		w.s("</code>")
	}
}

func refParties(w hw, l *links, refs model.Refs) {
	if len(refs) == 0 {
		w.s(`<span class="none">—</span>`)
		return
	}
	for i, r := range refs {
		if i > 0 {
			w.s(", ")
		}
		w.s(string(l.PartyID(r.ID)))
	}
}

// ruleRACI writes a rule's roles as a definition list.
func (s *site) ruleRACI(w hw, l *links, r *model.Rule) {
	w.s(`<dl class="raci"><dt>Accountable</dt><dd>`)
	refParties(w, l, r.Accountable)
	w.s(`</dd><dt>Responsible</dt><dd>`)
	refParties(w, l, r.Responsible)
	w.s(`</dd>`)
	if len(r.Consulted) > 0 {
		w.s(`<dt>Consulted</dt><dd>`)
		refParties(w, l, r.Consulted)
		w.s(`</dd>`)
	}
	if len(r.Informed) > 0 {
		w.s(`<dt>Informed</dt><dd>`)
		refParties(w, l, r.Informed)
		w.s(`</dd>`)
	}
	w.s(`</dl>`)
}

// decisions writes the decisions log.
func (s *site) decisions(w hw, l *links) {
	ds := s.b.Decisions
	counts := map[model.Status]int{}
	overdue := 0
	for _, d := range ds {
		counts[d.Rule.EffectiveStatus()]++
		if d.Overdue {
			overdue++
		}
	}
	w.s(`<h1>Decisions</h1><p class="lead">Every responsibility decision: what was decided, where it applies, who holds which role, and why.</p>`)
	w.s(`<ul class="stat-cards"><li class="stat-card"><span class="stat-value">`)
	w.t(num(len(ds)))
	w.s(`</span><span class="stat-label">decisions</span></li>`)
	for _, st := range []model.Status{model.StatusAgreed, model.StatusProposed, model.StatusRetired} {
		w.s(`<li class="stat-card"><span class="stat-value">`)
		w.t(num(counts[st]))
		w.s(`</span><span class="stat-label">`)
		w.t(string(st))
		w.s(`</span></li>`)
	}
	w.s(`<li class="stat-card`)
	if overdue > 0 {
		w.s(` is-bad`)
	}
	w.s(`"><span class="stat-value">`)
	w.t(num(overdue))
	w.s(`</span><span class="stat-label">overdue for review</span></li></ul>`)
	if len(ds) == 0 {
		w.s(`<p class="muted">The model records no decisions yet.</p>`)
		return
	}
	w.s(`<div class="table-filter" data-filter-for="decision-list" hidden><label for="filter-decision-list">Filter decisions</label><input id="filter-decision-list" type="search" placeholder="Type to filter…" autocomplete="off">`)
	w.s(`<label for="status-decision-list">Status</label><select id="status-decision-list" data-filter-attr="status"><option value="*">any</option><option value="agreed">agreed</option><option value="proposed">proposed</option><option value="retired">retired</option><option value="overdue">overdue for review</option></select>`)
	w.s(`<output for="filter-decision-list" class="filter-count" aria-live="polite"></output></div>`)
	w.s(`<div class="decision-list" id="decision-list" data-filter-items="article">`)
	for _, d := range ds {
		r := d.Rule
		st := s.ruleStem[r]
		w.s(`<article class="decision" id="r-`)
		w.s(st)
		w.s(`" data-status="`)
		w.t(string(r.EffectiveStatus()))
		if d.Overdue {
			w.s(` overdue`)
		}
		w.s(`" aria-labelledby="h-r-`)
		w.s(st)
		w.s(`"><header class="decision-head"><h2 id="h-r-`)
		w.s(st)
		w.s(`">`)
		w.t(r.ID)
		w.s(`</h2> `)
		statusBadge(w, d)
		if !d.Approved && r.EffectiveStatus() != model.StatusRetired && !placeholderAccountable(s, r) {
			w.s(` <span class="badge unapproved">not approved by the accountable party</span>`)
		}
		w.s(`<span class="decision-dates">`)
		if !r.Decided.IsZero() {
			w.s(`decided `)
			date(w, r.Decided)
		}
		if !r.ReviewBy.IsZero() {
			if !r.Decided.IsZero() {
				w.s(` · `)
			}
			w.s(`review by `)
			date(w, r.ReviewBy)
		}
		w.s(`</span></header><p class="decision-where"><span class="label">Applies</span> `)
		s.scope(w, l, r.Scope)
		w.s(` <span class="sep" aria-hidden="true">·</span> <span class="label">Activities</span> `)
		s.selection(w, l, d)
		w.s(` <span class="sep" aria-hidden="true">·</span> <span class="label">Decides</span> `)
		w.t(num(d.Cells))
		w.s(plural(d.Cells, " cell", " cells"))
		w.s(`</p><dl class="raci-grid"><div><dt>Accountable</dt><dd>`)
		refParties(w, l, r.Accountable)
		w.s(`</dd></div><div><dt>Responsible</dt><dd>`)
		refParties(w, l, r.Responsible)
		w.s(`</dd></div><div><dt>Consulted</dt><dd>`)
		refParties(w, l, r.Consulted)
		w.s(`</dd></div><div><dt>Informed</dt><dd>`)
		refParties(w, l, r.Informed)
		w.s(`</dd></div></dl>`)
		if h := s.md[r.Rationale]; h != "" {
			w.s(`<div class="prose rationale">`)
			w.s(string(h))
			w.s(`</div>`)
		} else {
			w.s(`<p class="muted">No rationale recorded.</p>`)
		}
		w.s(`<p class="approvals"><span class="label">Approvals</span> `)
		if len(r.Approvals) == 0 {
			w.s(`<span class="none">none recorded</span>`)
		}
		for i, ap := range r.Approvals {
			if i > 0 {
				w.s(`; `)
			}
			w.s(string(l.PartyID(ap.Party.ID)))
			if ap.By != "" {
				w.s(` by `)
				w.t(ap.By)
			}
			if !ap.At.IsZero() {
				w.s(` on `)
				date(w, ap.At)
			}
		}
		w.s(`</p>`)
		w.s("</article>\n")
	}
	w.s(`</div>`)
}

// placeholderAccountable reports a rule whose accountable party is the
// tenant-owner placeholder, which approves nothing itself.
func placeholderAccountable(s *site, r *model.Rule) bool {
	if len(r.Accountable) != 1 {
		return false
	}
	p := s.b.Model.PartyByID[r.Accountable[0].ID]
	return p != nil && p.Placeholder
}

func date(w hw, d model.Date) {
	if d.IsZero() {
		w.s(`<span class="none">—</span>`)
		return
	}
	w.s(`<time datetime="`)
	w.t(d.String())
	w.s(`">`)
	w.t(d.String())
	w.s(`</time>`)
}

// selection writes the activities a rule selects.
func (s *site) selection(w hw, l *links, d *view.Decision) {
	r := d.Rule
	if sel := r.Activities; sel != nil && !r.Activity.IsSet() && (sel.All || sel.Area != "" || sel.Layer.IsSet()) {
		switch {
		case sel.All:
			w.s("every activity")
		default:
			w.s("activities")
			if sel.Area != "" {
				w.s(" in area <code>")
				w.t(sel.Area)
				w.s("</code>")
			}
			if sel.Layer.IsSet() {
				w.s(" on layer ")
				if ly := s.b.Model.LayerByID[sel.Layer.ID]; ly != nil {
					w.t(ly.Name)
				} else {
					w.t(sel.Layer.ID)
				}
			}
		}
		w.s(" (")
		w.i(len(d.Activities))
		w.s(")")
		if len(d.Activities) > listedActivity {
			return
		}
		w.s(": ")
	}
	if len(d.Activities) == 0 {
		w.s(`<span class="none">none</span>`)
		return
	}
	for i, a := range d.Activities {
		if i == listedActivity {
			w.s(" and ")
			w.i(len(d.Activities) - i)
			w.s(" more")
			break
		}
		if i > 0 {
			w.s(", ")
		}
		w.s(string(l.Activity(a)))
	}
}
