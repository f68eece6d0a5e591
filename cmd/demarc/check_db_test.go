package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/store"
)

// TestCheckCoverage: `demarc check --db` warns once per party with missing
// or stale acknowledgements (DM305); acknowledging everything one party
// holds, through the store, removes its warning.
func TestCheckCoverage(t *testing.T) {
	const dir = "../../examples/enterprise"
	db := filepath.Join(t.TempDir(), "demarc.db")
	check := func(args ...string) (int, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := runContext(context.Background(), append([]string{"check", dir, "--color", "never"}, args...), strings.NewReader(""), &out, &errb)
		return code, out.String() + errb.String()
	}
	// A database that does not exist is an error, not a new empty file.
	if code, out := check("--db", db); code != exitFailure {
		t.Errorf("missing database: exit %d, want 2\n%s", code, out)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	code, out := check()
	if n := strings.Count(out, "[DM305]"); n != 0 || code != exitOK {
		t.Fatalf("without --db: exit %d and %d DM305 warnings\n%s", code, n, out)
	}
	code, out = check("--db", db)
	before := strings.Count(out, "[DM305]")
	if code != exitOK || before == 0 {
		t.Fatalf("with an empty database: exit %d and %d DM305 warnings, want 0 and some\n%s", code, before, out)
	}
	if !strings.Contains(out, `party "cloud-foundation" has acknowledged 0 of `) {
		t.Errorf("no warning for cloud-foundation:\n%s", out)
	}

	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	cov, err := s.Coverage(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, pc := range cov {
		if pc.Party != "cloud-foundation" {
			continue
		}
		for _, rc := range pc.Rules {
			if _, err := s.Acknowledge(ctx, store.Ack{RuleID: rc.Rule, RuleHash: rc.Hash, PartyID: pc.Party, Person: "priya.raman@northwind.example"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, out = check("--db", db)
	after := strings.Count(out, "[DM305]")
	if code != exitOK || after != before-1 {
		t.Errorf("after acknowledging everything for cloud-foundation: exit %d and %d DM305 warnings, want %d", code, after, before-1)
	}
	if strings.Contains(out, `party "cloud-foundation"`) {
		t.Errorf("cloud-foundation is still warned about:\n%s", out)
	}
	// --strict makes the warnings fail the check.
	if code, _ := check("--db", db, "--strict"); code != exitFindings {
		t.Errorf("--strict with DM305 warnings: exit %d, want %d", code, exitFindings)
	}
}
