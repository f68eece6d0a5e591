package site

import (
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

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
	// The duties outside landing zones come first, as in the duty tables.
	if _, ok := col[nil]; ok {
		col[nil] = 0
		zones = append(zones, nil)
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
		if d.Grain == model.GrainService {
			c.n += d.Len()
		}
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
			if z == nil {
				w.s(orgDuties)
			} else {
				w.s(string(l.Zone(z)))
			}
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
				if c.roles != 0 && c.n > 0 && c.n < s.applicable(r.a, zones[i]) {
					w.s(`+`)
				}
				w.s(`</td>`)
			}
			w.s("</tr>\n")
		}
		w.s(`</tbody></table></div>`)
	}
}

// applicable counts the services of landing zone z that per-service
// activity a applies to, once per pair: a "+" marks roles held for only
// some of them.
func (s *site) applicable(a *model.Activity, z *model.LandingZone) int {
	if z == nil {
		return 0
	}
	s.applicableMu.Lock()
	defer s.applicableMu.Unlock()
	key := applicableKey{a, z}
	if n, ok := s.applicableN[key]; ok {
		return n
	}
	n := 0
	if zp := s.b.ZoneByID(z.ID); zp != nil {
		for _, sv := range zp.Services {
			if a.AppliesToService(sv) {
				n++
			}
		}
	}
	if s.applicableN == nil {
		s.applicableN = map[applicableKey]int{}
	}
	s.applicableN[key] = n
	return n
}

type applicableKey struct {
	a *model.Activity
	z *model.LandingZone
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
