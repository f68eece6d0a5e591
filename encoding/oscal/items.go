package oscal

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// item is one group of duties (one activity, one place, one assignment)
// under one control of the plans' framework: what the leveraged plan
// exports as provided and/or as a responsibility of the tenants' owners.
type item struct {
	control  string
	label    string // the control id as the model writes it
	group    *view.Group
	zone     *view.ZonePage // nil for the duties without a landing zone
	key      string         // stable name for UUIDs
	provided bool           // a provider-side party is responsible
	leaves   bool           // an application-side party is responsible or accountable, or nobody is decided

	providedUUID, responsibilityUUID string
}

// collectItems lists the items of framework fw: per landing zone, then
// the organisation's duties, each activity's groups in the book's order.
func (e *exporter) collectItems(fw string) []*item {
	f := frameworkOf(fw)
	var out []*item
	add := func(zp *view.ZonePage, za *view.ZoneActivity) {
		ids := za.Activity.Controls[fw]
		for _, g := range za.Groups {
			for _, id := range ids {
				it := &item{control: f.controlID(id), label: id, group: g, zone: zp}
				place := "organisation"
				if zp != nil {
					place = "zone/" + zp.Zone.ID
				}
				it.key = strings.Join([]string{fw, it.control, place, za.Activity.ID, assignmentKey(g.Assignment)}, "\x00")
				a := g.Assignment
				it.provided = slices.ContainsFunc(a.Responsible, func(p *model.Party) bool { return !applicationSide(p) })
				it.leaves = slices.ContainsFunc(a.Responsible, applicationSide) || slices.ContainsFunc(a.Accountable, applicationSide) || len(a.Responsible) == 0
				if it.provided {
					it.providedUUID = e.ids.of("provided", it.key)
				}
				if it.leaves {
					it.responsibilityUUID = e.ids.of("responsibility", it.key)
				}
				out = append(out, it)
			}
		}
	}
	for _, zp := range e.b.LandingZones {
		for _, za := range zp.Activities {
			add(zp, za)
		}
	}
	for _, za := range e.b.OrgActivities {
		add(nil, za)
	}
	slices.SortStableFunc(out, func(a, b *item) int { return strings.Compare(a.control, b.control) })
	return out
}

// what describes an item's duties: the activity and where it happens.
func (it *item) what() string {
	g := it.group
	s := orDefault(g.Activity.Name, g.Activity.ID)
	if g.Grain == model.GrainService {
		var svc []string
		for _, sv := range g.Services() {
			svc = append(svc, orDefault(sv.Name, sv.ID))
		}
		if g.AllServices {
			s += " for every service of the landing zone"
		} else if len(svc) > 0 {
			s += " for " + strings.Join(svc, ", ")
		}
	} else if w := g.Where(); w != "" {
		s += " for " + w
	}
	if it.zone != nil {
		s += " in the landing zone " + orDefault(it.zone.Zone.Name, it.zone.Zone.ID)
	}
	return s + "."
}

// inheritedBy reports whether the leveraging plan of landing zone zp
// inherits the item: its own duties, the organisation-wide ones, and the
// per-provider ones of the providers whose services it offers.
func (it *item) inheritedBy(zp *view.ZonePage) bool {
	if it.zone != nil {
		return it.zone == zp
	}
	if it.group.Grain != model.GrainProvider {
		return true
	}
	for _, s := range zp.Services {
		for _, p := range it.group.Providers {
			if s.Provider.ID == p.ID {
				return true
			}
		}
	}
	return false
}
