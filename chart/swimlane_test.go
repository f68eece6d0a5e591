package chart_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
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

// TestSwimlaneLarge: 40 steps in 12 lanes, with parallel steps stacked in
// one lane, draw every step and lane, and no two boxes overlap.
func TestSwimlaneLarge(t *testing.T) {
	rb := &view.Runbook{Process: "big", Name: "Big process", LandingZone: "z"}
	for l := 0; l < 12; l++ {
		rb.Lanes = append(rb.Lanes, view.RunbookParty{ID: "p" + strconv.Itoa(l), Name: "Party with a rather long name " + strconv.Itoa(l), Kind: "shared"})
	}
	for i := 0; i < 40; i++ {
		st := view.RunbookStep{Number: i + 1, ID: "s" + strconv.Itoa(i), Name: "Step with a name that needs wrapping over lines " + strconv.Itoa(i),
			Lane: "p" + strconv.Itoa((i*5)%12), Duration: "2d"}
		switch {
		case i == 0:
		case i%3 == 0: // parallel with the step before, in the same lane
			st.After = []string{"s" + strconv.Itoa(i-2)}
			st.Lane = rb.Steps[i-1].Lane
		default:
			st.After = []string{"s" + strconv.Itoa(i-1)}
		}
		rb.Steps = append(rb.Steps, st)
	}
	out := string(chart.Swimlane(rb))
	boxRE := regexp.MustCompile(`<g><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="6"`)
	type box struct{ x, y, w, h float64 }
	var boxes []box
	for _, m := range boxRE.FindAllStringSubmatch(out, -1) {
		var b box
		for i, p := range []*float64{&b.x, &b.y, &b.w, &b.h} {
			*p, _ = strconv.ParseFloat(m[i+1], 64)
		}
		boxes = append(boxes, b)
	}
	if len(boxes) != 40 {
		t.Fatalf("%d boxes, want 40", len(boxes))
	}
	for i, a := range boxes {
		for j, b := range boxes[i+1:] {
			if a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h {
				t.Errorf("steps %d and %d overlap", i+1, i+j+2)
			}
		}
	}
	if n := strings.Count(out, "<title>Lane: "); n != 12 {
		t.Errorf("%d lanes drawn, want 12", n)
	}
}
