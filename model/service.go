package model

import "github.com/demarc-dev/demarc/diag"

// Provider is a cloud provider or a private cloud operator.
type Provider struct {
	ID          string `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string `yaml:"name" json:"name" jsonschema:"required"`
	Party       Ref    `yaml:"party,omitempty" json:"party,omitempty" jsonschema_description:"The party that holds the provider side; defaults to the party with the provider's id."`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Reference   string `yaml:"reference,omitempty" json:"reference,omitempty" jsonschema_description:"Link to the provider's published shared responsibility model."`

	Pos     diag.Range `yaml:"-" json:"-"`
	IDPos   diag.Range `yaml:"-" json:"-" pos:"id"`
	Builtin string     `yaml:"-" json:"-"`
}

// Service is a concrete cloud service or an internal platform service.
type Service struct {
	ID          string          `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string          `yaml:"name" json:"name" jsonschema:"required"`
	Provider    Ref             `yaml:"provider" json:"provider" jsonschema:"required"`
	Model       Ref             `yaml:"model" json:"model" jsonschema:"required" jsonschema_description:"Service model id such as iaas or paas."`
	Description string          `yaml:"description,omitempty" json:"description,omitempty"`
	Category    string          `yaml:"category,omitempty" json:"category,omitempty" jsonschema:"enum=compute,enum=containers,enum=serverless,enum=database,enum=storage,enum=backup,enum=network,enum=identity,enum=security,enum=management,enum=monitoring,enum=integration,enum=analytics,enum=ai,enum=developer-tools,enum=other" jsonschema_description:"One of the documented service categories, used by activities' applies_to."`
	Borders     map[string]Side `yaml:"borders,omitempty" json:"borders,omitempty" jsonschema_description:"Per-layer override of the service model's border."`
	Facts       []*Fact         `yaml:"facts,omitempty" json:"facts,omitempty" jsonschema_description:"What the provider states per control for this service."`
	Reference   string          `yaml:"reference,omitempty" json:"reference,omitempty"`

	Pos        diag.Range            `yaml:"-" json:"-"`
	IDPos      diag.Range            `yaml:"-" json:"-" pos:"id"`
	BordersPos map[string]diag.Range `yaml:"-" json:"-" keypos:"borders"`
	Builtin    string                `yaml:"-" json:"-"`
}

// Fact is a provider's statement about one control for one service, such as
// an entry of a per-service security baseline.
type Fact struct {
	Control        string `yaml:"control" json:"control" jsonschema:"required" jsonschema_description:"Control id, e.g. MCSB NS-1."`
	Framework      string `yaml:"framework,omitempty" json:"framework,omitempty"`
	Responsibility string `yaml:"responsibility" json:"responsibility" jsonschema:"required,enum=customer,enum=provider,enum=shared,enum=not-applicable"`
	Feature        string `yaml:"feature,omitempty" json:"feature,omitempty"`
	// Supported and EnabledByDefault are the baseline's "Feature Supported"
	// and "Feature Enabled by Default"; unset when it does not say.
	Supported        *bool  `yaml:"supported,omitempty" json:"supported,omitempty" jsonschema_description:"Whether the service offers the feature."`
	EnabledByDefault *bool  `yaml:"enabled_by_default,omitempty" json:"enabled_by_default,omitempty" jsonschema_description:"Whether the feature is on without configuration."`
	Reference        string `yaml:"reference,omitempty" json:"reference,omitempty" jsonschema_description:"The provider's guidance for the feature."`
	Source           string `yaml:"source,omitempty" json:"source,omitempty" jsonschema_description:"Where the provider states it, e.g. a baseline workbook and row."`
	Note             string `yaml:"note,omitempty" json:"note,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}
