package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity of a diagnostic. The zero value is invalid on purpose, so a
// diagnostic built without a severity is caught by Validate and by tests.
type Severity int

const (
	SeverityInvalid Severity = iota
	Error
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "invalid"
}

// ParseSeverity is the inverse of String; it also accepts "off".
func ParseSeverity(s string) (sev Severity, off bool, err error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, false, nil
	case "warning", "warn":
		return Warning, false, nil
	case "info", "note":
		return Info, false, nil
	case "off", "ignore", "none":
		return SeverityInvalid, true, nil
	}
	return SeverityInvalid, false, fmt.Errorf("unknown severity %q: use error, warning, info or off", s)
}

// MarshalText makes severities appear as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the words written by MarshalText.
func (s *Severity) UnmarshalText(b []byte) error {
	v, off, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	if off {
		return fmt.Errorf("severity %q cannot be stored on a diagnostic", b)
	}
	*s = v
	return nil
}

// Related is a secondary location that contributes to a diagnostic.
type Related struct {
	Message string `json:"message"`
	Range   Range  `json:"range"`
}

// Diagnostic is one problem found in a model. It is a plain value; the same
// struct is marshalled as the JSON shape of every output.
type Diagnostic struct {
	Code     Code      `json:"code"`
	Severity Severity  `json:"severity"`
	Summary  string    `json:"summary"`
	Detail   string    `json:"detail,omitempty"`
	Subject  Range     `json:"range"`
	Path     string    `json:"path,omitempty"` // data path such as rules[3].accountable
	Related  []Related `json:"related,omitempty"`
	// Suggestion is a replacement the user probably meant ("did you mean").
	Suggestion string `json:"suggestion,omitempty"`
}

// Error makes a single diagnostic usable as an error.
func (d Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Subject, d.Severity, d.Summary, d.Code)
}

// Diagnostics is a list of diagnostics. It implements error so a stage can
// return everything it found as one value.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of diagnostics with severity s.
func (ds Diagnostics) Count(s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

func (ds Diagnostics) Error() string {
	switch len(ds) {
	case 0:
		return "no diagnostics"
	case 1:
		return ds[0].Error()
	}
	return fmt.Sprintf("%s, and %d other diagnostic(s)", ds[0].Error(), len(ds)-1)
}

// Sort orders diagnostics by file, position, code and summary and removes
// exact duplicates, so output is stable whatever order stages ran in. Input
// limits (DM002) come first: when one stopped the load, it explains
// everything after it, and must not be line 300,000 of the output.
func (ds Diagnostics) Sort() Diagnostics {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			-cmp.Compare(b2i(a.Code == InputLimit), b2i(b.Code == InputLimit)),
			cmp.Compare(a.Subject.Filename, b.Subject.Filename),
			cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Summary, b.Summary),
		)
	})
	return slices.CompactFunc(ds, func(a, b Diagnostic) bool {
		return a.Code == b.Code && a.Summary == b.Summary && a.Subject == b.Subject && a.Detail == b.Detail
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Add appends a diagnostic with the default severity of its code.
func (ds *Diagnostics) Add(code Code, subject Range, format string, args ...any) *Diagnostic {
	*ds = append(*ds, Diagnostic{
		Code:     code,
		Severity: code.DefaultSeverity(),
		Summary:  fmt.Sprintf(format, args...),
		Subject:  subject,
	})
	return &(*ds)[len(*ds)-1]
}

// WithDetail sets the detail and returns d for chaining.
func (d *Diagnostic) WithDetail(format string, args ...any) *Diagnostic {
	d.Detail = fmt.Sprintf(format, args...)
	return d
}

// WithPath sets the data path and returns d for chaining.
func (d *Diagnostic) WithPath(path string) *Diagnostic {
	d.Path = path
	return d
}

// WithRelated appends a related location and returns d for chaining.
func (d *Diagnostic) WithRelated(msg string, r Range) *Diagnostic {
	d.Related = append(d.Related, Related{Message: msg, Range: r})
	return d
}

// WithSuggestion records a "did you mean" replacement.
func (d *Diagnostic) WithSuggestion(s string) *Diagnostic {
	d.Suggestion = s
	return d
}
