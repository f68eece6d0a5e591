package model

import "github.com/demarc-dev/demarc/diag"

// DefaultFactFramework is the framework of a fact that names none: the
// Microsoft cloud security benchmark, whose per-service baselines are the
// facts most models import.
const DefaultFactFramework = "mcsb"

// Key is the framework/control key of a fact, such as "mcsb/DP-5".
func (f *Fact) Key() string {
	fw := f.Framework
	if fw == "" {
		fw = DefaultFactFramework
	}
	return fw + "/" + f.Control
}

// ControlKeys are the framework/control keys activity a maps to: its own
// controls and, when it names no control of the default framework, the
// ones crosswalk maps its other controls to (nist-800-53 CP-9 → mcsb
// BR-1). The crosswalk is broad (one NIST id maps to several benchmark
// controls), so an explicit mapping wins. crosswalk may be nil.
func (a *Activity) ControlKeys(crosswalk func(framework, id string) []string) map[string]bool {
	out := map[string]bool{}
	direct := len(a.Controls[DefaultFactFramework]) > 0
	for fw, ids := range a.Controls {
		for _, id := range ids {
			out[fw+"/"+id] = true
			if fw != DefaultFactFramework && !direct && crosswalk != nil {
				for _, x := range crosswalk(fw, id) {
					out[DefaultFactFramework+"/"+x] = true
				}
			}
		}
	}
	return out
}

// Statement sums up what a provider says about one control for one
// service across its features: the customer holds it when any feature
// leaves work to the customer.
type Statement struct {
	Control                    string
	Customer, Shared, Provider *Fact // the first fact of each kind
	// Nothing is set when every feature is not applicable or not supported.
	Nothing bool
	First   *Fact
}

// Summarise returns the statement of facts, all about one control.
func Summarise(facts []*Fact) Statement {
	st := Statement{Nothing: true, First: facts[0], Control: facts[0].Control}
	for _, f := range facts {
		switch f.Responsibility {
		case "customer":
			if st.Customer == nil {
				st.Customer = f
			}
		case "shared":
			if st.Shared == nil {
				st.Shared = f
			}
		case "provider":
			if st.Provider == nil {
				st.Provider = f
			}
		}
		if f.Responsibility != "not-applicable" && (f.Supported == nil || *f.Supported) {
			st.Nothing = false
		}
	}
	return st
}

// ProviderOnly reports whether the provider says it holds the control and
// leaves nothing to the customer.
func (st Statement) ProviderOnly() bool {
	return st.Provider != nil && st.Customer == nil && st.Shared == nil
}

// Side is the side the statement puts the control on: customer when any
// feature leaves work to the customer, else shared, else provider; ""
// when nothing applies.
func (st Statement) Side() Side {
	switch {
	case st.Customer != nil:
		return SideCustomer
	case st.Shared != nil:
		return SideShared
	case st.Provider != nil:
		return SideProvider
	}
	return ""
}

// ProviderFact is a provider's statement about one control for one
// service, written apart from the service (the generic facts format, in
// YAML under "facts:" or as a CSV file), for providers whose per-service
// statements are not published machine-readably.
type ProviderFact struct {
	Provider         Ref    `yaml:"provider,omitempty" json:"provider,omitempty" jsonschema_description:"The service's provider, checked when given."`
	Service          Ref    `yaml:"service" json:"service" jsonschema:"required"`
	Framework        string `yaml:"framework,omitempty" json:"framework,omitempty"`
	Control          string `yaml:"control" json:"control" jsonschema:"required"`
	Responsibility   string `yaml:"responsibility" json:"responsibility" jsonschema:"required,enum=customer,enum=provider,enum=shared,enum=not-applicable"`
	Feature          string `yaml:"feature,omitempty" json:"feature,omitempty"`
	Supported        *bool  `yaml:"supported,omitempty" json:"supported,omitempty"`
	EnabledByDefault *bool  `yaml:"enabled_by_default,omitempty" json:"enabled_by_default,omitempty"`
	Reference        string `yaml:"reference,omitempty" json:"reference,omitempty"`
	Source           string `yaml:"source,omitempty" json:"source,omitempty"`
	Note             string `yaml:"note,omitempty" json:"note,omitempty"`

	Pos diag.Range `yaml:"-" json:"-"`
}

// Fact is the statement as a fact of its service.
func (pf *ProviderFact) Fact() *Fact {
	return &Fact{Control: pf.Control, Framework: pf.Framework, Responsibility: pf.Responsibility, Feature: pf.Feature,
		Supported: pf.Supported, EnabledByDefault: pf.EnabledByDefault, Reference: pf.Reference, Source: pf.Source,
		Note: pf.Note, Pos: pf.Pos}
}
