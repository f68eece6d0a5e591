package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/schema"
)

var update = flag.Bool("update", false, "rewrite schema/model.schema.json")

const golden = "model.schema.json"

// TestCommittedSchemaIsCurrent keeps the committed schema in sync with the
// Go types: change a type, run `go test ./schema -update`, commit both.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	got, err := schema.Model()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./schema -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the model types; run `go test ./schema -update` and commit it", golden)
	}
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := schema.Model()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schema.ID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schema.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSON converts a decoded YAML value to the JSON data model.
func yamlToJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = yamlToJSON(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = yamlToJSON(e)
		}
		return x
	case time.Time:
		return x.Format(time.DateOnly)
	case int:
		return json.Number(fmt.Sprint(x))
	case float64:
		return json.Number(fmt.Sprint(x))
	}
	return v
}

// TestModelFilesValidate validates every shipped model file (baselines and
// examples) against the schema, as an editor would.
func TestModelFilesValidate(t *testing.T) {
	s := compile(t)
	var files []string
	for _, root := range []string{"../baseline", "../examples", "../starter"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			// The project configuration (.demarc.yaml) is not a model file.
			if err == nil && !d.IsDir() && d.Name() != ".demarc.yaml" && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yaml.tmpl")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no model files found to validate")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "{{") {
			continue // templates are validated through `demarc init` output
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if v == nil {
			continue
		}
		if err := s.Validate(yamlToJSON(v)); err != nil {
			t.Errorf("%s does not validate against the schema:\n%v", p, err)
		}
	}
}

func TestSchemaRejectsUnknownKeys(t *testing.T) {
	s := compile(t)
	bad := map[string]any{"parties": []any{map[string]any{"id": "x", "kind": "shared", "name": "X", "colour": "red"}}}
	if err := s.Validate(bad); err == nil {
		t.Fatal("an unknown key must not validate")
	}
	badEnum := map[string]any{"parties": []any{map[string]any{"id": "x", "kind": "team", "name": "X"}}}
	if err := s.Validate(badEnum); err == nil {
		t.Fatal("an unknown party kind must not validate")
	}
}
