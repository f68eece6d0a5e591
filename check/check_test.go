package check_test

// Unit tests of the checker's semantics on small inline models. The
// fixtures in testdata/diagnostics show each code once; these tests pin the
// rules behind them: the provider border, specificity, grouping of gaps,
// review dates, retired rules and the severity options.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// base is a clean model that the tests extend; it produces no diagnostic.
const base = `uses: [aws]
parties:
  - {id: cft, kind: foundation, name: Cloud Foundation, contacts: [{email: cft@example.com}]}
  - {id: app, kind: application, name: Shop team, parent: cft, contacts: [{email: shop@example.com}]}
activities:
  - {id: decommission, name: Decommission a tenant}
landing_zones:
  - {id: lift, name: Lift and shift, owner: cft, services: [aws-ec2]}
rules:
  - {id: decom, activity: decommission, responsible: cft, accountable: cft, consulted: app, rationale: Foundation closes accounts.}
`

// checkSrc checks an inline model (the files are joined as YAML documents)
// on today with opts, and fails on loader errors unless allowed.
func checkSrc(t *testing.T, opts check.Options, files ...string) *check.Result {
	t.Helper()
	res := &load.Result{Sources: map[string][]byte{}}
	var ds diag.Diagnostics
	for i, src := range files {
		name := "model.yaml"
		if i > 0 {
			name = "more" + string(rune('0'+i)) + ".yaml"
		}
		res.Sources[name] = []byte(src)
		res.Files = append(res.Files, load.ParseYAML(name, []byte(src), load.Limits{}, &ds)...)
	}
	m, bds := load.Build(res)
	if opts.Today.IsZero() {
		opts.Today = today
	}
	return check.Model(m, resolve.New(m), append(ds, bds...), opts)
}

// codesAt returns "line:code" for each diagnostic, for readable comparisons.
func codesAt(ds diag.Diagnostics) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Subject.Filename+":"+itoa(d.Subject.Start.Line)+":"+string(d.Code))
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func withCode(ds diag.Diagnostics, c diag.Code) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Code == c {
			out = append(out, d)
		}
	}
	return out
}

func wantOnly(t *testing.T, ds diag.Diagnostics, want ...string) {
	t.Helper()
	got := codesAt(ds)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v\n%s", got, want, describe(ds))
	}
}

func describe(ds diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\t" + d.Error() + "\n")
	}
	return b.String()
}

func TestBaseIsClean(t *testing.T) {
	wantOnly(t, checkSrc(t, check.Options{}, base).Diagnostics)
}

// TestProviderSideCellsNeedNoRule: the OS of RDS (PaaS) and Lambda (FaaS)
// is the provider's, so an OS activity offered only there needs no rule and
// counts as decided (no DM502).
func TestProviderSideCellsNeedNoRule(t *testing.T) {
	res := checkSrc(t, check.Options{}, base+`
  - {id: decom2, activity: decommission, scope: {landing_zone: paas}, responsible: cft, accountable: cft, rationale: Same.}
`, `activities:
  - {id: patch-os, name: Patch the guest OS, layer: operating-system}
landing_zones:
  - {id: paas, name: Managed only, owner: cft, services: [aws-rds, aws-lambda]}
`)
	wantOnly(t, res.Diagnostics, "more1.yaml:2:DM204")
	if g := res.Diagnostics[0]; !strings.Contains(g.Summary, `"patch-os"`) || !strings.Contains(g.Summary, `"aws-ec2"`) {
		t.Errorf("only EC2 in lift needs a rule for patch-os: %s", g.Summary)
	}
	if res.Summary.ProviderCells != 2 {
		t.Errorf("want 2 provider-side cells (patch-os on RDS and Lambda), got %d", res.Summary.ProviderCells)
	}
}

// TestSharedCellsNeedARule: network controls are shared under PaaS, so
// the customer side still has to decide who does its part.
func TestSharedCellsNeedARule(t *testing.T) {
	res := checkSrc(t, check.Options{}, base+`
  - {id: decom2, activity: decommission, scope: {landing_zone: paas}, responsible: cft, accountable: cft, rationale: Same.}
`, `activities:
  - {id: firewall, name: Configure firewall rules, layer: network-controls}
landing_zones:
  - {id: paas, name: Managed only, owner: cft, services: [aws-rds]}
`)
	got := withCode(res.Diagnostics, diag.Gap)
	if len(got) != 2 {
		t.Fatalf("want gaps for EC2 in lift (customer) and RDS in paas (shared):\n%s", describe(res.Diagnostics))
	}
}

// TestServiceBorderOverride: a service's own border beats its model's, in
// both directions.
func TestServiceBorderOverride(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `activities:
  - {id: patch-os, name: Patch the guest OS, layer: operating-system}
services:
  - {id: managed-vm, name: Managed VM, provider: aws, model: iaas, borders: {operating-system: provider}}
  - {id: own-db, name: Self-run database, provider: aws, model: paas, borders: {operating-system: customer}}
landing_zones:
  - {id: special, name: Special, owner: cft, services: [managed-vm, own-db]}
rules:
  - {id: decom2, activity: decommission, scope: {landing_zone: special}, responsible: cft, accountable: cft, rationale: Same.}
  - {id: patch, activity: patch-os, scope: {landing_zone: lift}, responsible: app, accountable: app, rationale: Teams patch.}
`)
	gaps := withCode(res.Diagnostics, diag.Gap)
	if len(gaps) != 1 || !strings.Contains(gaps[0].Summary, `"own-db"`) || len(res.Diagnostics) != 1 {
		t.Errorf("only own-db (OS overridden to customer) needs a rule in special:\n%s", describe(res.Diagnostics))
	}
}

// TestGapsAreGroupedPerActivityAndZone: one DM204 per activity × landing
// zone, naming every service of the group in its detail.
func TestGapsAreGroupedPerActivityAndZone(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `activities:
  - {id: tag, name: Tag resources}
landing_zones:
  - {id: big, name: Big, owner: cft, services: [aws-ec2, aws-rds, aws-s3, aws-lambda, aws-eks, aws-dynamodb, aws-vpc]}
rules:
  - {id: decom2, activity: decommission, scope: {landing_zone: big}, responsible: cft, accountable: cft, rationale: Same.}
`)
	gaps := withCode(res.Diagnostics, diag.Gap)
	if len(gaps) != 2 {
		t.Fatalf("want one gap for lift and one for big:\n%s", describe(res.Diagnostics))
	}
	var bigGap diag.Diagnostic
	for _, g := range gaps {
		if strings.Contains(g.Summary, `"big"`) {
			bigGap = g
		}
	}
	if !strings.Contains(bigGap.Detail, "7 services") || !strings.Contains(bigGap.Detail, "and 2 more") {
		t.Errorf("the detail should count and list the services: %q", bigGap.Detail)
	}
	if len(bigGap.Related) != 1 || bigGap.Related[0].Range.Start.Line != 4 {
		t.Errorf("the gap should point at the landing zone: %+v", bigGap.Related)
	}
	if res.Summary.GapCells != 8 {
		t.Errorf("want 8 gap cells (1 + 7), got %d", res.Summary.GapCells)
	}
}

// TestMostSpecificRuleWins: narrower rules override broader ones without a
// conflict, even when they disagree. (A rule scoped to a tenant alone is not
// narrower than one scoped to a landing zone and a service: the tenant fixes
// the landing zone, not the service, so the two would conflict.)
func TestMostSpecificRuleWins(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `rules:
  - {id: in-lift, activity: decommission, scope: {landing_zone: lift}, responsible: app, accountable: app, rationale: Narrower.}
  - {id: ec2-in-lift, activity: decommission, scope: {landing_zone: lift, service: aws-ec2}, responsible: cft, accountable: app, rationale: Narrower still.}
  - {id: tenant, activity: decommission, scope: {tenant: "111", service: aws-ec2}, responsible: cft, accountable: cft, rationale: One tenant.}
tenants:
  - {id: "111", provider: aws, landing_zone: lift, owner: app}
`)
	wantOnly(t, res.Diagnostics)
}

// TestConflictNamesBothRulesAndAnExample.
func TestConflictNamesBothRulesAndAnExample(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `rules:
  - {id: by-zone, activity: decommission, scope: {landing_zone: lift}, responsible: app, accountable: app, rationale: Zone.}
  - {id: by-provider, activity: decommission, scope: {service_model: iaas}, responsible: cft, accountable: app, rationale: Model.}
`)
	c := withCode(res.Diagnostics, diag.Conflict)
	if len(c) != 1 {
		t.Fatalf("want one conflict:\n%s", describe(res.Diagnostics))
	}
	d := c[0]
	// Reported at the rule later by id (by-zone), the other related.
	if d.Subject.Filename != "more1.yaml" || d.Subject.Start.Line != 2 || len(d.Related) != 1 || d.Related[0].Range.Start.Line != 3 {
		t.Errorf("the conflict should point at both rules, the later by id first: %v, related %+v", d.Subject, d.Related)
	}
	if !strings.Contains(d.Summary, `"aws-ec2"`) || !strings.Contains(d.Summary, `"lift"`) {
		t.Errorf("the conflict should name an example cell: %s", d.Summary)
	}
	if res.Summary.ConflictCells != 1 {
		t.Errorf("conflict cells: %d", res.Summary.ConflictCells)
	}
}

// TestRetiredRulesAreHistory: a retired rule is not checked and decides
// nothing, whatever it lacks.
func TestRetiredRulesAreHistory(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `rules:
  - {id: old, activity: decommission, status: retired, review_by: 2001-01-01}
  - {id: old2, activity: decommission, scope: {service: aws-lambda}, status: retired, responsible: app, accountable: [app, cft]}
`)
	wantOnly(t, res.Diagnostics)
}

func TestAgreedRulesNeedTheAccountablesApproval(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `rules:
  - {id: ok, activity: decommission, scope: {landing_zone: lift}, responsible: app, accountable: app, rationale: x, status: agreed, approvals: [{party: app}]}
  - {id: owner, activity: decommission, scope: {service: aws-ec2}, responsible: tenant-owner, accountable: tenant-owner, rationale: x, status: agreed}
  - {id: proposed, activity: decommission, scope: {landing_zone: lift, service: aws-ec2}, responsible: cft, accountable: cft, rationale: x, status: proposed}
  - {id: missing, activity: decommission, scope: {tenant: "1"}, responsible: cft, accountable: cft, rationale: x, status: agreed, approvals: [{party: app}]}
tenants:
  - {id: "1", provider: aws, landing_zone: lift, owner: app}
`)
	wantOnly(t, res.Diagnostics, "more1.yaml:5:DM303")
}

func TestReviewByIsComparedWithToday(t *testing.T) {
	src := base + `  - {id: due, activity: decommission, scope: {landing_zone: lift}, responsible: cft, accountable: cft, rationale: x, review_by: 2026-11-29}
`
	for _, c := range []struct {
		today   time.Time
		overdue bool
	}{
		{time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 11, 29, 23, 59, 59, 0, time.UTC), false},
		{time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), false},
	} {
		res := checkSrc(t, check.Options{Today: c.today}, src)
		if got := len(withCode(res.Diagnostics, diag.ReviewOverdue)) == 1; got != c.overdue {
			t.Errorf("on %v: overdue %v, want %v", c.today, got, c.overdue)
		}
	}
	// A zero Today means now: a long past and a far future date are stable.
	var ds diag.Diagnostics
	files := load.ParseYAML("m.yaml", []byte(base+`  - {id: past, activity: decommission, scope: {landing_zone: lift}, responsible: cft, accountable: cft, rationale: x, review_by: 2000-01-01}
  - {id: future, activity: decommission, scope: {service: aws-ec2}, responsible: cft, accountable: cft, rationale: x, review_by: 2999-01-01}
`), load.Limits{}, &ds)
	m, _ := load.Build(&load.Result{Files: files})
	now := check.Model(m, resolve.New(m), nil, check.Options{})
	if got := withCode(now.Diagnostics, diag.ReviewOverdue); len(got) != 1 || !strings.Contains(got[0].Summary, `"past"`) {
		t.Errorf("with today = now only the 2000 review is overdue:\n%s", describe(now.Diagnostics))
	}
}

// TestReviewByUsesTheLocalDate: Today is truncated to a UTC day
// (time.Truncate works on absolute time), so in any zone but UTC the date
// compared is the UTC date, off by one for part of every day.
func TestReviewByUsesTheLocalDate(t *testing.T) {
	src := base + `  - {id: due, activity: decommission, scope: {landing_zone: lift}, responsible: cft, accountable: cft, rationale: x, review_by: 2026-11-28}
`
	berlin := time.FixedZone("CET", 3600)
	newYork := time.FixedZone("EST", -5*3600)
	for _, c := range []struct {
		today   time.Time
		overdue bool
	}{
		// Just after midnight on the 29th in Berlin (23:30 UTC on the 28th).
		{time.Date(2026, 11, 29, 0, 30, 0, 0, berlin), true},
		// Evening of the 28th in New York (01:00 UTC on the 29th).
		{time.Date(2026, 11, 28, 20, 0, 0, 0, newYork), false},
	} {
		res := checkSrc(t, check.Options{Today: c.today}, src)
		if got := len(withCode(res.Diagnostics, diag.ReviewOverdue)) == 1; got != c.overdue {
			t.Errorf("on %v: overdue %v, want %v", c.today, got, c.overdue)
		}
	}
}

// TestProviderAccountableOnlyWhereTheRuleDecides: DM207 needs a cell the
// rule wins; a rule overridden everywhere by a narrower one is not blamed.
func TestProviderAccountableOnlyWhereTheRuleDecides(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `rules:
  - {id: broad, activity: decommission, scope: {provider: aws}, responsible: cft, accountable: aws, rationale: x}
`)
	wantOnly(t, res.Diagnostics, "more1.yaml:2:DM207") // broad is narrower than decom and wins EC2 in lift
	res = checkSrc(t, check.Options{}, base, `rules:
  - {id: narrow, activity: decommission, scope: {service: aws-ec2}, responsible: cft, accountable: aws, rationale: x}
  - {id: narrower, activity: decommission, scope: {service: aws-ec2, landing_zone: lift}, responsible: cft, accountable: cft, rationale: x}
`)
	if len(withCode(res.Diagnostics, diag.ProviderAccountable)) != 0 {
		t.Errorf("narrow never decides a cell, so it is not blamed:\n%s", describe(res.Diagnostics))
	}
}

// TestPlaceholderInTheOrgStructure: the tenant-owner placeholder cannot be
// a parent (DM209); an escalation is part of the org structure too.
func TestPlaceholderInTheOrgStructure(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `parties:
  - {id: sec, kind: shared, name: Security, escalation: tenant-owner, contacts: [{email: sec@example.com}]}
rules:
  - {id: decom2, activity: decommission, scope: {landing_zone: lift}, responsible: sec, accountable: cft, rationale: x}
`)
	wantOnly(t, res.Diagnostics, "more1.yaml:2:DM209")
}

// TestTenantWithoutProviderIsReportedOnce: the loader reports the missing
// required key and the checker reports it again.
func TestTenantWithoutProviderIsReportedOnce(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `tenants:
  - {id: "1", landing_zone: lift, owner: app}
`)
	if got := withCode(res.Diagnostics, diag.MissingRequired); len(got) != 1 {
		t.Errorf("want one DM103, got:\n%s", describe(got))
	}
}

func TestPartyCycles(t *testing.T) {
	res := checkSrc(t, check.Options{}, base, `parties:
  - {id: self, kind: shared, name: Self, parent: self, contacts: [{email: s@example.com}]}
  - {id: a, kind: shared, name: A, parent: b, contacts: [{email: a@example.com}]}
  - {id: b, kind: shared, name: B, parent: c, contacts: [{email: b@example.com}]}
  - {id: c, kind: shared, name: C, parent: a, contacts: [{email: c@example.com}]}
  - {id: d, kind: shared, name: D, parent: a, contacts: [{email: d@example.com}]}
`)
	cycles := withCode(res.Diagnostics, diag.PartyCycle)
	if len(cycles) != 2 {
		t.Fatalf("want one DM107 per cycle (self, and a → b → c), got:\n%s", describe(res.Diagnostics))
	}
	if !strings.Contains(cycles[0].Summary, "self → self") || !strings.Contains(cycles[1].Summary, "a → b → c → a") {
		t.Errorf("summaries: %q, %q", cycles[0].Summary, cycles[1].Summary)
	}
	if len(cycles[1].Related) != 2 {
		t.Errorf("the other parents of the cycle are related: %+v", cycles[1].Related)
	}
}

// TestSeverityOptions: Off drops a code, Severity changes one, and load
// diagnostics passed in are adjusted the same way.
func TestSeverityOptions(t *testing.T) {
	src := base + `  - {id: norat, activity: decommission, scope: {landing_zone: lift}, responsible: cft, accountable: cft}
---
parties:
  - {id: idle, kind: shared, name: Idle, contacts: [{email: i@example.com}]}
  - {id: app, kind: shared, name: Again, contacts: [{email: i@example.com}]}
unknwon: 1
`
	var ds diag.Diagnostics
	files := load.ParseYAML("m.yaml", []byte(src), load.Limits{}, &ds)
	m, bds := load.Build(&load.Result{Files: files})
	ds = append(ds, bds...)
	if len(ds) != 2 {
		t.Fatalf("want DM101 and DM104 (app twice) from the loader, got:\n%s", describe(ds))
	}
	res := check.Model(m, resolve.New(m), ds, check.Options{
		Today:    today,
		Off:      map[diag.Code]bool{diag.UnknownKey: true, diag.RuleWithoutRational: true},
		Severity: map[diag.Code]diag.Severity{diag.UnusedParty: diag.Warning, diag.YAMLSyntax: diag.Info},
	})
	for _, d := range res.Diagnostics {
		switch d.Code {
		case diag.UnknownKey, diag.RuleWithoutRational:
			t.Errorf("%s is off: %v", d.Code, d)
		case diag.UnusedParty:
			if d.Severity != diag.Warning {
				t.Errorf("DM501 should be a warning: %v", d)
			}
		}
	}
	if len(withCode(res.Diagnostics, diag.DuplicateID)) != 1 {
		t.Errorf("load diagnostics are part of the result:\n%s", describe(res.Diagnostics))
	}
	if ds[0].Code != diag.UnknownKey || ds[0].Severity != diag.Error {
		t.Errorf("check must not modify the load diagnostics it is given: %v", ds[0])
	}
}

// TestResultIsSortedAndValid: the result is in file and position order,
// every severity is valid, and the model is not changed by checking it.
func TestResultIsSortedAndValid(t *testing.T) {
	res := checkSrc(t, check.Options{}, `uses: [aws]
parties:
  - {id: x, kind: shared, name: X}
activities:
  - {id: a, name: A}
  - {id: b, name: B, layer: operating-system}
landing_zones:
  - {id: z, name: Z, services: [aws-ec2, aws-rds]}
rules:
  - {id: r, activity: b, scope: {service: aws-rds}, responsible: x, accountable: [x, aws], status: agreed, review_by: 2020-01-01}
`, `rules:
  - {id: s, activity: a, responsible: x, accountable: aws, rationale: x}
`)
	ds := res.Diagnostics
	if len(ds) < 5 {
		t.Fatalf("want several diagnostics:\n%s", describe(ds))
	}
	for i, d := range ds {
		if d.Severity < diag.Error || d.Severity > diag.Info {
			t.Errorf("invalid severity: %v", d)
		}
		if i > 0 {
			p := ds[i-1]
			if p.Subject.Filename > d.Subject.Filename || (p.Subject.Filename == d.Subject.Filename && p.Subject.Start.Byte > d.Subject.Start.Byte) {
				t.Errorf("not sorted: %v before %v", p, d)
			}
		}
	}
}

// TestEmptyModel: a model with nothing in it checks cleanly.
func TestEmptyModel(t *testing.T) {
	m := model.New()
	res := check.Model(m, resolve.New(m), nil, check.Options{Today: today})
	if len(res.Diagnostics) != 0 || res.Summary == nil || res.Summary.Cells != 0 {
		t.Errorf("empty model: %+v\n%s", res.Summary, describe(res.Diagnostics))
	}
	res = checkSrc(t, check.Options{}, "")
	if len(res.Diagnostics) != 0 {
		t.Errorf("empty file:\n%s", describe(res.Diagnostics))
	}
}
