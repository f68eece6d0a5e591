package diff

import (
	"cmp"
	"slices"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// DiagnosticChanges are the findings of `demarc check` that the change
// introduces and fixes. A finding is the same on both sides when its code
// and summary are: where it is written is no change.
type DiagnosticChanges struct {
	Introduced []Finding `json:"introduced"`
	Fixed      []Finding `json:"fixed"`
}

// Finding is one diagnostic, located on its side of the change.
type Finding struct {
	Code     diag.Code     `json:"code"`
	Severity diag.Severity `json:"severity"`
	Summary  string        `json:"summary"`
	Source   string        `json:"source,omitempty"`
}

func compareDiagnostics(bm *model.Model, base *check.Result, hm *model.Model, head *check.Result) DiagnosticChanges {
	return DiagnosticChanges{
		Introduced: findingsMinus(hm, head.Diagnostics, base.Diagnostics),
		Fixed:      findingsMinus(bm, base.Diagnostics, head.Diagnostics),
	}
}

type findingKey struct {
	code    diag.Code
	summary string
}

// findingsMinus lists the diagnostics of a that b does not have, counting
// repeats: two identical findings against one are one introduced.
func findingsMinus(m *model.Model, a, b diag.Diagnostics) []Finding {
	left := map[findingKey]int{}
	for _, d := range b {
		left[findingKey{d.Code, d.Summary}]++
	}
	var out []Finding
	for _, d := range a {
		k := findingKey{d.Code, d.Summary}
		if left[k] > 0 {
			left[k]--
			continue
		}
		f := Finding{Code: d.Code, Severity: d.Severity, Summary: d.Summary}
		if d.Subject.Filename != "" {
			r := d.Subject
			r.Filename = m.RelName(r.Filename)
			f.Source = r.String()
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(x.Severity, y.Severity), cmp.Compare(x.Code, y.Code), cmp.Compare(x.Summary, y.Summary), cmp.Compare(x.Source, y.Source))
	})
	return out
}
