package bpmn_test

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/encoding/bpmn"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// parsed is the part of a BPMN document the checks read.
type parsed struct {
	Process struct {
		Lanes []struct {
			ID   string   `xml:"id,attr"`
			Name string   `xml:"name,attr"`
			Refs []string `xml:"flowNodeRef"`
		} `xml:"laneSet>lane"`
		Nodes []struct {
			XMLName xml.Name
			ID      string   `xml:"id,attr"`
			Name    string   `xml:"name,attr"`
			In      []string `xml:"incoming"`
			Out     []string `xml:"outgoing"`
		} `xml:",any"`
	} `xml:"process"`
	Shapes []struct {
		Element   string `xml:"bpmnElement,attr"`
		RawBounds struct {
			X string `xml:"x,attr"`
			Y string `xml:"y,attr"`
			W string `xml:"width,attr"`
			H string `xml:"height,attr"`
		} `xml:"Bounds"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNShape"`
	Edges []struct {
		Element   string `xml:"bpmnElement,attr"`
		Waypoints []struct {
			X float64 `xml:"x,attr"`
			Y float64 `xml:"y,attr"`
		} `xml:"waypoint"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNEdge"`
}

type bounds struct{ x, y, w, h float64 }

func (a bounds) overlaps(b bounds) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

// TestExampleProcesses exports every process of the example in every
// landing zone and checks the document the way bpmnlint's recommended
// rules and a renderer would: every element referenced exists, tasks have
// one way in and one way out, gateways either fork or join, one start
// and one end event, every node in a lane and drawn, shapes not
// overlapping, and every flow drawn from its source to its target.
func TestExampleProcesses(t *testing.T) {
	m, ds := load.Dir("../../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	r := resolve.New(m)
	n := 0
	for _, p := range m.Processes {
		for _, z := range view.ProcessZones(m, p) {
			rb, err := view.ProcessRunbook(r, p.ID, z, "")
			if err != nil {
				t.Fatal(err)
			}
			out := bpmn.Encode(rb)
			if !bytes.Equal(out, bpmn.Encode(rb)) {
				t.Fatalf("%s/%s: not deterministic", p.ID, z)
			}
			checkDocument(t, p.ID+"/"+z, out, rb)
			n++
		}
	}
	if n < 10 {
		t.Errorf("checked %d documents", n)
	}
}

func checkDocument(t *testing.T, where string, out []byte, rb *view.Runbook) {
	t.Helper()
	var d parsed
	if err := xml.Unmarshal(out, &d); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	kinds := map[string]string{}
	flows := map[string][2]string{}
	var tasks, starts, ends int
	for _, nd := range d.Process.Nodes {
		kinds[nd.ID] = nd.XMLName.Local
	}
	// Sequence flows are nodes of the same list; read their ends from the raw XML.
	type sf struct {
		ID     string `xml:"id,attr"`
		Source string `xml:"sourceRef,attr"`
		Target string `xml:"targetRef,attr"`
	}
	var raw struct {
		Flows []sf `xml:"process>sequenceFlow"`
	}
	if err := xml.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	for _, f := range raw.Flows {
		flows[f.ID] = [2]string{f.Source, f.Target}
		if kinds[f.Source] == "" || kinds[f.Target] == "" {
			t.Errorf("%s: flow %s joins unknown nodes %s → %s", where, f.ID, f.Source, f.Target)
		}
	}
	inLane := map[string]bool{}
	for _, l := range d.Process.Lanes {
		if l.Name == "" {
			t.Errorf("%s: lane %s has no name", where, l.ID)
		}
		for _, ref := range l.Refs {
			if inLane[ref] {
				t.Errorf("%s: %s is in two lanes", where, ref)
			}
			inLane[ref] = true
		}
	}
	for _, nd := range d.Process.Nodes {
		kind := nd.XMLName.Local
		if kind == "sequenceFlow" || kind == "laneSet" || kind == "documentation" {
			continue
		}
		if !inLane[nd.ID] {
			t.Errorf("%s: %s %s is in no lane", where, kind, nd.ID)
		}
		for _, f := range append(append([]string{}, nd.In...), nd.Out...) {
			if _, ok := flows[f]; !ok {
				t.Errorf("%s: %s names unknown flow %s", where, nd.ID, f)
			}
		}
		switch kind {
		case "task":
			tasks++
			if len(nd.In) != 1 || len(nd.Out) != 1 {
				t.Errorf("%s: task %q has %d in, %d out (implicit join or split)", where, nd.Name, len(nd.In), len(nd.Out))
			}
			if nd.Name == "" {
				t.Errorf("%s: task %s has no name", where, nd.ID)
			}
		case "parallelGateway":
			if !(len(nd.In) == 1 && len(nd.Out) > 1) && !(len(nd.In) > 1 && len(nd.Out) == 1) {
				t.Errorf("%s: gateway %s has %d in, %d out: neither a fork nor a join", where, nd.ID, len(nd.In), len(nd.Out))
			}
		case "startEvent":
			starts++
			if len(nd.In) != 0 || len(nd.Out) != 1 {
				t.Errorf("%s: start event has %d in, %d out", where, len(nd.In), len(nd.Out))
			}
		case "endEvent":
			ends++
			if len(nd.In) != 1 || len(nd.Out) != 0 {
				t.Errorf("%s: end event has %d in, %d out", where, len(nd.In), len(nd.Out))
			}
		default:
			t.Errorf("%s: unexpected element %s", where, kind)
		}
	}
	if tasks != len(rb.Steps) || starts != 1 || ends != 1 {
		t.Errorf("%s: %d tasks (want %d), %d start, %d end events", where, tasks, len(rb.Steps), starts, ends)
	}
	if len(d.Process.Lanes) != len(rb.Lanes) {
		t.Errorf("%s: %d lanes, want %d", where, len(d.Process.Lanes), len(rb.Lanes))
	}
	// Diagram: one shape per node, pool and lane; node shapes apart.
	drawn := map[string]bounds{}
	for _, s := range d.Shapes {
		var b bounds
		for i, v := range []string{s.RawBounds.X, s.RawBounds.Y, s.RawBounds.W, s.RawBounds.H} {
			f, err := parseFloat(v)
			if err != nil {
				t.Fatalf("%s: shape %s: %v", where, s.Element, err)
			}
			*[]*float64{&b.x, &b.y, &b.w, &b.h}[i] = f
		}
		drawn[s.Element] = b
	}
	var nodes []string
	for id, kind := range kinds {
		if kind == "sequenceFlow" || kind == "laneSet" || kind == "documentation" {
			continue
		}
		if _, ok := drawn[id]; !ok {
			t.Errorf("%s: %s is not drawn", where, id)
		}
		nodes = append(nodes, id)
	}
	for i, a := range nodes {
		for _, b := range nodes[i+1:] {
			if drawn[a].overlaps(drawn[b]) {
				t.Errorf("%s: %s and %s overlap", where, a, b)
			}
		}
	}
	for _, l := range d.Process.Lanes {
		if _, ok := drawn[l.ID]; !ok {
			t.Errorf("%s: lane %s is not drawn", where, l.ID)
		}
	}
	edges := map[string]bool{}
	for _, e := range d.Edges {
		edges[e.Element] = true
		f := flows[e.Element]
		src, dst := drawn[f[0]], drawn[f[1]]
		if len(e.Waypoints) < 2 {
			t.Errorf("%s: edge %s has %d waypoints", where, e.Element, len(e.Waypoints))
			continue
		}
		p0, p1 := e.Waypoints[0], e.Waypoints[len(e.Waypoints)-1]
		if p0.X != src.x+src.w || p1.X != dst.x {
			t.Errorf("%s: edge %s does not run from %s to %s", where, e.Element, f[0], f[1])
		}
	}
	for id := range flows {
		if !edges[id] {
			t.Errorf("%s: flow %s is not drawn", where, id)
		}
	}
	if !strings.Contains(string(out), `exporter="demarc"`) {
		t.Errorf("%s: no exporter", where)
	}
}

// TestHostileText: names cannot break the XML, odd runbooks still encode.
func TestHostileText(t *testing.T) {
	evil := "<script>\"&'\x01]]>"
	rbs := []*view.Runbook{{}, {
		Name: evil, Trigger: evil, Description: evil, Process: evil,
		Lanes: []view.RunbookParty{{ID: "p", Name: evil}},
		Steps: []view.RunbookStep{
			{Number: 1, ID: "a", Name: evil, Lane: "p", Handover: evil},
			{Number: 2, ID: "b", Name: evil, After: []string{"a", "a", "b", "zz"}},
		},
	}}
	for i, rb := range rbs {
		var d parsed
		if err := xml.Unmarshal(bpmn.Encode(rb), &d); err != nil {
			t.Errorf("%d: %v", i, err)
		}
	}
}

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
