package model

import "github.com/demarc-dev/demarc/diag"

// LandingZone is a use case with its own split of duties.
type LandingZone struct {
	ID          string    `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Name        string    `yaml:"name" json:"name" jsonschema:"required"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
	Audience    *Audience `yaml:"audience,omitempty" json:"audience,omitempty"`
	Rationale   string    `yaml:"rationale,omitempty" json:"rationale,omitempty" jsonschema_description:"Why this landing zone splits duties the way it does. Markdown."`
	Owner       Ref       `yaml:"owner,omitempty" json:"owner,omitempty" jsonschema_description:"The party that runs the landing zone."`
	Services    Refs      `yaml:"services" json:"services" jsonschema:"required" jsonschema_description:"Ids of the services this landing zone offers."`

	Pos     diag.Range `yaml:"-" json:"-"`
	IDPos   diag.Range `yaml:"-" json:"-" pos:"id"`
	Builtin string     `yaml:"-" json:"-"`
}

// Audience profiles who a landing zone is for.
type Audience struct {
	Applications string `yaml:"applications,omitempty" json:"applications,omitempty" jsonschema_description:"What kind of applications."`
	Skills       string `yaml:"skills,omitempty" json:"skills,omitempty" jsonschema_description:"What cloud skills the application teams have."`
	Operations   string `yaml:"operations,omitempty" json:"operations,omitempty" jsonschema_description:"What operational capability the teams bring."`

	Pos diag.Range `yaml:"-" json:"-"`
}
