package report

import (
	"bytes"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
)

// Long lines are cut to an excerpt of maxSnippetRunes code points that
// starts snippetLeadIn code points before the highlight, so a minified or
// generated line cannot flood a terminal or a JSON document.
const (
	maxSnippetRunes = 120
	snippetLeadIn   = 40
)

// sources indexes the lines of the files of one Build, lazily.
type sources struct {
	src   map[string][]byte
	files map[string]*file
}

func newSources(src map[string][]byte) *sources {
	return &sources{src: src, files: map[string]*file{}}
}

// file is the bytes of one source file with the offset of each line start.
// A file of n newline characters has n+1 lines; the last may be empty.
type file struct {
	data   []byte
	starts []int
}

func (s *sources) file(name string) *file {
	if f, ok := s.files[name]; ok {
		return f
	}
	data, ok := s.src[name]
	if !ok || name == "" {
		s.files[name] = nil
		return nil
	}
	f := &file{data: data, starts: []int{0}}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		f.starts = append(f.starts, i)
	}
	s.files[name] = f
	return f
}

func (f *file) lines() int { return len(f.starts) }

// line returns line n (1-based, valid) without its line ending.
func (f *file) line(n int) []byte {
	start, end := f.starts[n-1], len(f.data)
	if n < len(f.starts) {
		end = f.starts[n] - 1
	}
	b := f.data[start:end]
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b
}

// width returns the number of code points of line n, counting each byte of
// invalid UTF-8 as one, as ranging over a string does.
func (f *file) width(n int) int { return utf8.RuneCount(f.line(n)) }

// region is a range resolved against its file. A zero column means the
// column is unknown.
type region struct {
	resolved bool // made by resolve; the zero region is not
	ok       bool // the range has a usable start line
	// f is the file the region was clamped to; nil when its bytes were not
	// available.
	f                                    *file
	startLine, startCol, endLine, endCol int
}

// resolve clamps r to its file. Without the file's bytes it keeps r's
// numbers, only putting the end after the start.
func (s *sources) resolve(r diag.Range) region {
	if r.Filename == "" || r.Start.Line < 1 {
		return region{resolved: true}
	}
	f := s.file(r.Filename)
	if f == nil {
		g := region{resolved: true, ok: true, startLine: r.Start.Line, startCol: max(r.Start.Column, 0)}
		g.endLine, g.endCol = r.End.Line, max(r.End.Column, 0)
		if g.startCol == 0 {
			g.endCol = 0
		}
		if g.endLine < g.startLine || (g.endLine == g.startLine && g.endCol < g.startCol) {
			g.endLine, g.endCol = g.startLine, g.startCol
		}
		return g
	}
	if r.Start.Line > f.lines() {
		return region{resolved: true}
	}
	g := region{resolved: true, ok: true, f: f, startLine: r.Start.Line}
	g.startCol = clamp(r.Start.Column, 1, f.width(g.startLine)+1)
	switch {
	case r.End.Line < g.startLine:
		g.endLine, g.endCol = g.startLine, g.startCol
	case r.End.Line > f.lines():
		g.endLine = f.lines()
		g.endCol = f.width(g.endLine) + 1
	default:
		g.endLine = r.End.Line
		g.endCol = clamp(r.End.Column, 1, f.width(g.endLine)+1)
	}
	if g.endLine == g.startLine && g.endCol < g.startCol {
		g.endCol = g.startCol
	}
	return g
}

// snippet returns the snippet of a resolved region, or nil without source.
func (s *sources) snippet(g region) *Snippet {
	if !g.ok || g.f == nil {
		return nil
	}
	line := g.f.line(g.startLine)
	runes := make([]rune, 0, len(line))
	for len(line) > 0 {
		r, size := utf8.DecodeRune(line)
		runes = append(runes, r) // utf8.RuneError for each invalid byte
		line = line[size:]
	}
	n := len(runes)
	sn := &Snippet{Line: g.startLine, StartColumn: g.startCol, EndColumn: g.endCol}
	if g.endLine > g.startLine {
		sn.EndColumn, sn.Continues = n+1, true
	}
	lo, hi := 0, n
	if n > maxSnippetRunes {
		lo = max(0, g.startCol-1-snippetLeadIn)
		hi = min(n, lo+maxSnippetRunes)
		lo = max(0, hi-maxSnippetRunes)
	}
	sn.Text = string(runes[lo:hi])
	sn.OmittedBefore, sn.OmittedAfter = lo, n-hi
	return sn
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
