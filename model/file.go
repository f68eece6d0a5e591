package model

import "github.com/demarc-dev/demarc/diag"

// File is one YAML model file. A model is any number of files in a directory
// tree; their lists are concatenated into one Model.
type File struct {
	Organisation  *Organisation   `yaml:"organisation,omitempty" json:"organisation,omitempty" jsonschema_description:"The organisation the model describes. At most one file sets it."`
	Uses          []Ref           `yaml:"uses,omitempty" json:"uses,omitempty" jsonschema_description:"Built-in baselines to pull in by name: aws, azure, gcp."`
	Parties       []*Party        `yaml:"parties,omitempty" json:"parties,omitempty"`
	Layers        []*Layer        `yaml:"layers,omitempty" json:"layers,omitempty"`
	ServiceModels []*ServiceModel `yaml:"service_models,omitempty" json:"service_models,omitempty"`
	Providers     []*Provider     `yaml:"providers,omitempty" json:"providers,omitempty"`
	Services      []*Service      `yaml:"services,omitempty" json:"services,omitempty"`
	LandingZones  []*LandingZone  `yaml:"landing_zones,omitempty" json:"landing_zones,omitempty"`
	Activities    []*Activity     `yaml:"activities,omitempty" json:"activities,omitempty"`
	Rules         []*Rule         `yaml:"rules,omitempty" json:"rules,omitempty"`
	Tenants       []*Tenant       `yaml:"tenants,omitempty" json:"tenants,omitempty"`
	Processes     []*Process      `yaml:"processes,omitempty" json:"processes,omitempty" jsonschema_description:"Processes: ordered steps naming activities, such as decommissioning a tenant."`
	Controls      []*Control      `yaml:"controls,omitempty" json:"controls,omitempty" jsonschema_description:"Control catalogues with their crosswalk, e.g. from demarc import mcsb-controls."`
	Facts         []*ProviderFact `yaml:"facts,omitempty" json:"facts,omitempty" jsonschema_description:"Provider statements per service and control, apart from the services (also from CSV files with a control column)."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Organisation names the enterprise whose model this is.
type Organisation struct {
	Name        string `yaml:"name" json:"name" jsonschema:"required"`
	Description string `yaml:"description,omitempty" json:"description,omitempty" jsonschema_description:"Markdown."`
	Website     string `yaml:"website,omitempty" json:"website,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Ref is a reference to another element by id, with the source range of the
// reference itself so a dangling reference can be reported where it is written.
type Ref struct {
	ID    string
	Range diag.Range
}

func (r Ref) String() string { return r.ID }

// IsSet reports whether the reference was given.
func (r Ref) IsSet() bool { return r.ID != "" }

// Refs is a list of references. In YAML it may also be written as a single id.
type Refs []Ref

// IDs returns the referenced ids.
func (rs Refs) IDs() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
