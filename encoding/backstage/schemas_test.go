package backstage_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// catalogModel is where scripts/test.sh installs Backstage's
// @backstage/catalog-model package, whose JSON schemas the entities are
// validated against.
func catalogModel(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DEMARC_BACKSTAGE_CATALOG_MODEL")
	if dir == "" {
		cache, _ := os.UserCacheDir() // where scripts/test.sh installs it
		dir = filepath.Join(cache, "demarc", "npm", "node_modules", "@backstage", "catalog-model")
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		t.Fatalf("Backstage's @backstage/catalog-model is not installed at %s: run scripts/test.sh, or `npm install --prefix ~/.cache/demarc/npm @backstage/catalog-model@1.10.3`, or set DEMARC_BACKSTAGE_CATALOG_MODEL to the package folder", dir)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed (it reads the schemas out of @backstage/catalog-model): run scripts/test.sh or `apt-get install nodejs`")
	}
	return dir
}

// dumpSchemas prints the package's schemas, which it ships compiled into
// CommonJS modules, as one JSON object keyed by $id.
const dumpSchemas = `
const fs = require("fs"), path = require("path");
const root = path.join(process.argv[1], "dist", "schema");
const out = {};
const walk = dir => {
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (f.endsWith(".schema.json.cjs.js")) {
      const m = require(p);
      const s = m.default || m;
      out[s.$id] = s;
    }
  }
};
walk(root);
process.stdout.write(JSON.stringify(out));
`

// kindSchemas compiles the published schema of each entity kind, by kind.
func kindSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	dir := catalogModel(t)
	out, err := exec.Command("node", "-e", dumpSchemas, dir).Output()
	if err != nil {
		t.Fatalf("reading the schemas of %s: %v", dir, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const base = "https://backstage.io/catalog-model/"
	for id, data := range raw {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if err := c.AddResource(base+id, doc); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	schemas := map[string]*jsonschema.Schema{}
	for _, kind := range []string{"Group", "User", "System", "Resource", "Component", "Location"} {
		s, err := c.Compile(base + kind + "V1alpha1")
		if err != nil {
			t.Fatalf("compiling the %s schema of %s: %v", kind, dir, err)
		}
		schemas[kind] = s
	}
	return schemas
}
