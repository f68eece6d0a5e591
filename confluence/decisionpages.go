package confluence

import (
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) decisionsSection() {
	d := w.start(KeyDecisions)
	d.p("Every responsibility decision: what was decided, where it applies, who approved it and why. Each decision has its page with its rationale.")
	var rows [][]string
	for _, dc := range w.b.Decisions {
		rows = append(rows, []string{w.rule(dc.Rule), esc(activityNames(dc.Activities)), esc(dc.Scope), w.refParties(dc.Rule.Accountable), ruleStatus(dc.Rule), w.review(dc)})
	}
	d.table([]string{"Rule", "Activities", "Scope", "Accountable", "Status", "Review by"}, rows)
	w.add(KeyDecisions, KeyHome, d)
}

func (w *writer) review(dc *view.Decision) string {
	s := esc(dc.Rule.ReviewBy.String())
	if dc.Overdue {
		s += " " + status("Red", "overdue")
	}
	return s
}

func (w *writer) decisionPage(dc *view.Decision) {
	r := dc.Rule
	d := w.start(decisionKey(dc.Rule))
	var acts []string
	for _, a := range dc.Activities {
		acts = append(acts, w.activity(a))
	}
	var approvals []string
	for _, ap := range r.Approvals {
		s := w.refParties(model.Refs{ap.Party})
		if ap.By != "" {
			s += esc(" by " + ap.By)
		}
		if !ap.At.IsZero() {
			s += esc(" on " + ap.At.String())
		}
		approvals = append(approvals, s)
	}
	approved := ""
	if len(r.Accountable) == 1 {
		approved = status("Yellow", "not approved by the accountable party")
		if dc.Approved {
			approved = status("Green", "approved by the accountable party")
		}
	}
	d.fields(
		"Status", ruleStatus(r)+" "+approved,
		"Activities", strings.Join(acts, ", "),
		"Scope", esc(dc.Scope),
		"Accountable", w.refParties(r.Accountable),
		"Responsible", w.refParties(r.Responsible),
		"Consulted", w.refParties(r.Consulted),
		"Informed", w.refParties(r.Informed),
		"Decided", esc(r.Decided.String()),
		"Review by", w.review(dc),
		"Approvals", strings.Join(approvals, "<br />"),
		"Cells decided", esc(strconv.Itoa(dc.Cells)),
	)
	d.h(2, "Why")
	if why := markdown(r.Rationale); why != "" {
		d.raw(why)
	} else {
		d.p("No rationale is recorded for this decision.")
	}
	w.add(decisionKey(r), KeyDecisions, d)
}
