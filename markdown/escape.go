package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// clean removes the characters no page should carry: control characters
// (Python-Markdown uses STX and ETX to mark its placeholders), DEL, the C1
// controls and invalid UTF-8. Tabs and line breaks survive for the callers
// that keep them.
func clean(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r == utf8.RuneError, r < 0x20, r >= 0x7f && r < 0xa0,
			r == '\u2028', r == '\u2029', r == '\ufeff':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c >= 0x80 {
			// Non-ASCII is checked rune by rune by the slow path.
			return false
		}
	}
	return true
}

// oneLine returns s with every run of white space (line breaks included)
// made one space, and no leading or trailing space: the form of text that
// goes into a table cell, a heading or a list item.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// Text escapes plain text for use anywhere in a Markdown line: a paragraph,
// a heading, a list item, a table cell or a link text. It renders as
// written in Python-Markdown (MkDocs) and in CommonMark/GFM (git wikis,
// Backstage): line breaks become spaces, so the text cannot end a table row
// or start a block; the Markdown punctuation both dialects treat as syntax
// is backslash-escaped; and <, > and & become entities, so no HTML tag and
// no autolink can be formed.
func Text(s string) string {
	s = oneLine(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '~':
			// GFM strikethrough; Python-Markdown does not treat \~ as an
			// escape, so use the entity both understand.
			b.WriteString("&#126;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '|':
			// ( and ) matter only after ], and ! only before [, which are
			// always escaped.
			b.WriteByte('\\')
			b.WriteRune(r)
		case '#', '+', '-':
			// Block markers only at the start of a line. (A setext =
			// underline needs a line of nothing else, which Text never
			// writes alone; Python-Markdown has no \= escape.)
			if i == 0 {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '.':
			// "1. " starts an ordered list.
			if i > 0 && allDigits(s[:i]) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// codeSafe matches text that may go into a code span unchanged in every
// dialect and in a table cell.
var codeSafe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._:/@+#=,-]*$`)

// Code renders an identifier as a code span when that is safe, else as
// escaped text.
func Code(s string) string {
	s = oneLine(s)
	if codeSafe.MatchString(s) && !strings.HasSuffix(s, " ") {
		return "`" + s + "`"
	}
	return Text(s)
}

// Title makes a name safe for places that are not Markdown but are put into
// HTML unescaped by MkDocs themes (site_name, nav titles): <, > and quotes
// are replaced by look-alike characters, line breaks by spaces. An & cannot
// start markup and stays.
func Title(s string) string {
	s = oneLine(s)
	r := strings.NewReplacer("<", "‹", ">", "›", `"`, "”", "'", "’", "`", "’")
	s = r.Replace(s)
	if s == "" {
		s = "Untitled"
	}
	return s
}

// Markdown passes model text that is Markdown already (descriptions and
// rationales) through with everything that could inject into the page
// removed:
//
//   - every < outside code becomes &lt;, so raw HTML (<script>, <img
//     onerror>, comments) and autolinks cannot reach the output;
//   - links whose destination is not http(s), mailto or an anchor on the
//     same page are turned into text (javascript: and data: links, and
//     relative links that would be broken in the publication), and so are
//     all images, which would make the page fetch from elsewhere;
//   - { and } are escaped so attribute lists cannot add event handlers
//     where the attr_list extension is enabled;
//   - control characters are removed.
//
// Code spans and fenced code blocks are left alone only where MkDocs'
// Python-Markdown and CommonMark agree that they are code; anything
// doubtful is treated as text, which at worst shows an entity literally
// inside code.
func Markdown(s string) string {
	s = strings.TrimRight(clean(s), " \t\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	var out []string
	for i := 0; i < len(lines); i++ {
		if end := fenceEnd(lines, i); end > i {
			// The info string goes: build-time extensions act on fences by
			// language (PlantUML and Graphviz diagrams, which can read
			// files), and a plain code block needs none.
			fence := openFence.FindStringSubmatch(lines[i])[1]
			out = append(out, fence)
			out = append(out, lines[i+1:end+1]...)
			i = end
			continue
		}
		line := strings.ReplaceAll(lines[i], "\t", "    ")
		if anyFence.MatchString(line) {
			// A fence that does not close the same way in every dialect:
			// make it text, or CommonMark would swallow the rest of the page.
			at := strings.IndexAny(line, "`~")
			line = line[:at] + `\` + line[at:]
		}
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			// Headings would add to the page's outline and shift the
			// anchors of the page's own headings: make them bold text.
			line = ""
			if t := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m[1]+m[2]), "#")); t != "" {
				line = "**" + t + "**"
			}
		} else if setext.MatchString(line) && len(out) > 0 && strings.TrimSpace(out[len(out)-1]) != "" {
			// A setext underline would make the line above a heading.
			at := strings.IndexAny(line, "=-")
			line = line[:at] + "&#" + strconv.Itoa(int(line[at])) + ";" + line[at+1:]
		}
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		out = append(out, inlineMarkdown(refDefinition(line, next)))
	}
	return strings.Join(out, "\n")
}

var (
	// atxHeading matches a heading in CommonMark (up to three spaces, a
	// space after the hashes) and in Python-Markdown (no space needed).
	atxHeading = regexp.MustCompile(`^(?: {0,3}#{1,6}(?:[ \t]+(.*)|$)|#{1,6}(.*))$`)
	setext     = regexp.MustCompile(`^ {0,3}[=-]+[ \t]*$`)
)

var (
	// openFence is an opening fence both Python-Markdown's fenced_code and
	// CommonMark accept: at the start of the line, with at most a plain
	// language word.
	openFence = regexp.MustCompile("^(`{3,}|~{3,})[ ]*(\\.?[A-Za-z0-9_#.+-]*)[ ]*$")
	anyFence  = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
)

// fenceEnd returns the index of the closing fence of a fenced code block
// opening at line i, or -1 when line i does not open one that every
// dialect reads the same way.
func fenceEnd(lines []string, i int) int {
	m := openFence.FindStringSubmatch(lines[i])
	if m == nil {
		return -1
	}
	fence := m[1]
	for j := i + 1; j < len(lines); j++ {
		l := lines[j]
		if f := anyFence.FindStringSubmatch(l); f != nil && f[1][0] == fence[0] && len(f[1]) >= len(fence) {
			// CommonMark closes here if only spaces or tabs follow; accept
			// only the exact fence, which Python-Markdown closes on too.
			rest := strings.TrimLeft(l, " ")[len(f[1]):]
			if strings.TrimRight(rest, " \t") == "" {
				if strings.TrimRight(l, " ") == fence {
					return j
				}
				return -1
			}
		}
		if buildTime.MatchString(l) {
			return -1
		}
	}
	return -1
}

// buildTime matches lines that MkDocs extensions common in TechDocs act on
// even inside code blocks: snippet includes (--8<-- "file"), which read
// files at build time, and Graphviz blocks ({% dot … %}).
var buildTime = regexp.MustCompile(`-8<|^\s*;*-+8|^\s*\{%`)

// refDef matches a link reference definition; the destination may be on
// the next line.
var refDef = regexp.MustCompile(`^ {0,3}\[([^\[\]]*)\]:[ \t]*(\S*)`)

// refDefinition neutralises a reference definition with an unsafe
// destination by escaping its bracket.
func refDefinition(line, next string) string {
	m := refDef.FindStringSubmatchIndex(line)
	if m == nil {
		return line
	}
	dest := line[m[4]:m[5]]
	if dest == "" {
		if f := strings.Fields(next); len(f) > 0 {
			dest = f[0]
		}
	}
	if safeDestination(strings.Trim(dest, "<>")) {
		return line
	}
	at := strings.IndexByte(line, '[')
	return line[:at] + `\` + line[at:]
}

// safeDestination reports whether a link destination may stay a link.
func safeDestination(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	for _, p := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(d, p) && len(d) > len(p) {
			return true
		}
	}
	return strings.HasPrefix(d, "#") && len(d) > 1 && !strings.ContainsAny(d, " <>\"'`")
}

// inlineMarkdown sanitises one line outside fenced code.
func inlineMarkdown(line string) string {
	var b strings.Builder
	b.Grow(len(line) + 8)
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line) && line[i+1] != '<' && line[i+1] != '`':
			// A backslash escape stays as written.
			b.WriteString(line[i : i+2])
			i += 2
		case c == '`':
			n := run(line, i, '`')
			if i > 0 && line[i-1] == '\\' {
				// Escaped: not an opener in either dialect, or an opener
				// only in one; treat as text.
				b.WriteString(line[i : i+n])
				i += n
				continue
			}
			if end := closingRun(line, i+n, n); end >= 0 {
				b.WriteString(line[i : end+n])
				i = end + n
				continue
			}
			b.WriteString(line[i : i+n])
			i += n
		case c == '<':
			b.WriteString("&lt;")
			i++
		case c == '!' && i+1 < len(line) && line[i+1] == '[':
			// No images from the model: they would be fetched from
			// elsewhere when the page is read.
			b.WriteString(`!\[`)
			i += 2
		case c == '{':
			b.WriteString(`\{`)
			i++
		case c == '}':
			b.WriteString(`\}`)
			i++
		case c == ']' && i+1 < len(line) && line[i+1] == '(':
			dest := destination(line[i+2:])
			if safeDestination(dest) {
				b.WriteString("](")
			} else {
				b.WriteString(`]\(`)
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// run returns the length of the run of c starting at i.
func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingRun returns where a backtick run of exactly n starts at or after
// i, or -1.
func closingRun(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		m := run(s, i, '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// destination returns the link destination at the start of s (after
// "]("), as far as it matters for deciding whether it is safe.
func destination(s string) string {
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, "<") {
		// <...> destinations: the < is escaped anyway, so the link breaks;
		// report it unsafe.
		return ""
	}
	end := strings.IndexAny(s, " \t)")
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// Paragraphs escapes plain text that may hold several paragraphs: blank
// lines separate paragraphs, other line breaks become spaces.
func Paragraphs(s string) string {
	s = clean(s)
	var out []string
	for _, p := range blankLine.Split(s, -1) {
		if t := Text(p); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

// slugify is Python-Markdown's toc slugify, which makes the anchors MkDocs
// gives headings: NFKD and ASCII only, characters other than word
// characters, white space and hyphens dropped, trimmed, lower case, runs of
// hyphens and white space made one hyphen.
func slugify(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-', isSpace(c):
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	t := strings.TrimFunc(b.String(), func(r rune) bool { return isSpace(byte(r)) })
	b.Reset()
	for i := 0; i < len(t); i++ {
		if t[i] == '-' || isSpace(t[i]) {
			for i+1 < len(t) && (t[i+1] == '-' || isSpace(t[i+1])) {
				i++
			}
			b.WriteByte('-')
			continue
		}
		b.WriteByte(t[i])
	}
	return b.String()
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f
}

// anchors hands out heading anchors the way the toc extension does: a
// repeated slug gets _1, _2, … appended.
type anchors map[string]bool

func (a anchors) unique(id string) string {
	for a[id] || id == "" {
		if m := idCount.FindStringSubmatch(id); m != nil {
			n, _ := strconv.Atoi(m[2])
			id = m[1] + "_" + strconv.Itoa(n+1)
		} else {
			id += "_1"
		}
	}
	a[id] = true
	return id
}

var idCount = regexp.MustCompile(`^(.*)_([0-9]+)$`)
