package synth

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/demarc-dev/demarc/model"
)

// Size is how many elements of each kind a synthetic model has. The counts
// are exact: they count only the generated elements, not the layers, service
// models and tenant-owner placeholder every model gets from the core
// baseline. Parties include one party per provider.
type Size struct {
	Name         string
	Parties      int
	Providers    int
	Services     int
	LandingZones int
	Activities   int
	Rules        int
	Tenants      int
}

// The preset sizes. L is an enterprise at full scale (600 services in 12
// landing zones, 400 activities); M is about a tenth of it; S is small
// enough for unit tests. Every landing zone offers every service.
var (
	S = Size{Name: "S", Parties: 20, Providers: 3, Services: 30, LandingZones: 3, Activities: 40, Rules: 120, Tenants: 200}
	M = Size{Name: "M", Parties: 60, Providers: 3, Services: 150, LandingZones: 8, Activities: 200, Rules: 600, Tenants: 10_000}
	L = Size{Name: "L", Parties: 200, Providers: 3, Services: 600, LandingZones: 12, Activities: 400, Rules: 5_000, Tenants: 100_000}
)

// Sizes returns the preset sizes, smallest first.
func Sizes() []Size { return []Size{S, M, L} }

// ByName returns the preset size with the given name (case-insensitive).
func ByName(name string) (Size, error) {
	for _, s := range Sizes() {
		if strings.EqualFold(s.Name, name) {
			return s, nil
		}
	}
	return Size{}, fmt.Errorf("unknown size %q: use S, M or L", name)
}

// Cells is the number of cells the generated model resolves to. It follows
// the activities' grains and applicability: a per-service activity has a
// cell for each service it applies to in each landing zone, a per-tenant
// one for each provider it applies to in each landing zone, and so on. It
// is 0 for a size that does not validate.
func (s Size) Cells() int {
	if n, ok := cellsCache.Load(s); ok {
		return n.(int)
	}
	g, err := layout(s)
	if err != nil {
		return 0
	}
	cellsCache.Store(s, g.st.Cells)
	return g.st.Cells
}

// cellsCache keeps Cells cheap for callers that ask in a loop.
var cellsCache sync.Map // Size → int

func (s Size) String() string {
	return fmt.Sprintf("%s (%d parties, %d providers, %d services, %d landing zones, %d activities, %d rules, %d tenants)",
		s.Name, s.Parties, s.Providers, s.Services, s.LandingZones, s.Activities, s.Rules, s.Tenants)
}

// Validate reports a size that cannot be generated as a valid model.
func (s Size) Validate() error {
	var errs []error
	if s.Providers < 1 {
		errs = append(errs, errors.New("at least 1 provider"))
	}
	if min := s.Providers + 4; s.Parties < min {
		errs = append(errs, fmt.Errorf("at least %d parties (one per provider, the CIO office, the foundation team, a central team and an application team)", min))
	}
	if s.Services < s.Providers {
		errs = append(errs, errors.New("at least one service per provider"))
	}
	if s.LandingZones < 1 {
		errs = append(errs, errors.New("at least 1 landing zone"))
	}
	if s.Activities < 1 {
		errs = append(errs, errors.New("at least 1 activity"))
	}
	if s.Rules < 0 || s.Tenants < 0 {
		errs = append(errs, errors.New("no negative counts"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("synth: size %s needs %w", s.Name, errors.Join(errs...))
	}
	return nil
}

// Stats describes what Write generated.
type Stats struct {
	Size  Size
	Dir   string
	Files int   // files written
	Bytes int64 // bytes written

	Parties, Providers, Services, LandingZones, Activities, Rules, Tenants int
	// Cells is the number of cells the model resolves to, as Size.Cells;
	// CellsByGrain splits it by the activities' grain.
	Cells        int
	CellsByGrain map[model.Grain]int
	// ActivitiesByGrain counts the activities per grain; Applicable counts
	// the per-service activities that apply to some services only.
	ActivitiesByGrain map[model.Grain]int
	Applicable        int
	// ProviderOnlyActivities sit on layers the provider holds for every
	// service they apply to; the border decides them, no rule does.
	ProviderOnlyActivities int

	// Rules by level of the hierarchy.
	AreaRules, DefaultRules, ZoneRules, ZoneModelRules, ZoneServiceRules, ProviderRules, TenantRules, RetiredRules int

	Elapsed time.Duration
}

func (st Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "size %s written to %s in %v: %d files, %.1f MB\n", st.Size.Name, st.Dir, st.Elapsed.Round(time.Millisecond), st.Files, float64(st.Bytes)/1e6)
	fmt.Fprintf(&b, "  parties        %8d\n", st.Parties)
	fmt.Fprintf(&b, "  providers      %8d\n", st.Providers)
	fmt.Fprintf(&b, "  services       %8d\n", st.Services)
	fmt.Fprintf(&b, "  landing zones  %8d\n", st.LandingZones)
	fmt.Fprintf(&b, "  activities     %8d  (%s; %d per service for some services only; %d decided by the provider border only)\n",
		st.Activities, byGrain(st.ActivitiesByGrain), st.Applicable, st.ProviderOnlyActivities)
	fmt.Fprintf(&b, "  rules          %8d  (area %d, default %d, zone %d, zone+model %d, zone+service %d, provider %d, tenant %d, retired %d)\n",
		st.Rules, st.AreaRules, st.DefaultRules, st.ZoneRules, st.ZoneModelRules, st.ZoneServiceRules, st.ProviderRules, st.TenantRules, st.RetiredRules)
	fmt.Fprintf(&b, "  tenants        %8d\n", st.Tenants)
	fmt.Fprintf(&b, "  cells          %8d  (%s)", st.Cells, byGrain(st.CellsByGrain))
	return b.String()
}

// byGrain lists counts per grain, finest first.
func byGrain(n map[model.Grain]int) string {
	var parts []string
	for _, gr := range model.Grains {
		parts = append(parts, fmt.Sprintf("%s %d", gr, n[gr]))
	}
	return strings.Join(parts, ", ")
}
