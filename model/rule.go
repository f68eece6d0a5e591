package model

import (
	"time"

	"github.com/demarc-dev/demarc/diag"
)

// Status of a decision.
type Status string

const (
	StatusProposed Status = "proposed"
	StatusAgreed   Status = "agreed"
	StatusRetired  Status = "retired"
)

// Rule is a responsibility decision: for an activity (or a selection of
// activities) in a scope, who is Responsible, Accountable, Consulted and
// Informed, and why.
type Rule struct {
	ID          string      `yaml:"id" json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9._-]*$"`
	Activity    Ref         `yaml:"activity,omitempty" json:"activity,omitempty" jsonschema_description:"The activity decided. Give activity or activities."`
	Activities  *Selector   `yaml:"activities,omitempty" json:"activities,omitempty"`
	Scope       *Scope      `yaml:"scope,omitempty" json:"scope,omitempty" jsonschema_description:"Where the rule applies; an empty scope applies everywhere."`
	Responsible Refs        `yaml:"responsible" json:"responsible" jsonschema_description:"One or more parties. Required."`
	Accountable Refs        `yaml:"accountable" json:"accountable" jsonschema_description:"Exactly one party. Required."`
	Consulted   Refs        `yaml:"consulted,omitempty" json:"consulted,omitempty"`
	Informed    Refs        `yaml:"informed,omitempty" json:"informed,omitempty"`
	Rationale   string      `yaml:"rationale,omitempty" json:"rationale,omitempty" jsonschema_description:"Why this decision was taken. Markdown."`
	Status      Status      `yaml:"status,omitempty" json:"status,omitempty" jsonschema:"enum=proposed,enum=agreed,enum=retired,default=proposed"`
	Decided     Date        `yaml:"decided,omitempty" json:"decided,omitempty"`
	ReviewBy    Date        `yaml:"review_by,omitempty" json:"review_by,omitempty"`
	Approvals   []*Approval `yaml:"approvals,omitempty" json:"approvals,omitempty"`

	Pos   diag.Range `yaml:"-" json:"-"`
	IDPos diag.Range `yaml:"-" json:"-" pos:"id"`
	// AccountablePos points at the accountable key, for rules that lack one.
	AccountablePos diag.Range `yaml:"-" json:"-" pos:"accountable"`
	StatusPos      diag.Range `yaml:"-" json:"-" pos:"status"`
	ReviewByPos    diag.Range `yaml:"-" json:"-" pos:"review_by"`
	RationalePos   diag.Range `yaml:"-" json:"-" pos:"rationale"`
}

// EffectiveStatus returns the status, defaulting to proposed.
func (r *Rule) EffectiveStatus() Status {
	if r.Status == "" {
		return StatusProposed
	}
	return r.Status
}

// Selector selects activities by id, capability area or layer. Fields combine
// with AND; a list of ids is a union.
type Selector struct {
	IDs   Refs   `yaml:"ids,omitempty" json:"ids,omitempty"`
	Area  string `yaml:"area,omitempty" json:"area,omitempty"`
	Layer Ref    `yaml:"layer,omitempty" json:"layer,omitempty"`
	All   bool   `yaml:"all,omitempty" json:"all,omitempty" jsonschema_description:"Select every activity."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Scope restricts where a rule applies. Every field given must match.
type Scope struct {
	Provider     Ref `yaml:"provider,omitempty" json:"provider,omitempty"`
	ServiceModel Ref `yaml:"service_model,omitempty" json:"service_model,omitempty"`
	Service      Ref `yaml:"service,omitempty" json:"service,omitempty"`
	LandingZone  Ref `yaml:"landing_zone,omitempty" json:"landing_zone,omitempty"`
	Tenant       Ref `yaml:"tenant,omitempty" json:"tenant,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Dimensions lists the dimensions the scope fixes explicitly, in the order
// provider, service model, service, landing zone, tenant.
func (s *Scope) Dimensions() []Dimension {
	if s == nil {
		return nil
	}
	var out []Dimension
	for _, f := range []struct {
		d Dimension
		r Ref
	}{{DimProvider, s.Provider}, {DimServiceModel, s.ServiceModel}, {DimService, s.Service}, {DimLandingZone, s.LandingZone}, {DimTenant, s.Tenant}} {
		if f.r.IsSet() {
			out = append(out, f.d)
		}
	}
	return out
}

// Ref returns the reference the scope gives for dimension d.
func (s *Scope) Ref(d Dimension) Ref {
	switch d {
	case DimProvider:
		return s.Provider
	case DimServiceModel:
		return s.ServiceModel
	case DimService:
		return s.Service
	case DimLandingZone:
		return s.LandingZone
	case DimTenant:
		return s.Tenant
	}
	return Ref{}
}

// Approval records that a party approved a decision.
type Approval struct {
	Party Ref    `yaml:"party" json:"party" jsonschema:"required"`
	By    string `yaml:"by,omitempty" json:"by,omitempty" jsonschema_description:"Who approved for the party (name or e-mail)."`
	At    Date   `yaml:"at,omitempty" json:"at,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Date is a calendar date written as YYYY-MM-DD.
type Date struct{ time.Time }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
