package diag

import "fmt"

// Pos is a position in a source file. Line and Column are 1-based; Column
// counts Unicode code points. Byte is the 0-based byte offset.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Range is a span of source text. End is exclusive. A zero Range means "no
// source" (for example a built-in baseline element or a command-line input).
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// IsZero reports whether r points at no source.
func (r Range) IsZero() bool { return r.Filename == "" }

// String formats r as file:line:col, the form editors and terminals link.
func (r Range) String() string {
	if r.IsZero() {
		return "<no source>"
	}
	if r.Start.Line == 0 {
		return r.Filename
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}
