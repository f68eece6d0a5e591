package check_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/store"
)

// fixtureAck is an "# acknowledged: RULE for PARTY" comment of a fixture;
// "# acknowledged-earlier:" records it for an earlier version of the rule,
// so it is stale.
type fixtureAck struct {
	rule, party string
	earlier     bool
}

// addCoverage records acks in a fresh SQLite store, computes the coverage of
// the fixture's model the way `demarc check --db` does and adds its
// diagnostics (with the fixture's severity configuration) to r.
func addCoverage(t *testing.T, r *run, acks []fixtureAck) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "demarc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range acks {
		rule := r.model.RuleByID[a.rule]
		if rule == nil {
			t.Fatalf("acknowledged: no rule %q in the fixture", a.rule)
		}
		hash := store.RuleHash(rule)
		if a.earlier {
			hash = "earlier-" + hash
		}
		if _, err := s.Acknowledge(ctx, store.Ack{RuleID: a.rule, RuleHash: hash, PartyID: a.party, Person: "fixture@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	cov, err := s.Coverage(ctx, r.model)
	if err != nil {
		t.Fatal(err)
	}
	opts := check.Options{Severity: r.project.Severity, Off: r.project.Off}
	r.result.Diagnostics = append(r.result.Diagnostics, check.ApplySeverity(check.Coverage(r.model, cov), opts)...).Sort()
}
