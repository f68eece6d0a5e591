package diff

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// SchemaID is the canonical URL of the JSON Schema of `demarc diff
// --format json`.
const SchemaID = "https://demarc.dev/schema/v1/diff.json"

// Output is the JSON document `demarc diff --format json` writes: the
// report with what was compared and its summary line.
type Output struct {
	Base    string `json:"base"`
	Head    string `json:"head"`
	Changed bool   `json:"changed"`
	// Severity is how much the change needs a reviewer: error, warning,
	// info, or "" when nothing changed (see Report.Severity).
	Severity string `json:"severity" jsonschema:"enum=error,enum=warning,enum=info,enum="`
	Summary  string `json:"summary"`
	*Report
}

// NewOutput wraps rep for JSON.
func NewOutput(base, head string, rep *Report) Output {
	sev := ""
	if s := rep.Severity(); s != diag.SeverityInvalid {
		sev = s.String()
	}
	return Output{Base: base, Head: head, Changed: !rep.Empty(), Severity: sev, Summary: rep.Summary(), Report: rep}
}

// Schema returns the JSON Schema of Output, indented, with a final newline.
func Schema() ([]byte, error) {
	r := &jsonschema.Reflector{
		AllowAdditionalProperties: false,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			switch t {
			case reflect.TypeOf(model.Grain("")):
				var grains []any
				for _, g := range model.Grains {
					grains = append(grains, string(g))
				}
				return &jsonschema.Schema{Type: "string", Enum: grains}
			case reflect.TypeOf(diag.Severity(0)):
				return &jsonschema.Schema{Type: "string", Enum: []any{"error", "warning", "info"}}
			case reflect.TypeOf(diag.Code("")):
				return &jsonschema.Schema{Type: "string", Pattern: "^DM[0-9]{3}$"}
			}
			return nil
		},
	}
	s := r.Reflect(&Output{})
	s.ID = jsonschema.ID(SchemaID)
	s.Title = "demarc diff"
	s.Description = "What a change of a demarc model means for each party, as `demarc diff --format json` writes it."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(bytes.TrimSpace(out), '\n'), nil
}
