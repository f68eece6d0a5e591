package synth

import (
	"fmt"
	"strings"
)

type tenant struct {
	id, name, provider, owner, tags string
	zone                            int
}

// Tenant id formats per provider.
func (g *gen) tenantID(provider string, seen map[string]bool) string {
	for {
		var id string
		switch provider {
		case "aws":
			id = fmt.Sprintf("%012d", 100_000_000_000+g.rnd.Int64N(900_000_000_000))
		case "azure":
			a, b := g.rnd.Uint64(), g.rnd.Uint64()
			id = fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xfff, 0x8000|(b>>48)&0x3fff, b&0xffffffffffff)
		case "gcp":
			id = fmt.Sprintf("prj-%s-%06d", g.pick(appDomains), g.rnd.IntN(1_000_000))
		default:
			id = fmt.Sprintf("%s-%08d", provider, g.rnd.IntN(100_000_000))
		}
		if !seen[id] {
			seen[id] = true
			return id
		}
	}
}

func (g *gen) makeTenants() {
	seen := make(map[string]bool, g.size.Tenants)
	// Provider shares: the first provider is the largest.
	weights := make([]int, len(g.providers))
	total := 0
	for i := range weights {
		weights[i] = 9 - 2*min(i, 3)
		total += weights[i]
	}
	perm := g.rnd.Perm(len(g.apps))
	g.tenants = make([]*tenant, 0, g.size.Tenants)
	serial := map[string]int{}
	for i := 0; i < g.size.Tenants; i++ {
		w := g.rnd.IntN(total)
		pi := 0
		for w >= weights[pi] {
			w -= weights[pi]
			pi++
		}
		prov := g.providers[pi].id
		// Every application team owns at least one tenant when there are
		// enough tenants; the rest are spread at random.
		var owner *party
		if i < len(g.apps) {
			owner = g.apps[perm[i]]
		} else {
			owner = g.apps[g.rnd.IntN(len(g.apps))]
		}
		env := g.pick(envs)
		base := strings.TrimPrefix(owner.id, "team-") + "-" + env
		serial[base]++
		t := &tenant{
			id:       g.tenantID(prov, seen),
			name:     fmt.Sprintf("%s-%03d", base, serial[base]),
			provider: prov,
			zone:     g.rnd.IntN(len(g.zones)),
			owner:    owner.id,
			tags:     fmt.Sprintf("env=%s;cost-center=CC-%04d;data-class=%s", env, 1000+owner.domain*37%9000, g.pick(dataClasses)),
		}
		if g.zones[t.zone].t.id == "sandbox" {
			t.tags = fmt.Sprintf("env=sandbox;cost-center=CC-%04d;data-class=public;expires=2027-%02d-01", 1000+owner.domain*37%9000, 1+g.rnd.IntN(12))
		}
		g.tenants = append(g.tenants, t)
	}
}
