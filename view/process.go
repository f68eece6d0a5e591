package view

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Runbook is a process resolved for one landing zone or one tenant: its
// steps in the order they run, each with who does it and how to reach
// them, and the hand-offs where the work passes from one party to another.
type Runbook struct {
	Process     string        `json:"process"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Trigger     string        `json:"trigger,omitempty"`
	Owner       RunbookParty  `json:"owner"`
	LandingZone string        `json:"landing_zone"`
	Tenant      *RunbookOwner `json:"tenant,omitempty"`
	Steps       []RunbookStep `json:"steps"`
	Handoffs    []Handoff     `json:"handoffs"`
	// Lanes are the parties that do the steps, in the order they first
	// appear: the swimlanes of the process chart.
	Lanes []RunbookParty `json:"lanes"`
	// Undecided counts the steps that are a gap or a conflict here.
	Undecided int `json:"undecided"`
}

// RunbookOwner is the tenant a runbook is for.
type RunbookOwner struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Owner string `json:"owner"`
}

// RunbookParty is a party with the ways to reach it.
type RunbookParty struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Kind       string           `json:"kind"`
	Contacts   []*model.Contact `json:"contacts"`
	Escalation string           `json:"escalation,omitempty"`
}

// RunbookStep is one step with its resolved responsibilities.
type RunbookStep struct {
	Number   int      `json:"number"` // 1-based, in running order
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Activity string   `json:"activity"`
	Grain    string   `json:"grain"`
	After    []string `json:"after"`
	Handover string   `json:"handover,omitempty"`
	Duration string   `json:"duration,omitempty"`
	// Lane is the party whose lane the step is drawn in: its first
	// responsible party ("" when the step is undecided).
	Lane string `json:"lane"`
	// Answers are the step's distinct resolutions: one, unless the step's
	// activity happens per service and services differ.
	Answers []StepAnswer `json:"answers"`
	// NotHere says why a step has no duty in this landing zone, if so.
	NotHere string `json:"not_here,omitempty"`
}

// StepAnswer is one resolution of a step, with the services or providers
// it holds for when a step has several.
type StepAnswer struct {
	Answer resolve.AnswerView `json:"answer"`
	For    []string           `json:"for,omitempty"`
}

// Handoff is work passing between steps done by different parties.
type Handoff struct {
	From     string   `json:"from"` // step ids
	To       string   `json:"to"`
	FromBy   []string `json:"from_parties"`
	ToBy     []string `json:"to_parties"`
	Handover string   `json:"handover,omitempty"`
}

// ProcessRunbook resolves process id for a tenant or, without one, for a
// landing zone. With neither, the process must run in exactly one landing
// zone.
func ProcessRunbook(r *resolve.Resolver, id, zone, tenant string) (*Runbook, error) {
	m := r.M
	p := m.ProcessByID[id]
	if p == nil {
		return nil, unknownProcess(m, id)
	}
	var t *model.Tenant
	if tenant != "" {
		t = m.TenantByID(tenant)
		if t == nil {
			return nil, fmt.Errorf("unknown tenant %q", tenant)
		}
		if zone != "" && zone != t.LandingZone.ID {
			return nil, fmt.Errorf("tenant %q is in landing zone %q, not %q; leave out the landing zone", t.ID, t.LandingZone.ID, zone)
		}
		zone = t.LandingZone.ID
	}
	zones := ProcessZones(m, p)
	if zone == "" {
		if len(zones) != 1 {
			return nil, fmt.Errorf("process %q runs in %d landing zones (%s): name a tenant or a landing zone", p.ID, len(zones), strings.Join(zones, ", "))
		}
		zone = zones[0]
	}
	if m.LandingZoneByID[zone] == nil {
		return nil, fmt.Errorf("unknown landing zone %q; landing zones where process %q runs: %s", zone, p.ID, strings.Join(zones, ", "))
	}
	if !p.AppliesIn(zone) {
		return nil, fmt.Errorf("process %q does not run in landing zone %q; it runs in: %s", p.ID, zone, strings.Join(zones, ", "))
	}
	rb := &Runbook{
		Process: p.ID, Name: p.Name, Description: p.Description, Trigger: p.Trigger,
		LandingZone: zone, Steps: []RunbookStep{}, Handoffs: []Handoff{}, Lanes: []RunbookParty{},
	}
	if owner := m.PartyByID[p.Owner.ID]; owner != nil {
		rb.Owner = runbookParty(owner)
	} else {
		rb.Owner = RunbookParty{ID: p.Owner.ID, Name: p.Owner.ID, Contacts: []*model.Contact{}}
	}
	if t != nil {
		rb.Tenant = &RunbookOwner{ID: t.ID, Name: t.Name, Owner: t.Owner.ID}
	}
	steps, preds := p.Flow(zone)
	responsible := map[int][]string{}
	lanes := map[string]bool{}
	number := map[int]int{}
	for _, i := range runOrder(steps, preds) {
		s := p.Steps[i]
		st := RunbookStep{ID: s.ID, Name: s.Title(m), Activity: s.Activity.ID, Handover: s.Handover, Duration: s.Duration, After: []string{}, Answers: []StepAnswer{}}
		for _, j := range preds[i] {
			st.After = append(st.After, p.Steps[j].ID)
		}
		if a := m.ActivityByID[s.Activity.ID]; a != nil {
			st.Grain = string(a.EffectiveGrain())
			groups, err := r.Groups(a.ID, zone, tenant)
			if err != nil {
				return nil, err
			}
			for _, g := range groups {
				v := g.Answer.View()
				st.Answers = append(st.Answers, StepAnswer{Answer: v, For: g.For})
				if v.Outcome == resolve.Gap || v.Outcome == resolve.Conflicting {
					continue
				}
				for _, as := range v.Responsible {
					if !slices.Contains(responsible[i], as.Party) {
						responsible[i] = append(responsible[i], as.Party)
					}
				}
			}
			if len(st.Answers) == 1 {
				st.Answers[0].For = nil // one answer holds for all of them
			}
		} else {
			st.NotHere = fmt.Sprintf("activity %q does not exist", s.Activity.ID)
		}
		if len(st.Answers) == 0 && st.NotHere == "" {
			st.NotHere = "the activity has no duty in this landing zone"
		}
		for _, a := range st.Answers {
			if a.Answer.Outcome == resolve.Gap || a.Answer.Outcome == resolve.Conflicting {
				rb.Undecided++
				break
			}
		}
		if len(responsible[i]) > 0 {
			st.Lane = responsible[i][0]
			if !lanes[st.Lane] {
				lanes[st.Lane] = true
				if party := m.PartyByID[st.Lane]; party != nil {
					rb.Lanes = append(rb.Lanes, runbookParty(party))
				}
			}
		}
		number[i] = len(rb.Steps) + 1
		st.Number = number[i]
		rb.Steps = append(rb.Steps, st)
	}
	// A hand-off is an edge into a step done by someone who did not do the
	// step before it.
	for _, i := range runOrder(steps, preds) {
		for _, j := range preds[i] {
			var to []string
			for _, party := range responsible[i] {
				if !slices.Contains(responsible[j], party) {
					to = append(to, party)
				}
			}
			if len(to) == 0 || len(responsible[j]) == 0 {
				continue
			}
			rb.Handoffs = append(rb.Handoffs, Handoff{
				From: p.Steps[j].ID, To: p.Steps[i].ID,
				FromBy: slices.Clone(responsible[j]), ToBy: to, Handover: p.Steps[j].Handover,
			})
		}
	}
	return rb, nil
}

// ProcessZones lists the landing zones where p runs, by id.
func ProcessZones(m *model.Model, p *model.Process) []string {
	var out []string
	for _, z := range m.LandingZones {
		if p.AppliesIn(z.ID) {
			out = append(out, z.ID)
		}
	}
	return out
}

// runOrder orders steps so each comes after the steps it waits for,
// keeping list order among steps that are free to run; steps caught in a
// cycle (reported by check) follow in list order.
func runOrder(steps []int, preds map[int][]int) []int {
	done := map[int]bool{}
	var out []int
	for len(out) < len(steps) {
		progressed := false
		for _, i := range steps {
			if done[i] {
				continue
			}
			ready := true
			for _, j := range preds[i] {
				if !done[j] {
					ready = false
					break
				}
			}
			if ready {
				done[i] = true
				out = append(out, i)
				progressed = true
				break // restart, so list order wins among ready steps
			}
		}
		if !progressed {
			for _, i := range steps {
				if !done[i] {
					done[i] = true
					out = append(out, i)
				}
			}
		}
	}
	return out
}

func runbookParty(p *model.Party) RunbookParty {
	rp := RunbookParty{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Contacts: p.Contacts}
	if rp.Contacts == nil {
		rp.Contacts = []*model.Contact{}
	}
	rp.Escalation = cmp.Or(p.Escalation.ID, p.Parent.ID)
	return rp
}

// UnknownProcessError names a process that does not exist, with the ids
// that do.
type UnknownProcessError struct {
	ID    string
	Valid []string
}

func (e *UnknownProcessError) Error() string {
	if len(e.Valid) == 0 {
		return fmt.Sprintf("unknown process %q: the model defines no processes", e.ID)
	}
	return fmt.Sprintf("unknown process %q; processes: %s", e.ID, strings.Join(e.Valid, ", "))
}

func unknownProcess(m *model.Model, id string) error {
	e := &UnknownProcessError{ID: id}
	for _, p := range m.Processes {
		e.Valid = append(e.Valid, p.ID)
	}
	return e
}
