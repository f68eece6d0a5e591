package diff

import (
	"cmp"
	"slices"

	"github.com/demarc-dev/demarc/model"
)

// Structure is what changed in where duties happen: landing zones, the
// services they offer, and tenants.
type Structure struct {
	LandingZonesAdded   []string       `json:"landing_zones_added"`
	LandingZonesRemoved []string       `json:"landing_zones_removed"`
	Offers              []OfferChange  `json:"offers"`
	TenantsAdded        int            `json:"tenants_added"`
	TenantsRemoved      int            `json:"tenants_removed"`
	TenantsMoved        []TenantChange `json:"tenants_moved"`
}

// OfferChange is a landing zone that both sides have whose offered
// services differ.
type OfferChange struct {
	LandingZone string   `json:"landing_zone"`
	Added       []string `json:"added"`
	Removed     []string `json:"removed"`
}

// TenantChange is a tenant given another owner, landing zone or provider.
type TenantChange struct {
	Tenant string        `json:"tenant"`
	Fields []FieldChange `json:"fields"`
}

func (s *Structure) empty() bool {
	return len(s.LandingZonesAdded)+len(s.LandingZonesRemoved)+len(s.Offers)+len(s.TenantsMoved)+s.TenantsAdded+s.TenantsRemoved == 0
}

func (s *Structure) fillEmpty() {
	s.LandingZonesAdded, s.LandingZonesRemoved = nonNil(s.LandingZonesAdded), nonNil(s.LandingZonesRemoved)
	s.Offers, s.TenantsMoved = nonNil(s.Offers), nonNil(s.TenantsMoved)
}

func compareStructure(base, head *model.Model) Structure {
	var out Structure
	zoneID := func(z *model.LandingZone) string { return z.ID }
	bz, hz := byID(base.LandingZones, zoneID), byID(head.LandingZones, zoneID)
	for _, id := range sortedKeys(hz) {
		b, ok := bz[id]
		if !ok {
			out.LandingZonesAdded = append(out.LandingZonesAdded, id)
			continue
		}
		bs, hs := refSet(b.Services), refSet(hz[id].Services)
		oc := OfferChange{LandingZone: id, Added: minus(hs, bs), Removed: minus(bs, hs)}
		if len(oc.Added)+len(oc.Removed) > 0 {
			out.Offers = append(out.Offers, oc)
		}
	}
	for _, id := range sortedKeys(bz) {
		if _, ok := hz[id]; !ok {
			out.LandingZonesRemoved = append(out.LandingZonesRemoved, id)
		}
	}
	tenantID := func(t *model.Tenant) string { return t.ID }
	bt, ht := byID(base.Tenants, tenantID), byID(head.Tenants, tenantID)
	for id, h := range ht {
		b, ok := bt[id]
		if !ok {
			out.TenantsAdded++
			continue
		}
		tc := TenantChange{Tenant: id}
		for _, f := range []struct{ name, from, to string }{
			{"owner", b.Owner.ID, h.Owner.ID}, {"landing_zone", b.LandingZone.ID, h.LandingZone.ID}, {"provider", b.Provider.ID, h.Provider.ID},
		} {
			if f.from != f.to {
				tc.Fields = append(tc.Fields, FieldChange{Field: f.name, From: f.from, To: f.to})
			}
		}
		if len(tc.Fields) > 0 {
			out.TenantsMoved = append(out.TenantsMoved, tc)
		}
	}
	for id := range bt {
		if _, ok := ht[id]; !ok {
			out.TenantsRemoved++
		}
	}
	slices.SortFunc(out.TenantsMoved, func(a, b TenantChange) int { return cmp.Compare(a.Tenant, b.Tenant) })
	return out
}

func byID[T any](list []T, id func(T) string) map[string]T {
	out := make(map[string]T, len(list))
	for _, el := range list {
		if _, dup := out[id(el)]; !dup { // a duplicate is reported by the loader
			out[id(el)] = el
		}
	}
	return out
}

func refSet(rs model.Refs) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		out[r.ID] = true
	}
	return out
}

// minus lists the keys of a not in b, sorted.
func minus(a, b map[string]bool) []string {
	out := []string{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
