package markdown

import (
	"cmp"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

func level(n int) string { return cmp.Or(view.LevelName(n), "unknown") }

func (x *exporter) stakeholdersPage() string {
	p := x.newPage("stakeholders.md")
	p.heading(1, "Stakeholders")
	if x.hasImage("stakeholders.svg") {
		p.image("Stakeholder map: the parties by influence and interest", "stakeholders.svg")
	}
	if len(x.b.Stakeholders) == 0 {
		p.para("The model has no stakeholders.")
	} else {
		var rows [][]string
		for _, st := range x.b.Stakeholders {
			concerns := make([]string, 0, len(st.Concerns))
			for _, c := range st.Concerns {
				concerns = append(concerns, Text(c))
			}
			rows = append(rows, []string{p.party(st.Party), Text(kindLabel(st.Party.Kind)), level(st.Influence), level(st.Interest), strings.Join(concerns, "; ")})
		}
		p.table([]string{"Party", "Kind", "Influence", "Interest", "Concerns"}, rows)
	}
	p.heading(2, "Relations")
	if x.hasImage("relations.svg") {
		p.image("Relations between the parties", "relations.svg")
	}
	if len(x.b.Relations) == 0 {
		p.para("The model records no relations between parties.")
	} else {
		p.table([]string{"From", "Relation", "To", "Description"}, x.relationRows(p, x.b.Relations))
	}
	return p.String()
}

// maxDepth bounds the nesting of the org chart list; deeper parties are
// listed flat at that depth.
const maxDepth = 12

func (x *exporter) orgChartPage() string {
	p := x.newPage("org-chart.md")
	p.heading(1, "Org chart")
	if x.hasImage("org-chart.svg") {
		p.image("Org chart of the parties", "org-chart.svg")
	}
	if len(x.b.OrgChart) == 0 {
		p.para("The model has no parties.")
		return p.String()
	}
	var walk func(n *view.OrgNode, depth int)
	walk = func(n *view.OrgNode, depth int) {
		d := min(depth, maxDepth)
		// Four spaces per level: Python-Markdown needs them for nested
		// lists, CommonMark accepts them.
		p.b.WriteString(strings.Repeat("    ", d))
		p.b.WriteString("- " + p.party(n.Party) + " · " + Text(kindLabel(n.Party.Kind)) + "\n")
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	for _, n := range x.b.OrgChart {
		walk(n, 0)
	}
	p.b.WriteByte('\n')
	return p.String()
}

func (x *exporter) glossaryPage() string {
	p := x.newPage("glossary.md")
	p.heading(1, "Glossary")
	var rows [][]string
	for _, t := range x.b.Glossary {
		rows = append(rows, []string{"**" + Text(t.Term) + "**", Text(t.Definition)})
	}
	p.table([]string{"Term", "Definition"}, rows)
	return p.String()
}
