package model

import "github.com/demarc-dev/demarc/diag"

// Control is one control of a framework's catalogue with the ids of other
// frameworks it maps to, such as an MCSB control and its crosswalk to
// NIST SP 800-53 ("demarc import mcsb-controls" writes them). A model that
// defines controls of a framework replaces the catalogue demarc ships for
// it.
type Control struct {
	Framework string              `yaml:"framework" json:"framework" jsonschema:"required" jsonschema_description:"The framework key, e.g. mcsb."`
	ID        string              `yaml:"id" json:"id" jsonschema:"required"`
	Title     string              `yaml:"title,omitempty" json:"title,omitempty"`
	Domain    string              `yaml:"domain,omitempty" json:"domain,omitempty"`
	Maps      map[string][]string `yaml:"maps,omitempty" json:"maps,omitempty" jsonschema_description:"Framework key to the ids this control maps to, e.g. nist-800-53: [SI-2]."`

	Pos diag.Range `yaml:"-" json:"-"`
}

// ControlsOf returns the model's controls of framework, in definition
// order, or nil when the model defines none.
func (m *Model) ControlsOf(framework string) []*Control {
	var out []*Control
	for _, c := range m.Controls {
		if c.Framework == framework {
			out = append(out, c)
		}
	}
	return out
}
