package view

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/model"
)

// Where says, for the grains other than per service, where the group's
// duties are: "each Amazon Web Services tenant", "the landing zone",
// "Amazon Web Services" (per provider), "the organisation". It is "" for a
// per-service group, whose renderers list (and link) services.
func (g *Group) Where() string { return WhereOf(g) }

// WhereOf is Where for groups of one activity and grain read as one row,
// such as the groups of a duty that differ only in what a party does not
// see: their providers are merged.
func WhereOf(groups ...*Group) string {
	if len(groups) == 0 {
		return ""
	}
	var names []string
	for _, g := range groups {
		for _, p := range g.Providers {
			n := p.Name
			if n == "" {
				n = p.ID
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	list := ""
	switch len(names) {
	case 0:
	case 1:
		list = names[0]
	default:
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	switch groups[0].Grain {
	case model.GrainTenant:
		if list == "" || len(names) == zoneProviders(groups[0].zoneServices) {
			return "each tenant" // of every provider the landing zone offers
		}
		return "each " + list + " tenant"
	case model.GrainLandingZone:
		return "the landing zone"
	case model.GrainProvider:
		return list
	case model.GrainOrganisation:
		return "the organisation"
	}
	return ""
}

// zoneProviders counts the providers of a landing zone's services.
func zoneProviders(services []*model.Service) int {
	var ids []string
	for _, s := range services {
		if !slices.Contains(ids, s.Provider.ID) {
			ids = append(ids, s.Provider.ID)
		}
	}
	return len(ids)
}

// Capital upper-cases the first letter of a phrase, such as Where, that
// starts a table cell.
func Capital(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}
