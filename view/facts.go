package view

import (
	"github.com/demarc-dev/demarc/encoding/mcsb"
	"github.com/demarc-dev/demarc/model"
)

// FactRow is the provider's statement about one control of a service,
// next to the model's decision for the activities that map to it.
type FactRow struct {
	Framework, Control string
	// Title is the control's title from the benchmark's catalogue, for
	// MCSB controls.
	Title     string
	Statement model.Statement
	Facts     []*model.Fact // the features, in the order given
	Decisions []FactDecision
}

// FactDecision is the side of the border an activity that maps to the
// control has for the service, and whether it agrees with the provider.
type FactDecision struct {
	Activity *model.Activity
	Side     model.Side
	Agrees   bool
}

// Disagrees reports whether any activity's side contradicts the provider.
func (r FactRow) Disagrees() bool {
	for _, d := range r.Decisions {
		if !d.Agrees {
			return true
		}
	}
	return false
}

// factRows groups s's facts by control, in the order of their first fact.
func factRows(m *model.Model, s *model.Service) []FactRow {
	if len(s.Facts) == 0 {
		return nil
	}
	var out []FactRow
	at := map[string]int{}
	for _, f := range s.Facts {
		k := f.Key()
		i, ok := at[k]
		if !ok {
			fw := f.Framework
			if fw == "" {
				fw = model.DefaultFactFramework
			}
			row := FactRow{Framework: fw, Control: f.Control}
			if fw == mcsb.Framework {
				if c := mcsb.Builtin().Lookup(f.Control); c != nil {
					row.Title = c.Recommendation
				}
			}
			i = len(out)
			at[k] = i
			out = append(out, row)
		}
		out[i].Facts = append(out[i].Facts, f)
	}
	for _, a := range m.Activities {
		if a.EffectiveGrain() != model.GrainService || len(a.Controls) == 0 || !a.AppliesToService(s) {
			continue
		}
		for k := range a.ControlKeys(mcsb.Builtin().Crosswalk) {
			if i, ok := at[k]; ok {
				side := m.Border(s, a.Layer.ID)
				out[i].Decisions = append(out[i].Decisions, FactDecision{Activity: a, Side: side})
			}
		}
	}
	for i := range out {
		st := model.Summarise(out[i].Facts)
		out[i].Statement = st
		for j := range out[i].Decisions {
			d := &out[i].Decisions[j]
			d.Agrees = !(st.Customer != nil && d.Side == model.SideProvider) &&
				!(st.Shared != nil && st.Customer == nil && d.Side != model.SideShared)
		}
	}
	return out
}

// FactDisagreements counts, over all services that a landing zone offers,
// the controls where the model's border contradicts the provider.
func (b *Book) FactDisagreements() int {
	n := 0
	for _, sp := range b.Services {
		if len(sp.Zones) == 0 {
			continue
		}
		for _, r := range sp.Facts {
			if r.Disagrees() {
				n++
			}
		}
	}
	return n
}
