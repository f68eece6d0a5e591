package site

import (
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// zoneActivities writes a landing zone's activities with their groups.
func (s *site) zoneActivities(w hw, l *links, zp *view.ZonePage) {
	w.s(`<section class="section" aria-labelledby="h-activities"><h2 id="h-activities">Who does what</h2>`)
	if len(zp.Activities) == 0 {
		w.s(`<p class="muted">No cells: the landing zone offers no services.</p></section>`)
		return
	}
	w.s(`<p>Every activity in `)
	w.t(zp.Zone.Name)
	w.s(`, with the services that share one answer grouped together.</p>`)
	filterBox(w, "zone-table", "Filter activities", s.layerOptions())
	w.s(`<div class="table-wrap" role="region" aria-labelledby="cap-zone" tabindex="0"><table class="data groups with-activity" id="zone-table" data-filter-items="tbody"><caption id="cap-zone">`)
	w.i(len(zp.Activities))
	w.s(` activities in `)
	w.t(zp.Zone.Name)
	w.s(`</caption><thead><tr><th scope="col">Activity</th><th scope="col">Where</th>`)
	w.s(raciHead)
	w.s(`</tr></thead>`)
	for _, za := range zp.Activities {
		s.groupRows(w, l, za.Activity, za.Groups, zp.Services, true)
	}
	w.s(`</table></div></section>`)
}

// groupRows writes one activity's groups as a tbody.
func (s *site) groupRows(w hw, l *links, a *model.Activity, groups []*view.Group, all []*model.Service, head bool) {
	lid, lname := s.layerName(a)
	w.s(`<tbody id="a-`)
	w.s(s.activityStem[a])
	w.s(`" data-layer="`)
	w.t(lid)
	w.s(`">`)
	for i, g := range groups {
		w.s(`<tr>`)
		if i == 0 && head {
			w.s(`<th scope="rowgroup"`)
			if len(groups) > 1 {
				w.s(` rowspan="`)
				w.i(len(groups))
				w.s(`"`)
			}
			w.s(`>`)
			w.s(string(l.Activity(a)))
			w.s(`<span class="sub">`)
			w.t(lname)
			w.s(`</span></th>`)
		}
		w.s(`<td>`)
		s.services(w, l, g, all, "")
		w.s(`</td>`)
		raci(w, l, g.Assignment)
		w.s("</tr>\n")
	}
	w.s(`</tbody>`)
}

// activityZones writes an activity resolved in every landing zone.
func (s *site) activityZones(w hw, l *links, ap *view.ActivityPage) {
	w.s(`<section class="section" aria-labelledby="h-resolved"><h2 id="h-resolved">Who does it, per landing zone</h2>`)
	if len(ap.Zones) == 0 {
		w.s(`<p class="muted">No landing zone resolves this activity.</p></section>`)
		return
	}
	for _, zg := range ap.Zones {
		var all []*model.Service
		st := s.dutyStem(zg.Zone)
		w.s(`<section class="zone-block" aria-labelledby="hz-`)
		w.s(st)
		w.s(`"><h3 id="hz-`)
		w.s(st)
		w.s(`">`)
		listed := ""
		if zg.Zone == nil {
			w.s(orgDuties)
		} else {
			if zp := s.b.ZoneByID(zg.Zone.ID); zp != nil {
				all = zp.Services
			}
			listed = l.Root + s.zonePath(zg.Zone) + "#a-" + s.activityStem[ap.Activity]
			w.s(`In `)
			w.s(string(l.Zone(zg.Zone)))
		}
		w.s(`</h3><div class="table-wrap"><table class="data groups"><caption class="visually-hidden">`)
		w.t(ap.Activity.Name)
		if zg.Zone == nil {
			w.s(` across the organisation`)
		} else {
			w.s(` in `)
			w.t(zg.Zone.Name)
		}
		w.s(`</caption><thead><tr><th scope="col">`)
		w.s(whereHead(ap.Activity))
		w.s(`</th>`)
		w.s(raciHead)
		w.s(`</tr></thead><tbody>`)
		for _, g := range zg.Groups {
			w.s(`<tr><td>`)
			s.services(w, l, g, all, listed)
			w.s(`</td>`)
			raci(w, l, g.Assignment)
			w.s("</tr>\n")
		}
		w.s(`</tbody></table></div></section>`)
	}
	w.s(`</section>`)
}

// activityRules writes the rules that select an activity.
func (s *site) activityRules(w hw, l *links, ap *view.ActivityPage) {
	w.s(`<section class="section" aria-labelledby="h-rules"><h2 id="h-rules">Decisions about it</h2>`)
	if len(ap.Rules) == 0 {
		w.s(`<p class="muted">No rule selects this activity.</p></section>`)
		return
	}
	w.s(`<p>The rules that select this activity, the most specific first. In each cell the most specific matching rule decides.</p><ol class="rule-list">`)
	for _, d := range ap.Rules {
		r := d.Rule
		w.s(`<li class="rule-item"><p class="rule-head">`)
		w.s(string(l.Rule(r)))
		w.s(` `)
		statusBadge(w, d)
		w.s(` <span class="scope">`)
		s.scope(w, l, r.Scope)
		w.s(`</span></p>`)
		s.ruleRACI(w, l, r)
		if h := s.md[r.Rationale]; h != "" {
			w.s(`<div class="prose rationale">`)
			w.s(string(h))
			w.s(`</div>`)
		}
		w.s("</li>\n")
	}
	w.s(`</ol></section>`)
}
