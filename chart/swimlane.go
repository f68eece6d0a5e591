package chart

import (
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// The swimlane chart of a process: one lane per party that does steps, a
// box per step in the lane of its (first) responsible party, columns in
// running order, and an arrow per dependency; the hand-offs (a step done by
// a party that did not do the step before it) are drawn strong. Steps that run in parallel share a column,
// stacked within their lane, so the width follows the longest chain of
// steps, not their number.
const (
	slPad      = 24.0
	slLaneW    = 170.0 // the lane header column
	slBoxW     = 168.0
	slBoxGapX  = 56.0 // room for the arrows between columns
	slBoxGapY  = 14.0
	slLanePadY = 14.0
	slMaxName  = 3
)

var (
	slName = textStyle{size: 12.5, bold: true}
	slMeta = textStyle{size: 11}
	slLane = textStyle{size: 13, bold: true}
	slKind = textStyle{size: 11, color: mutedColor}
)

type slBox struct {
	step       *view.RunbookStep
	lane, col  int
	slot       int // position in its lane's column stack
	x, y, w, h float64
	name       []string
	meta       string
	fill, ink  string
}

// Swimlane draws the runbook of a process as a swimlane chart.
func Swimlane(rb *view.Runbook) []byte {
	if rb == nil {
		rb = &view.Runbook{}
	}
	// Lanes: the runbook's parties in order, then one for undecided steps.
	laneOf := map[string]int{}
	type lane struct {
		title, kind string
		fill        string
	}
	var lanes []lane
	for _, p := range rb.Lanes {
		if _, dup := laneOf[p.ID]; dup {
			continue
		}
		laneOf[p.ID] = len(lanes)
		lanes = append(lanes, lane{title: p.Name, kind: p.Kind, fill: fillOf(p.Kind)})
	}
	undecided := -1
	boxes := make([]*slBox, 0, len(rb.Steps))
	byID := map[string]*slBox{}
	for i := range rb.Steps {
		st := &rb.Steps[i]
		b := &slBox{step: st}
		li, ok := laneOf[st.Lane]
		if !ok {
			if undecided < 0 {
				undecided = len(lanes)
				lanes = append(lanes, lane{title: "Nobody decided", kind: "gap", fill: fillOf(view.CategoryGap)})
			}
			li = undecided
		}
		b.lane = li
		b.fill = lanes[li].fill
		if st.NotHere != "" {
			b.fill = unusedFill
		}
		b.ink = textOn(b.fill)
		// A step runs after everything it waits for: its column is one
		// past the furthest of them.
		for _, a := range st.After {
			if p := byID[a]; p != nil && p.col+1 > b.col {
				b.col = p.col + 1
			}
		}
		if _, dup := byID[st.ID]; !dup {
			byID[st.ID] = b
		}
		b.name, _ = wrap(fmt.Sprintf("%d. %s", st.Number, st.Name), slBoxW-16, slName, slMaxName)
		b.meta = fit(stepMeta(st), slBoxW-16, slMeta)
		b.w = slBoxW
		b.h = 10 + float64(len(b.name))*slName.lineHeight() + slMeta.lineHeight() + 8
		boxes = append(boxes, b)
	}
	// Stack the boxes that share a lane and a column.
	cols := 0
	stack := map[[2]int][]*slBox{}
	for _, b := range boxes {
		k := [2]int{b.lane, b.col}
		b.slot = len(stack[k])
		stack[k] = append(stack[k], b)
		cols = max(cols, b.col+1)
	}
	laneH := make([]float64, len(lanes))
	for li := range lanes {
		laneH[li] = 2*slLanePadY + 40
		for c := 0; c < cols; c++ {
			h := slLanePadY
			for _, b := range stack[[2]int{li, c}] {
				h += b.h + slBoxGapY
			}
			laneH[li] = max(laneH[li], h-slBoxGapY+slLanePadY)
		}
	}
	contentW := slLaneW + float64(max(cols, 1))*(slBoxW+slBoxGapX)
	width := max(contentW+2*slPad, 560)
	title := "Process: " + rb.Name
	where := "Landing zone " + rb.LandingZone
	if rb.Tenant != nil {
		where = "Tenant " + rb.Tenant.ID + " in landing zone " + rb.LandingZone
	}
	sub := where + ". Lanes are the parties doing the steps; strong arrows are hand-offs from one party to another."
	hd := newHeading(title, sub, width-2*slPad)
	top := slPad + hd.height()
	laneY := make([]float64, len(lanes))
	y := top
	for li := range lanes {
		laneY[li] = y
		y += laneH[li]
	}
	for _, b := range boxes {
		b.x = slPad + slLaneW + float64(b.col)*(slBoxW+slBoxGapX) + slBoxGapX/2
		b.y = laneY[b.lane] + slLanePadY
		for _, o := range stack[[2]int{b.lane, b.col}][:b.slot] {
			b.y += o.h + slBoxGapY
		}
	}
	leg := &legend{title: "Lane"}
	seen := map[string]bool{}
	for _, l := range lanes {
		if !seen[l.kind] {
			seen[l.kind] = true
			leg.items = append(leg.items, legendItem{label: laneKindLabel(l.kind), swatch: swatchRect, fill: l.fill})
		}
	}
	leg.items = append(leg.items, legendItem{label: "Hand-off", swatch: swatchThick}, legendItem{label: "Same party", swatch: swatchDashed})
	legTop := y + 20
	height := legTop + leg.height(width-2*slPad) + slPad

	s := &svg{id: "demarc-sl-" + idPart(rb.Process) + "-" + idPart(rb.LandingZone)}
	s.begin(width, height, title, slDesc(rb, len(lanes)))
	hd.draw(s, slPad, slPad)
	s.raw(`<defs><marker id="%s-end" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="%s"/></marker></defs>`+"\n", s.id, inkColor)
	// Lanes.
	s.raw("<g>\n")
	for li, l := range lanes {
		fill := paperColor
		if li%2 == 1 {
			fill = "#f6f8fa"
		}
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`+"\n", num(slPad), num(laneY[li]), num(contentW), num(laneH[li]), fill, gridColor)
		s.raw(`<rect x="%s" y="%s" width="6" height="%s" fill="%s"/>`+"\n", num(slPad), num(laneY[li]), num(laneH[li]), l.fill)
		name, _ := wrap(l.title, slLaneW-24, slLane, 3)
		s.raw("<g>")
		s.tooltip("Lane: " + l.title + " (" + laneKindLabel(l.kind) + ")")
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none"/>`, num(slPad), num(laneY[li]), num(slLaneW), num(laneH[li]))
		s.text(slPad+14, laneY[li]+slLanePadY+12, slLane, name...)
		s.text(slPad+14, laneY[li]+slLanePadY+12+float64(len(name))*slLane.lineHeight(), slKind, laneKindLabel(l.kind))
		s.raw("</g>\n")
	}
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`+"\n", num(slPad+slLaneW), num(top), num(slPad+slLaneW), num(y), gridColor)
	s.raw("</g>\n")
	// Arrows under the boxes, so no arrow hides a label.
	handoffs := map[[2]string]view.Handoff{}
	for _, h := range rb.Handoffs {
		handoffs[[2]string{h.From, h.To}] = h
	}
	s.raw("<g fill=\"none\">\n")
	for _, b := range boxes {
		for _, a := range b.step.After {
			p := byID[a]
			if p == nil {
				continue
			}
			h, handoff := handoffs[[2]string{p.step.ID, b.step.ID}]
			x0, y0 := p.x+p.w, p.y+p.h/2
			x1, y1 := b.x, b.y+b.h/2
			dx := (x1 - x0) / 2
			if dx < 20 {
				dx = 20
			}
			attrs := fmt.Sprintf(`stroke="%s" stroke-width="1.5" stroke-dasharray="5 4"`, lineColor)
			if handoff {
				attrs = fmt.Sprintf(`stroke="%s" stroke-width="2.5"`, inkColor)
			}
			s.raw(`<path d="M%s %sC%s %s %s %s %s %s" %s marker-end="url(#%s-end)">`, num(x0), num(y0), num(x0+dx), num(y0), num(x1-dx), num(y1), num(x1), num(y1), attrs, s.id)
			s.tooltip(arrowTooltip(p.step, b.step, h, handoff))
			s.raw("</path>\n")
		}
	}
	s.raw("</g>\n")
	// Boxes.
	s.raw("<g>\n")
	for _, b := range boxes {
		s.raw(`<g><rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s"/>`, num(b.x), num(b.y), num(b.w), num(b.h), b.fill, inkColor)
		s.tooltip(stepTooltip(b.step))
		s.raw("\n")
		s.text(b.x+8, b.y+8+slName.size, textStyle{size: slName.size, bold: true, color: b.ink}, b.name...)
		s.text(b.x+8, b.y+8+slName.size+float64(len(b.name))*slName.lineHeight(), textStyle{size: slMeta.size, color: b.ink}, b.meta)
		s.raw("</g>\n")
	}
	s.raw("</g>\n")
	if len(boxes) == 0 {
		s.text(slPad, top+24, textStyle{size: 13, color: mutedColor}, "No steps in this landing zone")
	}
	leg.draw(s, slPad, legTop, width-2*slPad)
	return s.end()
}

// stepMeta is the small line of a box: who is accountable, and the target.
func stepMeta(st *view.RunbookStep) string {
	var parts []string
	if st.NotHere != "" {
		parts = append(parts, "not here")
	} else if acc := accountableOf(st); acc != "" {
		parts = append(parts, "A: "+acc)
	}
	if st.Duration != "" {
		parts = append(parts, st.Duration)
	}
	return strings.Join(parts, " · ")
}

func accountableOf(st *view.RunbookStep) string {
	var ids []string
	for _, a := range st.Answers {
		for _, p := range a.Answer.Accountable {
			if !slices.Contains(ids, p.Party) {
				ids = append(ids, p.Party)
			}
		}
		if a.Answer.Outcome == resolve.Gap {
			return "gap"
		}
		if a.Answer.Outcome == resolve.Conflicting {
			return "conflict"
		}
	}
	return strings.Join(ids, ", ")
}

func rolesOf(st *view.RunbookStep) (acc, resp []string) {
	for _, a := range st.Answers {
		for _, p := range a.Answer.Accountable {
			if !slices.Contains(acc, p.Name) {
				acc = append(acc, p.Name)
			}
		}
		for _, p := range a.Answer.Responsible {
			if !slices.Contains(resp, p.Name) {
				resp = append(resp, p.Name)
			}
		}
	}
	return acc, resp
}

func stepTooltip(st *view.RunbookStep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Step %d: %s (activity %s)", st.Number, st.Name, st.Activity)
	if st.NotHere != "" {
		fmt.Fprintf(&b, ". Not part of the process here: %s", st.NotHere)
	}
	acc, resp := rolesOf(st)
	if len(acc) > 0 {
		fmt.Fprintf(&b, ". Accountable: %s", strings.Join(acc, ", "))
	}
	if len(resp) > 0 {
		fmt.Fprintf(&b, ". Responsible: %s", strings.Join(resp, ", "))
	}
	if st.Duration != "" {
		fmt.Fprintf(&b, ". Target: %s", st.Duration)
	}
	if st.Handover != "" {
		fmt.Fprintf(&b, ". Hands over: %s", st.Handover)
	}
	return b.String()
}

func arrowTooltip(from, to *view.RunbookStep, h view.Handoff, handoff bool) string {
	s := fmt.Sprintf("Then: step %d (%s) to step %d (%s)", from.Number, from.Name, to.Number, to.Name)
	if handoff {
		s = fmt.Sprintf("Hand-off: step %d (%s) to step %d (%s), from %s to %s", from.Number, from.Name, to.Number, to.Name, strings.Join(h.FromBy, ", "), strings.Join(h.ToBy, ", "))
	}
	if from.Handover != "" {
		s += ": " + from.Handover
	}
	return s
}

func laneKindLabel(kind string) string {
	if kind == "gap" {
		return "Gap (nobody)"
	}
	return kindLabel(kind)
}

// slDesc summarises the chart for screen readers: the steps in order with
// who does them, and the hand-offs.
func slDesc(rb *view.Runbook, lanes int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Swimlane chart of the process %s: %s in %s, %s.", rb.Name, plural(len(rb.Steps), "step", "steps"), plural(lanes, "lane", "lanes"), plural(len(rb.Handoffs), "hand-off", "hand-offs"))
	for _, st := range rb.Steps {
		_, resp := rolesOf(&st)
		who := strings.Join(resp, ", ")
		if who == "" {
			who = "nobody decided"
		}
		fmt.Fprintf(&b, " Step %d, %s: %s.", st.Number, st.Name, who)
	}
	return b.String()
}
