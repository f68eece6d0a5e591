package diff

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Side is one of the two models compared: resolved, and checked when its
// diagnostics should be compared too.
type Side struct {
	Resolver *resolve.Resolver
	Check    *check.Result // nil: diagnostics are not compared
}

// Report is what changed from the base to the head.
type Report struct {
	// Parties lists, per party whose duties changed, what changed for it;
	// the parties with the most changes first, then by id.
	Parties []PartyChange `json:"parties"`
	// Accountable lists the duties both sides have whose accountable party
	// changed, the headline of a review. (A party accountable for a duty
	// that is new is counted in its NewlyAccountable.)
	Accountable []AccountableChange `json:"accountable"`
	Rules       RuleChanges         `json:"rules"`
	Gaps        DutyChanges         `json:"gaps"`
	Conflicts   ConflictChanges     `json:"conflicts"`
	Diagnostics DiagnosticChanges   `json:"diagnostics"`
	// Stale lists the decisions whose acknowledgements the change makes
	// stale: their content (store.RuleHash) changed or they were removed.
	Stale     []StaleDecision `json:"stale"`
	Structure Structure       `json:"structure"`
	// Duties counts the duties of each side, and those only one side has
	// (a landing zone, service or activity added or removed).
	Duties struct {
		Base    int `json:"base"`
		Head    int `json:"head"`
		Added   int `json:"added"`
		Removed int `json:"removed"`
	} `json:"duties"`
}

// PartyChange is what a change means for one party.
type PartyChange struct {
	Party string `json:"party"`
	Name  string `json:"name,omitempty"`
	// Gained are duties where the party had no role and now has one; Lost
	// the reverse; Changed those where its roles differ.
	Gained  []DutyRoles  `json:"gained"`
	Lost    []DutyRoles  `json:"lost"`
	Changed []RoleChange `json:"changed"`
	// NewlyAccountable counts the duties it becomes accountable for;
	// Unapproved those of them decided by a rule that records no approval
	// by this party: duties it never agreed to.
	NewlyAccountable int `json:"newly_accountable"`
	Unapproved       int `json:"unapproved"`
	// NoLongerAccountable counts the duties it stops being accountable for.
	NoLongerAccountable int `json:"no_longer_accountable"`
}

// Total counts the duties whose roles changed for the party.
func (p *PartyChange) Total() int { return len(p.Gained) + len(p.Lost) + len(p.Changed) }

// DutyRoles is a duty with the roles a party holds in it ("R", "A", "RA",
// a subset of "RACI" in that order) and the rule deciding it.
type DutyRoles struct {
	Duty  Duty   `json:"duty"`
	Roles string `json:"roles"`
	Rule  string `json:"rule,omitempty"`
}

// RoleChange is a duty where a party's roles changed.
type RoleChange struct {
	Duty Duty   `json:"duty"`
	From string `json:"from"`
	To   string `json:"to"`
	Rule string `json:"rule,omitempty"`
}

// AccountableChange is a duty whose accountable parties changed. A duty
// that exists on one side only has no accountable parties on the other.
type AccountableChange struct {
	Duty     Duty     `json:"duty"`
	From     []string `json:"from"`
	To       []string `json:"to"`
	BaseRule string   `json:"base_rule,omitempty"`
	HeadRule string   `json:"head_rule,omitempty"`
	// Unapproved are the newly accountable parties whose approval the
	// deciding rule of the head does not record.
	Unapproved []string `json:"unapproved,omitempty"`
}

// DutyChanges are duties that became or stopped being something (a gap).
type DutyChanges struct {
	Introduced []Duty `json:"introduced"`
	Fixed      []Duty `json:"fixed"`
}

// ConflictChanges are duties that became or stopped being in conflict.
type ConflictChanges struct {
	Introduced []Conflict `json:"introduced"`
	Fixed      []Conflict `json:"fixed"`
}

// Conflict is a duty whose most specific rules disagree.
type Conflict struct {
	Duty  Duty     `json:"duty"`
	Rules []string `json:"rules"`
}

// Compare compares base with head.
func Compare(base, head Side) (*Report, error) {
	x := newIDs(base.Resolver.M, head.Resolver.M)
	var bc, hc []entry
	var berr, herr error
	var wg sync.WaitGroup
	wg.Go(func() { bc, berr = cells(base.Resolver, x) })
	wg.Go(func() { hc, herr = cells(head.Resolver, x) })
	wg.Wait()
	if err := cmp.Or(berr, herr); err != nil {
		return nil, err
	}
	rep := &Report{}
	rep.Duties.Base, rep.Duties.Head = len(bc), len(hc)
	empty := &cell{}
	parties := map[string]*PartyChange{}
	party := func(id string) *PartyChange {
		p := parties[id]
		if p == nil {
			p = &PartyChange{Party: id, Gained: []DutyRoles{}, Lost: []DutyRoles{}, Changed: []RoleChange{}}
			parties[id] = p
		}
		return p
	}
	// Cells are shared between duties, so few pairs are ever compared.
	sameMemo := map[[2]*cell]bool{}
	same := func(b, h *cell) bool {
		k := [2]*cell{b, h}
		eq, ok := sameMemo[k]
		if !ok {
			eq = b.equal(h)
			sameMemo[k] = eq
		}
		return eq
	}
	// Both sides are sorted by duty: walk them side by side.
	for i, j := 0, 0; i < len(bc) || j < len(hc); {
		var at *entry
		b, h := empty, empty
		switch {
		case j == len(hc) || i < len(bc) && compareEntries(&bc[i], &hc[j]) < 0:
			at, b = &bc[i], bc[i].cell
			i++
			rep.Duties.Removed++
		case i == len(bc) || compareEntries(&bc[i], &hc[j]) > 0:
			at, h = &hc[j], hc[j].cell
			j++
			rep.Duties.Added++
		default:
			at, b, h = &hc[j], bc[i].cell, hc[j].cell
			i++
			j++
		}
		if same(b, h) {
			continue
		}
		d := x.duty(at)
		both := b != empty && h != empty
		for _, id := range unionKeys(b.roles, h.roles) {
			from, to := b.roles[id], h.roles[id]
			switch {
			case from == to:
				continue
			case from == "":
				party(id).Gained = append(party(id).Gained, DutyRoles{Duty: d, Roles: to, Rule: h.rule})
			case to == "":
				party(id).Lost = append(party(id).Lost, DutyRoles{Duty: d, Roles: from, Rule: b.rule})
			default:
				party(id).Changed = append(party(id).Changed, RoleChange{Duty: d, From: from, To: to, Rule: h.rule})
			}
		}
		if !slices.Equal(b.accountable, h.accountable) {
			ac := AccountableChange{Duty: d, From: nonNil(b.accountable), To: nonNil(h.accountable), BaseRule: b.rule, HeadRule: h.rule}
			for _, id := range h.accountable {
				if !contains(b.accountable, id) {
					p := party(id)
					p.NewlyAccountable++
					if !h.exempt[id] && !h.approvedBy[id] {
						p.Unapproved++
						ac.Unapproved = append(ac.Unapproved, id)
					}
				}
			}
			for _, id := range b.accountable {
				if !contains(h.accountable, id) {
					party(id).NoLongerAccountable++
				}
			}
			if both {
				rep.Accountable = append(rep.Accountable, ac)
			}
		}
		if isGap, wasGap := h.outcome == resolve.Gap, b.outcome == resolve.Gap; isGap != wasGap {
			if isGap {
				rep.Gaps.Introduced = append(rep.Gaps.Introduced, d)
			} else {
				rep.Gaps.Fixed = append(rep.Gaps.Fixed, d)
			}
		}
		if !slices.Equal(b.conflicting, h.conflicting) {
			if len(b.conflicting) > 0 {
				rep.Conflicts.Fixed = append(rep.Conflicts.Fixed, Conflict{Duty: d, Rules: b.conflicting})
			}
			if len(h.conflicting) > 0 {
				rep.Conflicts.Introduced = append(rep.Conflicts.Introduced, Conflict{Duty: d, Rules: h.conflicting})
			}
		}
	}
	names := partyNames(base.Resolver.M, head.Resolver.M)
	for _, p := range parties {
		if p.Total() == 0 && p.NewlyAccountable == 0 && p.NoLongerAccountable == 0 {
			continue
		}
		p.Name = names[p.Party]
		rep.Parties = append(rep.Parties, *p)
	}
	// The largest changes first: duties a party never agreed to, then the
	// most duties changed.
	slices.SortFunc(rep.Parties, func(a, b PartyChange) int {
		return cmp.Or(cmp.Compare(b.Unapproved, a.Unapproved), cmp.Compare(b.Total(), a.Total()), strings.Compare(a.Party, b.Party))
	})
	rep.Rules = compareRules(base.Resolver.M, head.Resolver.M)
	rep.Stale = staleDecisions(base.Resolver.M, head.Resolver.M)
	rep.Structure = compareStructure(base.Resolver.M, head.Resolver.M)
	if base.Check != nil && head.Check != nil {
		rep.Diagnostics = compareDiagnostics(base.Resolver.M, base.Check, head.Resolver.M, head.Check)
	}
	rep.fillEmpty()
	return rep, nil
}

// Empty reports whether nothing changed.
func (r *Report) Empty() bool {
	return len(r.Parties) == 0 && r.Duties.Added+r.Duties.Removed == 0 && len(r.Accountable) == 0 && r.Rules.empty() &&
		len(r.Gaps.Introduced)+len(r.Gaps.Fixed)+len(r.Conflicts.Introduced)+len(r.Conflicts.Fixed) == 0 &&
		len(r.Diagnostics.Introduced)+len(r.Diagnostics.Fixed) == 0 && len(r.Stale) == 0 && r.Structure.empty()
}

// fillEmpty replaces nil lists by empty ones, so JSON shows [] not null.
func (r *Report) fillEmpty() {
	r.Parties = nonNil(r.Parties)
	r.Accountable = nonNil(r.Accountable)
	r.Gaps.Introduced, r.Gaps.Fixed = nonNil(r.Gaps.Introduced), nonNil(r.Gaps.Fixed)
	r.Conflicts.Introduced, r.Conflicts.Fixed = nonNil(r.Conflicts.Introduced), nonNil(r.Conflicts.Fixed)
	r.Diagnostics.Introduced, r.Diagnostics.Fixed = nonNil(r.Diagnostics.Introduced), nonNil(r.Diagnostics.Fixed)
	r.Stale = nonNil(r.Stale)
	r.Rules.fillEmpty()
	r.Structure.fillEmpty()
}

func partyNames(ms ...*model.Model) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for _, p := range m.Parties {
			if p.Name != "" {
				out[p.ID] = p.Name
			}
		}
	}
	return out
}

func unionKeys(a, b map[string]string) []string {
	out := make([]string, 0, len(a)+len(b))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
