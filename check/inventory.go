package check

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/model"
)

// Inventory reconciles the model's tenants with what the clouds report:
// live accounts no tenant covers (DM703), tenants of a listed provider
// whose account is not listed (DM704) or no longer live (DM705), owner
// tags that name no party (DM706) or another owner (DM707), containers or
// tags that put an account in another landing zone (DM708), and tenants
// whose owner has nobody to answer (DM709). Severities are applied like
// every other diagnostic's; the result is sorted.
func Inventory(m *model.Model, inv *inventory.Inventory, mp *inventory.Mapping, opts Options) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, key := range sortedKeys(mp.LandingZones) {
		if lz := mp.LandingZones[key]; m.LandingZoneByID[lz] == nil {
			d := ds.Add(diag.DanglingReference, mp.LandingZonePos[key], "inventory mapping of %s names unknown landing zone %q", key, lz)
			if sug := diag.DidYouMean(lz, zoneIDs(m)); sug != "" {
				d.WithSuggestion(sug)
			}
		}
	}
	owners := inventory.NewOwners(m)
	covered := make(map[*model.Tenant]bool, len(m.Tenants))
	tenants := tenantIndex(m)
	for i := range inv.Accounts {
		a := &inv.Accounts[i]
		t := tenants[accountKey(a.Provider, a.ID)]
		if t == nil && a.Number != "" {
			t = tenants[accountKey(a.Provider, a.Number)] // a GCP tenant named by project number
		}
		if t == nil {
			if a.State.Live() {
				ds.Add(diag.UntrackedAccount, a.Pos, "%s is covered by no tenant", a).WithPath(a.Path).
					WithDetail("Nobody owns this %s in the model. Add it as a tenant with its owner and landing zone (`demarc import tenants %s` writes them), or close it.", kindOf(a.Provider), a.Provider)
			}
			continue
		}
		covered[t] = true
		if !a.State.Live() {
			ds.Add(diag.ClosedAccount, t.IDPos(), "tenant %q is %s in %s (%s)", t.ID, a.State, a.Provider, a.RawState).
				WithRelated("the inventory lists it here", a.Pos).
				WithDetail("Finish the decommissioning and remove the tenant, or reactivate the %s if it was closed by mistake.", kindOf(a.Provider))
			continue
		}
		reconcileOwner(&ds, m, t, a, mp, owners)
		if lz, from := mp.LandingZone(a); lz != "" && t.LandingZone.IsSet() && lz != t.LandingZone.ID {
			ds.Add(diag.LandingZoneMismatch, refRange(t.LandingZone, t), "tenant %q is in landing zone %q, but its %s maps to %q", t.ID, t.LandingZone.ID, from, lz).
				WithRelated("the account", a.Pos).
				WithDetail("Move the %s to the right place in the cloud, or correct the tenant's landing zone.", kindOf(a.Provider))
		}
		if p := m.PartyByID[t.Owner.ID]; p != nil && !p.IsProvider() && !p.Placeholder && len(p.Members) == 0 && len(p.Contacts) == 0 {
			ds.Add(diag.UnreachableOwner, refRange(t.Owner, t), "tenant %q is owned by %q, which has neither members nor contacts", t.ID, p.ID).
				WithRelated("the party", p.IDPos).
				WithDetail("Nobody answers for this live %s. Give the party members and a contact, or hand the tenant to a party that has them.", kindOf(a.Provider))
		}
	}
	for _, t := range m.Tenants {
		if covered[t] || !inv.Covers(t.Provider.ID) {
			continue
		}
		ds.Add(diag.MissingAccount, t.IDPos(), "tenant %q is not in the %s inventory", t.ID, t.Provider.ID).
			WithDetail("The account was closed and removed, moved to another organisation, or the id is mistyped. Remove the tenant, or correct its id.")
	}
	return applySeverity(ds, opts).Sort()
}

func reconcileOwner(ds *diag.Diagnostics, m *model.Model, t *model.Tenant, a *inventory.Account, mp *inventory.Mapping, owners *inventory.Owners) {
	value, ok := mp.OwnerValue(a)
	if !ok {
		return
	}
	party, found := owners.Party(value)
	switch {
	case !found:
		d := ds.Add(diag.UnknownOwnerTag, t.IDPos(), "the %s tag of tenant %q names no party: %q", mp.OwnerTag, t.ID, value).
			WithRelated("the account", a.Pos).
			WithDetail("The value is neither a party id nor a member's or contact's e-mail. Correct the tag in the cloud, or add the party (or the address as a member).")
		if sug := diag.DidYouMean(value, partyIDs(m)); sug != "" {
			d.WithSuggestion(sug)
		}
	case t.Owner.IsSet() && party != t.Owner.ID:
		ds.Add(diag.OwnerMismatch, refRange(t.Owner, t), "tenant %q is owned by %q, but its %s tag names %q", t.ID, t.Owner.ID, mp.OwnerTag, party).
			WithRelated("the account", a.Pos).
			WithDetail("Decide who owns it, and correct either the tag in the cloud or the tenant's owner.")
	}
}

// tenantIndex keys the tenants by provider and id; Azure subscription ids
// are GUIDs, compared without regard to case.
func tenantIndex(m *model.Model) map[string]*model.Tenant {
	idx := make(map[string]*model.Tenant, len(m.Tenants))
	for _, t := range m.Tenants {
		idx[accountKey(t.Provider.ID, t.ID)] = t
	}
	return idx
}

func accountKey(provider, id string) string {
	if provider == inventory.Azure {
		id = strings.ToLower(id)
	}
	return provider + "\x00" + id
}

func kindOf(provider string) string {
	switch provider {
	case inventory.Azure:
		return "subscription"
	case inventory.GCP:
		return "project"
	}
	return "account"
}

// refRange is where a reference is written, or the tenant's id when the
// reference has no position of its own.
func refRange(r model.TenantRef, t *model.Tenant) diag.Range {
	if pos := t.RefPos(r); !pos.IsZero() {
		return pos
	}
	return t.IDPos()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
