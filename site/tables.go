package site

import (
	"bytes"
	"html/template"
	"slices"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// The tables on these pages grow with the model, so they are written by
// hand from the escaped fragments in links rather than by a template
// action per cell. Every text taken from the model goes through hw.t.

const (
	inlineServices = 6  // services listed inline in a cell
	listedServices = 30 // services listed in a cell's expandable list
	listedActivity = 12 // activities listed for a rule with a selector
)

// allOf writes "all 12 services", or "both services" for two.
func allOf(w hw, n int, things string) {
	if n == 2 {
		w.s("both ")
	} else {
		w.s("all ")
		w.i(n)
		w.s(" ")
	}
	w.s(things)
}

// decided writes how an assignment was decided.
func decided(w hw, l *links, a *view.Assignment) {
	if c, ok := l.decided[a]; ok {
		w.s(c)
		return
	}
	writeDecided(w, l, a)
}

func writeDecided(w hw, l *links, a *view.Assignment) {
	switch a.Outcome {
	case resolve.ByProvider:
		w.s(`<span class="muted">provider border</span>`)
	case resolve.Gap:
		w.s(`<span class="badge gap">gap</span>`)
	case resolve.Conflicting:
		w.s(`<span class="badge conflict">conflict</span> `)
		w.s(string(l.Rule(a.Rule)))
	default:
		w.s(string(l.Rule(a.Rule)))
		if a.Rule != nil && a.Rule.EffectiveStatus() == model.StatusProposed {
			w.s(` <span class="badge status-proposed">proposed</span>`)
		}
	}
}

func parties(w hw, l *links, ps []*model.Party) {
	if len(ps) == 0 {
		w.s(`—`)
		return
	}
	for i, p := range ps {
		if i > 0 {
			w.s(", ")
		}
		w.s(string(l.Party(p)))
	}
}

// raci writes the A, R, C, I and decided-by cells of an assignment.
func raci(w hw, l *links, a *view.Assignment) {
	if c, ok := l.raci[a]; ok {
		w.s(c)
		return
	}
	writeRACI(w, l, a)
}

func writeRACI(w hw, l *links, a *view.Assignment) {
	w.s(`<td class="a">`)
	parties(w, l, a.Accountable)
	w.s(`</td><td>`)
	parties(w, l, a.Responsible)
	w.s(`</td><td>`)
	parties(w, l, a.Consulted)
	w.s(`</td><td>`)
	parties(w, l, a.Informed)
	w.s(`</td><td>`)
	writeDecided(w, l, a)
	w.s(`</td>`)
}

// cacheAssignments writes the cells of every assignment once: they repeat
// on many rows of many pages.
func (l *links) cacheAssignments(b *view.Book) {
	l.raci = map[*view.Assignment]string{}
	l.decided = map[*view.Assignment]string{}
	var buf bytes.Buffer
	for _, zp := range b.LandingZones {
		for _, za := range zp.Activities {
			for _, g := range za.Groups {
				a := g.Assignment
				if _, ok := l.raci[a]; ok {
					continue
				}
				buf.Reset()
				writeRACI(hw{&buf}, l, a)
				l.raci[a] = buf.String()
				buf.Reset()
				writeDecided(hw{&buf}, l, a)
				l.decided[a] = buf.String()
			}
		}
	}
}

const raciHead = `<th scope="col">Accountable</th><th scope="col">Responsible</th><th scope="col">Consulted</th><th scope="col">Informed</th><th scope="col">Decided by</th>`

// services writes the services of a group: all of them, a short list, all
// but a few, or an expandable list; or, when elsewhere is the address of a
// page that has that list, a link to it.
func (s *site) services(w hw, l *links, g *view.Group, all []*model.Service, elsewhere string) {
	if g.Grain != model.GrainService {
		w.t(view.Capital(g.Where()))
		return
	}
	n := g.Len()
	switch {
	case g.AllServices && n > 1:
		allOf(w, n, "services")
		return
	case n <= inlineServices:
		for i, sv := range g.Services() {
			if i > 0 {
				w.s(", ")
			}
			w.s(string(l.Service(sv)))
		}
		return
	case len(all)-n <= inlineServices && len(all) > n:
		in := make(map[*model.Service]bool, n)
		for _, sv := range g.Services() {
			in[sv] = true
		}
		w.s("all ")
		w.i(len(all))
		w.s(" services except ")
		first := true
		for _, sv := range all {
			if !in[sv] {
				if !first {
					w.s(", ")
				}
				first = false
				w.s(string(l.Service(sv)))
			}
		}
		return
	case elsewhere != "":
		w.s(`<a href="`)
		w.t(elsewhere)
		w.s(`">`)
		w.i(n)
		w.s(" of ")
		w.i(len(all))
		w.s(` services</a>`)
		return
	}
	w.s(`<details class="svc-list"><summary>`)
	w.i(n)
	w.s(" of ")
	w.i(len(all))
	w.s(` services</summary><ul>`)
	for i, sv := range g.Services() {
		if i == listedServices {
			w.s(`<li class="muted">and `)
			w.i(n - i)
			w.s(` more</li>`)
			break
		}
		w.s(`<li>`)
		w.s(string(l.Service(sv)))
		w.s(`</li>`)
	}
	w.s(`</ul></details>`)
}

func (s *site) layerName(a *model.Activity) (id, name string) {
	if l := s.b.Model.LayerByID[a.Layer.ID]; l != nil {
		return l.ID, l.Name
	}
	return "", "Governance"
}

// orgDuties heads the duties that happen outside any landing zone.
const orgDuties = "Across the organisation"

// dutyStem is the anchor of a landing zone's duties, or of the duties
// outside any landing zone.
func (s *site) dutyStem(z *model.LandingZone) string {
	if z == nil {
		return "_organisation" // ids cannot start with "_"
	}
	return s.zoneStem[z]
}

// whereHead heads the column that says where an activity's cells are.
func whereHead(a *model.Activity) string {
	if a.EffectiveGrain() == model.GrainService {
		return "Services"
	}
	return "Where"
}

// duties writes a party's duties by landing zone, then layer.
func (s *site) duties(w hw, l *links, pp *view.PartyPage) {
	w.s(`<section class="section" aria-labelledby="h-duties" id="duties"><h2 id="h-duties">Duties</h2>`)
	duties := pp.Duties()
	if len(duties) == 0 {
		w.s(`<p class="muted">`)
		w.t(pp.Party.Name)
		w.s(` holds no role in any cell of the model.</p></section>`)
		return
	}
	if rows := dutyRows(duties); rows > maxDutyRows {
		s.dutyMatrix(w, l, pp, duties, rows)
		w.s(`</section>`)
		return
	}
	w.s(`<p>Grouped by landing zone, then layer. Roles: <abbr title="Responsible">R</abbr> does the work, <abbr title="Accountable">A</abbr> answers for it, <abbr title="Consulted">C</abbr> is asked first, <abbr title="Informed">I</abbr> is told. <span class="via">tenant owner</span> marks duties held as the team that owns tenants in that landing zone.</p>`)
	// Table of contents: one entry per landing zone.
	type zoneRun struct {
		zone       *model.LandingZone
		start, end int
	}
	var runs []zoneRun
	for i, d := range duties {
		if len(runs) == 0 || runs[len(runs)-1].zone != d.LandingZone {
			runs = append(runs, zoneRun{zone: d.LandingZone, start: i})
		}
		runs[len(runs)-1].end = i + 1
	}
	if len(runs) > 1 {
		w.s(`<nav class="toc" aria-label="Duties by landing zone"><ul>`)
		for _, r := range runs {
			w.s(`<li><a href="#z-`)
			w.s(s.dutyStem(r.zone))
			w.s(`">`)
			if r.zone == nil {
				w.s(orgDuties)
			} else {
				w.t(r.zone.Name)
			}
			w.s(`</a> <span class="count">`)
			w.i(dutyRows(duties[r.start:r.end]))
			w.s(`</span></li>`)
		}
		w.s(`</ul></nav>`)
	}
	for _, r := range runs {
		z := r.zone
		total := 0
		zoneHref := ""
		stem := s.dutyStem(z)
		w.s(`<section class="zone-duties" id="z-`)
		w.s(stem)
		w.s(`" aria-labelledby="hz-`)
		w.s(stem)
		w.s(`"><h3 id="hz-`)
		w.s(stem)
		w.s(`">`)
		if z == nil {
			w.s(orgDuties)
		} else {
			if zp := s.b.ZoneByID(z.ID); zp != nil {
				total = len(zp.Services)
			}
			zoneHref = l.Root + s.zonePath(z)
			w.s(`In `)
			w.s(string(l.Zone(z)))
		}
		w.s(`</h3>`)
		ds := duties[r.start:r.end]
		for i := 0; i < len(ds); {
			layer := ds[i].Activity.Layer.ID
			j := i
			for j < len(ds) && ds[j].Activity.Layer.ID == layer {
				j++
			}
			_, lname := s.layerName(ds[i].Activity)
			w.s(`<div class="table-wrap"><table class="data duties"><caption>`)
			w.t(lname)
			w.s(` <span class="count">`)
			w.i(dutyRows(ds[i:j]))
			w.s(`</span></caption><thead><tr><th scope="col">Activity</th><th scope="col">Roles</th><th scope="col">Where</th><th scope="col">Decided by</th></tr></thead><tbody>`)
			for k := i; k < j; {
				// Groups that differ only in what the party does not see
				// (such as the provider of a shared layer) read as one row.
				d := &ds[k]
				m := k + 1
				n := d.Len()
				for m < j && sameDuty(d, &ds[m]) {
					n += ds[m].Len()
					m++
				}
				w.s(`<tr><th scope="row">`)
				w.s(l.activity[d.Activity])
				w.s(`</th><td>`)
				w.t(d.Roles)
				if d.ViaTenantOwner {
					w.s(` <span class="via">tenant owner</span>`)
				}
				w.s(`</td><td>`)
				switch {
				case d.Grain != model.GrainService:
					groups := make([]*view.Group, 0, m-k)
					for _, g := range ds[k:m] {
						groups = append(groups, g.Group)
					}
					w.t(view.Capital(view.WhereOf(groups...)))
				case n == total && n > 1:
					allOf(w, n, "services")
				case n <= 3:
					first := true
					for _, g := range ds[k:m] {
						for _, sv := range g.Services() {
							if !first {
								w.s(", ")
							}
							first = false
							w.s(string(l.Service(sv)))
						}
					}
				default:
					w.s(`<a href="`)
					w.t(zoneHref)
					w.s(`#a-`)
					w.s(s.activityStem[d.Activity])
					w.s(`">`)
					w.i(n)
					w.s(" of ")
					w.i(total)
					w.s(" services</a>")
				}
				w.s(`</td><td>`)
				decided(w, l, d.Assignment)
				w.s("</td></tr>\n")
				k = m
			}
			w.s(`</tbody></table></div>`)
			i = j
		}
		w.s(`</section>`)
	}
	w.s(`</section>`)
}

// sameDuty reports whether two duties of a party read the same: one
// activity, the same roles, held the same way and decided the same way.
func sameDuty(a, b *view.Duty) bool {
	return a.Activity == b.Activity && a.LandingZone == b.LandingZone && a.Roles == b.Roles && a.ViaTenantOwner == b.ViaTenantOwner &&
		a.Assignment.Outcome == b.Assignment.Outcome && a.Assignment.Rule == b.Assignment.Rule
}

// dutyRows counts the rows duties take once alike ones are merged.
func dutyRows(ds []view.Duty) int {
	n := 0
	for i := range ds {
		if i == 0 || !sameDuty(&ds[i-1], &ds[i]) {
			n++
		}
	}
	return n
}

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

// Page size bounds. A service whose split has more answers than
// maxSplitRows, or a party with more duty rows than maxDutyRows, gets a
// summary instead of the full table, so that no page grows with the
// product of activities, landing zones and rules. The full detail is one
// click away on the activity and landing zone pages.
const (
	maxSplitRows = 600
	maxDutyRows  = 1500
)

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

// dutyMatrix writes a party's roles as one table per layer: activities by
// landing zone. It replaces the duty tables when they would be too long.
func (s *site) dutyMatrix(w hw, l *links, pp *view.PartyPage, duties []view.Duty, rows int) {
	w.s(`<p>`)
	w.t(pp.Party.Name)
	w.s(` holds roles in `)
	w.t(num(rows))
	w.s(` groups of cells, too many to list one by one. The tables show its roles per activity and landing zone (<abbr title="Responsible">R</abbr>, <abbr title="Accountable">A</abbr>, <abbr title="Consulted">C</abbr>, <abbr title="Informed">I</abbr>; a star marks roles held as the owner of tenants in that landing zone, a plus sign roles held for only some of the landing zone's services). Open an activity for the services and decisions behind each role.</p>`)
	// The landing zones where the party holds any role, in model order.
	var zones []*model.LandingZone
	col := map[*model.LandingZone]int{}
	for _, d := range duties {
		if _, ok := col[d.LandingZone]; !ok {
			col[d.LandingZone] = -1
		}
	}
	for _, zp := range s.b.LandingZones {
		if _, ok := col[zp.Zone]; ok {
			col[zp.Zone] = len(zones)
			zones = append(zones, zp.Zone)
		}
	}
	// Per layer, per activity: the roles in each landing zone.
	type cell struct {
		roles uint8 // bits of R, A, C, I
		via   bool
		n     int
	}
	type actRow struct {
		a     *model.Activity
		cells []cell
	}
	byLayer := map[string][]*actRow{}
	rowOf := make([]*actRow, len(s.b.Activities))
	for _, d := range duties {
		ai := s.activityIndex[d.Activity]
		r := rowOf[ai]
		if r == nil {
			r = &actRow{a: d.Activity, cells: make([]cell, len(zones))}
			rowOf[ai] = r
			byLayer[d.Activity.Layer.ID] = append(byLayer[d.Activity.Layer.ID], r)
		}
		c := &r.cells[col[d.LandingZone]]
		c.roles |= roleBits(d.Roles)
		c.via = c.via || d.ViaTenantOwner
		c.n += d.Len()
	}
	total := map[*model.LandingZone]int{}
	for _, zp := range s.b.LandingZones {
		total[zp.Zone] = len(zp.Services)
	}
	for _, ly := range s.layerOptions() {
		list := byLayer[ly[0]]
		if len(list) == 0 {
			continue
		}
		w.s(`<div class="table-wrap" role="region" aria-label="`)
		w.t(ly[1])
		w.s(`" tabindex="0"><table class="data matrix duty-matrix"><caption>`)
		w.t(ly[1])
		w.s(` <span class="count">`)
		w.i(len(list))
		w.s(`</span></caption><thead><tr><th scope="col">Activity</th>`)
		for _, z := range zones {
			w.s(`<th scope="col">`)
			w.s(string(l.Zone(z)))
			w.s(`</th>`)
		}
		w.s(`</tr></thead><tbody>`)
		for _, r := range list {
			w.s(`<tr><th scope="row">`)
			w.s(l.activity[r.a])
			w.s(`</th>`)
			for i, c := range r.cells {
				w.s(`<td>`)
				w.s(roleLetters[c.roles])
				if c.via {
					w.s(`*`)
				}
				if c.roles != 0 && c.n < total[zones[i]] {
					w.s(`+`)
				}
				w.s(`</td>`)
			}
			w.s("</tr>\n")
		}
		w.s(`</tbody></table></div>`)
	}
}

// roleBits encodes role letters as bits: R 1, A 2, C 4, I 8.
func roleBits(roles string) uint8 {
	var b uint8
	for i := 0; i < len(roles); i++ {
		switch roles[i] {
		case 'R':
			b |= 1
		case 'A':
			b |= 2
		case 'C':
			b |= 4
		case 'I':
			b |= 8
		}
	}
	return b
}

// roleLetters spells each combination of role bits as R, A, C, I.
var roleLetters = func() (out [16]string) {
	for b := range out {
		for i, r := range "RACI" {
			if b&(1<<i) != 0 {
				out[b] += string(r)
			}
		}
	}
	return out
}()

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

// chartTable is the text equivalent of a landing zone's chart.
func (s *site) chartTable(l *links, c *view.Chart) template.HTML {
	var buf bytes.Buffer
	w := hw{&buf}
	if len(c.Columns) == 0 {
		return `<p class="muted">No services, so no chart.</p>`
	}
	w.s(`<div class="table-wrap" role="region" aria-labelledby="cap-chart-table" tabindex="0"><table class="data chart-data"><caption id="cap-chart-table">Cells by layer and service model, split by the kind of party accountable</caption><thead><tr><th scope="col">Layer</th>`)
	for _, col := range c.Columns {
		w.s(`<th scope="col">`)
		w.t(col.Model.Name)
		w.s(` <span class="sub">`)
		w.i(len(col.Services))
		w.s(plural(len(col.Services), " service", " services"))
		w.s(`</span></th>`)
	}
	w.s(`</tr></thead><tbody>`)
	for _, row := range c.Rows {
		w.s(`<tr><th scope="row">`)
		w.t(row.Name)
		w.s(`</th>`)
		for _, cell := range row.Cells {
			w.s(`<td>`)
			if cell.Total == 0 {
				w.s(`<span class="none">—</span>`)
			} else {
				w.s(`<ul class="shares">`)
				for _, sh := range cell.Shares {
					w.s(`<li><span class="swatch cat-`)
					w.t(sh.Category)
					w.s(`" aria-hidden="true"></span>`)
					w.t(categoryLabel(sh.Category))
					w.s(`: `)
					w.t(num(sh.Count))
					if len(sh.Parties) > 0 {
						w.s(` (`)
						parties(w, l, sh.Parties)
						w.s(`)`)
					}
					w.s(`</li>`)
				}
				w.s(`</ul>`)
			}
			w.s(`</td>`)
		}
		w.s("</tr>\n")
	}
	w.s(`</tbody></table></div>`)
	return template.HTML(buf.String())
}

// layerOptions are the options of a layer filter.
func (s *site) layerOptions() [][2]string {
	opts := [][2]string{{"", "Governance"}}
	m := s.b.Model
	for i := len(m.Layers) - 1; i >= 0; i-- {
		opts = append(opts, [2]string{m.Layers[i].ID, m.Layers[i].Name})
	}
	return opts
}

// filterBox writes the (script-enabled) filter of a table.
func filterBox(w hw, target, label string, layers [][2]string) {
	w.s(`<div class="table-filter" data-filter-for="`)
	w.s(target)
	w.s(`" hidden><label for="filter-`)
	w.s(target)
	w.s(`">`)
	w.t(label)
	w.s(`</label><input id="filter-`)
	w.s(target)
	w.s(`" type="search" placeholder="Type to filter…" autocomplete="off">`)
	if len(layers) > 0 {
		w.s(`<label for="layer-`)
		w.s(target)
		w.s(`">Layer</label><select id="layer-`)
		w.s(target)
		w.s(`" data-filter-attr="layer"><option value="*">any</option>`)
		for _, o := range layers {
			w.s(`<option value="`)
			w.t(o[0])
			w.s(`">`)
			w.t(o[1])
			w.s(`</option>`)
		}
		w.s(`</select>`)
	}
	w.s(`<output for="filter-`)
	w.s(target)
	w.s(`" class="filter-count" aria-live="polite"></output></div>`)
}
