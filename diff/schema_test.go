package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite diff.schema.json")

const schemaGolden = "diff.schema.json"

// TestCommittedSchemaIsCurrent keeps the published schema in sync with the
// types: change a type, run `go test ./diff -update`, commit both.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./diff -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date; run `go test ./diff -update` and commit it", schemaGolden)
	}
}

// TestOutputValidates checks real reports, with and without changes,
// against the schema.
func TestOutputValidates(t *testing.T) {
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	head := copyModel(t)
	edit(t, head, "rules/network.yaml", "accountable: network-team", "accountable: cloud-foundation")
	edit(t, head, "tenants/aws-accounts.csv", "563956996473,claims-intake-prod,aws,cloud-native,claims-platform,",
		"563956996473,claims-intake-prod,aws,lift-and-shift,broker-integration,")
	for name, rep := range map[string]*Report{"none": compare(t, example, example), "some": compare(t, example, head), "reverse": compare(t, head, example)} {
		out, err := json.Marshal(NewOutput("a", "b", rep))
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSchemaRejects: the schema is strict enough to catch a wrong value
// or an unknown field.
func TestSchemaRejects(t *testing.T) {
	b, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(NewOutput("a", "b", compare(t, example, example)))
	for _, bad := range []func(map[string]any){
		func(m map[string]any) { m["severity"] = "bogus" },
		func(m map[string]any) { m["extra"] = 1 },
		func(m map[string]any) { delete(m, "parties") },
	} {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		bad(m)
		raw, _ := json.Marshal(m)
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if sch.Validate(v) == nil {
			t.Errorf("accepted %s", raw)
		}
	}
}
