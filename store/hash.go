package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"github.com/demarc-dev/demarc/model"
)

// hashedRule is the content of a decision that an acknowledgement binds to.
// Field names are part of the hash: do not rename them. Rationale wording,
// status, dates and approvals are deliberately absent.
type hashedRule struct {
	V           int      `json:"v"`
	ID          string   `json:"id"`
	Activity    string   `json:"activity,omitempty"`
	Activities  *hashSel `json:"activities,omitempty"`
	Scope       hashScp  `json:"scope"`
	Responsible []string `json:"r"`
	Accountable []string `json:"a"`
	Consulted   []string `json:"c"`
	Informed    []string `json:"i"`
}

type hashSel struct {
	IDs   []string `json:"ids,omitempty"`
	Area  string   `json:"area,omitempty"`
	Layer string   `json:"layer,omitempty"`
	All   bool     `json:"all,omitempty"`
}

type hashScp struct {
	Provider     string `json:"provider,omitempty"`
	ServiceModel string `json:"service_model,omitempty"`
	Service      string `json:"service,omitempty"`
	LandingZone  string `json:"landing_zone,omitempty"`
	Tenant       string `json:"tenant,omitempty"`
}

// RuleHash returns a stable hash of the content of decision r that
// acknowledgements bind to: its id, the activities it selects, its scope and
// its RACI (party ids sorted, so order does not matter). Changing any of these
// changes the hash and makes earlier acknowledgements stale; editing the
// rationale, status, dates or approvals does not. The result is
// "v1:" followed by 64 hex digits.
func RuleHash(r *model.Rule) string {
	h := hashedRule{
		V:           1,
		ID:          r.ID,
		Activity:    r.Activity.ID,
		Responsible: sortedIDs(r.Responsible),
		Accountable: sortedIDs(r.Accountable),
		Consulted:   sortedIDs(r.Consulted),
		Informed:    sortedIDs(r.Informed),
	}
	if a := r.Activities; a != nil {
		h.Activities = &hashSel{IDs: sortedIDs(a.IDs), Area: a.Area, Layer: a.Layer.ID, All: a.All}
		if len(h.Activities.IDs) == 0 {
			h.Activities.IDs = nil
		}
	}
	if sc := r.Scope; sc != nil {
		h.Scope = hashScp{sc.Provider.ID, sc.ServiceModel.ID, sc.Service.ID, sc.LandingZone.ID, sc.Tenant.ID}
	}
	b, err := json.Marshal(h)
	if err != nil {
		panic(err) // plain strings and slices always marshal
	}
	sum := sha256.Sum256(b)
	return "v1:" + hex.EncodeToString(sum[:])
}

// sortedIDs returns the distinct ids of rs, sorted; never nil.
func sortedIDs(rs model.Refs) []string {
	out := make([]string, 0, len(rs))
	seen := map[string]bool{}
	for _, r := range rs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}
