package resolve_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/internal/testmodel"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// build loads an inline model (with the aws baseline) for tests.
func build(t *testing.T, src string) *resolve.Resolver {
	return resolve.New(testmodel.Model(t, src))
}

// base is the small model the tests extend with rules.
const base = testmodel.Small

func who(t *testing.T, r *resolve.Resolver, act, svc, zone, tenant string) *resolve.Answer {
	t.Helper()
	a, err := r.Resolve(resolve.Query{Activity: act, Service: svc, LandingZone: zone, Tenant: tenant})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func ids(list []resolve.Assignee) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Party.ID)
	}
	return out
}

func TestProviderBorder(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: os, activity: patch-os, responsible: ops, accountable: ops}
`)
	// Under IaaS the guest OS is the customer's: the rule decides.
	a := who(t, r, "patch-os", "aws-ec2", "lift", "")
	if a.Outcome != resolve.ByRule || a.Rule.ID != "os" || ids(a.Accountable)[0] != "ops" {
		t.Fatalf("ec2: got %v %v", a.Outcome, ids(a.Accountable))
	}
	// Under PaaS (RDS) the OS is the provider's: no rule applies.
	a = who(t, r, "patch-os", "aws-rds", "lift", "")
	if a.Outcome != resolve.ByProvider || a.Side != model.SideProvider || ids(a.Accountable)[0] != "aws" {
		t.Fatalf("rds: got %v side %v %v", a.Outcome, a.Side, ids(a.Accountable))
	}
	if len(a.Overridden) != 1 || a.Overridden[0].ID != "os" {
		t.Fatalf("rds: the matching rule should be listed as not applied, got %v", a.Overridden)
	}
}

func TestMostSpecificWins(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: all, activities: {all: true}, responsible: cft, accountable: cft}
  - {id: zone, activity: decommission, scope: {landing_zone: native}, responsible: app, accountable: app}
  - {id: svc, activity: decommission, scope: {landing_zone: native, service: aws-lambda}, responsible: ops, accountable: ops}
  - {id: area, activities: {area: identity}, responsible: sec, accountable: sec}
`)
	cases := []struct{ act, svc, zone, want string }{
		{"decommission", "aws-ec2", "lift", "all"},
		{"decommission", "aws-ec2", "native", "zone"},
		{"decommission", "aws-lambda", "native", "svc"},
		{"review-access", "aws-ec2", "native", "area"}, // area selection ⊂ all
	}
	for _, c := range cases {
		a := who(t, r, c.act, c.svc, c.zone, "")
		if a.Outcome != resolve.ByRule || a.Rule.ID != c.want {
			t.Errorf("%s/%s/%s: got %v %v, want rule %s", c.act, c.svc, c.zone, a.Outcome, a.Rule, c.want)
		}
	}
	a := who(t, r, "decommission", "aws-lambda", "native", "")
	if len(a.Overridden) != 2 {
		t.Errorf("want 2 overridden rules, got %d", len(a.Overridden))
	}
}

func TestServiceImpliesModelAndProvider(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: prov, activity: decommission, scope: {provider: aws}, responsible: cft, accountable: cft}
  - {id: model, activity: decommission, scope: {service_model: iaas}, responsible: ops, accountable: ops}
  - {id: svc, activity: decommission, scope: {service: aws-ec2}, responsible: app, accountable: app}
`)
	// service ⊂ service model ⊂ provider: the service rule wins over both
	// although neither names the other's fields.
	if a := who(t, r, "decommission", "aws-ec2", "lift", ""); a.Rule == nil || a.Rule.ID != "svc" {
		t.Fatalf("got %v", a.Rule)
	}
	// Only the provider rule matches a PaaS service.
	a := who(t, r, "decommission", "aws-rds", "lift", "")
	if a.Outcome != resolve.ByRule || a.Rule.ID != "prov" {
		t.Fatalf("rds is not iaas, only prov matches; got %v %v", a.Outcome, a.Rule)
	}
}

func TestConflictBetweenIncomparableRules(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: by-zone, activity: decommission, scope: {landing_zone: lift}, responsible: cft, accountable: cft}
  - {id: by-model, activity: decommission, scope: {service_model: iaas}, responsible: ops, accountable: ops}
`)
	a := who(t, r, "decommission", "aws-ec2", "lift", "")
	if a.Outcome != resolve.Conflicting || len(a.Conflicting) != 2 {
		t.Fatalf("want conflict, got %v", a.Outcome)
	}
	sum := r.Summarize()
	if len(sum.Conflicts) != 1 || sum.Conflicts[0].Count != 1 {
		t.Fatalf("want one conflict group on one cell, got %+v", sum.Conflicts)
	}
}

func TestAgreeingRulesAreNotAConflict(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: by-zone, activity: decommission, scope: {landing_zone: lift}, responsible: [cft, ops], accountable: cft}
  - {id: by-model, activity: decommission, scope: {service_model: iaas}, responsible: [ops, cft], accountable: cft}
`)
	a := who(t, r, "decommission", "aws-ec2", "lift", "")
	if a.Outcome != resolve.ByRule || len(a.Agreeing) != 1 {
		t.Fatalf("want agreement, got %v with %d agreeing", a.Outcome, len(a.Agreeing))
	}
}

func TestGapAndRetired(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: old, activity: decommission, status: retired, responsible: cft, accountable: cft}
`)
	a := who(t, r, "decommission", "aws-ec2", "lift", "")
	if a.Outcome != resolve.Gap {
		t.Fatalf("a retired rule must not decide; got %v", a.Outcome)
	}
	sum := r.Summarize()
	// 5 services offered × 3 activities; patch-os is provider-side for rds
	// and lambda (3 cells), the rest are gaps.
	if sum.Cells != 15 || sum.ProviderCells+sum.GapCells != 15 {
		t.Fatalf("cells %d provider %d gap %d", sum.Cells, sum.ProviderCells, sum.GapCells)
	}
}

func TestTenantOwnerPlaceholderAndTenantRule(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: decom, activity: decommission, responsible: [tenant-owner, cft], accountable: tenant-owner, consulted: sec}
  - {id: decom-t, activity: decommission, scope: {tenant: "123456789012", service: aws-rds}, responsible: ops, accountable: ops}
`)
	a := who(t, r, "decommission", "aws-ec2", "native", "")
	if got := ids(a.Accountable); got[0] != model.TenantOwner {
		t.Fatalf("without tenant the placeholder stays: %v", got)
	}
	a = who(t, r, "decommission", "aws-ec2", "", "123456789012")
	if got := a.Accountable[0]; got.Party.ID != "app" || got.Via == nil || got.Via.ID != model.TenantOwner {
		t.Fatalf("with tenant the owner resolves: %+v", got)
	}
	if a.LandingZone.ID != "native" {
		t.Fatalf("tenant fixes the landing zone, got %s", a.LandingZone.ID)
	}
	// the tenant-scoped rule is more specific than the general one
	a = who(t, r, "decommission", "aws-rds", "", "123456789012")
	if a.Rule.ID != "decom-t" {
		t.Fatalf("tenant rule should win, got %s", a.Rule.ID)
	}
	// and never applies without the tenant
	if a := who(t, r, "decommission", "aws-rds", "native", ""); a.Rule.ID != "decom" {
		t.Fatalf("tenant rule applied without tenant: %s", a.Rule.ID)
	}
}

func TestContradictoryScopeMatchesNothing(t *testing.T) {
	r := build(t, base+`
rules:
  - {id: all, activities: {all: true}, responsible: cft, accountable: cft}
  - {id: odd, activity: decommission, scope: {service: aws-ec2, service_model: paas}, responsible: ops, accountable: ops}
`)
	sum := r.Summarize()
	for _, st := range sum.Rules {
		if st.Rule.ID == "odd" && !st.Contradictory {
			t.Fatal("ec2 is iaas: the scope contradicts itself")
		}
	}
	if a := who(t, r, "decommission", "aws-ec2", "lift", ""); a.Rule.ID != "all" {
		t.Fatalf("got %s", a.Rule.ID)
	}
}

func TestQueryErrorsSuggest(t *testing.T) {
	r := build(t, base)
	_, err := r.Resolve(resolve.Query{Activity: "decomission", Service: "aws-ec2", LandingZone: "lift"})
	ue, ok := err.(*resolve.UnknownError)
	if !ok || ue.Suggestion != "decommission" {
		t.Fatalf("want suggestion, got %v", err)
	}
	if _, err := r.Resolve(resolve.Query{Activity: "decommission", Service: "aws-lambda", LandingZone: "lift"}); err == nil {
		t.Fatal("lift does not offer lambda")
	}
	// Nothing close: the valid ids are listed instead.
	_, err = r.Resolve(resolve.Query{Activity: "zzzzzzzz", Service: "aws-ec2", LandingZone: "lift"})
	ue, ok = err.(*resolve.UnknownError)
	if !ok || ue.Suggestion != "" || len(ue.Valid) == 0 || !slices.Contains(ue.Valid, "decommission") ||
		!strings.Contains(err.Error(), "valid ids: ") {
		t.Fatalf("want the valid ids, got %v", err)
	}
}
