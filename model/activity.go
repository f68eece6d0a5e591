package model

import "github.com/demarc-dev/demarc/diag"

// Activity is something someone must do.
type Activity struct {
	ID          string              `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string              `yaml:"name" json:"name" jsonschema:"required"`
	Description string              `yaml:"description,omitempty" json:"description,omitempty"`
	Layer       Ref                 `yaml:"layer,omitempty" json:"layer,omitempty" jsonschema_description:"The layer the activity acts on. Without a layer the activity is customer-side (governance)."`
	Area        string              `yaml:"area,omitempty" json:"area,omitempty" jsonschema_description:"Capability area, e.g. tenant-lifecycle, identity, cost, security, logging, incident, network, backup, patching."`
	Grain       Grain               `yaml:"grain,omitempty" json:"grain,omitempty" jsonschema:"enum=service,enum=tenant,enum=landing-zone,enum=provider,enum=organisation,default=service" jsonschema_description:"At which level the activity happens, which decides its cells: per service of a landing zone (default), per tenant (one cell per landing zone and provider, one per tenant when a tenant is asked about), per landing zone, per provider (organisation-wide, once per cloud provider), or once for the organisation."`
	AppliesTo   *Applicability      `yaml:"applies_to,omitempty" json:"applies_to,omitempty" jsonschema_description:"The services the activity applies to; without it, every service. Fields combine with AND, each list is a union."`
	Controls    map[string][]string `yaml:"controls,omitempty" json:"controls,omitempty" jsonschema_description:"Framework to control ids, e.g. mcsb: [IM-1]."`

	Pos      diag.Range `yaml:"-" json:"-"`
	IDPos    diag.Range `yaml:"-" json:"-" pos:"id"`
	GrainPos diag.Range `yaml:"-" json:"-" pos:"grain"`
	Builtin  string     `yaml:"-" json:"-"`
}

// EffectiveGrain returns the grain, defaulting to per service.
func (a *Activity) EffectiveGrain() Grain {
	if a.Grain == "" {
		return GrainService
	}
	return a.Grain
}

// Grain is the level at which an activity happens.
type Grain string

// The grains, from the finest to the coarsest.
const (
	// GrainService: once per service a landing zone offers (patching,
	// backup, configuring a service). The provider border applies per
	// service.
	GrainService Grain = "service"
	// GrainTenant: once per tenant — one cell per landing zone and
	// provider, and one per tenant when a tenant is asked about
	// (provisioning, decommissioning, budgets, access reviews).
	GrainTenant Grain = "tenant"
	// GrainLandingZone: once per landing zone (guardrails, the zone's
	// network design).
	GrainLandingZone Grain = "landing-zone"
	// GrainProvider: once per cloud provider for the whole organisation
	// (the contract and enterprise agreement, the provider relationship).
	GrainProvider Grain = "provider"
	// GrainOrganisation: once for the organisation (keeping this model).
	GrainOrganisation Grain = "organisation"
)

// Grains lists the grains from the finest to the coarsest.
var Grains = []Grain{GrainService, GrainTenant, GrainLandingZone, GrainProvider, GrainOrganisation}

// Dimension is a coordinate a cell may have, and a rule scope may fix.
type Dimension string

// The dimensions of cells and rule scopes, as their scope keys.
const (
	DimProvider     Dimension = "provider"
	DimServiceModel Dimension = "service_model"
	DimService      Dimension = "service"
	DimLandingZone  Dimension = "landing_zone"
	DimTenant       Dimension = "tenant"
)

// Has reports whether cells of grain g have dimension d, so that a rule
// scope may fix it.
func (g Grain) Has(d Dimension) bool {
	switch g {
	case GrainService, "":
		return true
	case GrainTenant:
		return d == DimProvider || d == DimLandingZone || d == DimTenant
	case GrainLandingZone:
		return d == DimLandingZone
	case GrainProvider:
		return d == DimProvider
	}
	return false
}

// Per names the cells of grain g in a count: "per service", "per
// tenant", "per landing zone", "per provider", "organisation-wide".
func (g Grain) Per() string {
	switch g {
	case GrainTenant:
		return "per tenant"
	case GrainLandingZone:
		return "per landing zone"
	case GrainProvider:
		return "per provider"
	case GrainOrganisation:
		return "organisation-wide"
	}
	return "per service"
}

// Dimensions lists the scope keys that cells of grain g have.
func (g Grain) Dimensions() []Dimension {
	var out []Dimension
	for _, d := range []Dimension{DimProvider, DimServiceModel, DimService, DimLandingZone, DimTenant} {
		if g.Has(d) {
			out = append(out, d)
		}
	}
	return out
}

// Applicability restricts the services an activity applies to. Every field
// given must match; a list matches when any of its entries does.
type Applicability struct {
	ServiceModels Refs     `yaml:"service_models,omitempty" json:"service_models,omitempty" jsonschema_description:"Service model ids, e.g. [iaas, caas]."`
	Categories    []string `yaml:"categories,omitempty" json:"categories,omitempty" jsonschema:"enum=compute,enum=containers,enum=serverless,enum=database,enum=storage,enum=backup,enum=network,enum=identity,enum=security,enum=management,enum=monitoring,enum=integration,enum=analytics,enum=ai,enum=developer-tools,enum=other" jsonschema_description:"Service categories, e.g. [database, storage]."`
	Providers     Refs     `yaml:"providers,omitempty" json:"providers,omitempty" jsonschema_description:"Provider ids, e.g. [aws]."`
	Services      Refs     `yaml:"services,omitempty" json:"services,omitempty" jsonschema_description:"Service ids."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Categories are the service categories, one documented list that every
// built-in service uses (docs/model.md says what each holds).
var Categories = []string{
	"compute", "containers", "serverless", "database", "storage", "backup", "network", "identity",
	"security", "management", "monitoring", "integration", "analytics", "ai", "developer-tools", "other",
}

// AppliesToService reports whether activity a applies to service s.
func (a *Activity) AppliesToService(s *Service) bool {
	ap := a.AppliesTo
	if ap == nil {
		return true
	}
	if len(ap.ServiceModels) > 0 && !containsRef(ap.ServiceModels, s.Model.ID) {
		return false
	}
	if len(ap.Providers) > 0 && !containsRef(ap.Providers, s.Provider.ID) {
		return false
	}
	if len(ap.Services) > 0 && !containsRef(ap.Services, s.ID) {
		return false
	}
	if len(ap.Categories) > 0 {
		found := false
		for _, c := range ap.Categories {
			if c == s.Category {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func containsRef(rs Refs, id string) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}
