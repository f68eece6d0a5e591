// Package testprocess adds processes to a model directory for benchmarks:
// n processes of 10 to 40 steps over the model's activities, mostly of
// the tenant grain as real lifecycle processes are, with parallel
// branches that fork and join.
package testprocess

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/demarc-dev/demarc/model"
)

// Write writes processes.yaml with n processes into dir, over the
// activities and parties of m (the model loaded from dir). Each process is
// owned by the party accountable for its first step's activity where one
// rule without a scope names it, else by the first party.
func Write(dir string, m *model.Model, n int) error {
	var tenant, other []string
	for _, a := range m.Activities {
		if a.Builtin != "" {
			continue
		}
		if a.EffectiveGrain() == model.GrainTenant {
			tenant = append(tenant, a.ID)
		} else {
			other = append(other, a.ID)
		}
	}
	if len(tenant) == 0 || len(m.Parties) == 0 {
		return fmt.Errorf("testprocess: the model has no tenant activities or parties")
	}
	owner := map[string]string{}
	for _, r := range m.Rules {
		if r.Scope == nil && r.Activity.IsSet() && len(r.Accountable) == 1 && r.Accountable[0].ID != model.TenantOwner {
			owner[r.Activity.ID] = r.Accountable[0].ID
		}
	}
	var b strings.Builder
	b.WriteString("processes:\n")
	k := 0
	for p := 0; p < n; p++ {
		steps := 10 + (p*7)%31
		acts := make([]string, steps)
		for s := range acts {
			if s%5 == 4 && len(other) > 0 {
				acts[s] = other[(k*3)%len(other)]
			} else {
				acts[s] = tenant[k%len(tenant)]
			}
			k++
		}
		own := owner[acts[0]]
		if own == "" {
			own = m.Parties[0].ID
		}
		fmt.Fprintf(&b, "  - id: process-%02d\n    name: Process %d\n    owner: %s\n    trigger: A request.\n    steps:\n", p, p, own)
		for s, a := range acts {
			fmt.Fprintf(&b, "      - id: step-%02d\n        activity: %s\n        handover: the result of step %d\n        duration: %dd\n", s, a, s, 1+s%5)
			// Every fourth step forks: the next two steps both wait for
			// it, and the one after joins them.
			switch {
			case s%4 == 1 && s >= 1:
				fmt.Fprintf(&b, "        after: [step-%02d]\n", s-1)
			case s%4 == 2 && s >= 2:
				fmt.Fprintf(&b, "        after: [step-%02d]\n", s-2)
			case s%4 == 3 && s >= 3:
				fmt.Fprintf(&b, "        after: [step-%02d, step-%02d]\n", s-2, s-1)
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "processes.yaml"), []byte(b.String()), 0o644)
}
