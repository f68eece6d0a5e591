package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// runWhoProcess answers `demarc who --process`: the runbook of a process
// for a tenant or a landing zone.
func runWhoProcess(st *streams, mdir *modelDir, args []string, process, zone, tenant, format string) error {
	if len(args) > 1 {
		return withHint(errors.New("with --process, give at most the model directory as an argument"), "demarc who --process PROCESS --tenant TENANT [DIR]")
	}
	dir, err := mdir.get(args, 0)
	if err != nil {
		return err
	}
	if format != "text" && format != "json" {
		return withHint(fmt.Errorf("unknown format %q", format), "--format text or --format json")
	}
	r, l := resolver(dir)
	if n := l.diags.Count(diag.Error); n > 0 {
		fmt.Fprintf(st.err, "warning: the model has %d loading error(s); answers may be incomplete. Run `demarc check %s`.\n", n, dir)
	}
	rb, err := view.ProcessRunbook(r, process, zone, tenant)
	if err != nil {
		return withHint(err, "let the shell complete ids (`demarc completion --help`); the site's process pages list them all")
	}
	if format == "json" {
		enc := json.NewEncoder(st.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{
			"query":   map[string]string{"process": process, "landing_zone": zone, "tenant": tenant},
			"runbook": rb,
		}); err != nil {
			return err
		}
	} else {
		writeRunbook(st.out, l.model, rb)
	}
	if rb.Undecided > 0 || l.diags.Count(diag.Error) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// writeRunbook prints a runbook: the steps in running order, who does
// each and how to reach them, with each hand-off marked where it happens.
func writeRunbook(w io.Writer, m *model.Model, rb *view.Runbook) {
	fmt.Fprintf(w, "Runbook: %s (%s)\n", rb.Name, rb.Process)
	if t := rb.Tenant; t != nil {
		fmt.Fprintf(w, "Tenant %s", t.ID)
		if t.Name != "" {
			fmt.Fprintf(w, " %q", t.Name)
		}
		fmt.Fprintf(w, ", owned by %s, in landing zone %s\n", t.Owner, rb.LandingZone)
	} else {
		fmt.Fprintf(w, "Landing zone %s (the tenant owner stands for the team that owns the tenant)\n", rb.LandingZone)
	}
	fmt.Fprintf(w, "Process owner: %s\n", partyLine(rb.Owner))
	if rb.Trigger != "" {
		fmt.Fprintf(w, "Trigger: %s\n", oneLine(rb.Trigger))
	}
	byTo := map[string][]view.Handoff{}
	for _, h := range rb.Handoffs {
		byTo[h.To] = append(byTo[h.To], h)
	}
	number := map[string]int{}
	for _, s := range rb.Steps {
		number[s.ID] = s.Number
	}
	for i, s := range rb.Steps {
		fmt.Fprintln(w)
		for _, h := range byTo[s.ID] {
			fmt.Fprintf(w, "  >> HAND-OFF from step %d (%s) to %s", number[h.From], strings.Join(h.FromBy, ", "), strings.Join(h.ToBy, ", "))
			if h.Handover != "" {
				fmt.Fprintf(w, ": %s", oneLine(h.Handover))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%2d. %s (%s, activity %s)", s.Number, s.Name, s.ID, s.Activity)
		if s.Duration != "" {
			fmt.Fprintf(w, ", target %s", s.Duration)
		}
		fmt.Fprintln(w)
		if after := afterText(s, rb.Steps, i, number); after != "" {
			fmt.Fprintf(w, "    %s\n", after)
		}
		if s.NotHere != "" {
			fmt.Fprintf(w, "    Not part of the process here: %s.\n", s.NotHere)
			continue
		}
		for _, a := range s.Answers {
			indent := "    "
			if len(a.For) > 0 {
				fmt.Fprintf(w, "    For %s:\n", strings.Join(a.For, ", "))
				indent = "      "
			}
			writeStepAnswer(w, m, a.Answer, indent)
		}
		if s.Handover != "" {
			fmt.Fprintf(w, "    Hands over: %s\n", oneLine(s.Handover))
		}
	}
	fmt.Fprintf(w, "\n%d steps, %d hand-offs", len(rb.Steps), len(rb.Handoffs))
	if rb.Undecided > 0 {
		fmt.Fprintf(w, ", %d undecided (see `demarc check`)", rb.Undecided)
	}
	fmt.Fprintln(w)
}

// afterText says what a step waits for when that is not simply the step
// printed before it.
func afterText(s view.RunbookStep, steps []view.RunbookStep, i int, number map[string]int) string {
	switch {
	case len(s.After) == 0 && i > 0:
		return "Starts with the process, in parallel with the steps before it."
	case len(s.After) == 0, len(s.After) == 1 && i > 0 && s.After[0] == steps[i-1].ID:
		return ""
	}
	nums := make([]string, len(s.After))
	for k, id := range s.After {
		nums[k] = fmt.Sprint(number[id])
	}
	return "After step " + strings.Join(nums, " and ") + "."
}

func writeStepAnswer(w io.Writer, m *model.Model, v resolve.AnswerView, indent string) {
	switch v.Outcome {
	case resolve.Gap:
		fmt.Fprintf(w, "%sGAP: no rule decides this step here; the process stalls (see `demarc explain gap`).\n", indent)
		return
	case resolve.Conflicting:
		fmt.Fprintf(w, "%sCONFLICT: equally specific rules disagree:\n", indent)
		for _, r := range v.Conflicting {
			fmt.Fprintf(w, "%s  rule %s at %s\n", indent, r.ID, shownSource(m, r.Source))
		}
		return
	}
	names := func(list []resolve.AssigneeView) string {
		var out []string
		for _, as := range list {
			s := as.Party
			if as.Via != "" {
				s += " (the tenant owner)"
			} else if as.Party == model.TenantOwner {
				s += " (the team that owns the tenant)"
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	fmt.Fprintf(w, "%sAccountable: %s\n", indent, names(v.Accountable))
	fmt.Fprintf(w, "%sResponsible: %s\n", indent, names(v.Responsible))
	if len(v.Consulted) > 0 {
		fmt.Fprintf(w, "%sConsulted:   %s\n", indent, names(v.Consulted))
	}
	if len(v.Informed) > 0 {
		fmt.Fprintf(w, "%sInformed:    %s\n", indent, names(v.Informed))
	}
	if v.Rule != nil {
		fmt.Fprintf(w, "%sRule:        %s at %s\n", indent, v.Rule.ID, shownSource(m, v.Rule.Source))
	}
	for _, pc := range v.Contacts {
		var cs []string
		for _, c := range pc.Contacts {
			cs = append(cs, contactText(c))
		}
		if len(cs) == 0 {
			cs = append(cs, "no contact recorded")
		}
		fmt.Fprintf(w, "%sContact %s: %s\n", indent, pc.Party, strings.Join(cs, "; "))
	}
}

func partyLine(p view.RunbookParty) string {
	s := fmt.Sprintf("%s (%s)", p.Name, p.ID)
	var cs []string
	for _, c := range p.Contacts {
		cs = append(cs, contactText(c))
	}
	if len(cs) > 0 {
		s += ": " + strings.Join(cs, "; ")
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func processIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.Processes))
	for _, p := range m.Processes {
		out = append(out, [2]string{p.ID, p.Name})
	}
	return out
}
