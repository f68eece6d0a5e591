package diff

import (
	"cmp"
	"fmt"

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

func dutyOf(a *resolve.Answer) Duty {
	d := Duty{Activity: a.Activity.ID, Grain: a.Activity.EffectiveGrain()}
	if a.LandingZone != nil {
		d.LandingZone = a.LandingZone.ID
	}
	if a.Service != nil {
		d.Service = a.Service.ID
	} else if a.Provider != nil {
		d.Provider = a.Provider.ID
	}
	return d
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

// compareDuties orders duties as a walk over the model does: the duties
// without a landing zone first, then by landing zone, activity, provider
// and service.
func compareDuties(a, b Duty) int {
	return cmp.Or(cmp.Compare(a.LandingZone, b.LandingZone), cmp.Compare(a.Activity, b.Activity),
		cmp.Compare(a.Provider, b.Provider), cmp.Compare(a.Service, b.Service))
}

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

// cells resolves every duty of r.
func cells(r *resolve.Resolver) (map[Duty]*cell, error) {
	out := map[Duty]*cell{}
	err := r.Cells(resolve.Filter{}, func(a *resolve.Answer) bool {
		c := &cell{outcome: a.Outcome, roles: map[string]string{}}
		for _, role := range []struct {
			letter string
			list   []resolve.Assignee
		}{{"R", a.Responsible}, {"A", a.Accountable}, {"C", a.Consulted}, {"I", a.Informed}} {
			for _, as := range role.list {
				if !containsRole(c.roles[as.Party.ID], role.letter) {
					c.roles[as.Party.ID] += role.letter
				}
				if role.letter == "A" && !contains(c.accountable, as.Party.ID) {
					c.accountable = append(c.accountable, as.Party.ID)
					if as.ByBorder || as.Party.Placeholder || a.Rule == nil {
						if c.exempt == nil {
							c.exempt = map[string]bool{}
						}
						c.exempt[as.Party.ID] = true
					}
				}
			}
		}
		sortStrings(c.accountable)
		if a.Rule != nil {
			c.rule = a.Rule.ID
			for _, ap := range a.Rule.Approvals {
				if c.approvedBy == nil {
					c.approvedBy = map[string]bool{}
				}
				c.approvedBy[ap.Party.ID] = true
			}
		}
		for _, rule := range a.Conflicting {
			c.conflicting = append(c.conflicting, rule.ID)
		}
		sortStrings(c.conflicting)
		out[dutyOf(a)] = c
		return true
	})
	return out, err
}
