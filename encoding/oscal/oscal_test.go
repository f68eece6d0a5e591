package oscal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/demarc-dev/demarc/encoding/oscal"
	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/view"
)

// The NIST schemas and example plans; CI has the shared data folder beside
// the clone.
const nistDir = "../../../shared/data/oscal"

const example = "../../examples/enterprise"

func schemas(t *testing.T) (component, ssp *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	compile := func(name string) *jsonschema.Schema {
		path := filepath.Join(nistDir, name)
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("the NIST OSCAL schemas are read from %s (the shared data folder beside the repository): %v", nistDir, err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// The schemas' $refs are anchors under their own $id.
		url, _ := doc.(map[string]any)["$id"].(string)
		if url == "" {
			t.Fatalf("%s has no $id", path)
		}
		anchorRefs(doc)
		if err := c.AddResource(url, doc); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s does not compile (its patterns use \\p{L}): %v", path, err)
		}
		return s
	}
	return compile("oscal_component_schema.json"), compile("oscal_ssp_schema.json")
}

// anchorRefs works around a flaw of the NIST draft-07 schemas in memory
// (the files stay as NIST publishes them): a dozen definitions give both
// an anchor "$id": "#name" and a "$ref", and draft-07 ignores every
// sibling of "$ref", the anchor too, so strict validators cannot resolve
// "#name". Moving the "$ref" into an "allOf" keeps its meaning and the
// anchor.
func anchorRefs(doc any) {
	defs, _ := doc.(map[string]any)["definitions"].(map[string]any)
	for _, d := range defs {
		def, ok := d.(map[string]any)
		if !ok {
			continue
		}
		if ref, ok := def["$ref"]; ok && def["$id"] != nil {
			delete(def, "$ref")
			def["allOf"] = []any{map[string]any{"$ref": ref}}
		}
	}
}

func export(t *testing.T, b *view.Book, opts oscal.Options) (*oscal.Result, map[string][]byte) {
	t.Helper()
	x, err := oscal.Build(b, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, d := range x.Documents {
		var buf bytes.Buffer
		if err := d.Encode(&buf); err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		if !json.Valid(buf.Bytes()) {
			t.Fatalf("%s is not JSON", d.Name)
		}
		files[d.Name] = buf.Bytes()
	}
	return x, files
}

func decode(t *testing.T, name string, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// validate returns every schema error of a document, not just the first.
func validate(s *jsonschema.Schema, doc any) error {
	err := s.Validate(doc)
	if err == nil {
		return nil
	}
	if ve, ok := err.(*jsonschema.ValidationError); ok {
		var leaves []string
		var walk func(e *jsonschema.ValidationError)
		walk = func(e *jsonschema.ValidationError) {
			if len(e.Causes) == 0 {
				leaves = append(leaves, "/"+strings.Join(e.InstanceLocation, "/")+": "+e.Error())
			}
			for _, c := range e.Causes {
				walk(c)
			}
		}
		walk(ve)
		return fmt.Errorf("%d schema errors:\n%s", len(leaves), strings.Join(leaves, "\n"))
	}
	return err
}

func TestDocumentsValidateAgainstNISTSchemas(t *testing.T) {
	component, ssp := schemas(t)
	b := testbook.Load(t, example)
	x, files := export(t, b, oscal.Options{SiteURL: "https://demarc.northwind.example/"})
	if len(x.Documents) != 2+len(b.LandingZones) {
		t.Fatalf("%d documents, want the component definition, the foundation's plan and %d landing zones' plans", len(x.Documents), len(b.LandingZones))
	}
	for name, data := range files {
		s := ssp
		if name == oscal.ComponentFile {
			s = component
		}
		if err := validate(s, decode(t, name, data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The validator rejects what the schemas forbid: a test that cannot fail
// proves nothing.
func TestSchemasRejectBrokenDocuments(t *testing.T) {
	component, ssp := schemas(t)
	b := testbook.Load(t, example)
	_, files := export(t, b, oscal.Options{})
	for _, c := range []struct {
		name, from, to string
		s              *jsonschema.Schema
	}{
		{oscal.ComponentFile, `"oscal-version"`, `"oscal-versio"`, component},
		{oscal.ComponentFile, `"last-modified": "`, `"last-modified": "yesterday `, component},
		{oscal.LeveragedFile("nist-800-53"), `"control-id": "`, `"control-id": "1`, ssp},
		{oscal.LeveragedFile("nist-800-53"), `"uuid": "`, `"uuid": "x`, ssp},
	} {
		broken := strings.Replace(string(files[c.name]), c.from, c.to, 1)
		if broken == string(files[c.name]) {
			t.Fatalf("%s has no %s", c.name, c.from)
		}
		if validate(c.s, decode(t, c.name, []byte(broken))) == nil {
			t.Errorf("%s with %s replaced by %s validates", c.name, c.from, c.to)
		}
	}
	// NIST's own example pair validates.
	for _, name := range []string{"oscal_leveraged-example_ssp.json", "oscal_leveraging-example_ssp.json"} {
		data, err := os.ReadFile(filepath.Join(nistDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(ssp, decode(t, name, data)); err != nil {
			t.Errorf("NIST's %s: %v", name, err)
		}
	}
}

var uuidV5 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// refs collects the UUIDs a document defines and the references it makes.
type refs struct {
	defined map[string]string // uuid → JSON path
	uses    []use
	items   map[string]map[string]bool // "provided", "responsibility" → uuids
}

type use struct{ key, uuid, path string }

func collect(t *testing.T, name string, doc any) *refs {
	r := &refs{defined: map[string]string{}, items: map[string]map[string]bool{"provided": {}, "responsibilities": {}}}
	var walk func(v any, path string, parent string)
	walk = func(v any, path, parent string) {
		switch v := v.(type) {
		case map[string]any:
			if u, ok := v["uuid"].(string); ok {
				if prev, dup := r.defined[u]; dup {
					t.Errorf("%s: uuid %s defined at %s and %s", name, u, prev, path)
				}
				r.defined[u] = path
				if !uuidV5.MatchString(u) {
					t.Errorf("%s: %s: uuid %s is not a version 5 UUID", name, path, u)
				}
				if r.items[parent] != nil {
					r.items[parent][u] = true
				}
			}
			if n, ok := v["name"].(string); ok && strings.HasSuffix(n, "-uuid") {
				r.uses = append(r.uses, use{n, v["value"].(string), path})
			}
			for k, c := range v {
				switch {
				case k == "uuid":
				case strings.HasSuffix(k, "-uuid"):
					r.uses = append(r.uses, use{k, c.(string), path + "/" + k})
				case k == "party-uuids" || k == "member-of-organizations":
					for _, u := range c.([]any) {
						r.uses = append(r.uses, use{"party-uuid", u.(string), path + "/" + k})
					}
				case k == "href" && strings.HasPrefix(c.(string), "#"):
					r.uses = append(r.uses, use{"href", strings.TrimPrefix(c.(string), "#"), path + "/" + k})
				default:
					walk(c, path+"/"+k, k)
				}
			}
		case []any:
			for i, c := range v {
				walk(c, fmt.Sprintf("%s/%d", path, i), parent)
			}
		}
	}
	walk(doc, "", "")
	return r
}

// What a schema cannot check: every UUID reference resolves (within the
// document, or for what a leveraging plan inherits and satisfies, in the
// foundation's plan); every provided item is inherited by some landing
// zone or reported as not inherited; every responsibility is satisfied or
// reported.
func TestReferencesResolve(t *testing.T) {
	b := testbook.Load(t, example)
	x, files := export(t, b, oscal.Options{})
	leveragedName := oscal.LeveragedFile("nist-800-53")
	lev := collect(t, leveragedName, decode(t, leveragedName, files[leveragedName]))
	if len(lev.items["provided"]) == 0 || len(lev.items["responsibilities"]) == 0 {
		t.Fatalf("the foundation's plan provides %d items and leaves %d responsibilities", len(lev.items["provided"]), len(lev.items["responsibilities"]))
	}
	inherited, satisfied := map[string]bool{}, map[string]bool{}
	for name, data := range files {
		r := collect(t, name, decode(t, name, data))
		for _, u := range r.uses {
			where := r.defined
			switch u.key {
			case "provided-uuid", "responsibility-uuid", "inherited-uuid":
				if name != leveragedName {
					where = lev.defined
				}
			}
			if _, ok := where[u.uuid]; !ok {
				t.Errorf("%s: %s: %s %s resolves to nothing", name, u.path, u.key, u.uuid)
			}
			if name == leveragedName {
				continue
			}
			switch u.key {
			case "provided-uuid":
				if !lev.items["provided"][u.uuid] {
					t.Errorf("%s: %s: inherits %s, which the foundation does not provide", name, u.path, u.uuid)
				}
				inherited[u.uuid] = true
			case "responsibility-uuid":
				if !lev.items["responsibilities"][u.uuid] {
					t.Errorf("%s: %s: satisfies %s, which is no responsibility of the foundation's plan", name, u.path, u.uuid)
				}
				satisfied[u.uuid] = true
			}
		}
	}
	if missing := len(lev.items["provided"]) - len(inherited); missing != len(x.Report.NotInherited) {
		t.Errorf("%d provided items are inherited by no landing zone, the report names %d: %v", missing, len(x.Report.NotInherited), x.Report.NotInherited)
	}
	unsatisfied := len(lev.items["responsibilities"]) - len(satisfied)
	if unsatisfied > 0 && len(x.Report.Unsatisfied) == 0 {
		t.Errorf("%d responsibilities are satisfied by no landing zone and none is reported", unsatisfied)
	}
}

func TestExportIsDeterministic(t *testing.T) {
	_, first := export(t, testbook.Load(t, example), oscal.Options{})
	_, again := export(t, testbook.Load(t, example), oscal.Options{})
	for name, data := range first {
		if !bytes.Equal(data, again[name]) {
			t.Errorf("%s differs between two exports of the same model", name)
		}
	}
	// The streamed component definition is what encoding the whole
	// document at once writes.
	var whole oscal.ComponentDefinitionDocument
	if err := json.Unmarshal(first[oscal.ComponentFile], &whole); err != nil {
		t.Fatal(err)
	}
	if data, err := oscal.Marshal(&whole); err != nil || !bytes.Equal(data, first[oscal.ComponentFile]) {
		t.Errorf("the streamed component definition differs from the encoded document (%v)", err)
	}
	var doc struct {
		ComponentDefinition struct {
			Metadata struct {
				LastModified string `json:"last-modified"`
			}
		} `json:"component-definition"`
	}
	if err := json.Unmarshal(first[oscal.ComponentFile], &doc); err != nil {
		t.Fatal(err)
	}
	// The latest decision or approval of the example, not the clock.
	if got := doc.ComponentDefinition.Metadata.LastModified; !strings.HasPrefix(got, "2026-") {
		t.Errorf("last-modified %s does not come from the model's decisions", got)
	}
}
