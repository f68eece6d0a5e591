package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fontFamily is a system font stack: nothing is fetched to draw text.
const fontFamily = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`

// Colours of the drawing itself (not of categories).
const (
	inkColor    = "#1f2328" // text and strong lines
	mutedColor  = "#57606a" // secondary text (contrast 6.4:1 on white)
	lineColor   = "#8c959f" // connectors
	gridColor   = "#d0d7de" // grid and box borders
	paperColor  = "#ffffff"
	unusedFill  = "#f3f4f6"
	unusedHatch = "#c4c9cf"
)

// svg builds one SVG document.
type svg struct {
	b strings.Builder
	// id prefixes every id of the document, so several documents can be
	// inlined into one HTML page.
	id string
}

// esc returns s escaped for XML text and attribute values. Characters that
// XML does not allow are replaced by U+FFFD.
func esc(s string) string {
	var b strings.Builder
	// xml.EscapeText writes to a strings.Builder, which never fails.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	r := math.Round(f*10) / 10
	if r == 0 {
		return "0" // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// begin writes the root element, title and description.
func (s *svg) begin(w, h float64, title, desc string) {
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="13" fill="%s">`+"\n",
		num(w), num(h), num(w), num(h), s.id, s.id, fontFamily, inkColor)
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title>`+"\n", s.id, esc(title))
	fmt.Fprintf(&s.b, `<desc id="%s-desc">%s</desc>`+"\n", s.id, esc(desc))
	fmt.Fprintf(&s.b, `<rect width="%s" height="%s" fill="%s"/>`+"\n", num(w), num(h), paperColor)
}

func (s *svg) end() []byte {
	s.b.WriteString("</svg>\n")
	return []byte(s.b.String())
}

// raw writes trusted markup (never model text).
func (s *svg) raw(format string, args ...any) {
	fmt.Fprintf(&s.b, format, args...)
}

// tooltip writes a <title> child, the tooltip of its parent.
func (s *svg) tooltip(text string) {
	s.b.WriteString("<title>")
	s.b.WriteString(esc(text))
	s.b.WriteString("</title>")
}

// textStyle describes how a block of text is drawn.
type textStyle struct {
	size   float64
	bold   bool
	color  string // empty: inherit
	anchor string // start, middle, end
	italic bool
}

// lineHeight is the distance between baselines of a text style.
func (t textStyle) lineHeight() float64 { return math.Round(t.size*1.25*10) / 10 }

// text writes lines of text whose first baseline is at y.
func (s *svg) text(x, y float64, st textStyle, lines ...string) {
	if len(lines) == 0 {
		return
	}
	s.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if st.size != 13 && st.size != 0 {
		s.b.WriteString(` font-size="` + num(st.size) + `"`)
	}
	if st.bold {
		s.b.WriteString(` font-weight="600"`)
	}
	if st.italic {
		s.b.WriteString(` font-style="italic"`)
	}
	if st.color != "" {
		s.b.WriteString(` fill="` + st.color + `"`)
	}
	if st.anchor != "" && st.anchor != "start" {
		s.b.WriteString(` text-anchor="` + st.anchor + `"`)
	}
	s.b.WriteString(">")
	if len(lines) == 1 {
		s.b.WriteString(esc(lines[0]))
	} else {
		for i, l := range lines {
			s.b.WriteString(`<tspan x="` + num(x) + `" y="` + num(y+float64(i)*st.lineHeight()) + `">` + esc(l) + `</tspan>`)
		}
	}
	s.b.WriteString("</text>\n")
}

// textBlock writes lines vertically centred on cy.
func (s *svg) textBlock(x, cy float64, st textStyle, lines []string) {
	s.text(x, firstBaseline(cy, st, len(lines)), st, lines...)
}

// firstBaseline is the baseline of the first of n lines centred on cy.
func firstBaseline(cy float64, st textStyle, n int) float64 {
	h := float64(n-1) * st.lineHeight()
	// The visual centre of a line of Latin text sits about 0.35 em above
	// its baseline.
	return cy - h/2 + 0.35*st.size
}

// Text metrics. Layouts never ask the machine's fonts: they estimate
// widths from the advance widths of Helvetica (1/1000 em), scaled so that
// the widest font of the stack still fits.
var advance = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
}

// textWidth estimates the width of s in pixels.
func textWidth(s string, size float64, bold bool) float64 {
	var units float64
	for _, r := range s {
		switch {
		case r >= 32 && r < 127:
			units += float64(advance[r-32])
		case isWide(r):
			units += 1000
		case unicode.Is(unicode.Mn, r):
			// combining marks take no room
		default:
			units += 600
		}
	}
	// DejaVu Sans, the widest font of the stack (the usual system-ui of
	// Linux), is 13% wider than Helvetica, 28% in bold.
	f := 1.14
	if bold {
		f = 1.28
	}
	return units * size * f / 1000
}

// isWide reports East Asian wide characters and emoji.
func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) ||
		(r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe30 && r <= 0xfe6f) ||
		(r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) ||
		(r >= 0x1f300 && r <= 0x1faff) ||
		(r >= 0x20000 && r <= 0x3fffd))
}

// wrap breaks s into at most maxLines lines no wider than width. Words
// wider than a line are broken between characters. When the text does not
// fit, the last line ends with an ellipsis and fits is false.
func wrap(s string, width float64, st textStyle, maxLines int) (lines []string, fits bool) {
	words := strings.Fields(s)
	if len(words) == 0 || maxLines <= 0 {
		return nil, len(words) == 0
	}
	w := func(t string) float64 { return textWidth(t, st.size, st.bold) }
	var all []string
	cur := ""
	for _, word := range words {
		if cur != "" && w(cur+" "+word) <= width {
			cur += " " + word
			continue
		}
		if cur != "" {
			all = append(all, cur)
		}
		cur = word
		for w(cur) > width {
			head, rest := splitWidth(cur, width, w)
			if rest == "" {
				break
			}
			all = append(all, head)
			cur = rest
		}
	}
	all = append(all, cur)
	if len(all) <= maxLines {
		return all, true
	}
	lines = all[:maxLines]
	lines[maxLines-1] = ellipsize(lines[maxLines-1], width, w)
	return lines, false
}

// wrapWords is wrap for labels that are left out rather than broken: it
// fails when a word is wider than a line or the text needs more lines.
func wrapWords(s string, width float64, st textStyle, maxLines int) ([]string, bool) {
	for _, word := range strings.Fields(s) {
		if textWidth(word, st.size, st.bold) > width {
			return nil, false
		}
	}
	return wrap(s, width, st, maxLines)
}

// splitWidth splits word into the longest head that fits width (at least
// one character) and the rest.
func splitWidth(word string, width float64, w func(string) float64) (string, string) {
	end := 0
	for end < len(word) {
		_, n := utf8.DecodeRuneInString(word[end:])
		if end > 0 && w(word[:end+n]) > width {
			break
		}
		end += n
	}
	return word[:end], word[end:]
}

// ellipsize shortens s, ending it with "…", so that it fits width.
func ellipsize(s string, width float64, w func(string) float64) string {
	for s != "" {
		if w(s+"…") <= width {
			return s + "…"
		}
		_, n := utf8.DecodeLastRuneInString(s)
		s = strings.TrimRight(s[:len(s)-n], " ")
	}
	return "…"
}

// fit returns the single-line form of s within width, shortened with an
// ellipsis when needed.
func fit(s string, width float64, st textStyle) string {
	lines, _ := wrap(s, width, st, 1)
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

// idPart turns s into a safe fragment of an XML id.
func idPart(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// plural returns "1 service" or "3 services".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// heading is the title and subtitle drawn at the top of a chart.
type heading struct {
	title string
	sub   []string
}

var (
	headTitle = textStyle{size: 18, bold: true}
	headSub   = textStyle{size: 12, color: mutedColor}
)

// newHeading fits a heading into width, wrapping the subtitle.
func newHeading(title, sub string, width float64) heading {
	lines, _ := wrap(sub, width, headSub, 3)
	return heading{title: fit(title, width, headTitle), sub: lines}
}

// height is the room the heading takes, with the space below it.
func (h heading) height() float64 { return 37 + float64(len(h.sub))*headSub.lineHeight() }

func (h heading) draw(s *svg, x, y float64) {
	s.text(x, y+17, headTitle, h.title)
	s.text(x, y+38, headSub, h.sub...)
}
