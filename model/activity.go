package model

import "github.com/demarc-dev/demarc/diag"

// Activity is something someone must do.
type Activity struct {
	ID          string              `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string              `yaml:"name" json:"name" jsonschema:"required"`
	Description string              `yaml:"description,omitempty" json:"description,omitempty"`
	Layer       Ref                 `yaml:"layer,omitempty" json:"layer,omitempty" jsonschema_description:"The layer the activity acts on. Without a layer the activity is customer-side (governance)."`
	Area        string              `yaml:"area,omitempty" json:"area,omitempty" jsonschema_description:"Capability area, e.g. tenant-lifecycle, identity, cost, security, logging, incident, network, backup, patching."`
	Controls    map[string][]string `yaml:"controls,omitempty" json:"controls,omitempty" jsonschema_description:"Framework to control ids, e.g. mcsb: [IM-1]."`

	Pos     diag.Range `yaml:"-" json:"-"`
	IDPos   diag.Range `yaml:"-" json:"-" pos:"id"`
	Builtin string     `yaml:"-" json:"-"`
}
