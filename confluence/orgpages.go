package confluence

import (
	"cmp"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

func (w *writer) stakeholders() {
	b := w.b
	d := w.start(KeyStakeholders)
	var atts []Attachment
	if svg := chartStakeholders(b); len(svg) > 0 {
		atts = append(atts, Attachment{Name: "stakeholders.svg", ContentType: "image/svg+xml", Data: svg})
		d.pRaw(image("stakeholders.svg", "Stakeholder map: influence and interest"))
	}
	var rows [][]string
	for _, st := range b.Stakeholders {
		rows = append(rows, []string{w.party(st.Party), esc(string(st.Party.Kind)), esc(cmp.Or(view.LevelName(st.Influence), "unknown")), esc(cmp.Or(view.LevelName(st.Interest), "unknown")), esc(strings.Join(st.Concerns, "; "))})
	}
	d.table([]string{"Party", "Kind", "Influence", "Interest", "Concerns"}, rows)
	if len(b.Relations) > 0 {
		d.h(2, "Relations")
		if svg := chartRelations(b); len(svg) > 0 {
			atts = append(atts, Attachment{Name: "relations.svg", ContentType: "image/svg+xml", Data: svg})
			d.pRaw(image("relations.svg", "Relations between the parties"))
		}
		w.relationTable(d, b.Relations)
	}
	w.add(KeyStakeholders, KeyHome, d, atts...)
}

func (w *writer) orgChart() {
	b := w.b
	d := w.start(KeyOrgChart)
	var atts []Attachment
	if svg := chartOrg(b); len(svg) > 0 {
		atts = append(atts, Attachment{Name: "org-chart.svg", ContentType: "image/svg+xml", Data: svg})
		d.pRaw(image("org-chart.svg", "Org chart of the parties"))
	}
	var list func(nodes []*view.OrgNode, depth int)
	list = func(nodes []*view.OrgNode, depth int) {
		if len(nodes) == 0 || depth > maxOrgDepth {
			return
		}
		d.raw("<ul>")
		for _, n := range nodes {
			d.raw("<li>", w.party(n.Party), esc(" ("+string(n.Party.Kind)+")"))
			list(n.Children, depth+1)
			d.raw("</li>")
		}
		d.raw("</ul>")
	}
	list(b.OrgChart, 0)
	w.add(KeyOrgChart, KeyHome, d, atts...)
}

func (w *writer) glossary() {
	d := w.start(KeyGlossary)
	var rows [][]string
	for _, t := range w.b.Glossary {
		rows = append(rows, []string{"<strong>" + esc(t.Term) + "</strong>", esc(t.Definition)})
	}
	d.table([]string{"Term", "Definition"}, rows)
	w.add(KeyGlossary, KeyHome, d)
}
