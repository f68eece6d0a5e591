package backstage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/encoding/backstage"
	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// importExample exports the example's catalog into a file and imports it.
func importExample(t *testing.T, previous []backstage.ImportedParty) ([]backstage.ImportedParty, []byte) {
	t.Helper()
	_, data := entities(t, backstage.Options{})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "catalog-info.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	es, err := backstage.ReadCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := backstage.Import(es, previous)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := backstage.WriteImported(&buf, ps); err != nil {
		t.Fatal(err)
	}
	return ps, buf.Bytes()
}

// Export → import gives back the org structure: each internal party with
// its parent, e-mail and members.
func TestRoundTrip(t *testing.T) {
	b := testbook.Load(t, example)
	ps, data := importExample(t, nil)
	byID := map[string]backstage.ImportedParty{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	n := 0
	for _, pp := range b.Parties {
		p := pp.Party
		if p.Placeholder || p.Kind == model.KindProvider || p.Kind == model.KindExternal {
			if _, ok := byID[p.ID]; ok {
				t.Errorf("%s (%s) is imported, but is no Group", p.ID, p.Kind)
			}
			continue
		}
		n++
		got, ok := byID[p.ID]
		if !ok {
			t.Errorf("%s is not imported", p.ID)
			continue
		}
		if got.Name != p.Name || got.Kind != string(p.Kind) || got.Parent != p.Parent.ID {
			t.Errorf("%s: name %q kind %q parent %q, want %q %q %q", p.ID, got.Name, got.Kind, got.Parent, p.Name, p.Kind, p.Parent.ID)
		}
		want := slices.Clone(p.Members)
		slices.Sort(want)
		have := slices.Clone(got.Members)
		slices.Sort(have)
		if !slices.Equal(have, want) {
			t.Errorf("%s: members %v, want %v", p.ID, have, want)
		}
		var email string
		for _, c := range p.Contacts {
			if c.Email != "" {
				email = c.Email
				break
			}
		}
		if email != "" && (len(got.Contacts) != 1 || got.Contacts[0].Email != email) {
			t.Errorf("%s: contacts %v, want the e-mail %s", p.ID, got.Contacts, email)
		}
	}
	if n != len(ps) || n < 10 {
		t.Errorf("imported %d parties, the example has %d internal ones", len(ps), n)
	}
	// The file is a model file.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "parties.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if m, ds := load.Dir(dir, load.Options{}); ds.HasErrors() || len(m.Parties) < n {
		t.Fatalf("the imported file does not load: %v", ds)
	}
}

// A re-import writes the same bytes and keeps what was written by hand.
func TestReimportIsIdempotentAndKeepsHandWrittenFields(t *testing.T) {
	first, data := importExample(t, nil)
	dir := t.TempDir()
	file := filepath.Join(dir, "parties.yaml")
	edited := strings.Replace(string(data), "  - id: cloud-foundation\n    kind: foundation\n", "  - id: cloud-foundation\n    kind: shared\n    stakeholder:\n      influence: high\n", 1)
	if edited == string(data) {
		t.Fatalf("no cloud-foundation in\n%s", data)
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	prev, err := backstage.ReadImported(file)
	if err != nil {
		t.Fatal(err)
	}
	kept, again := importExample(t, prev)
	i := slices.IndexFunc(kept, func(p backstage.ImportedParty) bool { return p.ID == "cloud-foundation" })
	if i < 0 || kept[i].Kind != "shared" || kept[i].Kept["stakeholder"] == nil {
		t.Errorf("the re-import lost the hand-written kind or stakeholder:\n%s", again)
	}
	if !strings.Contains(string(again), "stakeholder:\n      influence: high") {
		t.Errorf("the stakeholder is not written back:\n%s", again)
	}
	prev2, err := backstage.ReadImported(writeFile(t, again))
	if err != nil {
		t.Fatal(err)
	}
	if _, third := importExample(t, prev2); !bytes.Equal(third, again) {
		t.Error("a third import changed the file")
	}
	_, unchanged := importExample(t, first)
	if !bytes.Equal(unchanged, data) {
		t.Error("importing the same catalog twice gives different files")
	}
	if _, err := backstage.ReadImported(filepath.Join(dir, "none.yaml")); err != nil {
		t.Errorf("a missing file is an empty import: %v", err)
	}
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "parties.yaml")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestReadCatalogErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "catalog.yaml")
	if err := os.WriteFile(bad, []byte("kind: Group\nmetadata: {}\n---\nkind: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := backstage.ReadCatalog(bad)
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("error %v does not name %s", err, bad)
	}
}
