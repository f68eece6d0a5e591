package synth

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/model"
)

// Write generates a model of the given size into dir, which must be empty
// or not exist yet. The same size always produces the same files.
func Write(dir string, size Size) (Stats, error) {
	start := time.Now()
	if err := size.Validate(); err != nil {
		return Stats{}, err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return Stats{}, fmt.Errorf("synth: %s is not empty; give a new or empty directory", dir)
	}
	g, err := layout(size)
	if err != nil {
		return Stats{}, err
	}
	if err := g.build(); err != nil {
		return Stats{}, err
	}
	if err := g.write(dir); err != nil {
		return Stats{}, err
	}
	g.st.Dir = dir
	g.st.Elapsed = time.Since(start)
	return g.st, nil
}

// core is what the generator needs from the core baseline: each service
// model's border.
type core struct {
	layers  map[string]bool
	borders map[string]map[string]string // service model → layer → side
}

var loadCore = sync.OnceValues(func() (*core, error) {
	_, data := baseline.Core()
	var f struct {
		Layers []struct {
			ID string `yaml:"id"`
		} `yaml:"layers"`
		ServiceModels []struct {
			ID      string            `yaml:"id"`
			Borders map[string]string `yaml:"borders"`
		} `yaml:"service_models"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("synth: reading the core baseline: %w", err)
	}
	c := &core{layers: map[string]bool{}, borders: map[string]map[string]string{}}
	for _, l := range f.Layers {
		c.layers[l.ID] = true
	}
	for _, sm := range f.ServiceModels {
		c.borders[sm.ID] = sm.Borders
	}
	for _, sm := range serviceModels {
		if c.borders[sm] == nil {
			return nil, fmt.Errorf("synth: the core baseline has no service model %q", sm)
		}
	}
	for _, list := range [][]activityTemplate{activityTemplates, physicalTemplates} {
		for _, t := range list {
			if t.layer != "" && !c.layers[t.layer] {
				return nil, fmt.Errorf("synth: the core baseline has no layer %q", t.layer)
			}
		}
	}
	// The vocabulary must stay within the model's enums.
	catalogs := [][]serviceTemplate{genericCatalog}
	for _, p := range providerTemplates {
		catalogs = append(catalogs, p.catalog)
	}
	for _, list := range catalogs {
		for _, t := range list {
			if !slices.Contains(model.Categories, t.category) {
				return nil, fmt.Errorf("synth: service %s has category %q, which is not one of model.Categories", t.stem, t.category)
			}
		}
	}
	for stem, sh := range activityShapes {
		if sh.grain != "" && !slices.Contains(model.Grains, sh.grain) {
			return nil, fmt.Errorf("synth: activity %s has grain %q, which is not one of model.Grains", stem, sh.grain)
		}
		for _, cat := range sh.categories {
			if !slices.Contains(model.Categories, cat) {
				return nil, fmt.Errorf("synth: activity %s applies to category %q, which is not one of model.Categories", stem, cat)
			}
		}
		for _, sm := range sh.models {
			if c.borders[sm] == nil {
				return nil, fmt.Errorf("synth: activity %s applies to service model %q, which the core baseline lacks", stem, sm)
			}
		}
	}
	return c, nil
})

// The generated elements, in a form close to the YAML they are written as.

type provider struct {
	id, name, party, desc, reference string
	services                         []int
}

type service struct {
	id, name, provider, model, category, desc string
	borders                                   map[string]string
	index                                     int
}

type zone struct {
	t     zoneTemplate
	id    string
	name  string
	owner string
	index int
}

type activity struct {
	id, name, area, layer, desc string
	controls                    map[string][]string
	index                       int
	grain                       model.Grain
	models, categories          []string // applies_to; empty: every service
	providerOnly                bool
	areaRule                    bool // decided by its area's rule, not its own default

	// Where the activity happens: svcs are the services it applies to,
	// customer those of them whose side of its layer is not the
	// provider's, byProvider the latter per provider. keepers are one
	// customer service per service model that no zone+service rule takes,
	// and reserved the model no zone+model rule takes, so that every zone
	// and zone+model rule keeps a cell it decides.
	svcs, customer []int
	byProvider     map[string][]int
	freeModels     []string // customer models but the reserved one
	free           []int    // customer services but the keepers
	cells          int
	providerCells  int
}

type gen struct {
	size Size
	rnd  *rand.Rand
	core *core

	parties    []*party
	partyByID  map[string]*party
	byRole     map[string]string // role → party id
	shared     []*party
	externals  []*party
	units      []*party
	apps       []*party
	providers  []*provider
	services   []*service
	zones      []*zone
	activities []*activity
	rules      []*rule
	tenants    []*tenant

	st Stats
}

func newGen(size Size, c *core) *gen {
	h := fnv.New64a()
	fmt.Fprintf(h, "demarc synth %+v", size)
	return &gen{
		size:      size,
		rnd:       rand.New(rand.NewPCG(h.Sum64(), 0x64656d617263)),
		core:      c,
		partyByID: map[string]*party{},
		byRole:    map[string]string{},
		st:        Stats{CellsByGrain: map[model.Grain]int{}, ActivitiesByGrain: map[model.Grain]int{}},
	}
}

// layout generates what the cells depend on: providers, parties (the
// random stream passes through them), services, landing zones and
// activities. Write and Size.Cells share it, so they agree.
func layout(size Size) (*gen, error) {
	if err := size.Validate(); err != nil {
		return nil, err
	}
	core, err := loadCore()
	if err != nil {
		return nil, err
	}
	g := newGen(size, core)
	g.makeProviders()
	g.makeParties()
	g.makeServices()
	g.makeZones()
	g.makeActivities()
	return g, nil
}

func (g *gen) build() error {
	g.makeTenants()
	if err := g.makeRules(); err != nil {
		return err
	}
	g.coverParties()
	g.st.Size = g.size
	g.st.Parties = len(g.parties)
	g.st.Providers = len(g.providers)
	g.st.Services = len(g.services)
	g.st.LandingZones = len(g.zones)
	g.st.Activities = len(g.activities)
	g.st.Rules = len(g.rules)
	g.st.Tenants = len(g.tenants)
	return nil
}

func (g *gen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *gen) makeProviders() {
	for i := 0; i < g.size.Providers; i++ {
		var t providerTemplate
		if i < len(providerTemplates) {
			t = providerTemplates[i]
		} else {
			n := i + 1
			t = providerTemplate{
				id: fmt.Sprintf("cloud-%d", n), name: fmt.Sprintf("Regional cloud %d", n), party: fmt.Sprintf("Regional cloud %d", n),
				reference: fmt.Sprintf("https://cloud-%d.example.com/shared-responsibility", n),
				support:   fmt.Sprintf("https://cloud-%d.example.com/support", n),
			}
		}
		g.providers = append(g.providers, &provider{
			id: t.id, name: t.name, party: t.id, reference: t.reference,
			desc: t.name + " holds every layer the service model of one of its services puts on the provider side.",
		})
		g.addParty(&party{
			id: t.id, kind: "provider", name: t.party,
			desc:     "The cloud provider " + t.name + ". It holds the provider side of the border of its services.",
			contacts: []contact{{name: t.name + " support", url: t.support}},
			person:   t.party + " support",
		})
	}
}

func (g *gen) makeServices() {
	n := g.size.Services
	for pi, p := range g.providers {
		count := n / len(g.providers)
		if pi < n%len(g.providers) {
			count++
		}
		t := providerTemplates[min(pi, len(providerTemplates)-1)]
		catalog := t.catalog
		prefix := ""
		if pi >= len(providerTemplates) || catalog == nil {
			catalog, prefix = genericCatalog, p.name+" "
		}
		// The first five entries cover every service model; the rest come
		// in a seeded order.
		order := make([]int, len(catalog))
		for i := range order {
			order[i] = i
		}
		rest := order[len(serviceModels):]
		g.rnd.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		for i := 0; i < count; i++ {
			ct := catalog[order[i%len(catalog)]]
			id := p.id + "-" + ct.stem
			name := prefix + ct.name
			if round := i / len(catalog); round > 0 {
				v := serviceVariants[(round-1)%len(serviceVariants)]
				id += "-" + v.id
				name += " (" + v.name + ")"
				if k := (round - 1) / len(serviceVariants); k > 0 {
					id = fmt.Sprintf("%s-%d", id, k+1)
					name = fmt.Sprintf("%s %d", name, k+1)
				}
			}
			s := &service{
				id: id, name: name, provider: p.id, model: ct.model, category: ct.category, borders: ct.borders,
				desc:  fmt.Sprintf("%s, offered to the landing zones as %s service.", name, modelNames[ct.model]),
				index: len(g.services),
			}
			p.services = append(p.services, s.index)
			g.services = append(g.services, s)
		}
	}
}

// side mirrors model.Model.Border: the service's override, else its
// model's border, else customer.
func (g *gen) side(s *service, layer string) string {
	if layer == "" {
		return "customer"
	}
	if side, ok := s.borders[layer]; ok {
		return side
	}
	if side, ok := g.core.borders[s.model][layer]; ok {
		return side
	}
	return "customer"
}

func (g *gen) makeZones() {
	for i := 0; i < g.size.LandingZones; i++ {
		t := zoneTemplates[i%len(zoneTemplates)]
		z := &zone{t: t, id: t.id, name: t.name, index: i}
		if round := i / len(zoneTemplates); round > 0 {
			z.id = fmt.Sprintf("%s-%d", t.id, round+1)
			z.name = fmt.Sprintf("%s %d", t.name, round+1)
		}
		z.owner = g.role(roleFoundation)
		if t.profile == profileManaged {
			z.owner = g.role(roleOps)
		}
		g.zones = append(g.zones, z)
	}
}

func (g *gen) makeActivities() {
	seen := map[string]bool{}
	next := 0 // position in the round of activity templates
	for i := 0; i < g.size.Activities; i++ {
		var t activityTemplate
		qual := -1
		if (i+1)%30 == 0 {
			t = physicalTemplates[(i/30)%len(physicalTemplates)]
			if round := (i / 30) / len(physicalTemplates); round > 0 {
				qual = round - 1
			}
		} else {
			t = activityTemplates[next%len(activityTemplates)]
			if round := next / len(activityTemplates); round > 0 {
				qual = round - 1
			}
			next++
		}
		a := &activity{id: t.stem, name: t.name, area: t.area, layer: t.layer, desc: t.desc, controls: t.controls, index: i}
		if qual >= 0 {
			q := activityQualifiers[qual%len(activityQualifiers)]
			a.id += "-" + q.id
			a.name += " " + q.name
			if k := qual / len(activityQualifiers); k > 0 {
				a.id = fmt.Sprintf("%s-%d", a.id, k+1)
				a.name = fmt.Sprintf("%s (%d)", a.name, k+1)
			}
		}
		for n := 2; seen[a.id]; n++ { // cannot happen with the lists above; stay safe
			a.id = fmt.Sprintf("%s-x%d", t.stem, n)
		}
		seen[a.id] = true
		sh := activityShapes[t.stem]
		a.grain, a.models, a.categories = cmp.Or(sh.grain, grainService), sh.models, sh.categories
		g.place(a)
		a.providerOnly = a.cells == a.providerCells
		if a.providerOnly {
			g.st.ProviderOnlyActivities++
		}
		g.activities = append(g.activities, a)
	}
	for _, area := range areaRuleAreas {
		for _, a := range g.activities {
			if a.area == area && a.layer == "" && !a.providerOnly {
				a.areaRule = true
			}
		}
	}
}

var envs = []string{"prod", "prod", "test", "dev", "dev", "sandbox"}
var dataClasses = []string{"public", "internal", "internal", "confidential", "restricted"}
