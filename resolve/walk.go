package resolve

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// UnknownError is returned when a query names an element that does not
// exist; it carries a did-you-mean suggestion.
type UnknownError struct {
	Kind, ID, Suggestion string
	// Valid lists the first valid ids (by id) when no id is close enough
	// to suggest; Total is how many there are.
	Valid []string
	Total int
}

// An UnknownError lists at most MaxListedIDs valid ids, and suggests an
// id only among at most MaxSuggestFrom: past that, sorting the ids for
// every unknown one costs too much.
const (
	MaxListedIDs   = 20
	MaxSuggestFrom = 100_000
)

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.Kind, e.ID)
	switch {
	case e.Suggestion != "":
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	case len(e.Valid) > 0:
		msg += "; valid ids: " + strings.Join(e.Valid, ", ")
		if e.Total > len(e.Valid) {
			msg += fmt.Sprintf(", … (%d in all)", e.Total)
		}
	}
	return msg
}

func (r *Resolver) unknown(kind, id string, idx map[string]int32) error {
	var cands []string
	if len(idx) <= MaxSuggestFrom {
		cands = make([]string, 0, len(idx))
		for k := range idx {
			cands = append(cands, k)
		}
		sort.Strings(cands)
	}
	return NewUnknownError(kind, id, cands, len(idx))
}

// NewUnknownError describes id as unknown among the sorted candidate ids
// (none when there are too many to search), total ids in all: with the
// closest candidate, or else the first MaxListedIDs.
func NewUnknownError(kind, id string, cands []string, total int) *UnknownError {
	e := &UnknownError{Kind: kind, ID: id, Suggestion: diag.DidYouMean(id, cands), Total: total}
	if e.Suggestion == "" {
		e.Valid = cands[:min(len(cands), MaxListedIDs)]
	}
	return e
}

// Filter restricts a walk over cells. Empty fields match everything. A
// filter on a coordinate a cell does not have keeps the cell when it
// covers the filtered context: an organisation-wide duty is kept for any
// landing zone, a per-tenant duty for any service of its provider.
type Filter struct {
	LandingZones []string
	Services     []string
	Providers    []string
	Activities   []string
	// Party keeps only cells where this party holds any RACI role,
	// including through the tenant-owner placeholder in landing zones where
	// it owns a tenant.
	Party string
	// Tenant resolves the cells of one tenant: its landing zone and
	// provider, with the placeholder replaced by its owner.
	Tenant string
}

// Cells resolves every cell matching f, calling fn for each, in walk
// order: cells without a landing zone first (by activity), then by landing
// zone, activity and service or provider. It stops when fn returns false.
// Its cost follows the cells asked for, not the size of the model.
func (r *Resolver) Cells(f Filter, fn func(*Answer) bool) error {
	zones, err := r.pick("landing zone", f.LandingZones, r.zoneIdx)
	if err != nil {
		return err
	}
	svcs, err := r.pick("service", f.Services, r.svcIdx)
	if err != nil {
		return err
	}
	provs, err := r.pick("provider", f.Providers, r.provIdx)
	if err != nil {
		return err
	}
	acts, err := r.pick("activity", f.Activities, r.actIdx)
	if err != nil {
		return err
	}
	// A service filter narrows the provider of cells that have one.
	if svcs != nil {
		var fromSvcs []int32
		for _, si := range svcs {
			if p := r.svcs[si].provider; p >= 0 && (provs == nil || slices.Contains(provs, p)) && !slices.Contains(fromSvcs, p) {
				fromSvcs = append(fromSvcs, p)
			}
		}
		if fromSvcs == nil {
			fromSvcs = []int32{-2} // no provider matches
		}
		provs = fromSvcs
	}
	var party, placeholder *model.Party
	var ownerZones []int32 // zones where party owns a tenant
	if f.Party != "" {
		i, ok := r.partyIdx[f.Party]
		if !ok {
			return r.unknown("party", f.Party, r.partyIdx)
		}
		party, ownerZones = r.parties[i], r.ownerZones[i]
		if r.ownerIdx >= 0 {
			placeholder = r.parties[r.ownerIdx]
		}
	}
	t := int32(none)
	if f.Tenant != "" {
		ti, ok := r.tenantIdx[f.Tenant]
		if !ok {
			return r.unknown("tenant", f.Tenant, r.tenantIdx)
		}
		t = ti
		tz, ok := r.zoneIdx[r.M.Tenants[ti].LandingZone.ID]
		if !ok {
			return fmt.Errorf("tenant %q has no valid landing zone", f.Tenant)
		}
		if zones != nil && !slices.Contains(zones, tz) {
			return nil
		}
		zones = []int32{tz}
		if tp := lookup(r.provIdx, r.M.Tenants[ti].Provider.ID); tp >= 0 {
			if provs != nil && !slices.Contains(provs, tp) {
				return nil
			}
			provs = []int32{tp}
		}
	}
	if zones == nil {
		zones = r.allZones
	}
	if acts == nil {
		acts = r.allActs
	}
	keep := func(sp *spot) bool {
		if provs != nil && sp.provider >= 0 && !slices.Contains(provs, sp.provider) {
			return false
		}
		return svcs == nil || sp.service < 0 || slices.Contains(svcs, sp.service)
	}
	emit := func(a int32, sp spot, owner bool) bool {
		ans := r.answer(a, sp)
		if party != nil && !ans.Involves(party) && !(owner && ans.Involves(placeholder)) {
			return true
		}
		return fn(ans)
	}
	for _, a := range acts {
		for _, sp := range r.globalSpots(a) {
			if keep(&sp) && !emit(a, sp, false) {
				return nil
			}
		}
	}
	var buf []spot
	for _, z := range zones {
		owner := placeholder != nil && slices.Contains(ownerZones, z)
		for _, a := range acts {
			buf = r.zoneSpotsOf(a, z, t, svcs, buf)
			for _, sp := range buf {
				if keep(&sp) && !emit(a, sp, owner) {
					return nil
				}
			}
		}
	}
	return nil
}

// pick returns the indexes of ids, sorted and without repeats; nil when ids
// is empty (no restriction).
func (r *Resolver) pick(kind string, ids []string, idx map[string]int32) ([]int32, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		i, ok := idx[id]
		if !ok {
			return nil, r.unknown(kind, id, idx)
		}
		out = append(out, i)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Involves reports whether p holds any role in the answer, directly or as
// the tenant owner the placeholder resolved to.
func (a *Answer) Involves(p *model.Party) bool {
	for _, list := range [][]Assignee{a.Responsible, a.Accountable, a.Consulted, a.Informed} {
		for _, as := range list {
			if as.Party == p || as.Via == p {
				return true
			}
		}
	}
	return false
}

// Decided is one resolved cell in compact form, for consumers that
// aggregate over all cells (publishing) and must not allocate per cell.
type Decided struct {
	// Indexes into M.Activities, M.Services, M.Providers and
	// M.LandingZones; -1 where the cell has no such coordinate.
	Activity, Service, Provider, LandingZone int
	Side                                     model.Side
	Outcome                                  Outcome
	// Rule decided the cell (ByRule), or is one of the conflicting rules.
	Rule *model.Rule
	// Border are the provider parties holding their side of a provider-side
	// or shared cell, as indexes into M.Parties; shared, do not modify.
	Border []int32
}

// Walk resolves every cell of the model in walk order — the cells without
// a landing zone first (provider and organisation grains, by activity),
// then by landing zone, activity, and service or provider — and calls fn
// with each. It is sequential, so fn may aggregate without locking.
func (r *Resolver) Walk(fn func(Decided)) {
	var sc scratch
	var cand []int32
	visit := func(a int32, sp *spot) {
		k := r.key(sp.place)
		d := r.decide(&k, sp.side, cand, &sc)
		c := Decided{Activity: int(a), Service: int(sp.service), Provider: int(sp.provider), LandingZone: int(sp.zone),
			Side: sp.side, Outcome: d.outcome, Border: sp.border}
		if d.winner >= 0 {
			c.Rule = r.rules[d.winner].rule
		}
		fn(c)
	}
	for a := range r.acts {
		cand = r.candidates(int32(a), none, none, cand)
		for _, sp := range r.globalSpots(int32(a)) {
			visit(int32(a), &sp)
		}
	}
	var buf []spot
	for z := range r.zones {
		for a := range r.acts {
			cand = r.candidates(int32(a), int32(z), none, cand)
			buf = r.zoneSpots(int32(a), int32(z), none, buf)
			for i := range buf {
				visit(int32(a), &buf[i])
			}
		}
	}
}
