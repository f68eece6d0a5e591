package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/store"
)

// RuleChanges are the decisions added, removed and changed, by rule id.
type RuleChanges struct {
	Added   []RuleInfo   `json:"added"`
	Removed []RuleInfo   `json:"removed"`
	Changed []RuleChange `json:"changed"`
}

// RuleInfo is a decision as one side writes it.
type RuleInfo struct {
	ID     string `json:"id"`
	Source string `json:"source"` // file:line relative to the model directory
	Status string `json:"status"`
	// What is the rule's activity (or selection) and scope, in words.
	What        string   `json:"what"`
	Accountable []string `json:"accountable"`
}

// RuleChange is a decision both sides have, with the fields that differ.
type RuleChange struct {
	ID     string        `json:"id"`
	Source string        `json:"source"` // in the head
	Fields []FieldChange `json:"fields"`
	// Retired is set when the change retires the decision.
	Retired bool `json:"retired,omitempty"`
	// ContentChanged is set when what acknowledgements bind to changed
	// (store.RuleHash): activities, scope or RACI.
	ContentChanged bool `json:"content_changed"`
}

// FieldChange is one field of a decision before and after.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

func (c *RuleChanges) empty() bool {
	return len(c.Added)+len(c.Removed)+len(c.Changed) == 0
}

func (c *RuleChanges) fillEmpty() {
	c.Added, c.Removed, c.Changed = nonNil(c.Added), nonNil(c.Removed), nonNil(c.Changed)
}

// compareRules matches rules by id: where a rule is written (file, order,
// formatting) is no change.
func compareRules(base, head *model.Model) RuleChanges {
	var out RuleChanges
	bs, hs := rulesByID(base), rulesByID(head)
	for _, id := range sortedKeys(hs) {
		h := hs[id]
		b, ok := bs[id]
		if !ok {
			out.Added = append(out.Added, ruleInfo(head, h))
			continue
		}
		if fields := ruleFields(b, h); len(fields) > 0 {
			out.Changed = append(out.Changed, RuleChange{
				ID: id, Source: source(head, h), Fields: fields,
				Retired:        b.EffectiveStatus() != model.StatusRetired && h.EffectiveStatus() == model.StatusRetired,
				ContentChanged: store.RuleHash(b) != store.RuleHash(h),
			})
		}
	}
	for _, id := range sortedKeys(bs) {
		if _, ok := hs[id]; !ok {
			out.Removed = append(out.Removed, ruleInfo(base, bs[id]))
		}
	}
	return out
}

// ruleFields lists the fields of a decision that differ, in the order they
// are written.
func ruleFields(b, h *model.Rule) []FieldChange {
	var out []FieldChange
	add := func(field, from, to string) {
		if from != to {
			out = append(out, FieldChange{Field: field, From: from, To: to})
		}
	}
	add("activities", selection(b), selection(h))
	add("scope", scope(b.Scope), scope(h.Scope))
	add("responsible", refs(b.Responsible), refs(h.Responsible))
	add("accountable", refs(b.Accountable), refs(h.Accountable))
	add("consulted", refs(b.Consulted), refs(h.Consulted))
	add("informed", refs(b.Informed), refs(h.Informed))
	add("status", string(b.EffectiveStatus()), string(h.EffectiveStatus()))
	add("rationale", strings.TrimSpace(b.Rationale), strings.TrimSpace(h.Rationale))
	add("decided", b.Decided.String(), h.Decided.String())
	add("review_by", b.ReviewBy.String(), h.ReviewBy.String())
	add("approvals", approvals(b), approvals(h))
	return out
}

// StaleDecision is a decision whose acknowledgements the change makes
// stale, with the parties that acknowledged it (its responsible and
// accountable parties in the base) and must do so again.
type StaleDecision struct {
	Rule     string   `json:"rule"`
	Removed  bool     `json:"removed,omitempty"`
	BaseHash string   `json:"base_hash"`
	HeadHash string   `json:"head_hash,omitempty"`
	Parties  []string `json:"parties"`
	// Acknowledgements are those recorded for the base's content, which
	// the change makes stale; set by AddAcknowledgements.
	Acknowledgements []Acknowledgement `json:"acknowledgements,omitempty"`
}

// Acknowledgement is one recorded acknowledgement a change makes stale.
type Acknowledgement struct {
	Party  string `json:"party"`
	Person string `json:"person"`
	At     string `json:"at"` // YYYY-MM-DD
}

// AddAcknowledgements records, for each stale decision, the
// acknowledgements that list returns for it whose hash is the base's:
// those the change makes stale. Acknowledgements of an older content were
// stale already.
func (r *Report) AddAcknowledgements(list func(rule string) ([]store.Ack, error)) error {
	for i := range r.Stale {
		sd := &r.Stale[i]
		acks, err := list(sd.Rule)
		if err != nil {
			return err
		}
		for _, a := range acks {
			if a.RuleHash == sd.BaseHash {
				sd.Acknowledgements = append(sd.Acknowledgements, Acknowledgement{Party: a.PartyID, Person: a.Person, At: a.CreatedAt.UTC().Format(time.DateOnly)})
			}
		}
		slices.SortFunc(sd.Acknowledgements, func(a, b Acknowledgement) int {
			return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(a.Person, b.Person), cmp.Compare(a.At, b.At))
		})
	}
	return nil
}

func staleDecisions(base, head *model.Model) []StaleDecision {
	var out []StaleDecision
	bs, hs := rulesByID(base), rulesByID(head)
	for _, id := range sortedKeys(bs) {
		b := bs[id]
		if b.EffectiveStatus() == model.StatusRetired {
			continue // nobody acknowledges a retired decision
		}
		sd := StaleDecision{Rule: id, BaseHash: store.RuleHash(b)}
		if h, ok := hs[id]; !ok {
			sd.Removed = true
		} else if sd.HeadHash = store.RuleHash(h); sd.HeadHash == sd.BaseHash {
			continue
		}
		var parties []string
		for _, r := range append(slices.Clone(b.Responsible), b.Accountable...) {
			if r.ID != model.TenantOwner && !slices.Contains(parties, r.ID) {
				parties = append(parties, r.ID)
			}
		}
		slices.Sort(parties)
		sd.Parties = nonNil(parties)
		out = append(out, sd)
	}
	return out
}

func rulesByID(m *model.Model) map[string]*model.Rule {
	out := make(map[string]*model.Rule, len(m.Rules))
	for _, r := range m.Rules {
		if _, dup := out[r.ID]; !dup { // a duplicate is reported by the loader
			out[r.ID] = r
		}
	}
	return out
}

func ruleInfo(m *model.Model, r *model.Rule) RuleInfo {
	what := selection(r)
	if s := scope(r.Scope); s != "" {
		what += " in " + s
	}
	acc := make([]string, 0, len(r.Accountable))
	for _, a := range r.Accountable {
		acc = append(acc, a.ID)
	}
	return RuleInfo{ID: r.ID, Source: source(m, r), Status: string(r.EffectiveStatus()), What: what, Accountable: acc}
}

func source(m *model.Model, r *model.Rule) string {
	pos := r.IDPos
	if pos.IsZero() {
		pos = r.Pos
	}
	pos.Filename = m.RelName(pos.Filename)
	return pos.String()
}

// selection is what a rule selects, in words.
func selection(r *model.Rule) string {
	if r.Activity.IsSet() {
		return r.Activity.ID
	}
	s := r.Activities
	if s == nil {
		return ""
	}
	var parts []string
	if len(s.IDs) > 0 {
		parts = append(parts, refs(s.IDs))
	}
	if s.Area != "" {
		parts = append(parts, "area "+s.Area)
	}
	if s.Layer.IsSet() {
		parts = append(parts, "layer "+s.Layer.ID)
	}
	if s.All {
		parts = append(parts, "all activities")
	}
	return strings.Join(parts, ", ")
}

func scope(s *model.Scope) string {
	if s == nil {
		return ""
	}
	var parts []string
	for _, d := range s.Dimensions() {
		parts = append(parts, fmt.Sprintf("%s %s", d, s.Ref(d).ID))
	}
	return strings.Join(parts, ", ")
}

// refs lists party (or activity) ids sorted, so order is no change.
func refs(rs model.Refs) string {
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		if !slices.Contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}

func approvals(r *model.Rule) string {
	var list []string
	for _, a := range r.Approvals {
		s := a.Party.ID
		if a.By != "" {
			s += " by " + a.By
		}
		if !a.At.IsZero() {
			s += " on " + a.At.String()
		}
		list = append(list, s)
	}
	slices.Sort(list)
	return strings.Join(list, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
