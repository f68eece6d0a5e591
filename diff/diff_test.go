package diff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
)

const example = "../examples/enterprise"

// copyModel copies the example model into a temporary directory to edit.
func copyModel(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func side(t *testing.T, dir string) Side {
	t.Helper()
	m, ds := load.Dir(dir, load.Options{})
	r := resolve.New(m)
	return Side{Resolver: r, Check: check.Model(m, r, ds, check.Options{Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})}
}

// edit replaces old by new in file of dir, failing when old is missing.
func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, file)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func compare(t *testing.T, base, head string) *Report {
	t.Helper()
	rep, err := Compare(side(t, base), side(t, head))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestIdenticalModelsHaveNoChange(t *testing.T) {
	rep := compare(t, example, copyModel(t))
	if !rep.Empty() {
		b, _ := json.MarshalIndent(rep, "", "  ")
		t.Fatalf("two copies of one model differ:\n%s", b)
	}
	if rep.Duties.Base == 0 || rep.Duties.Base != rep.Duties.Head {
		t.Fatalf("duties %d and %d", rep.Duties.Base, rep.Duties.Head)
	}
}

func TestMovingAndReorderingRulesIsNoChange(t *testing.T) {
	head := copyModel(t)
	b, err := os.ReadFile(filepath.Join(head, "rules/network.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Split the file in two at a rule boundary, the second half first in a
	// new folder, and reindent nothing else.
	text := string(b)
	i := strings.Index(text, "  - id: ip-address-plan")
	if i < 0 {
		t.Fatal("rule ip-address-plan not found")
	}
	if err := os.MkdirAll(filepath.Join(head, "moved"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(head, "moved/later.yaml"), []byte("rules:\n"+text[i:]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(head, "rules/network.yaml"), []byte("# moved around\n"+text[:i]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(head, "rules/cost.yaml"), filepath.Join(head, "rules/zz-cost-renamed.yaml")); err != nil {
		t.Fatal(err)
	}
	if rep := compare(t, example, head); !rep.Empty() {
		b, _ := json.MarshalIndent(rep, "", "  ")
		t.Fatalf("moving rules between files is a change:\n%s", b)
	}
}

func TestAccountableChangeWithoutApproval(t *testing.T) {
	head := copyModel(t)
	edit(t, head, "rules/network.yaml", `    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: >-
      Sandboxes`, `    responsible: [cloud-foundation]
    accountable: network-team
    rationale: >-
      Sandboxes`)
	rep := compare(t, example, head)
	if rep.Empty() {
		t.Fatal("no change reported")
	}
	var network, foundation *PartyChange
	for i := range rep.Parties {
		switch rep.Parties[i].Party {
		case "network-team":
			network = &rep.Parties[i]
		case "cloud-foundation":
			foundation = &rep.Parties[i]
		}
	}
	if network == nil || foundation == nil {
		t.Fatalf("parties: %+v", rep.Parties)
	}
	// operate-hub-network in the sandbox: how many duties depends on its
	// grain, but network-team gains exactly those foundation stops being
	// accountable for.
	if network.NewlyAccountable == 0 || network.NewlyAccountable != network.Unapproved {
		t.Errorf("network-team: newly accountable %d, unapproved %d", network.NewlyAccountable, network.Unapproved)
	}
	if foundation.NoLongerAccountable != network.NewlyAccountable {
		t.Errorf("cloud-foundation no longer accountable for %d, network-team newly for %d", foundation.NoLongerAccountable, network.NewlyAccountable)
	}
	for _, g := range network.Gained {
		if g.Roles != "A" || g.Duty.Activity != "operate-hub-network" || g.Duty.LandingZone != "sandbox" || g.Rule != "hub-network-sandbox" {
			t.Errorf("gained %+v", g)
		}
	}
	for _, c := range foundation.Changed {
		if c.From != "RA" || c.To != "R" {
			t.Errorf("cloud-foundation changed %+v", c)
		}
	}
	if len(rep.Accountable) != network.NewlyAccountable {
		t.Errorf("%d accountable changes, want %d", len(rep.Accountable), network.NewlyAccountable)
	}
	for _, ac := range rep.Accountable {
		if strings.Join(ac.From, ",") != "cloud-foundation" || strings.Join(ac.To, ",") != "network-team" || strings.Join(ac.Unapproved, ",") != "network-team" {
			t.Errorf("accountable change %+v", ac)
		}
	}
	if len(rep.Rules.Changed) != 1 || rep.Rules.Changed[0].ID != "hub-network-sandbox" || !rep.Rules.Changed[0].ContentChanged {
		t.Fatalf("rule changes %+v", rep.Rules)
	}
	if f := rep.Rules.Changed[0].Fields; len(f) != 1 || f[0] != (FieldChange{"accountable", "cloud-foundation", "network-team"}) {
		t.Errorf("fields %+v", f)
	}
	if len(rep.Stale) != 1 || rep.Stale[0].Rule != "hub-network-sandbox" || strings.Join(rep.Stale[0].Parties, ",") != "cloud-foundation" {
		t.Errorf("stale %+v", rep.Stale)
	}
}

func TestApprovalByNewPartyCounts(t *testing.T) {
	head := copyModel(t)
	edit(t, head, "rules/network.yaml", `    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: >-
      Sandboxes`, `    responsible: [cloud-foundation]
    accountable: network-team
    rationale: >-
      Sandboxes`)
	edit(t, head, "rules/network.yaml", `      - party: cloud-foundation
        by: "Priya Raman <priya.raman@northwind.example>"
        at: 2026-07-07

  - id: ip-address-plan`, `      - party: network-team
        by: "Claire Dubois <claire.dubois@northwind.example>"
        at: 2026-12-01

  - id: ip-address-plan`)
	rep := compare(t, example, head)
	for _, p := range rep.Parties {
		if p.Unapproved != 0 {
			t.Errorf("%s: %d unapproved, though the rule records its approval", p.Party, p.Unapproved)
		}
	}
	if len(rep.Accountable) == 0 {
		t.Fatal("no accountable change")
	}
}

func TestRemovedRuleOpensGaps(t *testing.T) {
	head := copyModel(t)
	b, err := os.ReadFile(filepath.Join(head, "rules/network.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i, j := strings.Index(text, "  - id: ip-address-plan"), strings.Index(text, "  - id: hub-network-sandbox")
	if i < 0 || j < 0 {
		t.Fatal("rules not found")
	}
	// Remove ip-address-plan (up to the next rule).
	rest := text[i+1:]
	k := strings.Index(rest, "  - id: ")
	if k < 0 {
		t.Fatal("no rule after ip-address-plan")
	}
	if err := os.WriteFile(filepath.Join(head, "rules/network.yaml"), []byte(text[:i]+rest[k:]), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := compare(t, example, head)
	if len(rep.Rules.Removed) != 1 || rep.Rules.Removed[0].ID != "ip-address-plan" {
		t.Fatalf("removed %+v", rep.Rules.Removed)
	}
	if len(rep.Gaps.Introduced) == 0 || len(rep.Gaps.Fixed) != 0 {
		t.Fatalf("gaps %+v", rep.Gaps)
	}
	for _, d := range rep.Gaps.Introduced {
		if d.Activity != "manage-ip-address-plan" {
			t.Errorf("gap %v", d)
		}
	}
	if len(rep.Diagnostics.Introduced) == 0 {
		t.Error("no diagnostic introduced for the new gaps")
	}
	if len(rep.Stale) != 1 || !rep.Stale[0].Removed {
		t.Errorf("stale %+v", rep.Stale)
	}
	// Fixing is the reverse.
	back := compare(t, head, example)
	if len(back.Gaps.Fixed) != len(rep.Gaps.Introduced) || len(back.Rules.Added) != 1 {
		t.Errorf("reverse: gaps %+v rules %+v", back.Gaps, back.Rules)
	}
}

func TestStructureChanges(t *testing.T) {
	head := copyModel(t)
	edit(t, head, "tenants/aws-accounts.csv", "563956996473,claims-intake-prod,aws,cloud-native,claims-platform,",
		"563956996473,claims-intake-prod,aws,lift-and-shift,broker-integration,")
	edit(t, head, "tenants/aws-accounts.csv", "425008557221,claims-intake-test,aws,cloud-native,claims-platform,env=test;cost-center=CC-4110;data-classification=internal\n", "")
	rep := compare(t, example, head)
	s := rep.Structure
	if s.TenantsRemoved != 1 || s.TenantsAdded != 0 {
		t.Errorf("tenants added %d, removed %d", s.TenantsAdded, s.TenantsRemoved)
	}
	want := []FieldChange{{"owner", "claims-platform", "broker-integration"}, {"landing_zone", "cloud-native", "lift-and-shift"}}
	if len(s.TenantsMoved) != 1 || s.TenantsMoved[0].Tenant != "563956996473" || len(s.TenantsMoved[0].Fields) != 2 ||
		s.TenantsMoved[0].Fields[0] != want[0] || s.TenantsMoved[0].Fields[1] != want[1] {
		t.Errorf("moved %+v", s.TenantsMoved)
	}
	if rep.Empty() {
		t.Error("a moved tenant is no change")
	}
}

func TestDeterministic(t *testing.T) {
	head := copyModel(t)
	edit(t, head, "rules/network.yaml", "accountable: network-team", "accountable: cloud-foundation")
	a, _ := json.Marshal(compare(t, example, head))
	b, _ := json.Marshal(compare(t, example, head))
	if string(a) != string(b) {
		t.Fatal("two runs differ")
	}
}

// TestCellsAgreeWithAnswers checks the compact resolution diff uses
// against resolve's full answers, duty by duty.
func TestCellsAgreeWithAnswers(t *testing.T) {
	for _, dir := range []string{example, "../check/testdata/diagnostics/DM205-conflict/model.yaml",
		"../check/testdata/diagnostics/DM206-internal-on-provider-cell/model.yaml", "../check/testdata/diagnostics/DM204-gap/model.yaml"} {
		m, _ := load.Dir(dir, load.Options{})
		r := resolve.New(m)
		x := newIDs(m)
		got, err := cells(r, x)
		if err != nil {
			t.Fatal(err)
		}
		byDuty := map[Duty]*cell{}
		for i := range got {
			byDuty[x.duty(&got[i])] = got[i].cell
		}
		n := 0
		err = r.Cells(resolve.Filter{}, func(a *resolve.Answer) bool {
			n++
			d := Duty{Activity: a.Activity.ID, Grain: a.Activity.EffectiveGrain()}
			if a.LandingZone != nil {
				d.LandingZone = a.LandingZone.ID
			}
			if a.Service != nil {
				d.Service = a.Service.ID
			} else if a.Provider != nil {
				d.Provider = a.Provider.ID
			}
			c := byDuty[d]
			if c == nil {
				t.Errorf("%s: missing", d)
				return true
			}
			want := map[string]string{}
			for _, role := range []struct {
				l    string
				list []resolve.Assignee
			}{{"R", a.Responsible}, {"A", a.Accountable}, {"C", a.Consulted}, {"I", a.Informed}} {
				for _, as := range role.list {
					want[as.Party.ID] = orderRoles(want[as.Party.ID] + role.l)
				}
			}
			if c.outcome != a.Outcome || len(c.roles) != len(want) {
				t.Errorf("%s: %v %v, want %v %v", d, c.outcome, c.roles, a.Outcome, want)
				return true
			}
			for k, v := range want {
				if c.roles[k] != v {
					t.Errorf("%s: %s is %q, want %q", d, k, c.roles[k], v)
				}
			}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(got) || n == 0 {
			t.Errorf("%s: %d answers, %d cells", dir, n, len(got))
		}
	}
}
