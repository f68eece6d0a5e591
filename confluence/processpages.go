package confluence

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// KeyProcesses is the key of the section page above the process pages.
const KeyProcesses = "processes"

func processKey(p *model.Process) string { return "process/" + p.ID }

// processChartFile names the swimlane chart of the i-th runbook variant.
func processChartFile(p *model.Process, i int) string {
	return "process-" + fileSafe(p.ID) + "-" + strconv.Itoa(i+1) + ".svg"
}

func chartSwimlane(rb *view.Runbook) []byte {
	if rb == nil {
		return nil
	}
	return safeChart(func() []byte { return chart.Swimlane(rb) })
}

func (w *writer) processesSection() {
	if len(w.b.Processes) == 0 {
		return
	}
	d := w.start(KeyProcesses)
	d.p("Processes are activities in an order, carried by different parties. Who does each step comes from the rules of its activity, for the landing zone the process runs in.")
	var rows [][]string
	for _, pp := range w.b.Processes {
		rows = append(rows, []string{w.link(processKey(pp.Process), pp.Process.Name), w.processOwner(pp),
			esc(strconv.Itoa(len(pp.Process.Steps))), esc(pp.Process.Trigger)})
	}
	d.table([]string{"Process", "Owner", "Steps", "Trigger"}, rows)
	w.add(KeyProcesses, KeyHome, d)
}

func (w *writer) processOwner(pp *view.ProcessPage) string {
	if pp.Owner != nil {
		return w.party(pp.Owner)
	}
	return esc(pp.Process.Owner.ID)
}

// processPage shows the runbook of a process once per group of landing
// zones whose runbooks say the same, each with its swimlane chart.
func (w *writer) processPage(pp *view.ProcessPage) {
	p := pp.Process
	d := w.start(processKey(p))
	d.raw(markdown(p.Description))
	kv := []string{"Process owner", w.processOwner(pp)}
	if p.Trigger != "" {
		kv = append(kv, "Trigger", esc(p.Trigger))
	}
	kv = append(kv, "Runbook for one tenant", "<code>"+esc("demarc who --process "+p.ID+" --tenant TENANT")+"</code>")
	d.fields(kv...)
	if len(pp.Zones) == 0 {
		d.p("The process runs in no landing zone.")
	}
	var atts []Attachment
	for i, v := range pp.Zones {
		zones := make([]string, 0, len(v.LandingZones))
		for _, z := range v.LandingZones {
			zones = append(zones, oneLine(z.Name))
		}
		heading := "In landing zone "
		if len(zones) > 1 {
			heading = "In landing zones "
		}
		d.h(2, heading+strings.Join(zones, ", "))
		if svg := chartSwimlane(v.Runbook); len(svg) > 0 {
			name := processChartFile(p, i)
			atts = append(atts, Attachment{Name: name, ContentType: "image/svg+xml", Data: svg})
			d.pRaw(image(name, "Swimlane chart of "+oneLine(p.Name)+" in "+strings.Join(zones, ", ")))
			d.p("Lanes are the parties doing the steps; strong arrows are hand-offs from one party to another.")
		}
		w.runbookTable(d, v.Runbook)
	}
	w.add(processKey(p), KeyProcesses, d, atts...)
}

// runbookTable lists the steps in running order, marking each hand-off
// into a step.
func (w *writer) runbookTable(d *doc, rb *view.Runbook) {
	d.p(fmt.Sprintf("%s, %s.", count(len(rb.Steps), "step", "steps"), count(len(rb.Handoffs), "hand-off", "hand-offs")))
	var rows [][]string
	for _, st := range rb.Steps {
		step := esc(st.Name)
		if a := w.b.Model.ActivityByID[st.Activity]; a != nil {
			step += "<br />" + w.activity(a)
		}
		for _, h := range rb.Handoffs {
			if h.To == st.ID {
				step += "<br />" + status("Purple", "hand-off") + " " + esc("from ") + w.partyIDs(h.FromBy)
			}
		}
		var acc, resp []string
		if st.NotHere != "" {
			acc = append(acc, esc(st.NotHere))
		}
		for _, sa := range st.Answers {
			a := sa.Answer
			scope := ""
			if len(sa.For) > 0 {
				scope = " " + esc("("+strings.Join(sa.For, ", ")+")")
			}
			switch a.Outcome {
			case resolve.Gap:
				acc = append(acc, status("Red", "gap")+scope)
			case resolve.Conflicting:
				acc = append(acc, status("Red", "conflict")+scope)
			default:
				acc = append(acc, w.assignees(a.Accountable)+scope)
			}
			resp = append(resp, w.assignees(a.Responsible))
		}
		rows = append(rows, []string{esc(strconv.Itoa(st.Number)), step, strings.Join(acc, "<br />"), strings.Join(resp, "<br />"),
			esc(strings.Join(st.After, ", ")), esc(st.Handover), esc(st.Duration)})
	}
	d.table([]string{"#", "Step", "Accountable", "Responsible", "After", "Hands over", "Target"}, rows)
}

func (w *writer) assignees(as []resolve.AssigneeView) string {
	ids := make([]string, 0, len(as))
	for _, a := range as {
		ids = append(ids, a.Party)
	}
	return w.partyIDs(ids)
}

func (w *writer) partyIDs(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if p := w.b.Model.PartyByID[id]; p != nil {
			out = append(out, w.party(p))
		} else {
			out = append(out, esc(id))
		}
	}
	return strings.Join(out, ", ")
}
