package load

import (
	"regexp"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

var durationPattern = regexp.MustCompile(`^[0-9]+(m|h|d|w)$`)

// checkProcesses checks what processes refer to: the owner, the landing
// zones they and their steps apply in, each step's activity and the steps
// it waits for. Step ids are unique within their process.
func (l *linker) checkProcesses() {
	m := l.m
	for _, p := range m.Processes {
		l.processRef(p.Owner, "party", has(m.PartyByID), keys(m.PartyByID))
		l.processZones(p.AppliesTo)
		stepIDs := map[string]diag.Range{}
		for _, s := range p.Steps {
			if s.ID == "" {
				continue // reported by the decoder
			}
			if first, dup := stepIDs[s.ID]; dup {
				l.ds.Add(diag.DuplicateID, s.IDPos, "process %q has two steps with the id %q", p.ID, s.ID).
					WithRelated("first defined here", first).
					WithDetail("Step ids are unique within a process; rename one.")
				continue
			}
			stepIDs[s.ID] = s.IDPos
		}
		for _, s := range p.Steps {
			l.processRef(s.Activity, "activity", has(m.ActivityByID), keys(m.ActivityByID))
			l.processZones(s.AppliesTo)
			for _, a := range s.After {
				if a.ID == s.ID {
					l.ds.Add(diag.ProcessStepCycle, a.Range, "step %q of process %q waits for itself", s.ID, p.ID).
						WithDetail("Remove %q from its own `after:` list.", s.ID)
					continue
				}
				l.processRef(a, "step", has(stepIDs), keys(stepIDs))
			}
			if s.Duration != "" && !durationPattern.MatchString(s.Duration) {
				at := s.DurationPos
				if at.IsZero() {
					at = s.Pos
				}
				l.ds.Add(diag.InvalidValue, at, "step %q of process %q has the duration %q", s.ID, p.ID, truncate(s.Duration, 40)).
					WithDetail("Write a number and a unit: m (minutes), h (hours), d (working days) or w (weeks), e.g. `duration: 2d`.")
			}
		}
	}
}

func (l *linker) processZones(ps *model.ProcessScope) {
	if ps == nil {
		return
	}
	for _, z := range ps.LandingZones {
		l.processRef(z, "landing zone", has(l.m.LandingZoneByID), keys(l.m.LandingZoneByID))
	}
}

// processRef reports a reference of a process that names nothing, as
// ref does for other elements but with the code of processes.
func (l *linker) processRef(r model.Ref, kind string, exists func(string) bool, candidates func() []string) {
	if !r.IsSet() || exists(r.ID) {
		return
	}
	d := l.ds.Add(diag.ProcessUnknownReference, r.Range, "unknown %s %q", kind, truncate(r.ID, 60))
	if sug := diag.DidYouMean(r.ID, candidates()); sug != "" {
		d.WithSuggestion(sug)
	} else {
		d.WithDetail("Define the %s, or use the id of an existing one.", kind)
	}
}
