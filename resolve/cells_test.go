package resolve_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

type cellKey struct{ zone, service, provider, activity, tenant string }

// keyOf names a cell by the coordinates its grain gives it.
func keyOf(a *resolve.Answer) cellKey {
	k := cellKey{activity: a.Activity.ID}
	if a.LandingZone != nil {
		k.zone = a.LandingZone.ID
	}
	if a.Service != nil {
		k.service = a.Service.ID
	}
	if a.Provider != nil {
		k.provider = a.Provider.ID
	}
	if a.Tenant != nil {
		k.tenant = a.Tenant.ID
	}
	return k
}

// kept is Filter's rule for a coordinate a cell lacks: a cell without a
// landing zone is kept for any, one without a service for any service of
// its provider, one without a provider for any service.
func kept(m *model.Model, f resolve.Filter, a *resolve.Answer) bool {
	in := func(list []string, id string) bool { return len(list) == 0 || slices.Contains(list, id) }
	if a.LandingZone != nil && !in(f.LandingZones, a.LandingZone.ID) {
		return false
	}
	if len(f.Services) > 0 {
		switch {
		case a.Service != nil:
			return slices.Contains(f.Services, a.Service.ID)
		case a.Provider != nil:
			return slices.ContainsFunc(f.Services, func(id string) bool { return m.ServiceByID[id].Provider.ID == a.Provider.ID })
		}
	}
	return true
}

func cells(t *testing.T, r *resolve.Resolver, f resolve.Filter) []*resolve.Answer {
	t.Helper()
	var out []*resolve.Answer
	if err := r.Cells(f, func(a *resolve.Answer) bool { out = append(out, a); return true }); err != nil {
		t.Fatalf("%+v: %v", f, err)
	}
	return out
}

// TestCellsFilters compares filtered walks with the unfiltered walk,
// filtered here: the same cells, in the same order, with the same answers.
func TestCellsFilters(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.S); err != nil {
		t.Fatal(err)
	}
	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		t.Fatalf("synthetic model: %v", ds)
	}
	r := resolve.New(m)
	all := cells(t, r, resolve.Filter{})
	if len(all) != synth.S.Cells() {
		t.Fatalf("unfiltered walk: %d cells, want %d", len(all), synth.S.Cells())
	}
	z1, z2 := m.LandingZones[0], m.LandingZones[len(m.LandingZones)-1]
	s1, s2, s3 := m.Services[0], m.Services[len(m.Services)/2], m.Services[len(m.Services)-1]
	// a2 applies to every service, so the filters naming services match
	// cells; a1 has whatever grain comes first.
	a1, a2 := m.Activities[0], m.Activities[len(m.Activities)-1]
	for i := len(m.Activities) - 1; i >= 0; i-- {
		if a := m.Activities[i]; a.AppliesTo == nil && a.EffectiveGrain() == model.GrainService {
			a2 = a
			break
		}
	}
	var owner *model.Party
	for _, p := range m.Parties {
		if p.Kind == model.KindApplication && !p.Placeholder {
			owner = p
			break
		}
	}
	in := func(list []string, id string) bool { return len(list) == 0 || slices.Contains(list, id) }
	filters := []resolve.Filter{
		{Services: []string{s3.ID, s1.ID, s3.ID}}, // out of order, repeated
		{Services: []string{s2.ID}, Activities: []string{a2.ID, a1.ID}},
		{LandingZones: []string{z2.ID, z1.ID}, Activities: []string{a1.ID}},
		{LandingZones: []string{z1.ID}, Services: []string{s1.ID, s2.ID, s3.ID}, Activities: []string{a2.ID}},
		{Party: owner.ID},
		{Party: owner.ID, LandingZones: []string{z1.ID}},
	}
	for _, f := range filters {
		t.Run(fmt.Sprintf("%v", f), func(t *testing.T) {
			var want []cellKey
			for _, a := range all {
				if !kept(m, f, a) || !in(f.Activities, a.Activity.ID) {
					continue
				}
				if f.Party != "" && !involves(m, a, f.Party) {
					continue
				}
				want = append(want, keyOf(a))
			}
			var got []cellKey
			for _, a := range cells(t, r, f) {
				got = append(got, keyOf(a))
			}
			if len(want) == 0 {
				t.Fatal("the filter matches no cell; the test would prove nothing")
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got %d cells, want %d\ngot  %v\nwant %v", len(got), len(want), head(got), head(want))
			}
		})
	}
	// A tenant's cells: its landing zone, its provider's services.
	tn := m.Tenants[0]
	got := cells(t, r, resolve.Filter{Tenant: tn.ID, Activities: []string{a1.ID}})
	if len(got) == 0 {
		t.Fatal("no cell for the first tenant")
	}
	for _, a := range got {
		wantTenant := tn
		if g := a1.EffectiveGrain(); g != model.GrainService && g != model.GrainTenant {
			wantTenant = nil // a duty above the tenants is no one tenant's
		}
		if (a.LandingZone != nil && a.LandingZone.ID != tn.LandingZone.ID) || (a.Provider != nil && a.Provider.ID != tn.Provider.ID) || a.Tenant != wantTenant || a.Activity != a1 {
			t.Fatalf("tenant %s: cell %v", tn.ID, keyOf(a))
		}
	}
	if got := cells(t, r, resolve.Filter{Tenant: tn.ID, LandingZones: []string{otherZone(m, tn).ID}}); len(got) != 0 {
		t.Fatalf("tenant outside the landing zones asked for: %d cells", len(got))
	}
}

// involves is the Party filter's definition: a role in the cell, directly
// or as the tenant-owner placeholder in a landing zone where the party owns
// a tenant.
func involves(m *model.Model, a *resolve.Answer, party string) bool {
	p := m.PartyByID[party]
	if a.Involves(p) {
		return true
	}
	if a.LandingZone == nil {
		return false // cells without a landing zone have no tenant owners
	}
	for _, tn := range m.Tenants {
		if tn.Owner.ID == party && tn.LandingZone.ID == a.LandingZone.ID {
			return a.Involves(m.PartyByID[model.TenantOwner])
		}
	}
	return false
}

func otherZone(m *model.Model, tn *model.Tenant) *model.LandingZone {
	for _, z := range m.LandingZones {
		if z.ID != tn.LandingZone.ID {
			return z
		}
	}
	panic("one landing zone")
}

func head(k []cellKey) []cellKey { return k[:min(len(k), 5)] }
