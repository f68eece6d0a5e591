package resolve

import (
	"github.com/demarc-dev/demarc/model"
)

// AnswerView is the JSON shape of an answer, shared by the CLI and the API.
type AnswerView struct {
	Activity    string          `json:"activity"`
	Grain       model.Grain     `json:"grain"`
	Service     string          `json:"service,omitempty"`
	Provider    string          `json:"provider,omitempty"`
	LandingZone string          `json:"landing_zone,omitempty"`
	Tenant      string          `json:"tenant,omitempty"`
	Layer       string          `json:"layer,omitempty"`
	Side        model.Side      `json:"side"`
	Outcome     Outcome         `json:"outcome"`
	Responsible []AssigneeView  `json:"responsible"`
	Accountable []AssigneeView  `json:"accountable"`
	Consulted   []AssigneeView  `json:"consulted"`
	Informed    []AssigneeView  `json:"informed"`
	Rule        *RuleRef        `json:"rule,omitempty"`
	Agreeing    []RuleRef       `json:"agreeing,omitempty"`
	Overridden  []RuleRef       `json:"overridden,omitempty"`
	Conflicting []RuleRef       `json:"conflicting,omitempty"`
	Contacts    []PartyContacts `json:"contacts,omitempty"`
}

// AssigneeView is a party in a role.
type AssigneeView struct {
	Party    string `json:"party"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Via      string `json:"via,omitempty"`
	ByBorder bool   `json:"by_border,omitempty"`
}

// RuleRef identifies a rule and where it is written.
type RuleRef struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Status    string `json:"status"`
	Rationale string `json:"rationale,omitempty"`
	Decided   string `json:"decided,omitempty"`
	ReviewBy  string `json:"review_by,omitempty"`
}

// PartyContacts lists how to reach an accountable or responsible party.
type PartyContacts struct {
	Party      string           `json:"party"`
	Name       string           `json:"name"`
	Contacts   []*model.Contact `json:"contacts"`
	Escalation string           `json:"escalation,omitempty"`
}

// View converts an answer into its JSON shape.
func (a *Answer) View() AnswerView {
	v := AnswerView{
		Activity:    a.Activity.ID,
		Grain:       a.Activity.EffectiveGrain(),
		Layer:       a.Activity.Layer.ID,
		Side:        a.Side,
		Outcome:     a.Outcome,
		Responsible: views(a.Responsible),
		Accountable: views(a.Accountable),
		Consulted:   views(a.Consulted),
		Informed:    views(a.Informed),
		Agreeing:    refs(a.m, a.Agreeing),
		Overridden:  refs(a.m, a.Overridden),
		Conflicting: refs(a.m, a.Conflicting),
	}
	if a.Service != nil {
		v.Service = a.Service.ID
	}
	if a.Provider != nil {
		v.Provider = a.Provider.ID
	}
	if a.LandingZone != nil {
		v.LandingZone = a.LandingZone.ID
	}
	if a.Tenant != nil {
		v.Tenant = a.Tenant.ID
	}
	if a.Rule != nil {
		r := ruleRef(a.m, a.Rule)
		v.Rule = &r
	}
	seen := map[*model.Party]bool{}
	for _, list := range [][]Assignee{a.Accountable, a.Responsible} {
		for _, as := range list {
			if seen[as.Party] || as.Party.Placeholder {
				continue // the placeholder has no contacts of its own
			}
			seen[as.Party] = true
			pc := PartyContacts{Party: as.Party.ID, Name: as.Party.Name, Contacts: as.Party.Contacts}
			if pc.Contacts == nil {
				pc.Contacts = []*model.Contact{}
			}
			if as.Party.Escalation.IsSet() {
				pc.Escalation = as.Party.Escalation.ID
			} else {
				pc.Escalation = as.Party.Parent.ID
			}
			v.Contacts = append(v.Contacts, pc)
		}
	}
	return v
}

func views(list []Assignee) []AssigneeView {
	out := make([]AssigneeView, 0, len(list))
	for _, as := range list {
		av := AssigneeView{Party: as.Party.ID, Name: as.Party.Name, Kind: string(as.Party.Kind), ByBorder: as.ByBorder}
		if as.Via != nil {
			av.Via = as.Via.ID
		}
		out = append(out, av)
	}
	return out
}

func refs(m *model.Model, rules []*model.Rule) []RuleRef {
	if len(rules) == 0 {
		return nil
	}
	out := make([]RuleRef, 0, len(rules))
	for _, r := range rules {
		out = append(out, ruleRef(m, r))
	}
	return out
}

// ruleRef is a rule as answers cite it, its source relative to the model
// directory.
func ruleRef(m *model.Model, r *model.Rule) RuleRef {
	pos := r.IDPos
	if pos.IsZero() {
		pos = r.Pos
	}
	if m != nil {
		pos.Filename = m.RelName(pos.Filename)
	}
	return RuleRef{
		ID: r.ID, Source: pos.String(), Status: string(r.EffectiveStatus()),
		Rationale: r.Rationale, Decided: r.Decided.String(), ReviewBy: r.ReviewBy.String(),
	}
}

// Key identifies what an answer says, ignoring which service it is for, so
// answers that say the same can be grouped.
func (v AnswerView) Key() string {
	k := string(v.Side) + "|" + v.Outcome.String() + "|"
	if v.Rule != nil {
		k += v.Rule.ID
	}
	for _, list := range [][]AssigneeView{v.Responsible, v.Accountable, v.Consulted, v.Informed} {
		k += "|"
		for _, a := range list {
			k += a.Party + ","
		}
	}
	for _, c := range v.Conflicting {
		k += "!" + c.ID
	}
	return k
}
