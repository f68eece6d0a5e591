package diff

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Duty is an activity where it happens, in its grain's terms: per service
// of a landing zone, per tenant of a provider in a landing zone, per
// landing zone, per provider, or once for the organisation. Coordinates the
// grain does not have are empty.
type Duty struct {
	Activity    string      `json:"activity"`
	Grain       model.Grain `json:"grain"`
	LandingZone string      `json:"landing_zone,omitempty"`
	Provider    string      `json:"provider,omitempty"`
	Service     string      `json:"service,omitempty"`
}

// Where says where the duty happens: "service aws-ec2 in landing zone
// cloud-native", "each aws tenant in landing zone cloud-native", "landing
// zone sandbox", "provider aws", "the organisation".
func (d Duty) Where() string {
	switch {
	case d.Service != "":
		return fmt.Sprintf("service %s in landing zone %s", d.Service, d.LandingZone)
	case d.Provider != "" && d.LandingZone != "":
		return fmt.Sprintf("each %s tenant in landing zone %s", d.Provider, d.LandingZone)
	case d.LandingZone != "":
		return "landing zone " + d.LandingZone
	case d.Provider != "":
		return "provider " + d.Provider
	}
	return "the organisation"
}

func (d Duty) String() string { return d.Activity + " for " + d.Where() }

// cell is what one side of the change says about a duty.
type cell struct {
	outcome     resolve.Outcome
	roles       map[string]string // party id → its roles, a subset of "RACI" in that order
	accountable []string          // sorted
	rule        string            // the deciding rule, if any
	approvedBy  map[string]bool   // parties whose approval the deciding rule records
	// exempt are accountable parties that agree by construction: the
	// provider holding its side of the border, the tenant-owner placeholder.
	exempt      map[string]bool
	conflicting []string // rule ids of a conflict, sorted
}

// equal reports whether two cells say the same: parties, roles, outcome,
// deciding rule and the approvals that matter.
func (c *cell) equal(o *cell) bool {
	return c.outcome == o.outcome && c.rule == o.rule && maps.Equal(c.roles, o.roles) &&
		slices.Equal(c.conflicting, o.conflicting) && maps.Equal(c.approvedBy, o.approvedBy) && maps.Equal(c.exempt, o.exempt)
}

// ids ranks the ids of activities, landing zones, providers and services
// of both models, so duties are compact and compare as their ids do.
type ids struct {
	rank  map[string]int32 // id → rank from 1; 0 is "none"
	names []string         // rank → id
}

func newIDs(ms ...*model.Model) *ids {
	set := map[string]bool{}
	for _, m := range ms {
		for _, a := range m.Activities {
			set[a.ID] = true
		}
		for _, z := range m.LandingZones {
			set[z.ID] = true
		}
		for _, p := range m.Providers {
			set[p.ID] = true
		}
		for _, s := range m.Services {
			set[s.ID] = true
		}
	}
	names := append([]string{""}, sortedKeys(set)...)
	rank := make(map[string]int32, len(names))
	for i, n := range names {
		rank[n] = int32(i)
	}
	return &ids{rank: rank, names: names}
}

// entry is one duty of one side, its coordinates as ranks (0: none).
type entry struct {
	zone, act, prov, svc int32
	cell                 *cell
}

// compareEntries orders entries as compareDuties orders their duties.
func compareEntries(a, b *entry) int {
	return cmp.Or(cmp.Compare(a.zone, b.zone), cmp.Compare(a.act, b.act), cmp.Compare(a.prov, b.prov), cmp.Compare(a.svc, b.svc))
}

// duty spells an entry out. The coordinates a duty has decide its grain.
func (x *ids) duty(e *entry) Duty {
	d := Duty{Activity: x.names[e.act], LandingZone: x.names[e.zone], Provider: x.names[e.prov], Service: x.names[e.svc]}
	switch {
	case d.Service != "":
		d.Grain = model.GrainService
	case d.Provider != "" && d.LandingZone != "":
		d.Grain = model.GrainTenant
	case d.LandingZone != "":
		d.Grain = model.GrainLandingZone
	case d.Provider != "":
		d.Grain = model.GrainProvider
	default:
		d.Grain = model.GrainOrganisation
	}
	return d
}

// outcomeKey is what decides a cell's parties: cells that share it share
// one *cell, so a model of a million duties holds a few thousand.
type outcomeKey struct {
	outcome resolve.Outcome
	side    model.Side
	rule    *model.Rule
	border  [4]int32 // provider party indexes, -1 after the last
	more    string   // the rest, for a cell held by more than four providers
}

// cells resolves every duty of r, sorted by compareEntries.
func cells(r *resolve.Resolver, x *ids) ([]entry, error) {
	m := r.M
	out := make([]entry, 0, 1024)
	shared := map[outcomeKey]*cell{}
	var err error
	r.Walk(func(d resolve.Decided) {
		if err != nil {
			return
		}
		e := entry{act: x.rank[m.Activities[d.Activity].ID]}
		if d.LandingZone >= 0 {
			e.zone = x.rank[m.LandingZones[d.LandingZone].ID]
		}
		if d.Service >= 0 {
			e.svc = x.rank[m.Services[d.Service].ID]
		} else if d.Provider >= 0 {
			e.prov = x.rank[m.Providers[d.Provider].ID]
		}
		if d.Outcome == resolve.Conflicting {
			// Rare: resolve the cell in full for the disagreeing rules.
			e.cell, err = conflictCell(r, x.duty(&e))
			out = append(out, e)
			return
		}
		k := outcomeKey{outcome: d.Outcome, side: d.Side, rule: d.Rule, border: [4]int32{-1, -1, -1, -1}}
		for i, p := range d.Border {
			if i < len(k.border) {
				k.border[i] = p
			} else {
				k.more += fmt.Sprintf("%d,", p)
			}
		}
		e.cell = shared[k]
		if e.cell == nil {
			e.cell = newCell(m, d)
			shared[k] = e.cell
		}
		out = append(out, e)
	})
	slices.SortFunc(out, func(a, b entry) int { return compareEntries(&a, &b) })
	return out, err
}

// newCell works out the parties of a cell as resolve.Answer does for a
// cell without a tenant: the provider border on provider-side cells, the
// rule (with the border added to R on shared cells) on decided ones.
func newCell(m *model.Model, d resolve.Decided) *cell {
	c := &cell{outcome: d.Outcome, roles: map[string]string{}, exempt: map[string]bool{}}
	add := func(id, letter string) {
		if !strings.Contains(c.roles[id], letter) {
			c.roles[id] = orderRoles(c.roles[id] + letter)
		}
	}
	border := func(letter string) {
		for _, p := range d.Border {
			add(m.Parties[p].ID, letter)
			if letter == "A" {
				c.exempt[m.Parties[p].ID] = true
			}
		}
	}
	switch d.Outcome {
	case resolve.ByProvider:
		border("R")
		border("A")
	case resolve.ByRule:
		rule := d.Rule
		c.rule = rule.ID
		for _, role := range []struct {
			letter string
			refs   model.Refs
		}{{"R", rule.Responsible}, {"A", rule.Accountable}, {"C", rule.Consulted}, {"I", rule.Informed}} {
			for _, ref := range role.refs {
				p := m.PartyByID[ref.ID]
				if p == nil {
					continue // reported by the loader; resolve skips it too
				}
				add(p.ID, role.letter)
				if role.letter == "A" && p.Placeholder {
					c.exempt[p.ID] = true
				}
			}
		}
		if d.Side == model.SideShared {
			border("R")
		}
		for _, ap := range rule.Approvals {
			if c.approvedBy == nil {
				c.approvedBy = map[string]bool{}
			}
			c.approvedBy[ap.Party.ID] = true
		}
	}
	for id, roles := range c.roles {
		if strings.Contains(roles, "A") {
			c.accountable = append(c.accountable, id)
		}
	}
	slices.Sort(c.accountable)
	return c
}

// orderRoles writes a set of role letters in the order R, A, C, I.
func orderRoles(s string) string {
	var b strings.Builder
	for _, l := range "RACI" {
		if strings.ContainsRune(s, l) {
			b.WriteRune(l)
		}
	}
	return b.String()
}

func conflictCell(r *resolve.Resolver, d Duty) (*cell, error) {
	a, err := r.Resolve(resolve.Query{Activity: d.Activity, Service: d.Service, Provider: d.Provider, LandingZone: d.LandingZone})
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", d, err)
	}
	c := &cell{outcome: a.Outcome, roles: map[string]string{}}
	for _, rule := range a.Conflicting {
		c.conflicting = append(c.conflicting, rule.ID)
	}
	slices.Sort(c.conflicting)
	return c, nil
}
