package confluence

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) home() {
	b := w.b
	d := w.start(KeyHome)
	if desc := markdown(b.Organisation.Description); desc != "" {
		d.raw(desc)
	}
	if b.Organisation.Website != "" {
		d.pRaw(extLink(b.Organisation.Website, ""))
	}

	d.h(2, "Health")
	h := b.Health
	errs := status("Green", "no errors")
	if h.Errors > 0 {
		errs = status("Red", count(h.Errors, "error", "errors"))
	}
	warns := esc("none")
	if h.Warnings > 0 {
		warns = status("Yellow", count(h.Warnings, "warning", "warnings"))
	}
	kv := []string{"Errors", errs, "Warnings", warns}
	if s := h.Summary; s != nil {
		kv = append(kv,
			"Cells", esc(strconv.Itoa(s.Cells)),
			"Decided by the provider border", esc(strconv.Itoa(s.ProviderCells)),
			"Decided by rules", esc(strconv.Itoa(s.RuleCells)),
			"Gaps", esc(strconv.Itoa(s.GapCells)),
			"Conflicts", esc(strconv.Itoa(s.ConflictCells)))
	}
	kv = append(kv, "Proposed decisions", esc(strconv.Itoa(len(h.Proposed))), "Reviews overdue", esc(strconv.Itoa(len(h.Overdue))))
	d.fields(kv...)
	if len(h.Diagnostics) > 0 {
		d.h(3, "Findings")
		var rows [][]string
		for i, dg := range h.Diagnostics {
			if i == maxListed {
				break
			}
			sev := status("Yellow", dg.Severity.String())
			if dg.Severity == diag.Error {
				sev = status("Red", dg.Severity.String())
			}
			rows = append(rows, []string{sev, code(string(dg.Code)), esc(dg.Summary), esc(where(dg.Subject))})
		}
		d.table([]string{"Severity", "Code", "Summary", "Where"}, rows)
		if n := len(h.Diagnostics) - maxListed; n > 0 {
			d.p(fmt.Sprintf("… and %d more; run demarc check for the full list.", n))
		}
	}
	if len(h.Proposed) > 0 {
		d.h(3, "Proposed decisions")
		d.ul(w.decisionItems(h.Proposed))
	}
	if len(h.Overdue) > 0 {
		d.h(3, "Reviews overdue")
		d.ul(w.decisionItems(h.Overdue))
	}

	d.h(2, "Contents")
	d.ul([]string{
		w.link(KeyParties, "Parties") + esc(fmt.Sprintf(" (%d): who does what, team by team", len(b.Parties))),
		w.link(KeyServices, "Services") + esc(fmt.Sprintf(" (%d): the provider border and the internal split per service", len(b.Services))),
		w.link(KeyLandingZones, "Landing zones") + esc(fmt.Sprintf(" (%d): the split of duties per use case", len(b.LandingZones))),
		w.link(KeyActivities, "Activities") + esc(fmt.Sprintf(" (%d): each activity across every context", len(b.Activities))),
		w.link(KeyDecisions, "Decisions") + esc(fmt.Sprintf(" (%d): what was decided and why", len(b.Decisions))),
		w.link(KeyStakeholders, "Stakeholders") + esc(": influence, interest and relations"),
		w.link(KeyOrgChart, "Org chart"),
		w.link(KeyGlossary, "Glossary"),
	})

	if len(b.LandingZones) > 0 {
		d.h(2, "Landing zones")
		w.zoneTable(d)
	}
	w.add(KeyHome, "", d)
}

func where(r diag.Range) string {
	if r.IsZero() {
		return ""
	}
	r.Filename = filepath.ToSlash(r.Filename)
	return r.String()
}

func (w *writer) decisionItems(ds []*view.Decision) []string {
	var out []string
	for i, dc := range ds {
		if i == maxListed {
			out = append(out, esc(fmt.Sprintf("… and %d more", len(ds)-maxListed)))
			break
		}
		out = append(out, w.rule(dc.Rule)+esc(": "+activityNames(dc.Activities)+" — "+dc.Scope))
	}
	return out
}

func activityNames(as []*model.Activity) string {
	names := make([]string, 0, len(as))
	for _, a := range as {
		names = append(names, a.Name)
	}
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}
