package load

import (
	"fmt"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/diag"
)

// Limits bound what the loader accepts, so hostile or accidental input is
// refused quickly with bounded memory and time. docs/limits.md lists them
// with their defaults and configuration keys; keep the two in step.
type Limits struct {
	MaxFileSize   int64         // bytes per file
	MaxFiles      int           // model files per directory tree
	MaxNodes      int           // YAML nodes per file after alias expansion
	MaxDepth      int           // nesting depth of YAML collections
	MaxTextLength int           // bytes of one text value (a name, a note, an id)
	MaxTenants    int           // tenants in the whole model
	MaxLoadTime   time.Duration // reading and parsing every file
}

// DefaultLimits are generous for real models (the synthetic L model has
// 100,000 tenants; enterprises have a million accounts, subscriptions and
// projects) and small enough to stop abuse.
var DefaultLimits = Limits{
	MaxFileSize:   32 << 20,
	MaxFiles:      20000,
	MaxNodes:      4_000_000,
	MaxDepth:      64,
	MaxTextLength: 64 << 10,
	MaxTenants:    2_000_000,
	MaxLoadTime:   time.Minute,
}

// MaxFolderDepth is how deep folders may nest under the model directory. It
// is fixed: it only stops a link or a generated tree from going on for ever.
const MaxFolderDepth = 64

func (l Limits) orDefault() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxTextLength <= 0 {
		l.MaxTextLength = DefaultLimits.MaxTextLength
	}
	if l.MaxTenants <= 0 {
		l.MaxTenants = DefaultLimits.MaxTenants
	}
	if l.MaxLoadTime <= 0 {
		l.MaxLoadTime = DefaultLimits.MaxLoadTime
	}
	return l
}

// incompleteNote is added to a limit that stops the load: the model is not
// checked further, since with files or tenants missing nearly every finding
// (unknown parties, gaps) would only be a consequence.
const incompleteNote = "Nothing else is checked until the model loads completely: with part of it missing, most findings would only be consequences."

// stopped reports a limit that stops the load and marks the result
// incomplete.
func (r *Result) stopped(ds *diag.Diagnostics, at diag.Range, detail, format string, args ...any) {
	r.Incomplete = true
	ds.Add(diag.InputLimit, at, format, args...).WithDetail("%s %s", detail, incompleteNote)
}

// markIncomplete marks the result incomplete when any limit refused part of
// the input (a file too large, a text too long), and says once, on the
// first such diagnostic, why nothing else is reported.
func (r *Result) markIncomplete(ds diag.Diagnostics) {
	first := -1
	for i, d := range ds {
		if d.Code != diag.InputLimit {
			continue
		}
		if strings.Contains(d.Detail, incompleteNote) {
			first = -2
		} else if first == -1 {
			first = i
		}
		r.Incomplete = true
	}
	if first >= 0 {
		d := &ds[first]
		d.Detail = strings.TrimSpace(d.Detail + " " + incompleteNote)
	}
}

// formatCount writes n with thousands separators, as people read counts.
func formatCount(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// textTooLong reports a text value over the length limit; the value is
// dropped, so no element carries megabytes of text into every page.
func textTooLong(ds *diag.Diagnostics, at diag.Range, what string, n, limit int) *diag.Diagnostic {
	return ds.Add(diag.InputLimit, at, "%s is %s long, more than the limit of %s (limits.max_text_length)", what, formatBytes(int64(n)), formatBytes(int64(limit))).
		WithDetail("Names, notes and descriptions are short texts; link to a longer document instead, or raise limits.max_text_length in %s.", ConfigFile)
}
