package report

import (
	"encoding/json"
	"io"

	"github.com/demarc-dev/demarc/diag"
)

// Version is the version of the JSON shape. It changes only when a field
// changes meaning or disappears; new fields may be added without a change.
const Version = 1

// Report is the JSON shape of a check: the diagnostics with their source
// snippets and the number of diagnostics per severity. Every renderer of
// this package works from a Report.
type Report struct {
	Version     int          `json:"version"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	Summary     Summary      `json:"summary"`
}

// Summary counts diagnostics by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Diagnostic is one diagnostic in the JSON shape: every field of
// diag.Diagnostic as diag marshals it, plus the name of its code and the
// snippets of its ranges. Related replaces the embedded
// diag.Diagnostic.Related (which Build leaves empty) with related ranges
// that carry their own snippets.
type Diagnostic struct {
	diag.Diagnostic
	// Name is the kebab-case name of the code, such as "dangling-reference";
	// empty for a code diag does not know.
	Name string `json:"name,omitempty"`
	// Snippet is the source line of the range; nil when the range has no
	// file, no line, or points outside the file's bytes.
	Snippet *Snippet  `json:"snippet,omitempty"`
	Related []Related `json:"related,omitempty"`

	at region // the range resolved against the source, for SARIF
}

// Related is a related range with its snippet.
type Related struct {
	diag.Related
	Snippet *Snippet `json:"snippet,omitempty"`

	at region
}

// Snippet is the source line a range starts on, with the columns to
// highlight. Columns are 1-based and count Unicode code points, like those of
// diag.Pos; the end column is exclusive. They are clamped to the line: a
// range starting past the end of its line highlights the position just after
// the last character.
type Snippet struct {
	// Line is the 1-based line number of Text.
	Line int `json:"line"`
	// Text is the line without its line ending, as valid UTF-8 (each
	// invalid byte becomes U+FFFD, so columns still match). Very long lines
	// are cut to an excerpt around the highlight; see OmittedBefore.
	Text string `json:"text"`
	// StartColumn and EndColumn delimit the highlight on this line, in
	// columns of the whole line.
	StartColumn int `json:"start_column"`
	EndColumn   int `json:"end_column"`
	// Continues is set when the range goes on past this line; the highlight
	// then runs to the end of the line.
	Continues bool `json:"continues,omitempty"`
	// OmittedBefore and OmittedAfter count the code points of the line left
	// out before and after Text. Text's first character is in column
	// OmittedBefore+1.
	OmittedBefore int `json:"omitted_before,omitempty"`
	OmittedAfter  int `json:"omitted_after,omitempty"`
}

// Build resolves diagnostics against the source files into a Report. src
// holds the bytes of each file by the file name used in ranges (the
// loader's model.Model.Sources); files it lacks get no snippets. ds is
// neither modified nor reordered.
func Build(ds diag.Diagnostics, src map[string][]byte) *Report {
	s := newSources(src)
	r := &Report{Version: Version, Diagnostics: make([]Diagnostic, 0, len(ds))}
	for _, d := range ds {
		out := Diagnostic{Diagnostic: d}
		out.Diagnostic.Related = nil
		if info := d.Code.Info(); info != nil {
			out.Name = info.Name
		}
		out.at = s.resolve(d.Subject)
		out.Snippet = s.snippet(out.at)
		for _, rel := range d.Related {
			at := s.resolve(rel.Range)
			out.Related = append(out.Related, Related{Related: rel, Snippet: s.snippet(at), at: at})
		}
		switch d.Severity {
		case diag.Error:
			r.Summary.Errors++
		case diag.Warning:
			r.Summary.Warnings++
		case diag.Info:
			r.Summary.Infos++
		}
		r.Diagnostics = append(r.Diagnostics, out)
	}
	return r
}

// Relative rewrites the file names of every range with rel, such as
// model.Model.RelName, so a report served to readers names files relative
// to the model directory rather than wherever the server keeps it.
func (r *Report) Relative(rel func(string) string) *Report {
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		d.Subject.Filename = rel(d.Subject.Filename)
		for j := range d.Related {
			d.Related[j].Range.Filename = rel(d.Related[j].Range.Filename)
		}
	}
	return r
}

// WriteJSON writes the Report of ds as indented JSON:
//
//	{"version":1,"diagnostics":[...],"summary":{"errors":n,"warnings":n,"infos":n}}
func WriteJSON(w io.Writer, ds diag.Diagnostics, src map[string][]byte) error {
	return Build(ds, src).WriteJSON(w)
}

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
