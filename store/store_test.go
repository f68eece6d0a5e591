package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/model"
)

func TestMigrationsIdempotent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s1, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s1.Acknowledge(ctx, Ack{RuleID: "r", RuleHash: "h", PartyID: "p", Person: "a@example.com"}); err != nil {
			t.Fatal(err)
		}
		s1.Close()
		s := open(t, dsn) // second Open: nothing to apply, data kept
		want := Migrations(s.Dialect())
		if len(want) == 0 {
			t.Fatal("no embedded migrations")
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != want[len(want)-1] {
			t.Fatalf("schema version %d, %v; want %d", v, err, want[len(want)-1])
		}
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(want) {
			t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, len(want))
		}
		acks, err := s.Acknowledgements(ctx, Filter{})
		if err != nil || len(acks) != 1 {
			t.Fatalf("after reopening: %v %v", acks, err)
		}
	})
}

func TestConcurrentOpen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		const replicas = 6
		var wg sync.WaitGroup
		errs := make([]error, replicas)
		stores := make([]*Store, replicas)
		for i := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				stores[i], errs[i] = Open(context.Background(), dsn)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("replica %d: %v", i, err)
			}
			defer stores[i].Close()
		}
		var n int
		if err := stores[0].db.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(Migrations(stores[0].Dialect())) {
			t.Fatalf("schema_migrations: %d rows, %v", n, err)
		}
		// The replicas see each other's writes.
		ctx := context.Background()
		for i, s := range stores {
			if _, err := s.Acknowledge(ctx, Ack{RuleID: "r", RuleHash: "h", PartyID: "p", Person: fmt.Sprintf("p%d@example.com", i)}); err != nil {
				t.Fatal(err)
			}
		}
		for i, s := range stores {
			acks, err := s.Acknowledgements(ctx, Filter{Rule: "r"})
			if err != nil || len(acks) != replicas {
				t.Fatalf("replica %d sees %d acknowledgements (%v), want %d", i, len(acks), err, replicas)
			}
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	s := open(t, "sqlite:"+t.TempDir())
	ctx := context.Background()
	// Check on several connections: the PRAGMAs must hold for each.
	for i := range 3 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "busy_timeout": "5000", "foreign_keys": "1"} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, want)
			}
		}
	}
	if s.Dialect() != SQLite {
		t.Fatalf("dialect %s", s.Dialect())
	}
}

func TestOpenForms(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{dir, "sqlite:" + dir, dir + "/x.db", "sqlite://" + dir + "/y.db"} {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		s.Close()
	}
	t.Setenv("DEMARC_DATA_DIR", dir+"/default")
	s, err := Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(context.Background(), dir+"/bad?x.db"); err == nil {
		t.Fatal("a path with ? was accepted")
	}
	// A PostgreSQL URL that cannot be reached fails within the deadline, and
	// the error does not leak the password.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err = Open(ctx, "postgres://u:secretpw@127.0.0.1:1/db?sslmode=disable")
	if err == nil || strings.Contains(err.Error(), "secretpw") || time.Since(start) > 9*time.Second {
		t.Fatalf("unreachable PostgreSQL: err %v after %v", err, time.Since(start))
	}
}

func TestAcknowledge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := context.Background()
		in := Ack{RuleID: "os", RuleHash: "v1:aaa", PartyID: "ops", Person: "ana@example.com", RemoteAddr: "192.0.2.1"}
		a1, err := s.Acknowledge(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if a1.ID == 0 || a1.CreatedAt.IsZero() || a1.Person != in.Person || a1.RemoteAddr != in.RemoteAddr {
			t.Fatalf("returned %+v", a1)
		}
		// Idempotent: the same person, party, rule and hash is one row.
		in.RemoteAddr = "192.0.2.99"
		a2, err := s.Acknowledge(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if a2.ID != a1.ID || !a2.CreatedAt.Equal(a1.CreatedAt) || a2.RemoteAddr != "192.0.2.1" {
			t.Fatalf("second acknowledgement %+v, want the first %+v", a2, a1)
		}
		// Another person, another hash, another party: new rows.
		for _, a := range []Ack{
			{RuleID: "os", RuleHash: "v1:aaa", PartyID: "ops", Person: "bo@example.com"},
			{RuleID: "os", RuleHash: "v1:bbb", PartyID: "ops", Person: "ana@example.com"},
			{RuleID: "os", RuleHash: "v1:aaa", PartyID: "cft", Person: "ana@example.com"},
			{RuleID: "decom", RuleHash: "v1:ccc", PartyID: "cft", Person: "cy@example.com"},
		} {
			if _, err := s.Acknowledge(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		count := func(f Filter) int {
			acks, err := s.Acknowledgements(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(acks); i++ {
				if acks[i].ID <= acks[i-1].ID {
					t.Fatalf("not in id order: %v", acks)
				}
			}
			return len(acks)
		}
		for f, want := range map[Filter]int{{}: 5, {Party: "ops"}: 3, {Rule: "os"}: 4, {Party: "cft", Rule: "decom"}: 1, {Party: "nobody"}: 0} {
			if got := count(f); got != want {
				t.Errorf("%+v: %d acknowledgements, want %d", f, got, want)
			}
		}
		// One audit entry per row written; none for the repeat.
		log, err := s.AuditLog(ctx, time.Time{}, 0)
		if err != nil || len(log) != 5 {
			t.Fatalf("audit log: %d entries, %v", len(log), err)
		}
		e := log[0]
		var detail map[string]any
		if err := json.Unmarshal(e.Detail, &detail); err != nil {
			t.Fatal(err)
		}
		if e.Actor != "ana@example.com" || e.Action != "acknowledge" || e.Object != "rule/os" || e.RemoteAddr != "192.0.2.1" ||
			detail["ack_id"] != float64(a1.ID) || detail["party"] != "ops" || detail["rule_hash"] != "v1:aaa" {
			t.Fatalf("audit entry %+v %v", e, detail)
		}
		// since and limit.
		if l, _ := s.AuditLog(ctx, time.Time{}, 2); len(l) != 2 {
			t.Errorf("limit 2: %d entries", len(l))
		}
		if l, _ := s.AuditLog(ctx, time.Now().Add(time.Hour), 0); len(l) != 0 {
			t.Errorf("since the future: %d entries", len(l))
		}
		if l, _ := s.AuditLog(ctx, log[4].At, 0); len(l) == 0 || l[len(l)-1].ID != log[4].ID {
			t.Errorf("since the last entry: %v", l)
		}
		// Invalid input is refused before touching the database.
		for _, bad := range []Ack{
			{RuleHash: "h", PartyID: "p", Person: "x"},
			{RuleID: "r", PartyID: "p", Person: "x"},
			{RuleID: "r", RuleHash: "h", Person: "x"},
			{RuleID: "r", RuleHash: "h", PartyID: "p", Person: " "},
			{RuleID: "r", RuleHash: "h", PartyID: "p", Person: strings.Repeat("x", 600)},
			{RuleID: "r", RuleHash: "h", PartyID: "p", Person: "a\x00b"},
			{RuleID: "r", RuleHash: "h", PartyID: "p", Person: "\xff"},
		} {
			if _, err := s.Acknowledge(ctx, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("%+v: err %v, want ErrInvalid", bad, err)
			}
		}
		// Refusals can be logged.
		if err := s.Audit(ctx, "eve@example.com", "acknowledge-refused", "rule/os", "198.51.100.7", map[string]string{"party": "sec", "reason": "not a member"}); err != nil {
			t.Fatal(err)
		}
		if l, _ := s.AuditLog(ctx, time.Time{}, 0); len(l) != 6 || l[5].Action != "acknowledge-refused" {
			t.Fatalf("refusal not logged: %v", l)
		}
	})
}

func TestConcurrentAcknowledge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := context.Background()
		const workers, each = 8, 25
		var wg sync.WaitGroup
		errc := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					// Every worker also repeats worker 0's acknowledgements.
					for _, who := range []int{w, 0} {
						if _, err := s.Acknowledge(ctx, Ack{RuleID: fmt.Sprint("r", i), RuleHash: "h", PartyID: "p", Person: fmt.Sprint(who, "@example.com")}); err != nil {
							errc <- err
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		acks, _ := s.Acknowledgements(ctx, Filter{})
		log, _ := s.AuditLog(ctx, time.Time{}, 0)
		if len(acks) != workers*each || len(log) != workers*each {
			t.Fatalf("%d acknowledgements, %d audit entries; want %d", len(acks), len(log), workers*each)
		}
	})
}

// TestAuditSameTransaction: when the audit entry cannot be written, the
// acknowledgement is not written either.
func TestAuditSameTransaction(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := context.Background()
		if _, err := s.db.ExecContext(ctx, "DROP TABLE audit_log"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Acknowledge(ctx, Ack{RuleID: "r", RuleHash: "h", PartyID: "p", Person: "a@example.com"})
		if err == nil || !strings.Contains(err.Error(), "acknowledge rule r for party p") {
			t.Fatalf("Acknowledge without an audit log: %v", err)
		}
		acks, err := s.Acknowledgements(ctx, Filter{})
		if err != nil || len(acks) != 0 {
			t.Fatalf("acknowledgement written without its audit entry: %v %v", acks, err)
		}
	})
}

func TestCanceledContext(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.Acknowledge(ctx, Ack{RuleID: "r", RuleHash: "h", PartyID: "p", Person: "a"}); err == nil {
			t.Fatal("Acknowledge with a canceled context succeeded")
		}
		if err := s.Ping(ctx); err == nil {
			t.Fatal("Ping with a canceled context succeeded")
		}
		if err := s.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRuleHash(t *testing.T) {
	ref := func(ids ...string) model.Refs {
		var rs model.Refs
		for _, id := range ids {
			rs = append(rs, model.Ref{ID: id})
		}
		return rs
	}
	mk := func() *model.Rule {
		return &model.Rule{ID: "os", Activity: model.Ref{ID: "patch-os"}, Scope: &model.Scope{LandingZone: model.Ref{ID: "lift"}},
			Responsible: ref("ops", "app"), Accountable: ref("cft"), Consulted: ref("sec"), Informed: ref("grc", "itsm"),
			Rationale: "because", Status: model.StatusAgreed}
	}
	h := RuleHash(mk())
	if !strings.HasPrefix(h, "v1:") || len(h) != 67 {
		t.Fatalf("hash %q", h)
	}
	same := map[string]func(r *model.Rule){
		"R order":   func(r *model.Rule) { r.Responsible = ref("app", "ops") },
		"I order":   func(r *model.Rule) { r.Informed = ref("itsm", "grc") },
		"rationale": func(r *model.Rule) { r.Rationale = "a better reason" },
		"status":    func(r *model.Rule) { r.Status = model.StatusProposed },
		"dates": func(r *model.Rule) {
			r.Decided = model.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
			r.ReviewBy = model.Date{Time: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)}
		},
		"approvals": func(r *model.Rule) { r.Approvals = []*model.Approval{{Party: model.Ref{ID: "cft"}, By: "x"}} },
	}
	for name, f := range same {
		r := mk()
		f(r)
		if RuleHash(r) != h {
			t.Errorf("%s changed the hash", name)
		}
	}
	differ := map[string]func(r *model.Rule){
		"id":         func(r *model.Rule) { r.ID = "os2" },
		"activity":   func(r *model.Rule) { r.Activity.ID = "decommission" },
		"activities": func(r *model.Rule) { r.Activities = &model.Selector{Area: "identity"} },
		"scope zone": func(r *model.Rule) { r.Scope.LandingZone.ID = "native" },
		"no scope":   func(r *model.Rule) { r.Scope = nil },
		"scope svc":  func(r *model.Rule) { r.Scope.Service.ID = "aws-ec2" },
		"R":          func(r *model.Rule) { r.Responsible = ref("ops") },
		"A":          func(r *model.Rule) { r.Accountable = ref("sec") },
		"C":          func(r *model.Rule) { r.Consulted = nil },
		"I":          func(r *model.Rule) { r.Informed = ref("grc") },
		"R to C":     func(r *model.Rule) { r.Responsible, r.Consulted = ref("ops"), ref("sec", "app") },
	}
	seen := map[string]string{h: "original"}
	for name, f := range differ {
		r := mk()
		f(r)
		got := RuleHash(r)
		if prev, dup := seen[got]; dup {
			t.Errorf("%s: same hash as %s", name, prev)
		}
		seen[got] = name
	}
}

const coverageRules = `
rules:
  - {id: os, activity: patch-os, responsible: ops, accountable: cft}
  - {id: decom, activity: decommission, scope: {landing_zone: lift}, responsible: [cft, app], accountable: cft}
  - {id: access, activity: review-access, scope: {tenant: "123456789012"}, responsible: tenant-owner, accountable: sec}
  - {id: old, activity: decommission, scope: {landing_zone: native}, status: retired, responsible: sec, accountable: sec}
  - {id: lambda, activity: decommission, scope: {service: aws-lambda}, responsible: ops, accountable: ops}
`

func summary(pcs []PartyCoverage) string {
	var b strings.Builder
	for _, pc := range pcs {
		fmt.Fprintf(&b, "%s:%d/%d/%d/%d ", pc.Party, pc.Total, pc.Acknowledged, pc.Stale, pc.Missing)
	}
	return strings.TrimSpace(b.String())
}

func TestCoverage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		m := build(t, base+coverageRules)
		s := open(t, dsn)
		ctx := context.Background()
		cov, err := s.Coverage(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		// party:total/acknowledged/stale/missing, by party id; the
		// retired rule and the tenant-owner placeholder do not count.
		if got, want := summary(cov), "app:1/0/0/1 cft:2/0/0/2 ops:2/0/0/2 sec:1/0/0/1"; got != want {
			t.Fatalf("before: %s, want %s", got, want)
		}
		ack := func(rule, hash, party, person string) {
			t.Helper()
			if hash == "" {
				hash = RuleHash(m.RuleByID[rule])
			}
			if _, err := s.Acknowledge(ctx, Ack{RuleID: rule, RuleHash: hash, PartyID: party, Person: person}); err != nil {
				t.Fatal(err)
			}
		}
		ack("os", "", "cft", "ana@example.com")
		ack("decom", "v1:an-earlier-version", "cft", "ana@example.com")
		ack("os", "", "ops", "bo@example.com")
		ack("os", "", "ops", "cy@example.com")   // a second person: still one decision
		ack("os", "", "sec", "eve@example.com")  // sec holds no R/A on os: ignored
		ack("old", "", "sec", "eve@example.com") // retired: ignored
		cov, err = s.Coverage(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := summary(cov), "app:1/0/0/1 cft:2/1/1/0 ops:2/1/0/1 sec:1/0/0/1"; got != want {
			t.Fatalf("after: %s, want %s", got, want)
		}
		cft := cov[slices.IndexFunc(cov, func(p PartyCoverage) bool { return p.Party == "cft" })]
		if r := cft.Rules; len(r) != 2 || r[1].Rule != "os" || r[1].Role != "A" || r[1].State != Acknowledged ||
			r[0].Rule != "decom" || r[0].Role != "RA" || r[0].State != Stale {
			t.Fatalf("cft rules: %+v", r)
		}
		if r := cft.Ratio(); r != 0.5 {
			t.Fatalf("ratio %v", r)
		}
		zones, err := s.ZoneCoverage(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, z := range zones {
			got = append(got, z.LandingZone+"["+summary(z.Parties)+"]")
		}
		want := []string{"lift[app:1/0/0/1 cft:2/1/1/0 ops:1/1/0/0]", "native[cft:1/1/0/0 ops:2/1/0/1 sec:1/0/0/1]"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("zones:\n got %v\nwant %v", got, want)
		}
	})
}

// TestStale: changing a decision's RACI makes its acknowledgements stale;
// rewording its rationale does not.
func TestStale(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := context.Background()
		v1 := build(t, base+`
rules:
  - {id: os, activity: patch-os, responsible: ops, accountable: cft, rationale: Ops runs the fleet.}
`)
		if _, err := s.Acknowledge(ctx, Ack{RuleID: "os", RuleHash: RuleHash(v1.RuleByID["os"]), PartyID: "cft", Person: "ana@example.com"}); err != nil {
			t.Fatal(err)
		}
		check := func(m *model.Model, want string) {
			t.Helper()
			cov, err := s.Coverage(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(cov); got != want {
				t.Fatalf("coverage %s, want %s", got, want)
			}
		}
		check(v1, "cft:1/1/0/0 ops:1/0/0/1")
		reworded := build(t, base+`
rules:
  - {id: os, activity: patch-os, responsible: ops, accountable: cft, rationale: Ops runs the whole fleet., status: agreed, decided: 2026-01-05}
`)
		check(reworded, "cft:1/1/0/0 ops:1/0/0/1")
		changed := build(t, base+`
rules:
  - {id: os, activity: patch-os, responsible: [ops, app], accountable: cft, rationale: Ops runs the fleet.}
`)
		if RuleHash(changed.RuleByID["os"]) == RuleHash(v1.RuleByID["os"]) {
			t.Fatal("RACI change kept the hash")
		}
		check(changed, "app:1/0/0/1 cft:1/0/1/0 ops:1/0/0/1")
		// Acknowledging the new version makes it current again; the old row stays.
		if _, err := s.Acknowledge(ctx, Ack{RuleID: "os", RuleHash: RuleHash(changed.RuleByID["os"]), PartyID: "cft", Person: "ana@example.com"}); err != nil {
			t.Fatal(err)
		}
		check(changed, "app:1/0/0/1 cft:1/1/0/0 ops:1/0/0/1")
		if acks, _ := s.Acknowledgements(ctx, Filter{Party: "cft"}); len(acks) != 2 {
			t.Fatalf("%d rows for cft, want 2 (history kept)", len(acks))
		}
	})
}

func TestExport(t *testing.T) {
	forEachBackend(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ctx := context.Background()
		// Hostile values, as a person or proxy could send them.
		evil := []Ack{
			{RuleID: "os", RuleHash: "h1", PartyID: "ops", Person: "=HYPERLINK(\"http://x\",\"y\")", RemoteAddr: "+1"},
			{RuleID: "os", RuleHash: "h1", PartyID: "ops", Person: "@SUM(A1)", RemoteAddr: "-2"},
			{RuleID: "os", RuleHash: "h1", PartyID: "ops", Person: "\tcmd", RemoteAddr: "\r3"},
			{RuleID: "os", RuleHash: "h1", PartyID: "ops", Person: "plain@example.com, \"quoted\"\nnewline", RemoteAddr: "192.0.2.1"},
		}
		for _, a := range evil {
			if _, err := s.Acknowledge(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := s.ExportCSV(ctx, &buf, KindAcknowledgements); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 5 || strings.Join(recs[0], ",") != "id,rule_id,rule_hash,party_id,person,created_at,remote_addr" {
			t.Fatalf("CSV: %q", recs)
		}
		wantPerson := []string{"'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "'\tcmd", evil[3].Person}
		wantAddr := []string{"'+1", "'-2", "'\r3", "192.0.2.1"}
		for i, rec := range recs[1:] {
			if rec[4] != wantPerson[i] || rec[6] != wantAddr[i] {
				t.Errorf("row %d: person %q addr %q", i, rec[4], rec[6])
			}
			if _, err := time.Parse(time.RFC3339Nano, rec[5]); err != nil {
				t.Errorf("row %d: created_at %q", i, rec[5])
			}
		}
		buf.Reset()
		if err := s.ExportCSV(ctx, &buf, KindAudit); err != nil {
			t.Fatal(err)
		}
		recs, err = csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 5 || recs[0][5] != "detail" || recs[1][2] != wantPerson[0] {
			t.Fatalf("audit CSV: %q %v", recs, err)
		}

		buf.Reset()
		if err := s.ExportJSON(ctx, &buf, KindAcknowledgements); err != nil {
			t.Fatal(err)
		}
		var acks []Ack
		if err := json.Unmarshal(buf.Bytes(), &acks); err != nil || len(acks) != 4 || acks[0].Person != evil[0].Person {
			t.Fatalf("JSON: %v %v\n%s", acks, err, buf.String())
		}
		buf.Reset()
		if err := s.ExportJSON(ctx, &buf, KindAudit); err != nil {
			t.Fatal(err)
		}
		var log []AuditEntry
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil || len(log) != 4 || log[0].Action != "acknowledge" {
			t.Fatalf("audit JSON: %v %v", log, err)
		}
		if err := s.ExportJSON(ctx, &buf, "secrets"); !errors.Is(err, ErrInvalid) {
			t.Fatalf("unknown kind: %v", err)
		}
		if err := s.ExportCSV(ctx, &buf, "secrets"); !errors.Is(err, ErrInvalid) {
			t.Fatalf("unknown kind: %v", err)
		}
	})
}

func TestExportEmpty(t *testing.T) {
	s := open(t, "sqlite:"+t.TempDir())
	var buf bytes.Buffer
	if err := s.ExportJSON(context.Background(), &buf, KindAudit); err != nil || strings.TrimSpace(buf.String()) != "[]" {
		t.Fatalf("%q %v", buf.String(), err)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "=1": "'=1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", " =1": " =1", "'=1": "'=1"} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}
