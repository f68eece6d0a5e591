package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/demarc-dev/demarc/model"
)

// State is where one party stands on one decision.
type State string

const (
	// Acknowledged: someone acknowledged the decision for the party in its
	// current version.
	Acknowledged State = "acknowledged"
	// Stale: acknowledged only in an earlier version; the party must be asked again.
	Stale State = "stale"
	// Missing: never acknowledged for the party.
	Missing State = "missing"
)

// RuleCoverage is one decision a party holds (as R, A or both).
type RuleCoverage struct {
	Rule  string `json:"rule"`
	Hash  string `json:"hash"`
	Role  string `json:"role"` // "R", "A" or "RA"
	State State  `json:"state"`
}

// PartyCoverage counts, for one party, the decisions it is Responsible or
// Accountable for and how many of them it has acknowledged.
type PartyCoverage struct {
	Party        string         `json:"party"`
	Total        int            `json:"total"`
	Acknowledged int            `json:"acknowledged"`
	Stale        int            `json:"stale"`
	Missing      int            `json:"missing"`
	Rules        []RuleCoverage `json:"rules"`
}

// Ratio is Acknowledged/Total, or 1 when the party holds nothing.
func (p PartyCoverage) Ratio() float64 {
	if p.Total == 0 {
		return 1
	}
	return float64(p.Acknowledged) / float64(p.Total)
}

// ZoneCoverage is the coverage of the decisions that apply to one landing zone.
type ZoneCoverage struct {
	LandingZone string          `json:"landing_zone"`
	Parties     []PartyCoverage `json:"parties"`
}

// ackIndex maps party → rule → the set of hashes acknowledged.
type ackIndex map[string]map[string]map[string]bool

func (s *Store) ackIndex(ctx context.Context) (ackIndex, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT party_id, rule_id, rule_hash FROM acknowledgements`)
	if err != nil {
		return nil, fmt.Errorf("store: coverage on %s: %w", s.where, err)
	}
	defer rows.Close()
	idx := ackIndex{}
	for rows.Next() {
		var p, r, h string
		if err := rows.Scan(&p, &r, &h); err != nil {
			return nil, fmt.Errorf("store: coverage on %s: %w", s.where, err)
		}
		if idx[p] == nil {
			idx[p] = map[string]map[string]bool{}
		}
		if idx[p][r] == nil {
			idx[p][r] = map[string]bool{}
		}
		idx[p][r][h] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage on %s: %w", s.where, err)
	}
	return idx, nil
}

// Coverage returns, per party that is Responsible or Accountable for at least
// one decision that is not retired, how many of those decisions it has
// acknowledged in their current version, how many only in an earlier version
// (stale) and how many not at all. The tenant-owner placeholder is left out:
// it stands for many teams. Parties come in model order.
func (s *Store) Coverage(ctx context.Context, m *model.Model) ([]PartyCoverage, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	idx, err := s.ackIndex(ctx)
	if err != nil {
		return nil, err
	}
	return coverage(m, m.Rules, idx), nil
}

// ZoneCoverage is Coverage per landing zone, in model order. A decision
// applies to a landing zone when its scope names that zone, or names no zone
// (then, if it names a tenant, only that tenant's zone; if it names a
// service, only zones offering it).
func (s *Store) ZoneCoverage(ctx context.Context, m *model.Model) ([]ZoneCoverage, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	idx, err := s.ackIndex(ctx)
	if err != nil {
		return nil, err
	}
	var out []ZoneCoverage
	for _, z := range m.LandingZones {
		var rules []*model.Rule
		for _, r := range m.Rules {
			if appliesToZone(m, r, z) {
				rules = append(rules, r)
			}
		}
		out = append(out, ZoneCoverage{LandingZone: z.ID, Parties: coverage(m, rules, idx)})
	}
	return out, nil
}

func appliesToZone(m *model.Model, r *model.Rule, z *model.LandingZone) bool {
	sc := r.Scope
	if sc == nil {
		return true
	}
	if sc.LandingZone.ID != "" {
		return sc.LandingZone.ID == z.ID
	}
	if sc.Tenant.ID != "" {
		if t := m.TenantByID(sc.Tenant.ID); t != nil && t.LandingZone.ID != z.ID {
			return false
		}
	}
	if sc.Service.ID != "" {
		for _, s := range z.Services {
			if s.ID == sc.Service.ID {
				return true
			}
		}
		return false
	}
	return true
}

func coverage(m *model.Model, rules []*model.Rule, idx ackIndex) []PartyCoverage {
	by := map[string]*PartyCoverage{}
	for _, r := range rules {
		if r.EffectiveStatus() == model.StatusRetired {
			continue
		}
		hash := RuleHash(r)
		roles := map[string]string{}
		var order []string
		add := func(refs model.Refs, role string) {
			for _, ref := range refs {
				id := ref.ID
				if id == "" || id == model.TenantOwner {
					continue
				}
				if p := m.PartyByID[id]; p != nil && p.Placeholder {
					continue
				}
				if _, ok := roles[id]; !ok {
					order = append(order, id)
				}
				if roles[id] != role {
					roles[id] += role
				}
			}
		}
		add(r.Responsible, "R")
		add(r.Accountable, "A")
		for _, id := range order {
			pc := by[id]
			if pc == nil {
				pc = &PartyCoverage{Party: id}
				by[id] = pc
			}
			rc := RuleCoverage{Rule: r.ID, Hash: hash, Role: roles[id], State: Missing}
			if hs := idx[id][r.ID]; hs[hash] {
				rc.State = Acknowledged
				pc.Acknowledged++
			} else if len(hs) > 0 {
				rc.State = Stale
				pc.Stale++
			} else {
				pc.Missing++
			}
			pc.Total++
			pc.Rules = append(pc.Rules, rc)
		}
	}
	var out []PartyCoverage
	for _, p := range m.Parties {
		if pc := by[p.ID]; pc != nil {
			out = append(out, *pc)
			delete(by, p.ID)
		}
	}
	// Parties the model does not define (a model with errors): sorted, last.
	var rest []string
	for id := range by {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, *by[id])
	}
	return out
}
