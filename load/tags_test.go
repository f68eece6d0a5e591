package load_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// TestTenantTags: tags read the same from YAML and CSV: sorted by key,
// the last of repeated CSV keys winning, written back as an object.
func TestTenantTags(t *testing.T) {
	files, ds, _ := parse(t, "t.yaml", "tenants:\n  - id: t1\n    provider: aws\n    tags: {team: blue, env: prod, cost-center: \"4711\"}\n", load.Limits{})
	if ds.HasErrors() {
		t.Fatalf("YAML tenant:%s", dump(ds))
	}
	want := []model.Tag{{Key: "cost-center", Value: "4711"}, {Key: "env", Value: "prod"}, {Key: "team", Value: "blue"}}
	if got := files[0].Tenants[0].Tags.List(); !slices.Equal(got, want) {
		t.Fatalf("YAML tags %v, want %v", got, want)
	}
	var cds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", []byte("id,provider,tags\n1,aws,team=blue; env=test ;env=prod;cost-center=4711\n2,aws,\n3,aws,z=1\n"), &cds)
	if len(cds) != 0 || len(f.Tenants) != 3 {
		t.Fatalf("CSV: %d tenants:%s", len(f.Tenants), dump(cds))
	}
	if got := f.Tenants[0].Tags.List(); !slices.Equal(got, want) || f.Tenants[0].Tags.Len() != 3 {
		t.Fatalf("CSV tags %v, want %v", got, want)
	}
	if v, ok := f.Tenants[0].Tags.Get("env"); !ok || v != "prod" {
		t.Fatalf("Get(env) = %q, %v", v, ok)
	}
	if _, ok := f.Tenants[0].Tags.Get("nope"); ok {
		t.Fatal("Get found a tag that is not there")
	}
	// Tenants share one block of text; each keeps its own tags.
	if f.Tenants[1].Tags.Len() != 0 || !slices.Equal(f.Tenants[2].Tags.List(), []model.Tag{{Key: "z", Value: "1"}}) {
		t.Fatalf("tags of the later tenants: %v, %v", f.Tenants[1].Tags, f.Tenants[2].Tags)
	}
	out, err := json.Marshal(f.Tenants[0].Tags)
	if err != nil || string(out) != `{"cost-center":"4711","env":"prod","team":"blue"}` {
		t.Fatalf("JSON %s, %v", out, err)
	}
	// Control characters (which would break the encoding) are refused.
	cds = nil
	f = load.ParseTenantCSV("t.csv", []byte("id,provider,tags\n1,aws,a=\x1eb;c=d\n"), &cds)
	if d := wantCode(t, cds, diag.InvalidValue); d.Subject.Start.Line != 2 || !slices.Equal(f.Tenants[0].Tags.List(), []model.Tag{{Key: "c", Value: "d"}}) {
		t.Fatalf("control character in a CSV tag: %v, tags %v", d.Subject, f.Tenants[0].Tags.List())
	}
	_, ds, _ = parse(t, "t.yaml", "tenants:\n  - id: t1\n    provider: aws\n    tags: {\"a\\x1fb\": c, ok: yes}\n", load.Limits{})
	if d := wantCode(t, ds, diag.InvalidValue); d.Subject.Start.Line != 4 {
		t.Fatalf("control character in a YAML tag at %v", d.Subject)
	}
	// A list where a mapping belongs is reported where it is.
	_, ds, _ = parse(t, "t.yaml", "tenants:\n  - id: t1\n    provider: aws\n    tags: [env, prod]\n", load.Limits{})
	if d := wantCode(t, ds, diag.WrongType); d.Subject.Start.Line != 4 {
		t.Fatalf("DM for a tag list at %v", d.Subject)
	}
}
