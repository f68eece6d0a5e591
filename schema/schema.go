package schema

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/demarc-dev/demarc/model"
)

// ID is the canonical URL of the model schema, used in generated files'
// yaml-language-server comments.
const ID = "https://demarc.dev/schema/v1/model.json"

// Model returns the JSON Schema of one model file, indented, with a final
// newline.
func Model() ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		AllowAdditionalProperties:  false,
		DoNotReference:             false,
		Mapper:                     mapType,
	}
	s := r.Reflect(&model.File{})
	s.ID = jsonschema.ID(ID)
	s.Title = "demarc model file"
	s.Description = "One file of a demarc shared responsibility model. A model is a directory of such files, merged."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(bytes.TrimSpace(out), '\n'), nil
}

func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeOf(model.Ref{}), reflect.TypeOf(model.TenantRef{}):
		return &jsonschema.Schema{Type: "string", Pattern: idOrAny, Description: "The id of another element."}
	case reflect.TypeOf(model.Refs{}):
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			{Type: "string", Pattern: idOrAny},
			{Type: "array", Items: &jsonschema.Schema{Type: "string", Pattern: idOrAny}},
		}, Description: "One id or a list of ids."}
	case reflect.TypeOf(model.Date{}):
		return &jsonschema.Schema{Type: "string", Format: "date", Description: "A date written YYYY-MM-DD."}
	case reflect.TypeOf(model.Tags("")):
		return &jsonschema.Schema{Type: "object", AdditionalProperties: &jsonschema.Schema{Type: "string"}}
	case reflect.TypeOf(model.Side("")):
		return &jsonschema.Schema{Type: "string", Enum: []any{"provider", "customer", "shared"}}
	}
	return nil
}

// idOrAny accepts the id pattern; tenant ids (account numbers, GUIDs) are
// freer, so references are only required to be non-empty.
const idOrAny = "^\\S.*$"
