package starter_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/starter"
)

// subsets are every non-empty combination of the built-in providers.
var subsets = [][]string{
	{"aws"}, {"azure"}, {"gcp"},
	{"aws", "azure"}, {"aws", "gcp"}, {"azure", "gcp"},
	{"aws", "azure", "gcp"},
}

func TestWriteEverySubset(t *testing.T) {
	for _, providers := range subsets {
		t.Run(strings.Join(providers, "+"), func(t *testing.T) {
			dir := t.TempDir()
			opts := starter.Options{Providers: providers, Organisation: `Acme "Cloud" Ltd: #1`}
			if err := starter.Write(dir, opts); err != nil {
				t.Fatal(err)
			}
			for _, name := range starter.Files {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				switch filepath.Ext(name) {
				case ".yaml":
					first, _, _ := bytes.Cut(data, []byte("\n"))
					if want := "# yaml-language-server: $schema=" + starter.SchemaURL; string(first) != want {
						t.Errorf("%s: first line %q, want %q", name, first, want)
					}
					var doc map[string]any
					if err := yaml.Unmarshal(data, &doc); err != nil {
						t.Errorf("%s does not parse: %v", name, err)
					}
					if len(doc) == 0 {
						t.Errorf("%s is empty", name)
					}
				case ".csv":
					rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
					if err != nil {
						t.Errorf("%s does not parse: %v", name, err)
					}
					if len(rows) < 2 {
						t.Errorf("%s has no tenants", name)
					}
					for _, row := range rows[1:] {
						if !contains(providers, row[2]) {
							t.Errorf("%s: tenant %s has provider %s, not one of %v", name, row[0], row[2], providers)
						}
					}
				}
			}
			m, ds := load.Dir(dir, load.Options{})
			for _, d := range ds {
				t.Errorf("load: %s: %s", d.Subject, d.Summary)
			}
			if m.Organisation.Name != opts.Organisation {
				t.Errorf("organisation %q, want %q", m.Organisation.Name, opts.Organisation)
			}
			if got := strings.Join(m.Uses, ","); got != strings.Join(providers, ",") {
				t.Errorf("uses %s, want %v", got, providers)
			}
			for _, s := range m.Services {
				if !contains(providers, s.Provider.ID) {
					t.Errorf("service %s of provider %s is loaded", s.ID, s.Provider.ID)
				}
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "model")
	today := time.Date(2026, 3, 15, 17, 4, 0, 0, time.UTC)
	if err := starter.Write(dir, starter.Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	org, err := os.ReadFile(filepath.Join(dir, "organisation.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{starter.DefaultOrganisation, "- aws", "- azure", "- gcp"} {
		if !bytes.Contains(org, []byte(want)) {
			t.Errorf("organisation.yaml lacks %q", want)
		}
	}
	rules, err := os.ReadFile(filepath.Join(dir, "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"decided: 2026-03-15", "review_by: 2027-03-15"} {
		if !bytes.Contains(rules, []byte(want)) {
			t.Errorf("rules.yaml lacks %q", want)
		}
	}
}

func TestRejectsUnknownProvider(t *testing.T) {
	dir := t.TempDir()
	err := starter.Write(dir, starter.Options{Providers: []string{"aws", "oracle"}})
	if err == nil {
		t.Fatal("no error for an unknown provider")
	}
	for _, want := range []string{`"oracle"`, "aws, azure, gcp"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were written despite the error: %d entries", len(entries))
	}
}

func TestRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := starter.Write(dir, starter.Options{})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("got %v, want a not-empty error", err)
	}
	if data, _ := os.ReadFile(keep); string(data) != "mine" {
		t.Error("existing file was changed")
	}
}

func TestProviderNamesAreNormalised(t *testing.T) {
	dir := t.TempDir()
	if err := starter.Write(dir, starter.Options{Providers: []string{" GCP", "aws", "gcp"}}); err != nil {
		t.Fatal(err)
	}
	org, _ := os.ReadFile(filepath.Join(dir, "organisation.yaml"))
	if !bytes.Contains(org, []byte("uses:\n  - aws\n  - gcp\n")) {
		t.Errorf("uses not normalised:\n%s", org)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRejectsMultiLineOrganisation(t *testing.T) {
	dir := t.TempDir()
	if err := starter.Write(dir, starter.Options{Organisation: "Acme\nrules: []"}); err == nil {
		t.Fatal("no error for a multi-line organisation name")
	}
}
