package model

import "github.com/demarc-dev/demarc/diag"

// Process is an ordered chain of activities that together achieve one
// outcome, such as decommissioning a tenant. Its steps name activities of
// the model; who does each step is never written here but resolved from the
// activities' rules for the landing zone or tenant in question, so a
// process differs between landing zones only where its rules do.
type Process struct {
	ID          string         `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string         `yaml:"name" json:"name" jsonschema:"required"`
	Description string         `yaml:"description,omitempty" json:"description,omitempty" jsonschema_description:"Markdown."`
	Owner       Ref            `yaml:"owner" json:"owner" jsonschema:"required" jsonschema_description:"The process owner: the one party accountable for the process end to end."`
	Trigger     string         `yaml:"trigger,omitempty" json:"trigger,omitempty" jsonschema_description:"What starts the process, e.g. \"the tenant owner requests decommissioning in the portal\"."`
	AppliesTo   *ProcessScope  `yaml:"applies_to,omitempty" json:"applies_to,omitempty" jsonschema_description:"The landing zones where the process runs; without it, every landing zone."`
	Steps       []*ProcessStep `yaml:"steps" json:"steps" jsonschema:"required" jsonschema_description:"The steps. A step without after: follows the step before it in the list; the first step starts the process."`

	Pos   diag.Range `yaml:"-" json:"-"`
	IDPos diag.Range `yaml:"-" json:"-" pos:"id"`
}

// ProcessScope restricts where a process or one of its steps applies.
type ProcessScope struct {
	LandingZones Refs `yaml:"landing_zones,omitempty" json:"landing_zones,omitempty" jsonschema_description:"Landing zone ids."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// ProcessStep is one step of a process: an activity of the model.
type ProcessStep struct {
	ID        string        `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$" jsonschema_description:"Unique within the process."`
	Name      string        `yaml:"name,omitempty" json:"name,omitempty" jsonschema_description:"Defaults to the activity's name."`
	Activity  Ref           `yaml:"activity" json:"activity" jsonschema:"required" jsonschema_description:"The activity this step performs; its rules decide who does the step."`
	After     Refs          `yaml:"after,omitempty" json:"after,omitempty" jsonschema_description:"Ids of the steps that must finish before this one starts. Steps after the same step run in parallel. Default: the step before it in the list."`
	Handover  string        `yaml:"handover,omitempty" json:"handover,omitempty" jsonschema_description:"What this step hands over to the steps after it, e.g. \"data export confirmation\"."`
	Duration  string        `yaml:"duration,omitempty" json:"duration,omitempty" jsonschema:"pattern=^[0-9]+(m|h|d|w)$" jsonschema_description:"Target duration: a number with m (minutes), h (hours), d (working days) or w (weeks), e.g. 2d."`
	AppliesTo *ProcessScope `yaml:"applies_to,omitempty" json:"applies_to,omitempty" jsonschema_description:"The landing zones where this step is part of the process; without it, every landing zone of the process."`

	Pos         diag.Range `yaml:"-" json:"-"`
	IDPos       diag.Range `yaml:"-" json:"-" pos:"id"`
	DurationPos diag.Range `yaml:"-" json:"-" pos:"duration"`
}

// Title is the step's name, else its activity's, else its id.
func (s *ProcessStep) Title(m *Model) string {
	if s.Name != "" {
		return s.Name
	}
	if a := m.ActivityByID[s.Activity.ID]; a != nil {
		return a.Name
	}
	return s.ID
}

// Predecessors returns the ids of the steps step i waits for: its after:
// list, or the step before it in the list.
func (p *Process) Predecessors(i int) []string {
	s := p.Steps[i]
	if len(s.After) > 0 {
		return s.After.IDs()
	}
	if i == 0 {
		return nil
	}
	return []string{p.Steps[i-1].ID}
}

// AppliesIn reports whether the process runs in landing zone id.
func (p *Process) AppliesIn(zone string) bool { return p.AppliesTo.includes(zone) }

// AppliesIn reports whether the step is part of its process in landing
// zone id (the process's own applicability aside).
func (s *ProcessStep) AppliesIn(zone string) bool { return s.AppliesTo.includes(zone) }

func (ps *ProcessScope) includes(zone string) bool {
	if ps == nil || len(ps.LandingZones) == 0 {
		return true
	}
	return containsRef(ps.LandingZones, zone)
}

// Flow returns the steps of the process that apply in landing zone zone
// ("" for every step), as indexes in list order, and for each the steps it
// effectively waits for: its predecessors, with those that do not apply in
// the zone replaced by their own predecessors. Unknown step ids and cycles
// (reported by the checks) are left out, so Flow always ends.
func (p *Process) Flow(zone string) (steps []int, preds map[int][]int) {
	index := make(map[string]int, len(p.Steps))
	for i, s := range p.Steps {
		if _, dup := index[s.ID]; !dup && s.ID != "" {
			index[s.ID] = i
		}
	}
	applies := func(i int) bool { return zone == "" || p.Steps[i].AppliesIn(zone) }
	preds = map[int][]int{}
	for i := range p.Steps {
		if !applies(i) {
			continue
		}
		steps = append(steps, i)
		var out []int
		seen := map[int]bool{i: true}
		var walk func(j int)
		walk = func(j int) {
			for _, id := range p.Predecessors(j) {
				k, ok := index[id]
				if !ok || seen[k] {
					continue
				}
				seen[k] = true
				if applies(k) {
					out = append(out, k)
				} else {
					walk(k)
				}
			}
		}
		walk(i)
		preds[i] = out
	}
	return steps, preds
}
