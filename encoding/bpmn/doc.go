// Package bpmn writes a process runbook as BPMN 2.0 XML with diagram
// interchange (DI), so a process opens laid out in the modelling tools
// process owners use (Camunda Modeler, bpmn.io, Signavio): one pool for the
// process, one lane per party that does steps, a task per step, parallel
// gateways where steps fork and join, and the hand-offs as sequence flows
// between lanes.
//
// The document follows the shapes bpmnlint's recommended rules expect: one
// blank start event, an end event, no implicit splits or joins (a step with
// several successors forks through a parallel gateway, a step waiting for
// several joins through one), and a gateway never both joins and forks.
package bpmn
