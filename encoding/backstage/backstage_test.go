package backstage_test

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
	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/encoding/backstage"
	"github.com/demarc-dev/demarc/internal/testbook"
)

const example = "../../examples/enterprise"

// entities exports the example and reads the YAML stream back as generic
// documents, as the catalog would.
func entities(t *testing.T, opts backstage.Options) ([]map[string]any, []byte) {
	t.Helper()
	c, err := backstage.Build(testbook.Load(t, example), opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(buf.Bytes()))
	var out []map[string]any
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatal(err)
		}
		out = append(out, doc)
	}
	if len(out) != len(c.Entities) {
		t.Fatalf("read %d documents back, wrote %d", len(out), len(c.Entities))
	}
	return out, buf.Bytes()
}

// asJSON turns a YAML document into the JSON value a schema validates.
func asJSON(t *testing.T, doc map[string]any) any {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEntitiesValidateAgainstBackstageSchemas(t *testing.T) {
	schemas := kindSchemas(t)
	docs, _ := entities(t, backstage.Options{SiteURL: "https://demarc.northwind.example", APIURL: "https://demarc.northwind.example"})
	kinds := map[string]int{}
	for _, doc := range docs {
		kind, _ := doc["kind"].(string)
		kinds[kind]++
		s := schemas[kind]
		if s == nil {
			t.Fatalf("entity of kind %q", kind)
		}
		if err := s.Validate(asJSON(t, doc)); err != nil {
			t.Errorf("%s %v: %#v", kind, doc["metadata"].(map[string]any)["name"], err)
		}
	}
	for _, k := range []string{"Group", "User", "System", "Resource"} {
		if kinds[k] == 0 {
			t.Errorf("no %s entities: %v", k, kinds)
		}
	}
	// The schemas reject what they forbid.
	bad := docs[0]
	delete(bad["spec"].(map[string]any), "children")
	if schemas["Group"].Validate(asJSON(t, bad)) == nil {
		t.Error("a Group without spec.children validates")
	}
}

// What Backstage checks beyond its schemas (the catalog's
// FieldFormatEntityPolicy): names, annotation keys, and that every
// reference names an entity of the catalog.
var (
	namePattern = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	keyPattern  = regexp.MustCompile(`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`)
)

func TestEntitiesAreWellFormedAndReferencesResolve(t *testing.T) {
	docs, _ := entities(t, backstage.Options{})
	defined := map[string]bool{}
	for _, doc := range docs {
		md := doc["metadata"].(map[string]any)
		name := md["name"].(string)
		if len(name) > 63 || !namePattern.MatchString(name) {
			t.Errorf("%s %q is not a valid entity name", doc["kind"], name)
		}
		ref := strings.ToLower(doc["kind"].(string)) + ":" + name
		if defined[ref] {
			t.Errorf("%s is defined twice", ref)
		}
		defined[ref] = true
		ann, _ := md["annotations"].(map[string]any)
		for k, v := range ann {
			if _, ok := v.(string); !ok || !keyPattern.MatchString(k) {
				t.Errorf("%s: annotation %q: %v", ref, k, v)
			}
		}
		if raci, ok := ann[backstage.AnnotationRACI].(string); ok && !json.Valid([]byte(raci)) {
			t.Errorf("%s: the raci annotation is not JSON", ref)
		}
	}
	check := func(from, kind string, v any) {
		s, _ := v.(string)
		if s == "" {
			return
		}
		if !strings.Contains(s, ":") {
			s = kind + ":" + s
		}
		if !defined[s] {
			t.Errorf("%s refers to %s, which is not in the catalog", from, s)
		}
	}
	for _, doc := range docs {
		from := fmt.Sprintf("%s:%s", strings.ToLower(doc["kind"].(string)), doc["metadata"].(map[string]any)["name"])
		spec := doc["spec"].(map[string]any)
		check(from, "group", spec["owner"])
		check(from, "group", spec["parent"])
		check(from, "system", spec["system"])
		for _, key := range []string{"children", "memberOf"} {
			list, _ := spec[key].([]any)
			for _, v := range list {
				check(from, "group", v)
			}
		}
		members, _ := spec["members"].([]any)
		for _, v := range members {
			check(from, "user", v)
		}
	}
}

func TestResponsibilitiesTravelAsAnnotations(t *testing.T) {
	docs, _ := entities(t, backstage.Options{SiteURL: "https://demarc.northwind.example/"})
	for _, doc := range docs {
		md := doc["metadata"].(map[string]any)
		if doc["kind"] != "System" || md["name"] != "lift-and-shift" {
			continue
		}
		ann := md["annotations"].(map[string]any)
		if !strings.Contains(ann["demarc.dev/accountable"].(string), "group:") {
			t.Errorf("accountable: %v", ann["demarc.dev/accountable"])
		}
		var duties []map[string]any
		if err := json.Unmarshal([]byte(ann[backstage.AnnotationRACI].(string)), &duties); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range duties {
			if d["activity"] == "patch-guest-os" && d["rule"] != nil {
				found = true
			}
		}
		if !found {
			t.Errorf("the lift-and-shift System has no decided patch-guest-os duty: %v", duties)
		}
		links := md["links"].([]any)
		if links[0].(map[string]any)["url"] != "https://demarc.northwind.example/landing-zones/lift-and-shift.html" {
			t.Errorf("links: %v", links)
		}
		return
	}
	t.Fatal("no System lift-and-shift")
}

func TestExportIsDeterministic(t *testing.T) {
	_, first := entities(t, backstage.Options{})
	_, again := entities(t, backstage.Options{})
	if !bytes.Equal(first, again) {
		t.Error("two exports of the same model differ")
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"cloud-foundation": "cloud-foundation",
		"-x-":              "x-",
	} {
		got := backstage.Name(in)
		if !namePattern.MatchString(got) || (in == "cloud-foundation" && got != want) {
			t.Errorf("Name(%q) = %q", in, got)
		}
	}
	long := strings.Repeat("a", 80)
	if n := backstage.Name(long); len(n) > 63 || n == backstage.Name(long+"b") {
		t.Errorf("Name of long ids: %q", n)
	}
}

// The folder export: a file per kind and a Location pointing at them, all
// valid against the schemas, with the entities of the one-file export.
func TestFolderWithLocation(t *testing.T) {
	schemas := kindSchemas(t)
	dir := t.TempDir()
	counts, err := backstage.WriteFolder(dir, testbook.Load(t, example), backstage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	single, _ := entities(t, backstage.Options{})
	es, err := backstage.ReadCatalog(dir) // Groups and Users
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range single {
		if d["kind"] == "Group" || d["kind"] == "User" {
			n++
		}
	}
	if len(es) != n {
		t.Errorf("the folder has %d Groups and Users, the file %d", len(es), n)
	}
	data, err := os.ReadFile(filepath.Join(dir, "catalog-info.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var loc map[string]any
	if err := yaml.Unmarshal(data, &loc); err != nil {
		t.Fatal(err)
	}
	if err := schemas["Location"].Validate(asJSON(t, loc)); err != nil {
		t.Errorf("Location: %#v", err)
	}
	for _, target := range loc["spec"].(map[string]any)["targets"].([]any) {
		if _, err := os.Stat(filepath.Join(dir, target.(string))); err != nil {
			t.Errorf("the Location's target %s: %v", target, err)
		}
	}
	if !strings.HasSuffix(counts, "1 Location") {
		t.Errorf("counts %q", counts)
	}
}
