package model

import "github.com/demarc-dev/demarc/diag"

// Tenant is a real cloud account, subscription or project.
type Tenant struct {
	ID          string            `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"The provider's account / subscription / project id."`
	Name        string            `yaml:"name,omitempty" json:"name,omitempty"`
	Provider    Ref               `yaml:"provider" json:"provider" jsonschema:"required"`
	LandingZone Ref               `yaml:"landing_zone" json:"landing_zone" jsonschema_description:"Required."`
	Owner       Ref               `yaml:"owner" json:"owner" jsonschema_description:"Required. The application party that owns the tenant."`
	Tags        map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`

	Pos   diag.Range `yaml:"-" json:"-"`
	IDPos diag.Range `yaml:"-" json:"-" pos:"id"`
}
