package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// processes checks every process: that its steps can be ordered, that
// each step is decided wherever the process runs, that hand-offs reach
// someone, and that the owner holds the process; and that the tenant
// lifecycle's activities each belong to a process.
func (c *checker) processes(r *resolve.Resolver) {
	duties := dutyCache{}
	for _, p := range c.m.Processes {
		c.stepCycles(p)
		c.processResolution(r, p, duties)
	}
	c.lifecycleCoverage()
}

// stepCycles reports each cycle of waiting steps once, at the first step
// of the cycle in list order. Steps waiting for themselves are reported by
// the loader.
func (c *checker) stepCycles(p *model.Process) {
	index := map[string]int{}
	for i, s := range p.Steps {
		if _, dup := index[s.ID]; !dup {
			index[s.ID] = i
		}
	}
	const (
		unvisited = iota
		open
		done
	)
	state := make([]int, len(p.Steps))
	var stack []int
	var visit func(i int)
	visit = func(i int) {
		state[i] = open
		stack = append(stack, i)
		for _, id := range p.Predecessors(i) {
			j, ok := index[id]
			if !ok || j == i {
				continue
			}
			switch state[j] {
			case unvisited:
				visit(j)
			case open:
				cycle := slices.Clone(stack[slices.Index(stack, j):])
				c.reportCycle(p, cycle)
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
	}
	for i := range p.Steps {
		if state[i] == unvisited {
			visit(i)
		}
	}
}

func (c *checker) reportCycle(p *model.Process, cycle []int) {
	first := slices.Min(cycle)
	s := p.Steps[first]
	at := s.IDPos
	// Point at the after: entry of the first step that closes the cycle.
	for _, a := range s.After {
		for _, j := range cycle {
			if p.Steps[j].ID == a.ID {
				at = a.Range
			}
		}
	}
	// Name the steps in waiting order, starting at the first one.
	k := slices.Index(cycle, first)
	names := make([]string, 0, len(cycle)+1)
	for n := range cycle {
		names = append(names, p.Steps[cycle[(k+n)%len(cycle)]].ID)
	}
	names = append(names, s.ID)
	c.ds.Add(diag.ProcessStepCycle, at, "the steps of process %q wait for each other in a cycle: %s", p.ID, strings.Join(names, " waits for ")).
		WithDetail("None of these steps can start. Remove the `after:` entry that closes the circle; a step without `after:` follows the step before it in the list.")
}

// processResolution resolves every step in every landing zone where the
// process runs and reports undecided steps, hand-offs to parties without a
// contact and an owner accountable for nothing.
func (c *checker) processResolution(r *resolve.Resolver, p *model.Process, duties dutyCache) {
	owner := c.m.PartyByID[p.Owner.ID]
	ownerAccountable := false
	anyDecided := false
	undecided := map[int][]string{} // step → zones
	noContact := map[[2]string]bool{}
	for _, z := range c.m.LandingZones {
		if !p.AppliesIn(z.ID) {
			continue
		}
		steps, preds := p.Flow(z.ID)
		responsible := map[int][]*model.Party{}
		for _, i := range steps {
			s := p.Steps[i]
			d, ok := duties.get(r, s.Activity.ID, z.ID)
			if !ok || d.Cells == 0 {
				continue
			}
			if d.Undecided {
				undecided[i] = append(undecided[i], z.ID)
			}
			if len(d.Accountable) > 0 || len(d.Responsible) > 0 {
				anyDecided = true
			}
			if slices.Contains(d.Accountable, owner) {
				ownerAccountable = true
			}
			responsible[i] = d.Responsible
		}
		for _, i := range steps {
			for _, j := range preds[i] {
				for _, party := range responsible[i] {
					if slices.Contains(responsible[j], party) || party.Placeholder || len(party.Contacts) > 0 {
						continue
					}
					key := [2]string{p.Steps[i].ID, party.ID}
					if noContact[key] {
						continue
					}
					noContact[key] = true
					c.ds.Add(diag.HandoffWithoutContact, p.Steps[i].Activity.Range, "step %q of process %q is handed over to %q, which has no contact", p.Steps[i].ID, p.ID, party.ID).
						WithRelated(fmt.Sprintf("party %q", party.ID), party.IDPos).
						WithDetail("The party doing step %q has to tell %q that the work is theirs now. Add `contacts:` to %q.", p.Steps[j].ID, party.ID, party.ID)
				}
			}
		}
	}
	for i, s := range p.Steps {
		zones := undecided[i]
		if len(zones) == 0 {
			continue
		}
		c.ds.Add(diag.ProcessStepUndecided, s.Activity.Range, "step %q of process %q is a gap or a conflict in %s", s.ID, p.ID, listZones(zones)).
			WithDetail("Nobody, or more than one party, is decided for activity %q there, so the process stalls at this step. Add a rule for the activity in those landing zones, or restrict the step with `applies_to: {landing_zones: [...]}`.", s.Activity.ID)
	}
	if owner != nil && anyDecided && !ownerAccountable {
		c.ds.Add(diag.ProcessOwnerIdle, p.Owner.Range, "process owner %q of %q is accountable for none of its steps", owner.ID, p.ID).
			WithDetail("The owner answers for the process end to end. Name as owner the party accountable for its main steps, or make %q accountable for a step in that step's rules.", owner.ID)
	}
}

// dutyCache keeps who holds an activity in a landing zone: processes
// share activities, and a per-service activity has hundreds of cells.
type dutyCache map[[2]string]dutyEntry

type dutyEntry struct {
	d  resolve.ZoneDuty
	ok bool
}

func (dc dutyCache) get(r *resolve.Resolver, activity, zone string) (resolve.ZoneDuty, bool) {
	k := [2]string{activity, zone}
	if e, hit := dc[k]; hit {
		return e.d, e.ok
	}
	d, ok := r.ZoneDuty(activity, zone)
	dc[k] = dutyEntry{d, ok}
	return d, ok
}

func listZones(zones []string) string {
	word := "landing zone"
	if len(zones) > 1 {
		word = "landing zones"
	}
	shown := zones
	more := ""
	if len(zones) > maxListed {
		shown, more = zones[:maxListed], fmt.Sprintf(" and %d more", len(zones)-maxListed)
	}
	return fmt.Sprintf("%s %s%s", word, strings.Join(shown, ", "), more)
}

// lifecycleArea is the area of the activities that make up a tenant's
// life: each belongs in a process (vending, changing, retiring a tenant).
const lifecycleArea = "tenant-lifecycle"

func (c *checker) lifecycleCoverage() {
	if len(c.m.Processes) == 0 {
		return
	}
	inProcess := map[string]bool{}
	for _, p := range c.m.Processes {
		for _, s := range p.Steps {
			inProcess[s.Activity.ID] = true
		}
	}
	for _, a := range c.m.Activities {
		if a.EffectiveGrain() != model.GrainTenant || a.Area != lifecycleArea || inProcess[a.ID] || a.Builtin != "" {
			continue
		}
		c.ds.Add(diag.TenantActivityNoProcess, a.IDPos, "tenant-lifecycle activity %q is a step of no process", a.ID).
			WithDetail("Add it as a step of the process it belongs to (vending, changing or decommissioning a tenant), so the runbook reminds whoever runs the process of it.")
	}
}
