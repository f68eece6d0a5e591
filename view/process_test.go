package view_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

func exampleResolver(t *testing.T) *resolve.Resolver {
	t.Helper()
	m, ds := load.Dir("../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatalf("example: %v", ds)
	}
	return resolve.New(m)
}

// TestRunbookOfTenant reads the decommissioning runbook of one cloud-native
// tenant: steps in running order, the owner resolved in place of the
// placeholder, and hand-offs exactly where the responsible party changes.
func TestRunbookOfTenant(t *testing.T) {
	r := exampleResolver(t)
	rb, err := view.ProcessRunbook(r, "decommission-tenant", "", "563956996473")
	if err != nil {
		t.Fatal(err)
	}
	var order, lanes []string
	for _, s := range rb.Steps {
		order = append(order, s.ID+"="+s.Lane)
	}
	want := []string{
		"announce-and-freeze=claims-platform", "export-or-delete-data=claims-platform", "revoke-access=claims-platform",
		"remove-network-connections=network-team", "release-ip-ranges-and-dns=network-team", "delete-resources=claims-platform",
		"close-account=cloud-foundation", "update-cmdb=cloud-foundation", "final-cost-report=finops",
	}
	if !slices.Equal(order, want) {
		t.Errorf("steps:\n got %v\nwant %v", order, want)
	}
	for _, l := range rb.Lanes {
		lanes = append(lanes, l.ID)
	}
	if want := []string{"claims-platform", "network-team", "cloud-foundation", "finops"}; !slices.Equal(lanes, want) {
		t.Errorf("lanes: got %v, want %v", lanes, want)
	}
	var hs []string
	for _, h := range rb.Handoffs {
		hs = append(hs, h.From+">"+h.To+":"+strings.Join(h.ToBy, ","))
	}
	wantH := []string{
		"export-or-delete-data>revoke-access:iam-team", "export-or-delete-data>remove-network-connections:network-team",
		"release-ip-ranges-and-dns>delete-resources:claims-platform", "delete-resources>close-account:cloud-foundation",
		"close-account>update-cmdb:claims-platform", "close-account>final-cost-report:finops",
	}
	if !slices.Equal(hs, wantH) {
		t.Errorf("hand-offs:\n got %v\nwant %v", hs, wantH)
	}
	if rb.Undecided != 0 || rb.Tenant == nil || rb.Tenant.Owner != "claims-platform" || rb.LandingZone != "cloud-native" {
		t.Errorf("runbook header: %+v", rb)
	}
	del := rb.Steps[5]
	if got := del.Answers[0].Answer.Rule.ID; got != "tenant-resource-deletion" || !slices.Equal(del.After, []string{"revoke-access", "release-ip-ranges-and-dns"}) {
		t.Errorf("delete-resources: rule %s, after %v", got, del.After)
	}
}

// TestRunbookByLandingZone: a step restricted to other landing zones drops
// out, and the steps after it wait for what it waited for.
func TestRunbookByLandingZone(t *testing.T) {
	r := exampleResolver(t)
	rb, err := view.ProcessRunbook(r, "decommission-tenant", "sandbox", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rb.Steps {
		if s.ID == "remove-network-connections" {
			t.Errorf("step restricted to other landing zones is in the sandbox runbook")
		}
		if s.ID == "release-ip-ranges-and-dns" && !slices.Equal(s.After, []string{"export-or-delete-data"}) {
			t.Errorf("release-ip-ranges-and-dns waits for %v in the sandbox", s.After)
		}
		if s.ID == "delete-resources" && s.Lane != "cloud-foundation" {
			t.Errorf("sandbox resources deleted by %s", s.Lane)
		}
	}
	if len(rb.Steps) != 8 {
		t.Errorf("%d steps in the sandbox, want 8", len(rb.Steps))
	}
}

func TestRunbookErrors(t *testing.T) {
	r := exampleResolver(t)
	cases := map[string][3]string{
		"unknown process":        {"decomission", "", ""},
		"no context":             {"decommission-tenant", "", ""},
		"unknown tenant":         {"decommission-tenant", "", "nope"},
		"tenant in another zone": {"decommission-tenant", "sandbox", "563956996473"},
		"unknown zone":           {"decommission-tenant", "moon", ""},
	}
	for name, c := range cases {
		if _, err := view.ProcessRunbook(r, c[0], c[1], c[2]); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	_, err := view.ProcessRunbook(r, "decomission", "", "")
	var upe *view.UnknownProcessError
	if !errors.As(err, &upe) || !slices.Contains(upe.Valid, "decommission-tenant") {
		t.Errorf("unknown process error lists no valid ids: %v", err)
	}
}
