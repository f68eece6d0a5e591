package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/mcsb"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// facts compares the providers' statements per service and control with
// the model: the border's side and the rules that decide the cells.
func (c *checker) facts(r *resolve.Resolver) {
	cat := CatalogueOf(c.m)
	c.unknownControls(cat)
	keys := make([]map[string]bool, len(c.m.Activities))
	anyKeys := false
	for i, a := range c.m.Activities {
		if a.EffectiveGrain() == model.GrainService && a.Layer.IsSet() && len(a.Controls) > 0 {
			keys[i] = a.ControlKeys(cat.Crosswalk)
			anyKeys = true
		}
	}
	if !anyKeys {
		return
	}
	// pending are the duties whose deciding rules the facts question; one
	// walk over the cells finds those rules for all of them.
	type duty struct{ activity, service int }
	pending := map[duty][]model.Statement{}
	for si, s := range c.m.Services {
		// Only a service some landing zone offers has duties to compare.
		if len(s.Facts) == 0 || len(r.ZonesOffering(s.ID)) == 0 {
			continue
		}
		byKey := map[string][]*model.Fact{}
		for _, f := range s.Facts {
			byKey[f.Key()] = append(byKey[f.Key()], f)
		}
		for ai, a := range c.m.Activities {
			ks := keys[ai]
			if ks == nil || !a.AppliesToService(s) {
				continue
			}
			var matched []string
			for k := range ks {
				if len(byKey[k]) > 0 {
					matched = append(matched, k)
				}
			}
			if len(matched) == 0 {
				continue
			}
			sort.Strings(matched)
			side := c.m.Border(s, a.Layer.ID)
			sts := make([]model.Statement, len(matched))
			for i, k := range matched {
				sts[i] = model.Summarise(byKey[k])
				c.compareSide(a, s, side, sts[i])
			}
			if side != model.SideProvider {
				pending[duty{ai, si}] = sts
			}
		}
	}
	if len(pending) == 0 {
		return
	}
	// One walk over the cells finds the deciding rules of all pending
	// duties; resolving them one by one costs more when they are many.
	rules := map[duty][]*model.Rule{}
	r.Walk(func(d resolve.Decided) {
		if d.Service < 0 || d.Outcome != resolve.ByRule || d.Rule == nil {
			return
		}
		k := duty{d.Activity, d.Service}
		if _, ok := pending[k]; !ok || slices.Contains(rules[k], d.Rule) || !c.assignsInternal(d.Rule) {
			return
		}
		rules[k] = append(rules[k], d.Rule)
	})
	ks := make([]duty, 0, len(rules))
	for k := range rules {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].activity != ks[j].activity {
			return ks[i].activity < ks[j].activity
		}
		return ks[i].service < ks[j].service
	})
	for _, k := range ks {
		rs := rules[k]
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		c.compareRules(c.m.Activities[k.activity], c.m.Services[k.service], pending[k], rs)
	}
}

// compareSide compares the border's side of a's layer for s with the
// provider's statement about one control.
func (c *checker) compareSide(a *model.Activity, s *model.Service, side model.Side, st model.Statement) {
	ctl := st.Control
	border := c.borderRange(s, a.Layer.ID)
	switch {
	case st.Customer != nil && side == model.SideProvider:
		f := st.Customer
		c.ds.Add(diag.FactHiddenGap, f.Pos, "%s says the customer holds %s for %s, but the model puts %q of activity %q on the provider's side", c.providerName(s), ctl, s.ID, a.Layer.ID, a.ID).
			WithDetail("%s Nobody in the organisation is assigned this duty. Put the layer on the customer's side for this service (`borders: {%s: customer}` on %s) and add a rule, or record why the provider's statement does not apply.", source(f), a.Layer.ID, s.ID).
			WithRelated("the border", border).
			WithRelated(fmt.Sprintf("activity %q maps to %s", a.ID, ctl), a.IDPos)
	case st.Shared != nil && st.Customer == nil && side != model.SideShared:
		f := st.Shared
		c.ds.Add(diag.FactSharedMismatch, f.Pos, "%s says %s is shared for %s, but the model puts %q of activity %q on the %s's side only", c.providerName(s), ctl, s.ID, a.Layer.ID, a.ID, sideName(side)).
			WithDetail("%s Set `borders: {%s: shared}` on %s so both sides are assigned, or keep the border and say why in the rule's rationale.", source(f), a.Layer.ID, s.ID).
			WithRelated("the border", border).
			WithRelated(fmt.Sprintf("activity %q maps to %s", a.ID, ctl), a.IDPos)
	}
}

// compareRules compares the rules that give a's duty for s to internal
// parties with the provider's statements about all the controls a maps to:
// only when none leaves work to the customer is the rule questioned.
func (c *checker) compareRules(a *model.Activity, s *model.Service, sts []model.Statement, internal []*model.Rule) {
	if len(internal) == 0 {
		return
	}
	nothing, providerOnly := true, true
	var ctls []string
	for _, st := range sts {
		nothing = nothing && st.Nothing
		providerOnly = providerOnly && st.ProviderOnly()
		ctls = append(ctls, st.Control)
	}
	list := strings.Join(ctls, ", ")
	for _, rule := range internal {
		switch {
		case nothing:
			f := sts[0].First
			c.ds.Add(diag.FactUnsupported, ruleRange(rule), "rule %q assigns %q for %s, but %s marks every feature for %s not supported or not applicable", rule.ID, a.ID, s.ID, c.providerName(s), list).
				WithDetail("%s The duty may have nothing to act on for this service: narrow the activity's applies_to, or say in the rationale what the team does instead.", source(f)).
				WithRelated("the provider's statement", f.Pos)
		case providerOnly:
			f := sts[0].Provider
			c.ds.Add(diag.FactDuplicateEffort, ruleRange(rule), "rule %q assigns %q for %s to internal parties, but %s states it holds %s", rule.ID, a.ID, s.ID, c.providerName(s), list).
				WithDetail("%s This is duplicate effort or a deliberate extra control; the rule's rationale should say which.", source(f)).
				WithRelated("the provider's statement", f.Pos)
		}
	}
}

func (c *checker) assignsInternal(rule *model.Rule) bool {
	for _, refs := range []model.Refs{rule.Responsible, rule.Accountable} {
		for _, ref := range refs {
			if p := c.m.PartyByID[ref.ID]; p == nil || !p.IsProvider() {
				return true
			}
		}
	}
	return false
}

// unknownControls reports MCSB control ids that the benchmark does not
// define, in facts and in activities.
func (c *checker) unknownControls(cat *Catalogue) {
	ids := cat.IDs()
	sort.Strings(ids)
	unknown := func(id string) bool { _, ok := cat.Defined(id); return !ok }
	for _, s := range c.m.Services {
		for _, f := range s.Facts {
			if f.Key() == mcsb.Framework+"/"+f.Control && unknown(f.Control) {
				d := c.ds.Add(diag.UnknownControl, f.Pos, "fact of service %q names control %q, which the Microsoft cloud security benchmark does not define", s.ID, f.Control).
					WithDetail("MCSB control ids look like NS-1 or DP-5 (`demarc explain DM605`). For another framework, set `framework:`.")
				if sug := diag.DidYouMean(f.Control, ids); sug != "" {
					d.WithSuggestion(sug)
				}
			}
		}
	}
	for _, a := range c.m.Activities {
		for _, id := range a.Controls[mcsb.Framework] {
			if unknown(id) {
				d := c.ds.Add(diag.UnknownControl, a.IDPos, "activity %q maps to control %q, which the Microsoft cloud security benchmark does not define", a.ID, id).
					WithDetail("MCSB control ids look like NS-1 or DP-5; the facts of a control that does not exist are never compared.")
				if sug := diag.DidYouMean(id, ids); sug != "" {
					d.WithSuggestion(sug)
				}
			}
		}
	}
}

func (c *checker) borderRange(s *model.Service, layer string) diag.Range {
	if r, ok := s.BordersPos[layer]; ok {
		return r
	}
	if sm := c.m.ServiceModelByID[s.Model.ID]; sm != nil {
		if r, ok := sm.BordersPos[layer]; ok {
			return r
		}
		return sm.IDPos
	}
	return s.IDPos
}

func (c *checker) providerName(s *model.Service) string {
	if p := c.m.ProviderByID[s.Provider.ID]; p != nil && p.Name != "" {
		return p.Name
	}
	return "the provider"
}

// source says where the provider states a fact.
func source(f *model.Fact) string {
	var parts []string
	if f.Feature != "" {
		parts = append(parts, fmt.Sprintf("feature %q", f.Feature))
	}
	if f.Source != "" {
		parts = append(parts, "stated in "+f.Source)
	}
	if len(parts) == 0 {
		return ""
	}
	return "The fact: " + strings.Join(parts, ", ") + "."
}

func sideName(s model.Side) string {
	if s == model.SideProvider {
		return "provider"
	}
	return "customer"
}
