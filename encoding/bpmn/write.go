package bpmn

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

// write serialises the document: the collaboration with one pool, the
// process with its lanes, nodes and flows, and the diagram.
func (d *doc) write(rb *view.Runbook) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<bpmn:definitions xmlns:bpmn="%s" xmlns:bpmndi="%s" xmlns:dc="%s" xmlns:di="%s" id="Definitions_1" targetNamespace="https://demarc.dev/bpmn" exporter="demarc" exporterVersion="1">`+"\n", nsModel, nsDI, nsDC, nsDD)
	title := rb.Name
	if rb.Tenant != nil {
		title += " — tenant " + rb.Tenant.ID
	} else {
		title += " — " + rb.LandingZone
	}
	p(`  <bpmn:collaboration id="Collaboration_1">` + "\n")
	p(`    <bpmn:participant id="Participant_1" name="%s" processRef="Process_1" />`+"\n", esc(title))
	p(`  </bpmn:collaboration>` + "\n")
	p(`  <bpmn:process id="Process_1" name="%s" isExecutable="false">`+"\n", esc(rb.Name))
	var docParts []string
	if rb.Description != "" {
		docParts = append(docParts, oneLine(rb.Description))
	}
	docParts = append(docParts, "Process owner: "+rb.Owner.Name+" ("+rb.Owner.ID+").", "Landing zone: "+rb.LandingZone+".")
	if rb.Tenant != nil {
		docParts = append(docParts, "Tenant: "+rb.Tenant.ID+", owned by "+rb.Tenant.Owner+".")
	}
	docParts = append(docParts, "Process id in demarc: "+rb.Process+".")
	p(`    <bpmn:documentation>%s</bpmn:documentation>`+"\n", esc(strings.Join(docParts, "\n")))
	p(`    <bpmn:laneSet id="LaneSet_1">` + "\n")
	for li, name := range d.lanes {
		p(`      <bpmn:lane id="%s" name="%s">`+"\n", d.laneIDs[li], esc(name))
		for _, n := range d.nodes {
			if n.lane == li {
				p(`        <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>`+"\n", n.id)
			}
		}
		p(`      </bpmn:lane>` + "\n")
	}
	p(`    </bpmn:laneSet>` + "\n")
	for _, n := range d.nodes {
		p(`    <bpmn:%s id="%s"`, n.kind, n.id)
		if n.name != "" {
			p(` name="%s"`, esc(n.name))
		}
		p(">\n")
		if n.doc != "" {
			p(`      <bpmn:documentation>%s</bpmn:documentation>`+"\n", esc(n.doc))
		}
		for _, f := range n.in {
			p(`      <bpmn:incoming>%s</bpmn:incoming>`+"\n", f)
		}
		for _, f := range n.out {
			p(`      <bpmn:outgoing>%s</bpmn:outgoing>`+"\n", f)
		}
		p(`    </bpmn:%s>`+"\n", n.kind)
	}
	for _, f := range d.flows {
		p(`    <bpmn:sequenceFlow id="%s" sourceRef="%s" targetRef="%s" />`+"\n", f.id, f.from, f.to)
	}
	p(`  </bpmn:process>` + "\n")

	total := 0.0
	for _, h := range d.laneH {
		total += h
	}
	p(`  <bpmndi:BPMNDiagram id="BPMNDiagram_1">` + "\n")
	p(`    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">` + "\n")
	shape := func(id string, x, y, w, h float64, extra string) {
		p(`      <bpmndi:BPMNShape id="%s_di" bpmnElement="%s"%s>`+"\n", id, id, extra)
		p(`        <dc:Bounds x="%s" y="%s" width="%s" height="%s" />`+"\n", num(x), num(y), num(w), num(h))
		p(`      </bpmndi:BPMNShape>` + "\n")
	}
	shape("Participant_1", 0, 0, d.width, total, ` isHorizontal="true"`)
	for li := range d.lanes {
		shape(d.laneIDs[li], poolLabelW, d.laneY[li], d.width-poolLabelW, d.laneH[li], ` isHorizontal="true"`)
	}
	for _, n := range d.nodes {
		shape(n.id, n.x, n.y, n.w, n.h, "")
	}
	for _, f := range d.flows {
		from, to := d.byID[f.from], d.byID[f.to]
		x1, y1 := from.x+from.w, from.y+from.h/2
		x2, y2 := to.x, to.y+to.h/2
		p(`      <bpmndi:BPMNEdge id="%s_di" bpmnElement="%s">`+"\n", f.id, f.id)
		points := [][2]float64{{x1, y1}, {x2, y2}}
		if y1 != y2 {
			mx := x2 - 20
			if mx <= x1 {
				mx = (x1 + x2) / 2
			}
			points = [][2]float64{{x1, y1}, {mx, y1}, {mx, y2}, {x2, y2}}
		}
		for _, pt := range points {
			p(`        <di:waypoint x="%s" y="%s" />`+"\n", num(pt[0]), num(pt[1]))
		}
		p(`      </bpmndi:BPMNEdge>` + "\n")
	}
	p(`    </bpmndi:BPMNPlane>` + "\n")
	p(`  </bpmndi:BPMNDiagram>` + "\n")
	p(`</bpmn:definitions>` + "\n")
	return []byte(b.String())
}

// num writes a coordinate as an integer when it is one, else with one
// decimal.
func num(f float64) string {
	r := math.Round(f*10) / 10
	if r == math.Trunc(r) {
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	return strconv.FormatFloat(r, 'f', 1, 64)
}
