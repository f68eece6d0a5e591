package bpmn

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// The namespaces of BPMN 2.0 and its diagram interchange.
const (
	nsModel = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	nsDI    = "http://www.omg.org/spec/BPMN/20100524/DI"
	nsDC    = "http://www.omg.org/spec/DD/20100524/DC"
	nsDD    = "http://www.omg.org/spec/DD/20100524/DI"
)

// Layout sizes, in the units modelling tools use (pixels at 100%).
const (
	poolLabelW = 30.0
	laneLabelW = 150.0
	colW       = 300.0 // join gateway, task, fork gateway
	taskW      = 100.0
	taskH      = 80.0
	gwSize     = 50.0
	eventSize  = 36.0
	rowH       = 120.0 // a task and the room around it
	laneMinH   = 130.0
	firstColX  = poolLabelW + laneLabelW + 90 // room for the start event
)

// node is a flow node with its place in the diagram.
type node struct {
	id, kind, name string // kind: startEvent, endEvent, task, parallelGateway
	doc            string
	lane           int
	x, y, w, h     float64
	in, out        []string // sequence flow ids
}

type flow struct {
	id, from, to string
}

type doc struct {
	nodes   []*node
	flows   []*flow
	byID    map[string]*node
	lanes   []string // names
	laneIDs []string
	laneY   []float64
	laneH   []float64
	width   float64
}

func (d *doc) add(n *node) *node {
	d.nodes = append(d.nodes, n)
	d.byID[n.id] = n
	return n
}

func (d *doc) connect(from, to *node) {
	f := &flow{id: fmt.Sprintf("Flow_%d", len(d.flows)+1), from: from.id, to: to.id}
	d.flows = append(d.flows, f)
	from.out = append(from.out, f.id)
	to.in = append(to.in, f.id)
}

// Encode returns the BPMN document of a runbook. The same runbook always
// gives the same bytes.
func Encode(rb *view.Runbook) []byte {
	d := &doc{byID: map[string]*node{}}
	laneOf := map[string]int{}
	for _, p := range rb.Lanes {
		if _, dup := laneOf[p.ID]; dup {
			continue
		}
		laneOf[p.ID] = len(d.lanes)
		d.lanes = append(d.lanes, p.Name)
	}
	undecided := -1
	laneFor := func(st *view.RunbookStep) int {
		if li, ok := laneOf[st.Lane]; ok {
			return li
		}
		if undecided < 0 {
			undecided = len(d.lanes)
			d.lanes = append(d.lanes, "Nobody decided")
		}
		return undecided
	}
	// Steps: tasks, with their column (one past the furthest step they
	// wait for) and their row within the lane's column.
	stepIdx := map[string]int{}
	col := make([]int, len(rb.Steps))
	tasks := make([]*node, len(rb.Steps))
	succ := make([][]int, len(rb.Steps))
	preds := make([][]int, len(rb.Steps))
	for i := range rb.Steps {
		st := &rb.Steps[i]
		if _, dup := stepIdx[st.ID]; !dup {
			stepIdx[st.ID] = i
		}
		for _, a := range st.After {
			j, ok := stepIdx[a]
			if !ok || j == i || contains(preds[i], j) {
				continue
			}
			preds[i] = append(preds[i], j)
			succ[j] = append(succ[j], i)
			col[i] = max(col[i], col[j]+1)
		}
		tasks[i] = &node{id: fmt.Sprintf("Task_%d", i+1), kind: "task", name: fmt.Sprintf("%d. %s", st.Number, st.Name), doc: stepDoc(st), lane: laneFor(st)}
	}
	slot := map[[2]int]int{}
	row := make([]int, len(rb.Steps))
	cols := 1
	for i, t := range tasks {
		k := [2]int{t.lane, col[i]}
		row[i] = slot[k]
		slot[k]++
		cols = max(cols, col[i]+1)
	}
	d.laneH = make([]float64, len(d.lanes))
	for li := range d.lanes {
		d.laneH[li] = laneMinH
	}
	for k, n := range slot {
		d.laneH[k[0]] = max(d.laneH[k[0]], float64(n)*rowH+10)
	}
	if len(d.lanes) == 0 {
		d.lanes = []string{rb.Owner.Name}
		d.laneH = []float64{laneMinH}
	}
	y := 0.0
	for li := range d.lanes {
		d.laneIDs = append(d.laneIDs, fmt.Sprintf("Lane_%d", li+1))
		d.laneY = append(d.laneY, y)
		y += d.laneH[li]
	}
	d.width = firstColX + float64(cols)*colW + 90
	place := func(n *node, cx, cy float64) {
		n.x, n.y = cx-n.w/2, cy-n.h/2
	}
	centreY := func(lane, r int) float64 { return d.laneY[lane] + 5 + float64(r)*rowH + rowH/2 }

	// The trigger is a sentence: it goes into the documentation, as a
	// label it would spill over the lanes below.
	start := d.add(&node{id: "StartEvent_1", kind: "startEvent", name: "Start", doc: oneLine(rb.Trigger), w: eventSize, h: eventSize})
	if rb.Trigger != "" {
		start.name = "Triggered"
	}
	// Join gateways in front of tasks that wait for several steps, fork
	// gateways after tasks that several steps wait for.
	inPort := make([]*node, len(tasks))
	outPort := make([]*node, len(tasks))
	for i, t := range tasks {
		t.w, t.h = taskW, taskH
		cx := firstColX + float64(col[i])*colW + colW/2
		cy := centreY(t.lane, row[i])
		place(t, cx, cy)
		inPort[i], outPort[i] = t, t
		if len(preds[i]) > 1 {
			g := d.add(&node{id: fmt.Sprintf("Gateway_join_%d", i+1), kind: "parallelGateway", lane: t.lane, w: gwSize, h: gwSize})
			place(g, cx-colW/2+gwSize/2+10, cy)
			d.connect(g, t)
			inPort[i] = g
		}
		d.add(t)
		if len(succ[i]) > 1 {
			g := d.add(&node{id: fmt.Sprintf("Gateway_fork_%d", i+1), kind: "parallelGateway", lane: t.lane, w: gwSize, h: gwSize})
			place(g, cx+colW/2-gwSize/2-10, cy)
			d.connect(t, g)
			outPort[i] = g
		}
	}
	var first, last []int
	for i := range tasks {
		if len(preds[i]) == 0 {
			first = append(first, i)
		}
		if len(succ[i]) == 0 {
			last = append(last, i)
		}
	}
	startLane := 0
	if len(first) > 0 {
		startLane = tasks[first[0]].lane
	}
	start.lane = startLane
	place(start, poolLabelW+laneLabelW+40, centreY(startLane, 0))
	from := start
	if len(first) > 1 {
		g := d.add(&node{id: "Gateway_start", kind: "parallelGateway", lane: startLane, w: gwSize, h: gwSize})
		place(g, start.x+start.w+50, centreY(startLane, 0))
		d.connect(start, g)
		from = g
	}
	for _, i := range first {
		d.connect(from, inPort[i])
	}
	for i := range tasks {
		for _, j := range succ[i] {
			d.connect(outPort[i], inPort[j])
		}
	}
	endLane := startLane
	if len(last) > 0 {
		endLane = tasks[last[len(last)-1]].lane
	}
	end := d.add(&node{id: "EndEvent_1", kind: "endEvent", name: "Done", lane: endLane, w: eventSize, h: eventSize})
	place(end, d.width-40, centreY(endLane, 0))
	to := end
	if len(last) > 1 {
		g := d.add(&node{id: "Gateway_end", kind: "parallelGateway", lane: endLane, w: gwSize, h: gwSize})
		place(g, d.width-110, centreY(endLane, 0))
		d.connect(g, end)
		to = g
	}
	if len(tasks) == 0 {
		d.connect(start, end)
	}
	for _, i := range last {
		d.connect(outPort[i], to)
	}
	return d.write(rb)
}

// stepDoc is a task's documentation: who does it and what it hands over.
func stepDoc(st *view.RunbookStep) string {
	var parts []string
	parts = append(parts, "Activity: "+st.Activity)
	for _, a := range st.Answers {
		v := a.Answer
		prefix := ""
		if len(a.For) > 0 {
			prefix = "For " + strings.Join(a.For, ", ") + ": "
		}
		switch v.Outcome {
		case resolve.Gap:
			parts = append(parts, prefix+"GAP: no rule decides this step")
			continue
		case resolve.Conflicting:
			parts = append(parts, prefix+"CONFLICT: rules disagree")
			continue
		}
		parts = append(parts, prefix+"Accountable: "+names(v.Accountable)+". Responsible: "+names(v.Responsible))
		if len(v.Consulted) > 0 {
			parts = append(parts, "Consulted: "+names(v.Consulted))
		}
		if len(v.Informed) > 0 {
			parts = append(parts, "Informed: "+names(v.Informed))
		}
		if v.Rule != nil {
			parts = append(parts, "Rule: "+v.Rule.ID)
		}
	}
	if st.NotHere != "" {
		parts = append(parts, "Not part of the process here: "+st.NotHere)
	}
	if st.Handover != "" {
		parts = append(parts, "Hands over: "+oneLine(st.Handover))
	}
	if st.Duration != "" {
		parts = append(parts, "Target duration: "+st.Duration)
	}
	return strings.Join(parts, "\n")
}

func names(list []resolve.AssigneeView) string {
	var out []string
	for _, a := range list {
		out = append(out, a.Name)
	}
	return strings.Join(out, ", ")
}

func contains(list []int, v int) bool { // small lists: a scan beats a map
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// esc escapes s for XML text and attributes; characters XML does not
// allow become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
