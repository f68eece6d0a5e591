package view

import (
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// ProcessPage is a process as the publications show it: its runbook per
// landing zone, with landing zones whose runbooks say the same (the same
// steps, by the same parties) shown once.
type ProcessPage struct {
	Process *model.Process
	Owner   *model.Party // nil when the owner does not exist
	Zones   []*ProcessVariant
}

// ProcessVariant is the runbook shared by one or more landing zones.
type ProcessVariant struct {
	LandingZones []*model.LandingZone
	Runbook      *Runbook
}

// processPages resolves every process for every landing zone where it
// runs, without a tenant: the tenant owner stays the placeholder.
func processPages(m *model.Model, r *resolve.Resolver) []*ProcessPage {
	var out []*ProcessPage
	for _, p := range m.Processes {
		pp := &ProcessPage{Process: p, Owner: m.PartyByID[p.Owner.ID]}
		byKey := map[string]*ProcessVariant{}
		for _, z := range m.LandingZones {
			if !p.AppliesIn(z.ID) {
				continue
			}
			rb, err := ProcessRunbook(r, p.ID, z.ID, "")
			if err != nil {
				continue // reported by check
			}
			k := runbookKey(rb)
			if v := byKey[k]; v != nil {
				v.LandingZones = append(v.LandingZones, z)
				continue
			}
			v := &ProcessVariant{LandingZones: []*model.LandingZone{z}, Runbook: rb}
			byKey[k] = v
			pp.Zones = append(pp.Zones, v)
		}
		out = append(out, pp)
	}
	return out
}

// runbookKey is what a runbook says, without where: the steps with their
// order, lanes, decisions and hand-offs.
func runbookKey(rb *Runbook) string {
	var b strings.Builder
	for _, s := range rb.Steps {
		b.WriteString(s.ID + "@" + s.Lane + "<" + strings.Join(s.After, ",") + "|")
		for _, a := range s.Answers {
			b.WriteString(a.Answer.Key() + ";")
		}
		b.WriteString("\n")
	}
	for _, h := range rb.Handoffs {
		b.WriteString(h.From + ">" + h.To + "\n")
	}
	return b.String()
}

// ProcessByID returns the page of process id, or nil.
func (b *Book) ProcessByID(id string) *ProcessPage {
	for _, p := range b.Processes {
		if p.Process.ID == id {
			return p
		}
	}
	return nil
}
