package load_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// TestTenantPositions: a tenant keeps its ranges compactly, and gives
// them back in full, from CSV and from YAML.
func TestTenantPositions(t *testing.T) {
	var ds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", []byte("id,name,provider,landing_zone,owner\n111,Shop,aws,corp,team-shop\n"), &ds)
	if len(ds) != 0 || len(f.Tenants) != 1 {
		t.Fatalf("CSV: %d tenants:%s", len(f.Tenants), dump(ds))
	}
	tn := f.Tenants[0]
	at := func(r diag.Range) [4]int { return [4]int{r.Start.Line, r.Start.Column, r.End.Line, r.End.Column} }
	checks := []struct {
		what string
		got  diag.Range
		want [4]int
	}{
		{"tenant", tn.Pos(), [4]int{2, 1, 2, 4}},
		{"id", tn.IDPos(), [4]int{2, 1, 2, 4}},
		{"provider", tn.RefPos(tn.Provider), [4]int{2, 10, 2, 13}},
		{"landing zone", tn.RefPos(tn.LandingZone), [4]int{2, 14, 2, 18}},
		{"owner", tn.RefPos(tn.Owner), [4]int{2, 19, 2, 28}},
	}
	for _, c := range checks {
		if c.got.Filename != "t.csv" || at(c.got) != c.want {
			t.Errorf("CSV %s at %s %v, want t.csv %v", c.what, c.got.Filename, at(c.got), c.want)
		}
	}
	if got := tn.RefPos(tn.Owner).Start.Byte; got != len("id,name,provider,landing_zone,owner\n111,Shop,aws,corp,") {
		t.Errorf("CSV owner at byte %d", got)
	}

	files, ds, _ := parse(t, "t.yaml", "tenants:\n  - id: t1\n    provider: aws\n    landing_zone: corp\n    owner: team-shop\n", load.Limits{})
	if ds.HasErrors() {
		t.Fatalf("YAML:%s", dump(ds))
	}
	tn = files[0].Tenants[0]
	checks = checks[:0]
	checks = append(checks,
		struct {
			what string
			got  diag.Range
			want [4]int
		}{"id", tn.IDPos(), [4]int{2, 9, 2, 11}},
		struct {
			what string
			got  diag.Range
			want [4]int
		}{"owner", tn.RefPos(tn.Owner), [4]int{5, 12, 5, 21}})
	for _, c := range checks {
		if c.got.Filename != "t.yaml" || at(c.got) != c.want {
			t.Errorf("YAML %s at %s %v, want t.yaml %v", c.what, c.got.Filename, at(c.got), c.want)
		}
	}
	if r := tn.Pos(); r.Filename != "t.yaml" || r.Start.Line != 2 || r.Start.Column != 9 {
		t.Errorf("YAML tenant at %+v, want line 2 of t.yaml", r)
	}
	tn.ForgetPositions()
	if !tn.Pos().IsZero() || !tn.RefPos(tn.Owner).IsZero() || tn.Owner.ID != "team-shop" {
		t.Errorf("after ForgetPositions: %+v", tn)
	}
}

// TestDuplicateTenants: of tenants with the same id the first in file
// order stays; each later one is a DM104 pointing at the first.
func TestDuplicateTenants(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.csv", "id,name,provider,landing_zone,owner\n111,first,aws,corp,team-shop\n222,other,aws,corp,team-shop\n")
	writeFile(t, dir, "b.yaml", "tenants:\n  - id: \"111\"\n    name: second\n    provider: aws\n    landing_zone: corp\n    owner: team-shop\n")
	writeFile(t, dir, "c.csv", "id,name,provider,landing_zone,owner\n111,third,aws,corp,team-shop\n")
	m, ds := load.Dir(dir, load.Options{})
	var dups []diag.Diagnostic
	for _, d := range ds {
		if d.Code == diag.DuplicateID {
			dups = append(dups, d)
		}
	}
	if len(dups) != 2 {
		t.Fatalf("%d duplicate diagnostics, want 2:%s", len(dups), dump(ds))
	}
	for _, d := range dups {
		if len(d.Related) != 1 || filepath.Base(d.Related[0].Range.Filename) != "a.csv" || d.Related[0].Range.Start.Line != 2 {
			t.Errorf("duplicate %s: related %+v, want line 2 of a.csv", d.Error(), d.Related)
		}
	}
	if len(m.Tenants) != 2 || m.TenantByID("111").Name != "first" || m.Tenants[0].ID != "111" || m.Tenants[1].ID != "222" {
		t.Fatalf("tenants %v, want 111 (first) and 222", m.Tenants)
	}
}

// TestTenantSize keeps the per-tenant struct from growing back: a million
// tenants cost this many bytes each besides their text.
func TestTenantSize(t *testing.T) {
	if n := unsafe.Sizeof(model.Tenant{}); n > 208 {
		t.Errorf("model.Tenant is %d bytes, want at most 208", n)
	}
}

// TestTenantTextFromFile: ids and names are read right whether the file
// holds them plainly, quoted, or quoted with doubled quotes, and a caller
// of ParseTenantCSV may reuse its buffer.
func TestTenantTextFromFile(t *testing.T) {
	data := []byte("id,name,provider\n 111 ,Shop,aws\n\"222\",\"Shop \"\"A\"\"\",aws\n\"33,3\",\" spaced \",aws\n")
	var ds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", data, &ds)
	if len(ds) != 0 || len(f.Tenants) != 3 {
		t.Fatalf("%d tenants:%s", len(f.Tenants), dump(ds))
	}
	for i := range data {
		data[i] = 'x'
	}
	want := [][2]string{{"111", "Shop"}, {"222", `Shop "A"`}, {"33,3", "spaced"}}
	for i, w := range want {
		if got := [2]string{f.Tenants[i].ID, f.Tenants[i].Name}; got != w {
			t.Errorf("tenant %d: %q, want %q", i, got, w)
		}
	}
}

// TestRepeatedTags: a tag list written on many rows is read once; a bad
// one is reported on every row it is on.
func TestRepeatedTags(t *testing.T) {
	var ds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", []byte("id,provider,tags\n1,aws,b=2;a=1\n2,aws,b=2;a=1\n3,aws,oops\n4,aws,oops\n5,aws,a=1\n"), &ds)
	if len(f.Tenants) != 5 || len(ds) != 2 {
		t.Fatalf("%d tenants, %d diagnostics, want 5 and 2:%s", len(f.Tenants), len(ds), dump(ds))
	}
	for i, d := range ds {
		if d.Subject.Start.Line != 4+i {
			t.Errorf("diagnostic %d on line %d, want %d", i, d.Subject.Start.Line, 4+i)
		}
	}
	want := []string{"a=1 b=2", "a=1 b=2", "", "", "a=1"}
	for i, tn := range f.Tenants {
		var got []string
		for k, v := range tn.Tags.All() {
			got = append(got, k+"="+v)
		}
		if g := strings.Join(got, " "); g != want[i] {
			t.Errorf("tenant %s tags %q, want %q", tn.ID, g, want[i])
		}
	}
}
