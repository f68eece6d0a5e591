package synth

import (
	"fmt"
	"strings"
)

type contact struct{ name, email, chat, oncall, url, ticket string }

type party struct {
	id, kind, name, desc, parent string
	role                         string // for central teams: the role they fill
	person                       string // who approves for the party
	contacts                     []contact
	influence, interest          string
	concerns                     []string
	relations                    [][2]string // party, type
	domain                       int         // application teams: index into appDomains
}

func (g *gen) person() string {
	return g.pick(firstNames) + " " + g.pick(lastNames)
}

func email(person string) string {
	return strings.ToLower(strings.ReplaceAll(person, " ", ".")) + "@example.com"
}

func (g *gen) addParty(p *party) {
	g.parties = append(g.parties, p)
	g.partyByID[p.id] = p
	if p.role != "" {
		if _, ok := g.byRole[p.role]; !ok {
			g.byRole[p.role] = p.id
		}
	}
}

func (g *gen) makeParties() {
	internal := g.size.Parties - g.size.Providers
	g.addParty(&party{
		id: "cio-office", kind: "shared", name: "Office of the CIO",
		desc:      "Leads IT, sponsors the cloud programme and settles escalations between teams.",
		person:    "Chris Chief",
		contacts:  []contact{{name: "CIO office", email: "cio-office@example.com"}},
		influence: "high", interest: "medium",
		concerns: []string{"Cloud spend stays within budget.", "Audits find an owner for every duty."},
	})
	g.addParty(&party{
		id: "cloud-foundation", kind: "foundation", name: "Cloud foundation team", parent: "cio-office", role: roleFoundation,
		desc:   "Builds and runs the landing zones, tenant vending, the guardrails and the shared platforms.",
		person: "Fran Foundation",
		contacts: []contact{
			{name: "Cloud foundation team", email: "cloud-foundation@example.com", chat: "#cloud-foundation", ticket: "ITSM queue CLOUD-FOUNDATION"},
			{name: "Cloud foundation on call", oncall: "https://oncall.example.com/schedules/cloud-foundation"},
		},
		influence: "high", interest: "high",
		concerns:  []string{"Teams onboard quickly without opening gaps.", "Every tenant has an owner."},
		relations: [][2]string{{"cio-office", "reports-to"}},
	})
	left := internal - 2
	nShared := min(len(sharedTeams), max(1, left/2))
	left -= nShared
	nExt := 0
	if left >= 6 {
		nExt = len(externalTeams)
	}
	left -= nExt
	nUnits := 0
	if left >= 20 {
		nUnits = min(len(businessUnits), left/20)
	}
	nApps := left - nUnits

	team := func(t teamTemplate, kind, parent string) *party {
		p := &party{
			id: t.id, kind: kind, name: t.name, desc: t.desc, parent: parent, role: t.role, person: t.person,
			contacts: []contact{{name: t.name, email: t.id + "@example.com", chat: "#" + t.id}},
		}
		if t.oncall {
			p.contacts = append(p.contacts, contact{name: t.name + " on call", oncall: "https://oncall.example.com/schedules/" + t.id})
		}
		return p
	}
	for _, t := range sharedTeams[:nShared] {
		p := team(t, "shared", "cio-office")
		p.influence, p.interest = "medium", "high"
		p.relations = [][2]string{{"cloud-foundation", "collaborates"}}
		g.shared = append(g.shared, p)
		g.addParty(p)
	}
	for _, t := range externalTeams[:nExt] {
		p := team(t, "external", "")
		p.influence, p.interest = "low", "medium"
		g.externals = append(g.externals, p)
		g.addParty(p)
	}
	for _, u := range businessUnits[:nUnits] {
		name := "Business unit " + strings.ReplaceAll(u, "-", " ")
		p := &party{
			id: "bu-" + u, kind: "application", name: name,
			desc:     "Business unit; its application teams build and run its applications.",
			person:   g.person(),
			contacts: []contact{{name: name + " IT lead", email: "it-" + u + "@example.com"}},
		}
		p.contacts[0].name = p.person
		g.units = append(g.units, p)
		g.addParty(p)
	}
	// Application teams: domain × part, in a seeded order.
	type combo struct{ d, p int }
	var combos []combo
	for d := range appDomains {
		for p := range appParts {
			combos = append(combos, combo{d, p})
		}
	}
	g.rnd.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
	for i := 0; i < nApps; i++ {
		c := combos[i%len(combos)]
		d, part := appDomains[c.d], appParts[c.p]
		id := "team-" + d + "-" + part.id
		name := strings.ToUpper(d[:1]) + strings.ReplaceAll(d[1:], "-", " ") + " " + part.name + " team"
		if round := i / len(combos); round > 0 {
			id = fmt.Sprintf("%s-%d", id, round+1)
			name = fmt.Sprintf("%s %d", name, round+1)
		}
		p := &party{
			id: id, kind: "application", name: name, domain: c.d,
			desc:   "Builds and runs the " + strings.ReplaceAll(d, "-", " ") + " " + part.name + ".",
			person: g.person(),
			contacts: []contact{
				{name: name, email: id + "@example.com", chat: "#" + id},
			},
		}
		if len(g.units) > 0 {
			p.parent = g.units[i%len(g.units)].id
		}
		g.apps = append(g.apps, p)
		g.addParty(p)
	}
	// Roles without their own team fall to a central team in turn, and to
	// the foundation team when there is none.
	for i, t := range sharedTeams {
		if _, ok := g.byRole[t.role]; !ok {
			g.byRole[t.role] = g.shared[i%len(g.shared)].id
		}
	}
}

// role returns the id of the party that fills a role.
func (g *gen) role(r string) string { return g.byRole[r] }

// coverParties makes every party hold a duty, so the model has no unused
// party: central and external teams that no rule names are informed by a
// default rule, and application teams that own no tenant likewise.
func (g *gen) coverParties() {
	used := map[string]bool{}
	for _, p := range g.parties {
		if p.parent != "" {
			used[p.parent] = true
		}
	}
	for _, z := range g.zones {
		used[z.owner] = true
	}
	for _, t := range g.tenants {
		used[t.owner] = true
	}
	var open []*rule
	for _, r := range g.rules {
		if r.status != "retired" {
			for _, list := range [][]string{r.r, r.a, r.c, r.i} {
				for _, id := range list {
					used[id] = true
				}
			}
			if r.level == levelDefault || r.level == levelArea {
				open = append(open, r)
			}
		}
	}
	k := 0
	for _, p := range g.parties {
		if used[p.id] || p.kind == "provider" || len(open) == 0 {
			continue
		}
		r := open[k%len(open)]
		k++
		r.i = append(r.i, p.id)
	}
}
