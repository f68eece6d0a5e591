package markdown

import (
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// processPaths gives each process page its docs-relative path.
func (x *exporter) processPaths() map[*model.Process]string {
	names := newFileNames()
	out := make(map[*model.Process]string, len(x.b.Processes))
	for _, pp := range x.b.Processes {
		out[pp.Process] = "processes/" + names.name(pp.Process.ID) + ".md"
	}
	return out
}

// processPages writes a page per process with its swimlane chart per
// landing zone variant, each next to the page as an SVG.
func (x *exporter) processPages() error {
	paths := x.processPaths()
	for _, pp := range x.b.Processes {
		path := paths[pp.Process]
		for i, v := range pp.Zones {
			if err := x.image(variantChart(path, i), chart.Swimlane(v.Runbook)); err != nil {
				return err
			}
		}
		if err := x.page(path, x.processPage(pp, path)); err != nil {
			return err
		}
	}
	return nil
}

func variantChart(page string, i int) string {
	return strings.TrimSuffix(page, ".md") + "-" + strconv.Itoa(i+1) + ".svg"
}

// processNav lists the process pages for the navigation: title and path.
func (x *exporter) processNav() [][2]string {
	paths := x.processPaths()
	var out [][2]string
	for _, pp := range x.b.Processes {
		out = append(out, [2]string{pp.Process.Name, paths[pp.Process]})
	}
	return out
}

func (x *exporter) processPage(pp *view.ProcessPage, path string) string {
	pr := pp.Process
	p := x.newPage(path)
	p.heading(1, pr.Name)
	owner := Code(pr.Owner.ID)
	if pp.Owner != nil {
		owner = p.party(pp.Owner)
	}
	p.para("id " + Code(pr.ID) + " · process owner " + owner + " · " + plural(len(pr.Steps), "step"))
	p.para(Paragraphs(pr.Description))
	if t := Text(pr.Trigger); t != "" {
		p.para("**Trigger:** " + t)
	}
	p.para("The runbook for one tenant: " + Code("demarc who --process "+pr.ID+" --tenant TENANT") + ".")
	if len(pp.Zones) == 0 {
		p.para("The process runs in no landing zone.")
	}
	for i, v := range pp.Zones {
		rb := v.Runbook
		p.heading(2, "In "+zonesPhrase(v.LandingZones))
		p.para("Landing zones: " + p.zones(v.LandingZones) + ".")
		if img := variantChart(path, i); x.hasImage(img) {
			p.image("Swimlane chart of "+oneLine(pr.Name)+": lanes are the parties doing the steps, strong arrows are hand-offs", img)
		}
		header := []string{"#", "Step", "Accountable", "Responsible", "After", "Hands over", "Target"}
		var rows [][]string
		for _, st := range rb.Steps {
			step := Text(st.Name)
			if a := x.m.ActivityByID[st.Activity]; a != nil {
				step += " (" + p.activity(a) + ")"
			}
			for _, h := range rb.Handoffs {
				if h.To == st.ID {
					step += " — **hand-off** from " + x.partyList(p, h.FromBy)
				}
			}
			var acc, resp []string
			for _, a := range st.Answers {
				switch a.Answer.Outcome.String() {
				case "gap":
					acc = append(acc, "**gap**")
				case "conflict":
					acc = append(acc, "**conflict**")
				}
				for _, as := range a.Answer.Accountable {
					acc = append(acc, x.partyList(p, []string{as.Party}))
				}
				for _, as := range a.Answer.Responsible {
					resp = append(resp, x.partyList(p, []string{as.Party}))
				}
			}
			if st.NotHere != "" {
				acc = append(acc, Text(st.NotHere))
			}
			var after []string
			for _, id := range st.After {
				after = append(after, Code(id))
			}
			rows = append(rows, []string{strconv.Itoa(st.Number), step, strings.Join(dedupe(acc), ", "), strings.Join(dedupe(resp), ", "),
				strings.Join(after, ", "), Text(st.Handover), Text(st.Duration)})
		}
		p.table(header, rows)
	}
	return p.String()
}

func zonesPhrase(zones []*model.LandingZone) string {
	if len(zones) == 1 {
		return oneLine(zones[0].Name)
	}
	return strconv.Itoa(len(zones)) + " landing zones"
}

func (x *exporter) partyList(p *page, ids []string) string {
	var out []string
	for _, id := range ids {
		if pt := x.m.PartyByID[id]; pt != nil {
			out = append(out, p.party(pt))
		} else {
			out = append(out, Code(id))
		}
	}
	return strings.Join(out, ", ")
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
