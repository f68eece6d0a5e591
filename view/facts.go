package view

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/check"
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
func factRows(m *model.Model, cat *check.Catalogue, s *model.Service) []FactRow {
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
				row.Title, _ = cat.Defined(f.Control)
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
		for k := range a.ControlKeys(cat.Crosswalk) {
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

// FactControls counts the controls with facts over all services that a
// landing zone offers.
func (b *Book) FactControls() int {
	n := 0
	for _, sp := range b.Services {
		if len(sp.Zones) > 0 {
			n += len(sp.Facts)
		}
	}
	return n
}

// Coverage is what a provider states about an activity's controls for one
// service that a landing zone offers.
type Coverage struct {
	Service  *model.Service
	Controls []string
	// Side is what the statements sum up to: provider when the provider
	// holds every control, customer when any feature leaves work to the
	// customer, shared otherwise; "" when none applies.
	Side model.Side
	// Agrees is false when the border contradicts a statement.
	Agrees bool
}

// ProviderCoverage lists, by service id, what the providers state about
// the controls activity a maps to, for the services landing zones offer.
func (b *Book) ProviderCoverage(a *model.Activity) []Coverage {
	var out []Coverage
	for _, sp := range b.Services {
		if len(sp.Zones) == 0 {
			continue
		}
		cv := Coverage{Service: sp.Service, Agrees: true}
		customer, shared, provider := false, false, false
		for _, r := range sp.Facts {
			for _, d := range r.Decisions {
				if d.Activity != a {
					continue
				}
				cv.Controls = append(cv.Controls, r.Control)
				cv.Agrees = cv.Agrees && d.Agrees
				switch r.Statement.Side() {
				case model.SideCustomer:
					customer = true
				case model.SideShared:
					shared = true
				case model.SideProvider:
					provider = true
				}
			}
		}
		if len(cv.Controls) == 0 {
			continue
		}
		switch {
		case customer:
			cv.Side = model.SideCustomer
		case shared:
			cv.Side = model.SideShared
		case provider:
			cv.Side = model.SideProvider
		}
		out = append(out, cv)
	}
	slices.SortFunc(out, func(x, y Coverage) int { return strings.Compare(x.Service.ID, y.Service.ID) })
	return out
}
