package check

import (
	"fmt"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/store"
)

// maxNamedRules bounds how many rule ids a DM305 detail names.
const maxNamedRules = 5

// Coverage turns the acknowledgement coverage of m (as computed by
// store.Coverage) into diagnostics: one DM305 warning per party that has not
// acknowledged, in their current version, every decision it is Responsible
// or Accountable for. The subject is the party's id. Coverage is pure: the
// caller opens the store.
func Coverage(m *model.Model, cov []store.PartyCoverage) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, pc := range cov {
		if pc.Total == 0 || pc.Acknowledged >= pc.Total {
			continue
		}
		var rng diag.Range
		if p := m.PartyByID[pc.Party]; p != nil {
			rng = p.IDPos
		}
		var parts []string
		if pc.Stale > 0 {
			parts = append(parts, fmt.Sprintf("%d stale", pc.Stale))
		}
		if pc.Missing > 0 {
			parts = append(parts, fmt.Sprintf("%d missing", pc.Missing))
		}
		decisions := "decisions"
		if pc.Total == 1 {
			decisions = "decision"
		}
		summary := fmt.Sprintf("party %q has acknowledged %d of %d %s it is responsible or accountable for", pc.Party, pc.Acknowledged, pc.Total, decisions)
		if len(parts) > 0 {
			summary += " (" + strings.Join(parts, ", ") + ")"
		}
		var stale, missing []string
		for _, rc := range pc.Rules {
			switch rc.State {
			case store.Stale:
				stale = append(stale, rc.Rule)
			case store.Missing:
				missing = append(missing, rc.Rule)
			}
		}
		var detail []string
		if len(stale) > 0 {
			detail = append(detail, "Changed since acknowledged: "+listSome(stale)+".")
		}
		if len(missing) > 0 {
			detail = append(detail, "Never acknowledged: "+listSome(missing)+".")
		}
		detail = append(detail, fmt.Sprintf("A member of %s acknowledges them in `demarc serve`, on the page /my (or POST /api/v1/acknowledgements).", pc.Party))
		ds = append(ds, diag.Diagnostic{
			Code:     diag.Unacknowledged,
			Severity: diag.Unacknowledged.DefaultSeverity(),
			Summary:  summary,
			Detail:   strings.Join(detail, " "),
			Subject:  rng,
		})
	}
	return ds
}

// ApplySeverity applies the severity configuration of opts to ds, as Model
// does for its own diagnostics, and sorts the result.
func ApplySeverity(ds diag.Diagnostics, opts Options) diag.Diagnostics {
	return applySeverity(ds, opts).Sort()
}

// listSome names up to maxNamedRules ids and says how many more there are.
func listSome(ids []string) string {
	if len(ids) <= maxNamedRules {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:maxNamedRules], ", "), len(ids)-maxNamedRules)
}
