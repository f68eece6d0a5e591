package confluence

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) activitiesSection() {
	d := w.start(KeyActivities)
	d.p("Everything someone must do, by layer of the stack; activities without a layer are governance.")
	var rows [][]string
	for _, ap := range w.b.Activities {
		layer := ""
		if ap.Layer != nil {
			layer = ap.Layer.Name
		}
		rows = append(rows, []string{w.activity(ap.Activity), esc(layer), esc(ap.Activity.Area), esc(controls(ap.Activity))})
	}
	d.table([]string{"Activity", "Layer", "Area", "Controls"}, rows)
	w.add(KeyActivities, KeyHome, d)
}

func controls(a *model.Activity) string {
	fws := make([]string, 0, len(a.Controls))
	for fw := range a.Controls {
		fws = append(fws, fw)
	}
	slices.Sort(fws)
	var out []string
	for _, fw := range fws {
		out = append(out, fw+": "+strings.Join(a.Controls[fw], ", "))
	}
	return strings.Join(out, "; ")
}

func (w *writer) activityPage(ap *view.ActivityPage) {
	a := ap.Activity
	d := w.start(activityKey(ap.Activity))
	d.raw(markdown(a.Description))
	layer := esc("governance (no layer)")
	if ap.Layer != nil {
		layer = esc(ap.Layer.Name)
	}
	d.fields("Layer", layer, "Area", esc(a.Area), "Controls", esc(controls(a)))

	d.h(2, "Who does what")
	if len(ap.Zones) == 0 {
		d.p("The activity applies in no landing zone.")
	}
	for _, zg := range ap.Zones {
		d.raw("<h3>", w.zone(zg.Zone), "</h3>")
		var rows [][]string
		for _, g := range zg.Groups {
			rows = append(rows, append(append([]string{w.services(g)}, w.raci(g.Assignment)...), w.decidedBy(g.Assignment)))
		}
		where := "Services"
		if a.EffectiveGrain() != model.GrainService {
			where = "Where"
		}
		d.table([]string{where, "Accountable", "Responsible", "Consulted", "Informed", "Decided by"}, rows)
	}

	if len(ap.Rules) > 0 {
		d.h(2, "Decisions")
		d.p("The rules that select this activity, most specific first; the most specific matching rule decides a cell.")
		var rows [][]string
		for _, dc := range ap.Rules {
			rows = append(rows, []string{w.rule(dc.Rule), esc(dc.Scope), w.refParties(dc.Rule.Accountable), w.refParties(dc.Rule.Responsible), ruleStatus(dc.Rule)})
		}
		d.table([]string{"Rule", "Scope", "Accountable", "Responsible", "Status"}, rows)
	}
	w.add(activityKey(a), KeyActivities, d)
}
