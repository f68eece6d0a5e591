package chart_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

func runbook(t *testing.T, process, zone, tenant string) *view.Runbook {
	t.Helper()
	m, ds := load.Dir("../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	rb, err := view.ProcessRunbook(resolve.New(m), process, zone, tenant)
	if err != nil {
		t.Fatal(err)
	}
	return rb
}

// TestSwimlaneOfDecommissioning: one box per step with its number, one lane
// per party, one arrow per dependency, strong ones for hand-offs, and the
// summary for screen readers; the same bytes every time.
func TestSwimlaneOfDecommissioning(t *testing.T) {
	rb := runbook(t, "decommission-tenant", "", "563956996473")
	out := chart.Swimlane(rb)
	if err := xml.Unmarshal(out, new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if !bytes.Equal(out, chart.Swimlane(rb)) {
		t.Fatal("not deterministic")
	}
	s := string(out)
	for _, st := range rb.Steps {
		if !strings.Contains(s, "<title>Step "+strconv.Itoa(st.Number)+": "+st.Name) {
			t.Errorf("no box for step %d %s", st.Number, st.Name)
		}
	}
	for _, l := range rb.Lanes {
		if !strings.Contains(s, "<title>Lane: "+l.Name+" (") {
			t.Errorf("no lane for %s", l.Name)
		}
	}
	arrows, handoffs := 0, 0
	for _, st := range rb.Steps {
		arrows += len(st.After)
	}
	if got := strings.Count(s, "marker-end="); got != arrows {
		t.Errorf("%d arrows, want %d", got, arrows)
	}
	handoffs = strings.Count(s, "<title>Hand-off: ")
	if handoffs != len(rb.Handoffs) {
		t.Errorf("%d hand-off arrows, want %d", handoffs, len(rb.Handoffs))
	}
	if !strings.Contains(s, "9 steps in 4 lanes, 6 hand-offs") {
		t.Errorf("description does not summarise the process")
	}
	if dir := os.Getenv("DEMARC_CHART_OUT"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "swimlane.svg"), out, 0o644)
	}
}

// TestSwimlaneHostile: model text cannot break out of the document, and
// odd runbooks (none, no steps, a step waiting for an unknown one, an
// undecided step) still draw.
func TestSwimlaneHostile(t *testing.T) {
	evil := `<script>alert(1)</script>]]>&`
	rbs := []*view.Runbook{nil, {}, {
		Process: evil, Name: evil, LandingZone: evil,
		Lanes: []view.RunbookParty{{ID: "p", Name: evil, Kind: evil}},
		Steps: []view.RunbookStep{
			{Number: 1, ID: "a", Name: evil, Lane: "p", Handover: evil},
			{Number: 2, ID: "b", Name: strings.Repeat("x", 500), After: []string{"a", "nope"}, Lane: ""},
		},
		Handoffs: []view.Handoff{{From: "a", To: "b", FromBy: []string{evil}}},
	}}
	for i, rb := range rbs {
		out := chart.Swimlane(rb)
		if err := xml.Unmarshal(out, new(struct{})); err != nil {
			t.Errorf("%d: not XML: %v", i, err)
		}
		if strings.Contains(string(out), "<script") {
			t.Errorf("%d: model text not escaped", i)
		}
	}
}
