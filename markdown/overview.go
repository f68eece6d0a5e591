package markdown

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// maxProblems caps the diagnostics listed on the overview; `demarc check`
// lists them all.
const maxProblems = 100

func (x *exporter) overview() string {
	b := x.b
	p := x.newPage("index.md")
	org := oneLine(b.Organisation.Name)
	if org == "" {
		org = "Shared responsibility model"
	}
	p.heading(1, org)
	p.para(Markdown(b.Organisation.Description))
	if w := webLink("", b.Organisation.Website); w != "" {
		p.para("Website: " + w)
	}
	p.paraf("Who is responsible, accountable, consulted and informed for every activity where it happens, and why. Generated from the model as of %s.",
		Text(b.Generated.UTC().Format("2006-01-02 15:04 UTC")))

	h := b.Health
	p.heading(2, "Health")
	switch {
	case h.Errors == 0 && h.Warnings == 0:
		p.para("The model checks clean: no errors and no warnings.")
	default:
		p.paraf("The model has %s and %s. Run `demarc check` for the details.", plural(h.Errors, "error"), plural(h.Warnings, "warning"))
	}
	rows := [][]string{}
	if s := h.Summary; s != nil {
		rows = append(rows,
			[]string{"Cells (activity × service × landing zone)", strconv.Itoa(s.Cells)},
			[]string{"Decided by the provider border", strconv.Itoa(s.ProviderCells)},
			[]string{"Decided by a rule", strconv.Itoa(s.RuleCells)},
			[]string{"Gaps", strconv.Itoa(s.GapCells)},
			[]string{"Conflicts", strconv.Itoa(s.ConflictCells)},
		)
	}
	if n := x.b.FactControls(); n > 0 {
		rows = append(rows, []string{"Provider statements contradicted by the border", strconv.Itoa(x.b.FactDisagreements()) + " of " + strconv.Itoa(n)})
	}
	rows = append(rows,
		[]string{"Errors", strconv.Itoa(h.Errors)},
		[]string{"Warnings", strconv.Itoa(h.Warnings)},
		[]string{"Notes", strconv.Itoa(h.Infos)},
		[]string{"Decisions proposed, not yet agreed", strconv.Itoa(len(h.Proposed))},
		[]string{"Decisions overdue for review", strconv.Itoa(len(h.Overdue))},
	)
	p.table([]string{"Measure", "Value"}, rows)
	if len(h.Diagnostics) > 0 {
		p.heading(3, "Problems")
		rows = nil
		for i, d := range h.Diagnostics {
			if i == maxProblems {
				break
			}
			rows = append(rows, []string{Text(d.Severity.String()), Code(string(d.Code)), Text(d.Summary), Text(x.where(d.Subject))})
		}
		p.table([]string{"Severity", "Code", "Problem", "Where"}, rows)
		if n := len(h.Diagnostics) - maxProblems; n > 0 {
			p.paraf("And %d more: run `demarc check` to see them all.", n)
		}
	}
	if len(h.Proposed) > 0 {
		p.heading(3, "Proposed decisions")
		rows = nil
		for _, d := range h.Proposed {
			rows = append(rows, []string{p.rule(d.Rule), p.activities(d.Activities), Text(d.Scope), p.parties(x.refs(d.Rule.Accountable))})
		}
		p.table([]string{"Decision", "Activities", "Scope", "Accountable"}, rows)
	}
	if len(h.Overdue) > 0 {
		p.heading(3, "Overdue for review")
		rows = nil
		for _, d := range h.Overdue {
			rows = append(rows, []string{p.rule(d.Rule), Text(d.Rule.ReviewBy.String()), p.parties(x.refs(d.Rule.Accountable))})
		}
		p.table([]string{"Decision", "Review by", "Accountable"}, rows)
	}

	p.heading(2, "Landing zones")
	if len(b.LandingZones) == 0 {
		p.para("The model has no landing zones.")
	} else {
		rows = nil
		for _, zp := range b.LandingZones {
			rows = append(rows, []string{p.zone(zp.Zone), p.party(zp.Owner), strconv.Itoa(len(zp.Services)), strconv.Itoa(len(zp.Tenants)), Text(zp.Zone.Description)})
		}
		p.table([]string{"Landing zone", "Owner", "Services", "Tenants", "Description"}, rows)
	}
	p.heading(2, "Parties")
	rows = nil
	for _, pp := range b.Parties {
		rows = append(rows, []string{p.party(pp.Party), Text(kindLabel(pp.Party.Kind)), p.party(pp.Parent),
			strconv.Itoa(pp.CountR), strconv.Itoa(pp.CountA), strconv.Itoa(pp.CountC), strconv.Itoa(pp.CountI)})
	}
	p.table([]string{"Party", "Kind", "Part of", "R cells", "A cells", "C cells", "I cells"}, rows)
	if len(b.Providers) > 0 {
		p.heading(2, "Providers")
		rows = nil
		for _, pv := range b.Providers {
			rows = append(rows, []string{Text(pv.Provider.Name), p.party(pv.Party), strconv.Itoa(len(pv.Services)), webLink("Shared responsibility model", pv.Provider.Reference)})
		}
		p.table([]string{"Provider", "Provider side held by", "Services", "Published model"}, rows)
	}
	if len(b.Services) > 0 {
		p.heading(2, "Services")
		rows = nil
		for _, sp := range b.Services {
			rows = append(rows, []string{p.service(sp.Service), x.providerName(sp), x.modelName(sp), Text(sp.Service.Category), p.zones(sp.Zones)})
		}
		p.table([]string{"Service", "Provider", "Service model", "Category", "Landing zones"}, rows)
	}
	if len(b.Activities) > 0 {
		p.heading(2, "Activities")
		rows = nil
		for _, ap := range b.Activities {
			rows = append(rows, []string{p.activity(ap.Activity), Text(x.layerName(ap.Activity.Layer.ID)), Text(ap.Activity.Area)})
		}
		p.table([]string{"Activity", "Layer", "Area"}, rows)
	}
	p.heading(2, "More")
	p.list([]string{
		p.link("Decisions", "decisions.md") + ": every rule with its rationale and approvals",
		p.link("Stakeholders", "stakeholders.md") + ": influence, interest and relations",
		p.link("Org chart", "org-chart.md"),
		p.link("Glossary", "glossary.md"),
	})
	return p.String()
}

// where shows a diagnostic's location relative to the model's directory
// (SourceRoot, or else the directory holding every file of the model), so
// pages read the same on every machine.
func (x *exporter) where(r diag.Range) string {
	if r.IsZero() {
		return ""
	}
	root := x.opts.SourceRoot
	if root == "" {
		root = x.m.SourceRoot()
	}
	if root != "" {
		if rp, err := filepath.Rel(root, r.Filename); err == nil && !strings.HasPrefix(rp, "..") {
			r.Filename = filepath.ToSlash(rp)
		}
	}
	return r.String()
}
