package check_test

import (
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/store"
)

func TestCoverage(t *testing.T) {
	m := model.New()
	for _, id := range []string{"network", "security"} {
		p := &model.Party{ID: id}
		p.IDPos = diag.Range{Filename: "parties.yaml", Start: diag.Pos{Line: 3, Column: 9}}
		m.Parties = append(m.Parties, p)
		m.PartyByID[id] = p
	}
	rules := func(states ...store.State) []store.RuleCoverage {
		var out []store.RuleCoverage
		for i, s := range states {
			out = append(out, store.RuleCoverage{Rule: "rule-" + string(rune('a'+i)), State: s})
		}
		return out
	}
	A, S, M := store.Acknowledged, store.Stale, store.Missing
	cov := []store.PartyCoverage{
		{Party: "network", Total: 7, Acknowledged: 3, Stale: 2, Missing: 2, Rules: rules(A, S, A, M, S, A, M)},
		{Party: "security", Total: 2, Acknowledged: 2, Rules: rules(A, A)},
		{Party: "nobody", Total: 0},
		{Party: "ghost", Total: 8, Missing: 8, Rules: rules(M, M, M, M, M, M, M, M)}, // not in the model
	}
	ds := check.Coverage(m, cov)
	if len(ds) != 2 {
		t.Fatalf("want 2 diagnostics (network, ghost), got %d: %v", len(ds), ds)
	}
	d := ds[0]
	if d.Code != diag.Unacknowledged || d.Severity != diag.Warning {
		t.Errorf("code/severity: %s %v", d.Code, d.Severity)
	}
	if want := `party "network" has acknowledged 3 of 7 decisions it is responsible or accountable for (2 stale, 2 missing)`; d.Summary != want {
		t.Errorf("summary:\n got %s\nwant %s", d.Summary, want)
	}
	if d.Subject.Filename != "parties.yaml" || d.Subject.Start.Line != 3 {
		t.Errorf("subject is not the party id: %v", d.Subject)
	}
	for _, s := range []string{"Changed since acknowledged: rule-b, rule-e.", "Never acknowledged: rule-d, rule-g.", "demarc serve", "/my"} {
		if !strings.Contains(d.Detail, s) {
			t.Errorf("detail lacks %q: %s", s, d.Detail)
		}
	}
	if g := ds[1]; !strings.Contains(g.Detail, "rule-a, rule-b, rule-c, rule-d, rule-e and 3 more") || !strings.Contains(g.Summary, "(8 missing)") {
		t.Errorf("long lists are shortened: %s / %s", g.Summary, g.Detail)
	}
	if got := check.Coverage(m, nil); len(got) != 0 {
		t.Errorf("no coverage, no diagnostics: %v", got)
	}
	off := check.ApplySeverity(ds, check.Options{Off: map[diag.Code]bool{diag.Unacknowledged: true}})
	if len(off) != 0 {
		t.Errorf("DM305 turned off still reported: %v", off)
	}
}
