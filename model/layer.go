package model

import "github.com/demarc-dev/demarc/diag"

// Side says who holds a layer under a service model.
type Side string

const (
	SideProvider Side = "provider"
	SideCustomer Side = "customer"
	SideShared   Side = "shared"
)

// Layer is a level of the stack, ordered from physical (low) to data (high).
type Layer struct {
	ID          string `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string `yaml:"name" json:"name" jsonschema:"required"`
	Order       int    `yaml:"order" json:"order" jsonschema:"required" jsonschema_description:"Position from physical (low) to data (high)."`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`

	Pos     diag.Range `yaml:"-" json:"-"`
	IDPos   diag.Range `yaml:"-" json:"-" pos:"id"`
	Builtin string     `yaml:"-" json:"-"`
}

// ServiceModel is a delivery model (IaaS, PaaS, …) with the provider's
// published border: for each layer, who holds it.
type ServiceModel struct {
	ID          string          `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string          `yaml:"name" json:"name" jsonschema:"required"`
	Description string          `yaml:"description,omitempty" json:"description,omitempty"`
	Borders     map[string]Side `yaml:"borders" json:"borders" jsonschema:"required" jsonschema_description:"Layer id to provider / customer / shared. Layers not listed are customer-side."`

	Pos        diag.Range            `yaml:"-" json:"-"`
	IDPos      diag.Range            `yaml:"-" json:"-" pos:"id"`
	BordersPos map[string]diag.Range `yaml:"-" json:"-" keypos:"borders"`
	Builtin    string                `yaml:"-" json:"-"`
}
