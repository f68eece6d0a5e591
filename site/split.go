package site

import (
	"slices"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// split writes a service's internal split per activity.
func (s *site) split(w hw, l *links, sp *view.ServicePage) {
	w.s(`<section class="section" aria-labelledby="h-split"><h2 id="h-split">Internal split</h2>`)
	split := sp.Split()
	if len(split) == 0 {
		w.s(`<p class="muted">No landing zone offers this service, so no cell is resolved for it.</p></section>`)
		return
	}
	rows := 0
	for _, row := range split {
		rows += len(row.Answers)
	}
	if rows > maxSplitRows {
		s.splitSummary(w, l, sp, split, rows)
		return
	}
	w.s(`<p>Who holds each activity for `)
	w.t(sp.Service.Name)
	w.s(`, across the landing zones that offer it. Landing zones with the same answer share a row.</p>`)
	filterBox(w, "split-table", "Filter activities", s.layerOptions())
	w.s(`<div class="table-wrap" role="region" aria-labelledby="cap-split" tabindex="0"><table class="data split" id="split-table" data-filter-items="tbody"><caption id="cap-split">`)
	w.i(len(split))
	w.s(` activities</caption><thead><tr><th scope="col">Activity</th><th scope="col">Landing zones</th>`)
	w.s(raciHead)
	w.s(`</tr></thead>`)
	for _, row := range split {
		lid, lname := s.layerName(row.Activity)
		w.s(`<tbody data-layer="`)
		w.t(lid)
		w.s(`">`)
		for i, za := range row.Answers {
			w.s(`<tr>`)
			if i == 0 {
				w.s(`<th scope="rowgroup"`)
				if len(row.Answers) > 1 {
					w.s(` rowspan="`)
					w.i(len(row.Answers))
					w.s(`"`)
				}
				w.s(`>`)
				w.s(string(l.Activity(row.Activity)))
				w.s(`<span class="sub">`)
				w.t(lname)
				w.s(`</span></th>`)
			}
			w.s(`<td>`)
			if len(za.Zones) == len(sp.Zones) && len(za.Zones) > 1 {
				allOf(w, len(za.Zones), "landing zones")
			} else {
				for k, z := range za.Zones {
					if k > 0 {
						w.s(", ")
					}
					w.s(string(l.Zone(z)))
				}
			}
			w.s(`</td>`)
			raci(w, l, za.Assignment)
			w.s("</tr>\n")
		}
		w.s(`</tbody>`)
	}
	w.s(`</table></div></section>`)
}

// splitSummary writes a service's split with one row per activity: who is
// accountable, and in how many of the landing zones.
func (s *site) splitSummary(w hw, l *links, sp *view.ServicePage, split []view.SplitRow, rows int) {
	w.s(`<p>`)
	w.t(sp.Service.Name)
	w.s(` has `)
	w.t(num(rows))
	w.s(` different answers across its activities and `)
	w.i(len(sp.Zones))
	w.s(` landing zones, too many to list here. The table shows who is accountable for each activity, with the number of landing zones in brackets where it varies; open an activity for who is responsible, consulted and informed in each landing zone, and which decision applies.</p>`)
	filterBox(w, "split-table", "Filter activities", s.layerOptions())
	w.s(`<div class="table-wrap" role="region" aria-labelledby="cap-split" tabindex="0"><table class="data split-summary" id="split-table" data-filter-items="tr"><caption id="cap-split">`)
	w.i(len(split))
	w.s(` activities</caption><thead><tr><th scope="col">Activity</th><th scope="col">Accountable</th><th scope="col">Decisions</th></tr></thead><tbody>`)
	type acc struct {
		p     *model.Party
		zones int
	}
	var accs []acc
	var rules []*model.Rule
	for _, row := range split {
		accs, rules = accs[:0], rules[:0]
		gaps := 0
		for _, za := range row.Answers {
			a := za.Assignment
			if a.Rule != nil && !slices.Contains(rules, a.Rule) {
				rules = append(rules, a.Rule)
			}
			if len(a.Accountable) == 0 {
				gaps += len(za.Zones)
				continue
			}
			found := false
			for i := range accs {
				if accs[i].p == a.Accountable[0] {
					accs[i].zones += len(za.Zones)
					found = true
				}
			}
			if !found {
				accs = append(accs, acc{a.Accountable[0], len(za.Zones)})
			}
		}
		lid, _ := s.layerName(row.Activity)
		w.s(`<tr data-layer="`)
		w.t(lid)
		w.s(`"><th scope="row">`)
		w.s(l.activity[row.Activity])
		w.s(`</th><td>`)
		for i, a := range accs {
			if i > 0 {
				w.s(`, `)
			}
			w.s(string(l.Party(a.p)))
			if len(accs) > 1 || gaps > 0 {
				w.s(` (`)
				w.i(a.zones)
				w.s(`)`)
			}
		}
		if gaps > 0 {
			if len(accs) > 0 {
				w.s(`, `)
			}
			w.s(`<span class="badge gap">gap</span> (`)
			w.i(gaps)
			w.s(`)`)
		}
		w.s(`</td><td>`)
		switch {
		case len(rules) == 0:
			w.s(`<span class="muted">provider border</span>`)
		case len(rules) == 1:
			w.s(string(l.Rule(rules[0])))
		default:
			w.s(`<a href="`)
			w.s(l.Root)
			w.s(s.activityPath(row.Activity))
			w.s(`#h-rules">`)
			w.i(len(rules))
			w.s(` decisions</a>`)
		}
		w.s("</td></tr>\n")
	}
	w.s(`</tbody></table></div></section>`)
}
