package site

import (
	"bytes"
	"html/template"

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

// whereHead heads the column that says where an activity's cells are.
func whereHead(a *model.Activity) string {
	if a.EffectiveGrain() == model.GrainService {
		return "Services"
	}
	return "Where"
}

// Page size bounds. A service whose split has more answers than
// maxSplitRows, or a party with more duty rows than maxDutyRows, gets a
// summary instead of the full table, so that no page grows with the
// product of activities, landing zones and rules. The full detail is one
// click away on the activity and landing zone pages.
const (
	maxSplitRows = 600
)

// maxDutyRows is a variable so a test can reach the duty matrix on the
// example.
var maxDutyRows = 1500

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
