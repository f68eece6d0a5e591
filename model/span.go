package model

import (
	"math"

	"github.com/demarc-dev/demarc/diag"
)

// Span is a source range without its file name, in 24 bytes instead of a
// diag.Range's 64: elements a model holds by the million (tenants) keep
// their file name once and their ranges as spans. The zero Span is "no
// source". Positions past 2³¹−1 (lines, columns or bytes) are clamped.
type Span struct {
	Line, Column, Byte          int32
	EndLine, EndColumn, EndByte int32
}

// SpanOf drops the file name of r.
func SpanOf(r diag.Range) Span {
	if r.IsZero() {
		return Span{}
	}
	return Span{
		Line: clamp32(r.Start.Line), Column: clamp32(r.Start.Column), Byte: clamp32(r.Start.Byte),
		EndLine: clamp32(r.End.Line), EndColumn: clamp32(r.End.Column), EndByte: clamp32(r.End.Byte),
	}
}

// In is the span as a range of file; zero when the span or file is.
func (s Span) In(file string) diag.Range {
	if s == (Span{}) || file == "" {
		return diag.Range{}
	}
	return diag.Range{
		Filename: file,
		Start:    diag.Pos{Line: int(s.Line), Column: int(s.Column), Byte: int(s.Byte)},
		End:      diag.Pos{Line: int(s.EndLine), Column: int(s.EndColumn), Byte: int(s.EndByte)},
	}
}

func clamp32(n int) int32 {
	return int32(min(max(n, 0), math.MaxInt32))
}
