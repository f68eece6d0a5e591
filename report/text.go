package report

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
	"golang.org/x/text/width"

	"github.com/demarc-dev/demarc/diag"
)

// TextOptions control WriteText.
type TextOptions struct {
	// Color adds ANSI colours. Set it with ColorEnabled for a terminal.
	Color bool
}

// ColorEnabled reports whether output to f should be coloured: f is a
// terminal, NO_COLOR is unset or empty (https://no-color.org) and TERM is
// not "dumb".
func ColorEnabled(f *os.File) bool {
	if f == nil || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// WriteText writes ds the way a compiler does: each diagnostic with its
// severity, code and summary, its file:line:col, the source line with the
// range underlined, related ranges, the suggestion, the data path and the
// detail; then a line counting errors, warnings and infos. For example:
//
//	error[DM105]: rule "net-hub" names unknown party "netwrok-team"
//	  --> rules/network.yaml:12:18
//	   |
//	12 |     accountable: netwrok-team
//	   |                  ^^^^^^^^^^^^
//	   = help: did you mean "network-team"?
//
//	1 error, 0 warnings, 0 infos
func WriteText(w io.Writer, ds diag.Diagnostics, src map[string][]byte, opts TextOptions) error {
	return Build(ds, src).WriteText(w, opts)
}

// WriteText renders r as text; see the function WriteText.
func (r *Report) WriteText(w io.Writer, opts TextOptions) error {
	p := &printer{w: w, color: opts.Color}
	for i := range r.Diagnostics {
		p.diagnostic(&r.Diagnostics[i])
	}
	s := r.Summary
	p.style(bold, fmt.Sprintf("%s, %s, %s", count(s.Errors, "error"), count(s.Warnings, "warning"), count(s.Infos, "info")))
	p.nl()
	return p.err
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Terminal layout.
const (
	tabWidth  = 4  // tabs in source lines expand to stops of this width
	wrapWidth = 80 // notes wrap at this display width
	ellipsis  = "..."
)

// ANSI styles.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	red    = "\x1b[1;31m"
	yellow = "\x1b[1;33m"
	cyan   = "\x1b[1;36m"
	blue   = "\x1b[1;34m"
	green  = "\x1b[1;32m"
	purple = "\x1b[1;35m"
)

func severityStyle(s diag.Severity) string {
	switch s {
	case diag.Error:
		return red
	case diag.Warning:
		return yellow
	case diag.Info:
		return cyan
	}
	return purple
}

// printer writes styled text and keeps the first write error.
type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

func (p *printer) style(style, s string) {
	if p.color && s != "" {
		p.write(style + s + reset)
		return
	}
	p.write(s)
}

func (p *printer) nl() { p.write("\n") }

func (p *printer) diagnostic(d *Diagnostic) {
	sev := severityStyle(d.Severity)
	gutter := 1
	for _, sn := range d.snippets() {
		gutter = max(gutter, len(strconv.Itoa(sn.Line)))
	}
	pad := strings.Repeat(" ", gutter)

	p.style(sev, fmt.Sprintf("%s[%s]", d.Severity, clean(string(d.Code))))
	p.style(bold, ": "+clean(d.Summary))
	p.nl()
	if !d.Subject.IsZero() {
		p.style(blue, pad+"--> ")
		p.write(clean(d.Subject.String()))
		p.nl()
		if d.Snippet != nil {
			p.snippet(pad, d.Snippet, '^', sev, "")
		}
	}
	var unplaced []Related
	for _, rel := range d.Related {
		if rel.Snippet == nil {
			unplaced = append(unplaced, rel)
			continue
		}
		p.style(blue, pad+"::: ")
		p.write(clean(rel.Range.String()))
		p.nl()
		p.snippet(pad, rel.Snippet, '-', blue, clean(rel.Message))
	}
	if d.Suggestion != "" {
		p.note(pad, "help", green, fmt.Sprintf("did you mean %q?", clean(d.Suggestion)))
	}
	for _, rel := range unplaced {
		p.note(pad, "related", bold, clean(rel.Range.String())+": "+clean(rel.Message))
	}
	if d.Path != "" {
		p.note(pad, "path", bold, clean(d.Path))
	}
	if d.Detail != "" {
		p.note(pad, "note", bold, d.Detail)
	}
	p.nl()
}

// snippets returns the snippets of d and of its related ranges.
func (d *Diagnostic) snippets() []*Snippet {
	var out []*Snippet
	if d.Snippet != nil {
		out = append(out, d.Snippet)
	}
	for _, rel := range d.Related {
		if rel.Snippet != nil {
			out = append(out, rel.Snippet)
		}
	}
	return out
}

// snippet prints a source line and underlines the highlight with mark,
// followed by label.
func (p *printer) snippet(pad string, sn *Snippet, mark rune, style, label string) {
	text, cols := layout(sn.Text)
	runes := len(cols) - 1
	// Columns of the whole line to indexes into Text, clamped so that a
	// snippet decoded from elsewhere cannot make us index out of range.
	start := clamp(sn.StartColumn-1-sn.OmittedBefore, 0, runes)
	end := clamp(sn.EndColumn-1-sn.OmittedBefore, start, runes)
	if sn.Continues {
		end = runes
	}
	lead := 0
	if sn.OmittedBefore > 0 {
		text = ellipsis + text
		lead = len(ellipsis)
	}
	if sn.OmittedAfter > 0 {
		text += ellipsis
	}
	from, to := lead+cols[start], lead+cols[end]
	under := strings.Repeat(string(mark), max(1, to-from))
	if sn.Continues {
		under += ellipsis
	}

	p.style(blue, pad+" |")
	p.nl()
	p.style(blue, fmt.Sprintf("%*d |", len(pad), sn.Line))
	if text != "" {
		p.write(" " + text)
	}
	p.nl()
	p.style(blue, pad+" |")
	p.write(" " + strings.Repeat(" ", from))
	p.style(style, under)
	if label != "" {
		p.write(" ")
		p.style(style, label)
	}
	p.nl()
}

// note prints "= kind: text", wrapping text under itself.
func (p *printer) note(pad, kind, style, text string) {
	prefix := pad + " = "
	p.style(blue, prefix)
	p.style(style, kind+":")
	indent := strings.Repeat(" ", len(prefix)+len(kind)+2)
	lines := wrap(text, wrapWidth-len(indent))
	for i, line := range lines {
		if i == 0 {
			p.write(" " + line)
		} else {
			p.nl()
			if line != "" {
				p.write(indent + line)
			}
		}
	}
	p.nl()
}

// wrap splits text into lines of at most width display columns, breaking at
// spaces; newlines in text start new lines. Words longer than width stay
// whole. Control characters are made visible.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(clean(para))
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line, lineWidth := "", 0
		for _, w := range words {
			ww := displayWidth(w)
			switch {
			case line == "":
				line, lineWidth = w, ww
			case lineWidth+1+ww <= width:
				line += " " + w
				lineWidth += 1 + ww
			default:
				out = append(out, line)
				line, lineWidth = w, ww
			}
		}
		out = append(out, line)
	}
	return out
}

// layout makes a source line safe and printable: tabs expand to spaces and
// control and bidirectional-override characters become U+FFFD. cols[i] is
// the display column before the i-th code point of text; cols[len] is the
// display width of the whole line.
func layout(text string) (string, []int) {
	var b strings.Builder
	cols := make([]int, 0, len(text)+1)
	col, last := 0, 0 // last: the width of the previous character
	for _, r := range text {
		cols = append(cols, col)
		w := 1
		switch {
		case r == '\t':
			w = tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", w))
		case unsafe(r):
			b.WriteRune(utf8.RuneError)
		case r == '\ufe0f' && last == 1:
			// Variation selector 16 asks for emoji presentation, which
			// terminals draw two cells wide: 🛰 is narrow, 🛰️ is wide.
			b.WriteRune(r)
		default:
			b.WriteRune(r)
			w = runeWidth(r)
		}
		col += w
		last = w
	}
	cols = append(cols, col)
	return b.String(), cols
}

// clean makes a one-line message safe for a terminal: control characters
// (tabs and newlines included) become spaces or U+FFFD, so that text taken
// from a model file cannot move the cursor, change colours or reorder the
// line.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == utf8.RuneError || unsafe(r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafe(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r) // an invalid byte arrives here as U+FFFD
		}
	}
	return b.String()
}

// unsafe reports whether printing r could make the terminal do something
// other than show a character: C0 and C1 controls, DEL, and the Unicode
// bidirectional formatting characters.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// runeWidth is the number of terminal cells r takes: two for East Asian
// wide and fullwidth characters (CJK, most emoji), none for combining marks
// and invisible format characters, one otherwise.
func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}
