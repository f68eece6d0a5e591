package load_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
)

func TestProcessReferences(t *testing.T) {
	dir := t.TempDir()
	src := `parties:
  - {id: cloud-foundation, kind: foundation, name: Cloud Foundation}
activities:
  - {id: decommission-tenant, name: Decommission, grain: tenant}
landing_zones:
  - {id: sandbox, name: Sandbox, services: []}
processes:
  - id: retire
    name: Retire a tenant
    owner: cloud-foundaton
    applies_to: {landing_zones: [sandbx]}
    steps:
      - id: close
        activity: decommision-tenant
        duration: two days
      - id: close
        activity: decommission-tenant
      - id: bill
        activity: decommission-tenant
        after: [clsoe, bill]
`
	if err := os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, ds := load.Dir(dir, load.Options{})
	validate(t, ds, m.Sources)
	want := map[string]diag.Code{
		"cloud-foundaton":    diag.ProcessUnknownReference,
		"sandbx":             diag.ProcessUnknownReference,
		"decommision-tenant": diag.ProcessUnknownReference,
		"clsoe":              diag.ProcessUnknownReference,
		"two days":           diag.InvalidValue,
		"close":              diag.DuplicateID,
		"bill":               diag.ProcessStepCycle,
	}
	got := map[string]diag.Code{}
	for _, d := range ds {
		got[text(m.Sources[d.Subject.Filename], d.Subject)] = d.Code
	}
	for at, code := range want {
		if got[at] != code {
			t.Errorf("at %q: got %s, want %s\n%s", at, got[at], code, dump(ds))
		}
	}
	if len(ds) != len(want) {
		t.Errorf("got %d diagnostics, want %d:\n%s", len(ds), len(want), dump(ds))
	}
	if p := m.ProcessByID["retire"]; p == nil || len(p.Steps) != 3 {
		t.Fatalf("process not indexed: %+v", m.ProcessByID)
	}
}
