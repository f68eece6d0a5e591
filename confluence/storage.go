package confluence

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The storage format is Confluence's XHTML-based page source: well-formed
// XML using the ac: (macros, links, images) and ri: (resource identifiers)
// namespaces, which Confluence declares itself. Every piece of model text
// goes through esc or cdata, so a name such as `<script>` or `]]>` arrives
// as text, never as markup.

// Namespaces of the storage format, for parsing a body as XML in tests and
// tools: wrap it in an element declaring them.
const (
	NamespaceAC = "http://atlassian.com/content"
	NamespaceRI = "http://atlassian.com/resource/identifier"
)

// xmlText returns s as valid UTF-8 with every character XML 1.0 forbids
// (most control characters, unpaired surrogates, U+FFFE/U+FFFF) removed.
func xmlText(s string) string {
	ok := true
	for _, r := range s {
		if !isXMLChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if isXMLChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return r <= 0x10FFFF
}

var escaper = strings.NewReplacer(
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	`"`, "&quot;",
	"'", "&#39;",
)

// esc escapes s for use as element text or an attribute value.
func esc(s string) string { return escaper.Replace(xmlText(s)) }

// cdata wraps s in a CDATA section, splitting any "]]>" in s so it cannot
// end the section early.
func cdata(s string) string {
	s = xmlText(s)
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// doc builds a storage-format body.
type doc struct{ b strings.Builder }

func (d *doc) String() string { return d.b.String() }

// raw appends markup that is already valid storage format.
func (d *doc) raw(s ...string) {
	for _, x := range s {
		d.b.WriteString(x)
	}
}

func (d *doc) h(level int, s string) {
	n := strconv.Itoa(level)
	d.raw("<h", n, ">", esc(s), "</h", n, ">")
}

// p appends a paragraph of plain text; empty text adds nothing.
func (d *doc) p(s string) {
	if s = strings.TrimSpace(s); s != "" {
		d.raw("<p>", esc(s), "</p>")
	}
}

// pRaw appends a paragraph of markup.
func (d *doc) pRaw(s ...string) {
	d.raw("<p>")
	d.raw(s...)
	d.raw("</p>")
}

// table appends a table with a header row; cells are markup.
func (d *doc) table(head []string, rows [][]string) {
	d.raw("<table><tbody><tr>")
	for _, h := range head {
		d.raw("<th>", esc(h), "</th>")
	}
	d.raw("</tr>")
	for _, row := range rows {
		d.raw("<tr>")
		for _, c := range row {
			d.raw("<td>", c, "</td>")
		}
		d.raw("</tr>")
	}
	d.raw("</tbody></table>")
}

// fields appends a two-column table of labels and markup values, leaving
// out empty values.
func (d *doc) fields(kv ...string) {
	var rows [][]string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			rows = append(rows, []string{"<strong>" + esc(kv[i]) + "</strong>", kv[i+1]})
		}
	}
	if len(rows) == 0 {
		return
	}
	d.raw("<table><tbody>")
	for _, r := range rows {
		d.raw("<tr><th>", r[0], "</th><td>", r[1], "</td></tr>")
	}
	d.raw("</tbody></table>")
}

// ul appends a bulleted list of markup items.
func (d *doc) ul(items []string) {
	if len(items) == 0 {
		return
	}
	d.raw("<ul>")
	for _, it := range items {
		d.raw("<li>", it, "</li>")
	}
	d.raw("</ul>")
}

// panel appends a macro with a rich-text body, such as an info panel.
func (d *doc) panel(name, body string) {
	d.raw(`<ac:structured-macro ac:name="`, esc(name), `"><ac:rich-text-body>`, body, `</ac:rich-text-body></ac:structured-macro>`)
}

// pageLink is a link to another page of the space by title.
func pageLink(title, text string) string {
	if text == "" {
		text = title
	}
	return `<ac:link><ri:page ri:content-title="` + esc(title) + `" /><ac:plain-text-link-body>` +
		cdata(text) + `</ac:plain-text-link-body></ac:link>`
}

// image shows an attachment of the page.
func image(filename, alt string) string {
	return `<ac:image ac:alt="` + esc(alt) + `"><ri:attachment ri:filename="` + esc(filename) + `" /></ac:image>`
}

// status is a coloured lozenge: Grey, Red, Yellow, Green or Blue.
func status(colour, title string) string {
	return `<ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">` + esc(colour) +
		`</ac:parameter><ac:parameter ac:name="title">` + esc(title) + `</ac:parameter></ac:structured-macro>`
}

// extLink is a link to a web address; other schemes are shown as text.
func extLink(url, text string) string {
	if text == "" {
		text = url
	}
	l := strings.ToLower(strings.TrimSpace(url))
	if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "mailto:") {
		return esc(text)
	}
	return `<a href="` + esc(strings.TrimSpace(url)) + `">` + esc(text) + `</a>`
}

// code is inline code.
func code(s string) string { return "<code>" + esc(s) + "</code>" }
