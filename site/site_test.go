package site_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/site"
)

func TestExampleSite(t *testing.T) {
	out, b, st := buildSite(t, "../examples/enterprise")
	pages := sitePages(t, out)
	if st.Pages != len(pages) {
		t.Errorf("Stats.Pages = %d, %d pages written", st.Pages, len(pages))
	}
	want := len(b.Parties) + len(b.Services) + len(b.LandingZones) + len(b.Activities) + len(b.Providers) + 11
	if len(b.Processes) > 0 {
		want += len(b.Processes) + 1 // their pages and the index
	}
	if st.Pages != want {
		t.Errorf("%d pages, want %d", st.Pages, want)
	}
	docs := crawl(t, out)
	for _, d := range docs {
		checkPage(t, d)
	}

	// Every party, service, activity and decision can be found.
	found := map[string]bool{}
	for _, it := range searchIndex(t, out) {
		found[it[0]+" "+it[3]] = true
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(stripFragment(it[2])))); err != nil {
			t.Errorf("search index links %q: %v", it[2], err)
		}
	}
	for _, p := range b.Parties {
		if !found["party "+p.Party.ID] {
			t.Errorf("search index lacks party %s", p.Party.ID)
		}
	}
	for _, s := range b.Services {
		if !found["service "+s.Service.ID] {
			t.Errorf("search index lacks service %s", s.Service.ID)
		}
	}
	for _, a := range b.Activities {
		if !found["activity "+a.Activity.ID] {
			t.Errorf("search index lacks activity %s", a.Activity.ID)
		}
	}
	for _, d := range b.Decisions {
		if !found["decision "+d.Rule.ID] {
			t.Errorf("search index lacks decision %s", d.Rule.ID)
		}
	}
}

func stripFragment(u string) string {
	if i := bytes.IndexByte([]byte(u), '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// TestDeterministic builds the site twice: the files must be identical.
func TestDeterministic(t *testing.T) {
	b := book(t, "../examples/enterprise")
	one, two := t.TempDir(), t.TempDir()
	if _, err := site.Build(b, one, site.Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(b, two, site.Options{Workers: 4}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(one, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(one, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(two, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between builds", rel)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatal(err, n)
	}
}

// TestBrokenModels publishes models with errors and empty models: the
// site shows what there is and never fails on a model that loaded.
func TestBrokenModels(t *testing.T) {
	models := map[string]map[string]string{
		"empty": {"organisation.yaml": "organisation:\n  name: Empty\n"},
		"dangling": {"model.yaml": `
parties:
  - id: team
    kind: foundation
    name: Team
    parent: nobody
    escalation: ghost
    relations:
      - party: ghost
        type: supports
  - id: loop-a
    kind: shared
    name: Loop A
    parent: loop-b
  - id: loop-b
    kind: shared
    name: Loop B
    parent: loop-a
providers:
  - id: cloud
    name: Cloud
services:
  - id: vm
    name: VM
    provider: cloud
    model: nosuchmodel
  - id: fn
    name: Functions
    provider: nosuchprovider
    model: faas
landing_zones:
  - id: zone
    name: Zone
    owner: ghost
    services: [vm, fn, nosuchservice]
activities:
  - id: act
    name: Act
    layer: nosuchlayer
  - id: gov
    name: Governance act
rules:
  - id: r1
    activity: act
    responsible: [ghost]
    accountable: [team, loop-a]
  - id: r2
    activities: {area: nosucharea}
    responsible: team
  - id: r3
    activity: gov
    scope: {landing_zone: nowhere, tenant: "999"}
    responsible: team
    accountable: team
  - id: r4
    activity: gov
    responsible: loop-a
    accountable: loop-b
tenants:
  - id: "111"
    provider: cloud
    landing_zone: nowhere
    owner: ghost
`},
	}
	for name, files := range models {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for f, body := range files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, b, _ := buildSite(t, dir)
			if name == "dangling" && b.Health.Errors == 0 {
				t.Error("the broken model has no errors")
			}
			for _, d := range crawl(t, out) {
				checkPage(t, d)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := site.Build(nil, t.TempDir(), site.Options{}); err == nil {
		t.Error("Build(nil) succeeded")
	}
	b := book(t, "../examples/enterprise")
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(b, filepath.Join(file, "site"), site.Options{}); err == nil {
		t.Error("Build into a path below a file succeeded")
	}
}
