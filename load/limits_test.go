package load_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
)

// checkAll runs load and check as `demarc check` does, sorted.
func checkAll(t *testing.T, dir string, limits load.Limits) diag.Diagnostics {
	t.Helper()
	var ds diag.Diagnostics
	measure(t, hostileTime, func() {
		m, lds := load.Dir(dir, load.Options{Limits: limits})
		ds = check.Model(m, resolve.New(m), lds, check.Options{}).Diagnostics
	})
	return ds
}

// rulesUsing writes n rules that name party, and the activity they decide.
func rulesUsing(party string, n int) string {
	var b strings.Builder
	b.WriteString("activities:\n  - {id: act, name: An activity}\nrules:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: r%d, activity: act, responsible: %s, accountable: %s, rationale: why}\n", i, party, party)
	}
	return b.String()
}

// TestLimitSuppressesTheCascade: a file refused for its size held the
// parties that 300 rules name. Without it every rule would be an
// unknown party twice; with the limit the output is the limit, first.
func TestLimitSuppressesTheCascade(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a-broken.yaml", "parties: [\n") // sorts first, and is reported too
	writeFile(t, dir, "rules.yaml", rulesUsing("team", 300))
	big := writeFile(t, dir, "z-parties.yaml", party("team")+"# "+strings.Repeat("x", 100_000)+"\n")
	ds := checkAll(t, dir, load.Limits{MaxFileSize: 64 << 10})
	if len(ds) != 2 {
		t.Fatalf("want the limit and the syntax error only, got %d:%s", len(ds), dump(ds[:min(len(ds), 5)]))
	}
	if ds[0].Code != diag.InputLimit || ds[0].Subject.Filename != big {
		t.Errorf("the limit must be the first diagnostic, got:%s", dump(ds))
	}
	if !strings.Contains(ds[0].Detail, "Nothing else is checked") {
		t.Errorf("the limit should say that the rest is not checked: %q", ds[0].Detail)
	}
	if ds[1].Code != diag.YAMLSyntax {
		t.Errorf("problems of the files read are still reported, got:%s", dump(ds))
	}

	// Within the limits the same model checks as usual.
	if ds := checkAll(t, dir, load.Limits{}); len(only(ds, diag.InputLimit)) != 0 || len(ds) < 2 {
		t.Errorf("without the limit the model is checked:%s", dump(ds[:min(len(ds), 5)]))
	}
}

func TestMaxFilesSuppressesTheCascade(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "parties.yaml", party("team"))
	for i := 0; i < 20; i++ {
		writeFile(t, dir, fmt.Sprintf("rules%02d.yaml", i), strings.ReplaceAll(rulesUsing("team", 3), "r", fmt.Sprintf("f%dr", i)))
	}
	ds := checkAll(t, dir, load.Limits{MaxFiles: 5})
	if len(ds) != 1 || ds[0].Code != diag.InputLimit || !strings.Contains(ds[0].Summary, "21 model files") {
		t.Fatalf("want one DM002 counting the 21 files, got:%s", dump(ds))
	}
}

func TestMaxTenants(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "model.yaml", party("app")+"tenants:\n  - {id: y1, provider: aws, landing_zone: nowhere, owner: app}\n")
	var csv strings.Builder
	csv.WriteString("id,provider,landing_zone,owner\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&csv, "t%d,aws,nowhere,app\n", i)
	}
	p := writeFile(t, dir, "tenants.csv", csv.String())
	res, ds, _ := readDir(t, dir, load.Limits{MaxTenants: 5})
	d := wantCode(t, ds, diag.InputLimit)
	if !strings.Contains(d.Summary, "11 tenants") || !strings.Contains(d.Summary, "limit of 5") || !strings.Contains(d.Detail, "max_tenants") {
		t.Errorf("the summary should give the count and the limit: %v", d)
	}
	// model.yaml's tenant is the first, so the sixth is t4 on line 6.
	if d.Subject.Filename != p || d.Subject.Start.Line != 6 {
		t.Errorf("DM002 at %v, want %s line 6", d.Subject, p)
	}
	if !res.Incomplete {
		t.Errorf("the result is incomplete")
	}
	for _, f := range res.Files {
		if len(f.Tenants) != 0 {
			t.Errorf("tenants over the limit are dropped, %d kept", len(f.Tenants))
		}
	}
	if ds := checkAll(t, dir, load.Limits{MaxTenants: 5}); len(ds) != 1 {
		t.Errorf("no orphaned tenants are reported past the limit:%s", dump(ds))
	}
	if _, ds, _ := readDir(t, dir, load.Limits{MaxTenants: 11}); len(ds) != 0 {
		t.Errorf("at the limit nothing is reported:%s", dump(ds))
	}
}

func TestMaxTextLength(t *testing.T) {
	long := strings.Repeat("é", 40_000) // 80,000 bytes, over the 64 KiB default
	src := "parties:\n  - id: a\n    kind: shared\n    name: \"" + long + "\"\n    description: short\n"
	files, ds, _ := parse(t, "big.yaml", src, load.Limits{})
	d := wantCode(t, ds, diag.InputLimit)
	if d.Subject.Start.Line != 4 || d.Path != "parties[0].name" {
		t.Errorf("DM002 at line %d path %q, want line 4 parties[0].name", d.Subject.Start.Line, d.Path)
	}
	for _, want := range []string{"78.1 KiB", "64 KiB", "max_text_length"} {
		if !strings.Contains(d.Summary, want) {
			t.Errorf("the summary should say %q: %q", want, d.Summary)
		}
	}
	if len(d.Summary) > 300 {
		t.Errorf("the summary must not quote the text: %d bytes", len(d.Summary))
	}
	if len(files) != 1 || len(files[0].Parties) != 1 || files[0].Parties[0].Name != "" {
		t.Errorf("the party loads without the refused name")
	}
	if _, ds, _ := parse(t, "ok.yaml", src, load.Limits{MaxTextLength: 100_000}); len(ds) != 0 {
		t.Errorf("a raised limit accepts it:%s", dump(ds))
	}

	// In a tenant list.
	dir := t.TempDir()
	p := writeFile(t, dir, "tenants.csv", "id,name,provider\nt1,ok,aws\nt2,"+strings.Repeat("n", 70_000)+",aws\nt3,ok,aws\n")
	res, ds, _ := readDir(t, dir, load.Limits{})
	d = wantCode(t, ds, diag.InputLimit)
	if d.Subject.Filename != p || d.Subject.Start.Line != 3 || d.Subject.Start.Column != 4 || !strings.Contains(d.Summary, "name of the tenant on line 3") {
		t.Errorf("DM002 at %v: %q, want the name on line 3", d.Subject, d.Summary)
	}
	if n := len(res.Files[0].Tenants); n != 2 {
		t.Errorf("the other tenants load; got %d", n)
	}
}

func TestMaxLoadTime(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 50; i++ {
		writeFile(t, dir, fmt.Sprintf("p%02d.yaml", i), party(fmt.Sprintf("p%d", i)))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, ds := load.ReadDirContext(ctx, dir, load.Limits{})
	if len(ds) != 1 || ds[0].Code != diag.InputLimit || !strings.Contains(ds[0].Detail, "cancelled") || !res.Incomplete {
		t.Fatalf("a cancelled load stops with one DM002, got:%s", dump(ds))
	}

	_, ds = load.ReadDirContext(context.Background(), dir, load.Limits{MaxLoadTime: time.Nanosecond})
	if len(ds) != 1 || !strings.Contains(ds[0].Summary, "limit of 1ns (limits.max_load_time)") || !strings.Contains(ds[0].Detail, "Raise limits.max_load_time") {
		t.Fatalf("want one DM002 naming the time limit, got:%s", dump(ds))
	}

	writeFile(t, dir, load.ConfigFile, "limits: {max_load_time: 90s}\n")
	project, cds := load.ReadConfig(dir)
	if len(cds) != 0 || project.Limits.MaxLoadTime != 90*time.Second {
		t.Errorf("max_load_time: %v:%s", project.Limits.MaxLoadTime, dump(cds))
	}
	writeFile(t, dir, load.ConfigFile, "limits:\n  max_load_time: soon\n")
	if _, cds = load.ReadConfig(dir); len(cds) != 1 || cds[0].Code != diag.InvalidValue || cds[0].Subject.Start.Line != 2 {
		t.Errorf("a bad duration is DM106 at line 2:%s", dump(cds))
	}
}

func TestNewLimitsFromConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, load.ConfigFile, "limits:\n  max_text_length: 1KiB\n  max_tenants: 3\n")
	project, cds := load.ReadConfig(dir)
	if len(cds) != 0 || project.Limits.MaxTextLength != 1024 || project.Limits.MaxTenants != 3 {
		t.Errorf("got %+v:%s", project.Limits, dump(cds))
	}
	writeFile(t, dir, load.ConfigFile, "limits:\n  max_file_size: 1KiB\n  max_text_length: 2KiB\n")
	if _, cds = load.ReadConfig(dir); len(cds) != 1 || cds[0].Subject.Start.Line != 3 {
		t.Errorf("a text limit over the file limit is refused at line 3:%s", dump(cds))
	}
}

// TestCSVUnclosedQuote: a quote that is never closed is reported where it
// opened, not at the end of the file where the reader gives up.
func TestCSVUnclosedQuote(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
	}{
		{"mid file", "id,name,provider\nt1,ok,aws\nt2,\"Shop, test,aws\nt3,ok,aws\nt4,ok,aws\n", 3, 4},
		{"after a closed multi-line field", "id,name,provider\nt1,\"two\nlines\",aws\nt2,ok,\"aws\nt3,ok,aws\n", 4, 7},
		{"first field", "id,name,provider\n\"t1,ok,aws\nt2,ok,aws\n", 2, 1},
		{"escaped quotes inside", "id,name,provider\nt1,\"say \"\"hi\"\",aws\nt2,ok,aws\n", 2, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ds diag.Diagnostics
			load.ParseTenantCSV("t.csv", []byte(c.src), &ds)
			validate(t, ds, map[string][]byte{"t.csv": []byte(c.src)})
			d := wantCode(t, ds, diag.YAMLSyntax)
			if d.Subject.Start.Line != c.line || d.Subject.Start.Column != c.col {
				t.Errorf("at %d:%d, want %d:%d (%s)", d.Subject.Start.Line, d.Subject.Start.Column, c.line, c.col, d.Summary)
			}
			if want := fmt.Sprintf("opened on line %d is never closed", c.line); !strings.Contains(d.Summary, want) {
				t.Errorf("the summary should say %q: %q", want, d.Summary)
			}
		})
	}
}

func TestLongTagName(t *testing.T) {
	src := "tenants:\n  - id: t1\n    provider: aws\n    tags:\n      ? " + strings.Repeat("k", 70_000) + "\n      : v\n"
	_, ds, _ := parse(t, "tags.yaml", src, load.Limits{})
	d := wantCode(t, ds, diag.InputLimit)
	if d.Subject.Start.Line != 5 || len(d.Summary) > 300 {
		t.Errorf("DM002 at line %d, want 5, without quoting the name: %q", d.Subject.Start.Line, d.Summary)
	}
}

func TestFolderDepth(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	deep := strings.Repeat("d/", load.MaxFolderDepth+1)
	writeFile(t, dir, deep+"b.yaml", party("b"))
	res, ds, _ := readDir(t, dir, load.Limits{})
	if len(ds) != 1 || ds[0].Code != diag.InputLimit || !strings.Contains(ds[0].Summary, "nested more than 64 deep") || !res.Incomplete {
		t.Fatalf("want one DM002 for the folder depth, got:%s", dump(ds))
	}
	if len(res.Files) != 1 {
		t.Errorf("the files above the limit are read; got %d", len(res.Files))
	}
}
