package oscal_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/encoding/oscal"
	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// Provider facts, where the model has them, reach the component
// definition: as the provider-responsibility of a control the activities
// map, and as a requirement of their own for a control they do not.
func TestProviderFactsReachTheComponentDefinition(t *testing.T) {
	component, _ := schemas(t)
	m, ds := load.Dir(example, load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	s := m.ServiceByID["aws-rds"]
	if s == nil {
		t.Fatal("no aws-rds in the example")
	}
	s.Facts = append(s.Facts,
		&model.Fact{Control: "SI-2", Framework: "nist-800-53", Responsibility: "shared", Note: "AWS patches the engine; the customer picks the maintenance window."},
		&model.Fact{Control: "DP-4", Framework: "mcsb", Responsibility: "provider", Feature: "Encryption at rest"},
		&model.Fact{Control: "X 1", Responsibility: "customer"}, // no framework
	)
	_, files := export(t, testbook.Build(m, ds), oscal.Options{})
	if err := validate(component, decode(t, oscal.ComponentFile, files[oscal.ComponentFile])); err != nil {
		t.Fatal(err)
	}
	var doc oscal.ComponentDefinitionDocument
	if err := json.Unmarshal(files[oscal.ComponentFile], &doc); err != nil {
		t.Fatal(err)
	}
	cd := doc.ComponentDefinition
	i := slices.IndexFunc(cd.Components, func(c oscal.DefinedComponent) bool { return c.Title == s.Name })
	if i < 0 {
		t.Fatalf("no component %s", s.Name)
	}
	got := map[string]string{} // framework/control → provider-responsibility
	for _, ci := range cd.Components[i].ControlImplementations {
		fw := ci.Props[0].Value
		for _, req := range ci.ImplementedRequirements {
			for _, p := range req.Props {
				if p.Name == "provider-responsibility" {
					got[fw+"/"+req.ControlID] = p.Value
				}
			}
		}
	}
	for k, want := range map[string]string{"nist-800-53/si-2": "shared", "mcsb/dp-4": "provider", "unspecified/x-1": "customer"} {
		if got[k] != want {
			t.Errorf("%s: provider-responsibility %q, want %q (all: %v)", k, got[k], want, got)
		}
	}
}
