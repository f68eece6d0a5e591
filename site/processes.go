package site

import (
	"bytes"
	"html/template"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

const dirProcesses = "processes"

var (
	crumbProcesses = crumb{dirProcesses + "/index.html", "Processes"}
	chartSwimlane  = chart.Swimlane
)

func (s *site) processPath(p *model.Process) string {
	return dirProcesses + "/" + stem(p.ID) + ".html"
}

// Processes lists the process pages, for the navigation and the index.
func (s *site) Processes() []*view.ProcessPage { return s.b.Processes }

// ProcessHref is the link to a process page from a page one folder deep.
func (s *site) ProcessHref(p *model.Process) string { return stem(p.ID) + ".html" }

type processData struct {
	*view.ProcessPage
	Variants []processVariant
}

type processVariant struct {
	Zones   []*model.LandingZone
	Chart   template.HTML
	Runbook *view.Runbook
	Steps   []processStep
}

type processStep struct {
	view.RunbookStep
	Activity *model.Activity
	Handoffs []view.Handoff // into this step
}

func (s *site) processesIndex(w *bytes.Buffer) error {
	return exec(w, "processes-index", s.page(1, "Processes", "processes", s.b.Processes))
}

func (s *site) processPage(w *bytes.Buffer, pp *view.ProcessPage) error {
	d := &processData{ProcessPage: pp}
	for i, v := range pp.Zones {
		pv := processVariant{Zones: v.LandingZones, Runbook: v.Runbook}
		pv.Chart = s.svg(chartSwimlane(v.Runbook), "chart-process-"+num(i), "Swimlane chart of "+pp.Process.Name)
		for _, st := range v.Runbook.Steps {
			ps := processStep{RunbookStep: st, Activity: s.b.Model.ActivityByID[st.Activity]}
			for _, h := range v.Runbook.Handoffs {
				if h.To == st.ID {
					ps.Handoffs = append(ps.Handoffs, h)
				}
			}
			pv.Steps = append(pv.Steps, ps)
		}
		d.Variants = append(d.Variants, pv)
	}
	return exec(w, "process", s.page(1, pp.Process.Name, "processes", d, crumbProcesses))
}
