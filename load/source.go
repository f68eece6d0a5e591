package load

import (
	"sort"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
)

// source is one file's bytes with an index of line starts, to turn the
// (line, column) positions of the YAML and CSV parsers into full ranges.
type source struct {
	name  string
	data  []byte
	lines []int // byte offset of the start of each line
}

func newSource(name string, data []byte) *source {
	// Parsers do not count a byte order mark as a column, so line 1
	// starts after it.
	first := 0
	if len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf {
		first = 3
	}
	s := &source{name: name, data: data, lines: []int{first}}
	for i, b := range data {
		if b == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// lineText returns the text of 1-based line n without its newline.
func (s *source) lineText(n int) []byte {
	if n < 1 || n > len(s.lines) {
		return nil
	}
	start := s.lines[n-1]
	end := len(s.data)
	if n < len(s.lines) {
		end = s.lines[n] - 1
	}
	if end > 0 && end > start && s.data[end-1] == '\r' {
		end--
	}
	return s.data[start:end]
}

// pos converts a 1-based line and rune column into a Pos with byte offset.
func (s *source) pos(line, col int) diag.Pos {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	p := diag.Pos{Line: line, Column: col}
	if line > len(s.lines) {
		p.Byte = len(s.data)
		return p
	}
	off := s.lines[line-1]
	text := s.lineText(line)
	i := 0
	for c := 1; c < col && i < len(text); c++ {
		_, size := utf8.DecodeRune(text[i:])
		i += size
	}
	p.Byte = off + i
	return p
}

// posAtByte converts a byte offset into a Pos.
func (s *source) posAtByte(off int) diag.Pos {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	if line < 1 {
		line = 1
	}
	start := s.lines[line-1]
	if off > len(s.data) {
		off = len(s.data)
	}
	if off < start {
		off = start
	}
	col := utf8.RuneCount(s.data[start:off]) + 1
	return diag.Pos{Line: line, Column: col, Byte: off}
}

// span returns the range starting at (line, col) and covering length runes,
// clipped to the end of the line.
func (s *source) span(line, col, length int) diag.Range {
	start := s.pos(line, col)
	end := start
	text := s.lineText(line)
	lineStart := 0
	if line >= 1 && line <= len(s.lines) {
		lineStart = s.lines[line-1]
	}
	i := start.Byte - lineStart
	n := 0
	for n < length && i < len(text) {
		_, size := utf8.DecodeRune(text[i:])
		i += size
		n++
	}
	end.Byte = lineStart + i
	end.Column = start.Column + n
	return diag.Range{Filename: s.name, Start: start, End: end}
}

// whole returns a range for the whole file's first line, used when a problem
// concerns a file rather than a place in it.
func (s *source) whole() diag.Range {
	return diag.Range{Filename: s.name, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}
}

// spanBytes returns the range starting at 1-based byte column byteCol of
// line and covering n bytes, as encoding/csv reports positions.
func (s *source) spanBytes(line, byteCol, n int) diag.Range {
	if line < 1 || line > len(s.lines) {
		return s.span(line, byteCol, n)
	}
	start := s.lines[line-1] + max(byteCol, 1) - 1
	end := min(start+max(n, 1), len(s.data))
	start = min(start, len(s.data))
	return diag.Range{Filename: s.name, Start: s.posAtByte(start), End: s.posAtByte(end)}
}
