package load_test

// Fuzz targets for the parsers of model files and of the configuration. Each model input runs through the whole
// pipeline (parse, build, resolve, summarize, check), which must never
// panic, and every diagnostic must be well-formed. The seed corpus is in
// testdata/fuzz/<target>/; run a target with
//
//	go test ./load -run='^$' -fuzz=FuzzParseYAML -fuzztime=3m
//
// A crasher is written to testdata/fuzz/<target>/ and then runs as a
// regular test; keep it there as a regression seed.

import (
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// fuzzLimits keep each input cheap, so the fuzzer spends its time on
// shapes rather than on expanding the one alias bomb it found. The default
// limits are exercised by the hostile tests.
var fuzzLimits = load.Limits{MaxNodes: 20_000, MaxDepth: 32}

var fuzzToday = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// fuzzBase is a small valid model the CSV target loads its tenants into, so
// that tenants meet real landing zones, parties and a tenant-scoped rule.
const fuzzBase = `uses: [aws, azure]
parties:
  - {id: cft, kind: foundation, name: Cloud Foundation, contacts: [{email: cft@example.com}]}
  - {id: app, kind: application, name: App, parent: cft, contacts: [{chat: "#app"}]}
activities:
  - {id: patch-os, name: Patch the guest OS, layer: operating-system}
  - {id: decommission, name: Decommission a tenant, area: tenant-lifecycle}
landing_zones:
  - {id: lift, name: Lift and shift, owner: cft, services: [aws-ec2, aws-rds, azure-virtual-machines]}
  - {id: native, name: Cloud native, owner: cft, services: [aws-lambda]}
rules:
  - {id: all, activities: {all: true}, responsible: [tenant-owner], accountable: cft, rationale: Default.}
  - {id: decom, activity: decommission, scope: {landing_zone: lift}, responsible: tenant-owner, accountable: tenant-owner, rationale: Owners close.}
`

// fuzzDeadline bounds one input. The fuzzer has no per-input timeout: a
// hanging input just stops all progress. The watchdog crashes the worker
// with every goroutine's stack instead, which makes the fuzzer record the
// input as a crasher.
const fuzzDeadline = 20 * time.Second

func watchdog(t *testing.T, data []byte) (stop func() bool) {
	timer := time.AfterFunc(fuzzDeadline, func() {
		debug.SetTraceback("all")
		fmt.Fprintf(os.Stderr, "input did not finish within %v: %q\n", fuzzDeadline, data)
		panic("fuzz input hangs")
	})
	return timer.Stop
}

// pipeline runs build, resolve and check on parsed files and validates
// every diagnostic of every stage.
func pipeline(t *testing.T, res *load.Result, parseDiags diag.Diagnostics) {
	t.Helper()
	m, bds := load.Build(res)
	if m == nil {
		t.Fatal("Build returned no model")
	}
	r := resolve.New(m)
	sum := r.Summarize()
	if sum == nil {
		t.Fatal("Summarize returned nil")
	}
	// Every landing-zone cell has exactly one outcome (tenant cells are
	// counted apart, in TenantCells).
	if n := sum.ProviderCells + sum.RuleCells + sum.GapCells + sum.ConflictCells; n != sum.Cells {
		t.Errorf("%d cells but %d outcomes (provider %d, rule %d, gap %d, conflict %d)",
			sum.Cells, n, sum.ProviderCells, sum.RuleCells, sum.GapCells, sum.ConflictCells)
	}
	out := check.Model(m, r, append(parseDiags, bds...), check.Options{Today: fuzzToday})
	for _, d := range out.Diagnostics {
		if err := fuzzCheck(d, m.Sources); err != nil {
			t.Errorf("%v\n  in %s", err, d.Error())
		}
	}
	// Every cell answers without panicking, and a resolved cell has exactly
	// one accountable party unless its rule lacks one (reported as DM201/DM202).
	n := 0
	err := r.Cells(resolve.Filter{}, func(a *resolve.Answer) bool {
		n++
		if a.Outcome == resolve.ByRule && a.Rule == nil {
			t.Errorf("%s decided by no rule", a.Cell)
		}
		return n < 2000
	})
	if err != nil {
		t.Errorf("Cells: %v", err)
	}
	for _, tn := range m.Tenants {
		_ = r.Cells(resolve.Filter{Tenant: tn.ID}, func(*resolve.Answer) bool { n++; return n < 4000 })
	}
}

// fuzzCheck holds what the brief promises for any input: a valid severity
// and, for a diagnostic with a file, a line of at least 1 and a range that
// lies within the file. Diagnostics about a whole file (unreadable, too
// large) carry no line; ParseYAML and ParseTenantCSV never produce those.
func fuzzCheck(d diag.Diagnostic, sources map[string][]byte) error {
	if err := checkDiagnostic(d, sources); err != nil {
		return err
	}
	if d.Subject.Filename != "" && d.Subject.Start.Line < 1 {
		return fmt.Errorf("diagnostic %s names %s but no line", d.Code, d.Subject.Filename)
	}
	for _, rel := range d.Related {
		if err := checkRange(rel.Range, sources); err != nil {
			return fmt.Errorf("related range %q: %w", rel.Message, err)
		}
	}
	return nil
}

func FuzzParseYAML(f *testing.F) {
	f.Add([]byte(fuzzBase))
	f.Add([]byte("parties:\n  - <<: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(t, data)()
		const name = "fuzz.yaml"
		var ds diag.Diagnostics
		files := load.ParseYAML(name, data, fuzzLimits, &ds)
		for _, d := range ds {
			if err := fuzzCheck(d, map[string][]byte{name: data}); err != nil {
				t.Errorf("ParseYAML: %v\n  in %s", err, d.Error())
			}
		}
		for _, f := range files {
			if f == nil {
				t.Fatal("ParseYAML returned a nil file")
			}
		}
		pipeline(t, &load.Result{Files: files, Sources: map[string][]byte{name: data}}, ds)
	})
}

func FuzzTenantCSV(f *testing.F) {
	f.Add([]byte("id,name,provider,landing_zone,owner,tags\n123456789012,Shop,aws,lift,app,env=prod;cost-center=4711\n"))
	f.Add([]byte("id,provider\n\"1\"x,aws\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(t, data)()
		const name, baseName = "tenants.csv", "model.yaml"
		var ds diag.Diagnostics
		base := load.ParseYAML(baseName, []byte(fuzzBase), fuzzLimits, &ds)
		if len(ds) != 0 {
			t.Fatalf("the base model does not load:%s", dump(ds))
		}
		f := load.ParseTenantCSV(name, data, &ds)
		if f == nil {
			t.Fatal("ParseTenantCSV returned nil")
		}
		for _, d := range ds {
			if err := fuzzCheck(d, map[string][]byte{name: data}); err != nil {
				t.Errorf("ParseTenantCSV: %v\n  in %s", err, d.Error())
			}
		}
		for _, tn := range f.Tenants {
			if tn.ID == "" {
				t.Errorf("a tenant without id was kept: %+v", tn)
			}
			// Tags read back as written: sorted, unique, printable.
			list := tn.Tags.List()
			if len(list) != tn.Tags.Len() || !slices.IsSortedFunc(list, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) }) {
				t.Errorf("tenant %q: tags %q (Len %d) are not sorted or miscounted", tn.ID, list, tn.Tags.Len())
			}
			for i, tag := range list {
				if tag.Key == "" || (i > 0 && list[i-1].Key == tag.Key) || strings.ContainsFunc(tag.Key+tag.Value, unicode.IsControl) {
					t.Errorf("tenant %q: tag %q is empty, repeated or not printable", tn.ID, tag)
				}
			}
		}
		res := &load.Result{
			Files:   append(base, f),
			Sources: map[string][]byte{baseName: []byte(fuzzBase), name: data},
		}
		pipeline(t, res, ds)
		checkTenantsOnly(t, f)
	})
}

// checkTenantsOnly: a tenant list defines tenants and nothing else.
func checkTenantsOnly(t *testing.T, f *model.File) {
	t.Helper()
	if len(f.Parties)+len(f.Rules)+len(f.Services)+len(f.LandingZones)+len(f.Activities)+len(f.Uses) != 0 || f.Organisation != nil {
		t.Errorf("a tenant list defined more than tenants: %+v", f)
	}
}

func FuzzConfig(f *testing.F) {
	f.Add([]byte("severity:\n  DM302: off\n  unused-party: error\nlimits:\n  max_file_size: 1KiB\n  max_files: 10\n  max_text_length: 512\n  max_tenants: 3\n  max_load_time: 90s\n"))
	f.Add([]byte("limits: {max_load_time: -1s, max_text_length: 1GiB}\n"))
	f.Add([]byte("severity: [DM001]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(t, data)()
		const name = ".demarc.yaml"
		p, ds := load.ParseConfig(name, data)
		for _, d := range ds {
			if err := fuzzCheck(d, map[string][]byte{name: data}); err != nil {
				t.Errorf("ParseConfig: %v\n  in %s", err, d.Error())
			}
		}
		l := p.Limits
		if l.MaxFileSize <= 0 || l.MaxFiles <= 0 || l.MaxNodes <= 0 || l.MaxDepth <= 0 || l.MaxTextLength <= 0 || l.MaxTenants <= 0 || l.MaxLoadTime <= 0 {
			t.Errorf("unusable limits %+v", l)
		}
		for c := range p.Severity {
			if c.Info() == nil || p.Severity[c] == diag.SeverityInvalid {
				t.Errorf("severity %v for code %q", p.Severity[c], c)
			}
		}
		for c := range p.Off {
			if c.Info() == nil {
				t.Errorf("unknown code %q turned off", c)
			}
		}
	})
}
