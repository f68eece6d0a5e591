package confluence

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// md renders the Markdown of descriptions and rationales. Raw HTML in the
// source is dropped (goldmark's safe default), dangerous link schemes are
// removed, void elements are self-closing (XHTML), headings are moved below
// the page's own, and images become Confluence image macros.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithRendererOptions(
		html.WithXHTML(),
		renderer.WithNodeRenderers(util.Prioritized(storageNodes{}, 100)),
	),
)

// markdown renders s to storage format. Output that is not well-formed
// XML (which goldmark should never produce, but a body Confluence rejects
// fails the whole publish) falls back to plain paragraphs.
func markdown(s string) string {
	s = strings.TrimSpace(xmlText(s))
	if s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(s), &buf); err == nil && wellFormed(buf.String()) {
		return strings.TrimSpace(strings.ReplaceAll(buf.String(), "<!-- raw HTML omitted -->", ""))
	}
	return plainParagraphs(s)
}

// plainParagraphs shows text as escaped paragraphs split at blank lines.
func plainParagraphs(s string) string {
	var d doc
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		d.p(para)
	}
	return d.String()
}

// wellFormed reports whether body parses as XML inside a root element that
// declares the storage-format namespaces.
func wellFormed(body string) bool {
	return CheckStorage(body) == nil
}

// CheckStorage parses a storage-format body as XML, the way Confluence does
// before accepting it, and returns the first syntax error.
func CheckStorage(body string) error {
	dec := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="` + NamespaceAC + `" xmlns:ri="` + NamespaceRI + `">` + body + `</root>`))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// storageNodes overrides how some Markdown nodes render.
type storageNodes struct{}

func (storageNodes) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(ast.KindImage, renderImage)
}

// renderHeading shifts headings two levels down: a rationale's "# Why"
// sits below the page's h1 and the section's h2.
func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := strconv.Itoa(min(n.Level+2, 6))
	if entering {
		_, _ = w.WriteString("<h" + level + ">")
	} else {
		_, _ = w.WriteString("</h" + level + ">\n")
	}
	return ast.WalkContinue, nil
}

// renderImage shows web images with Confluence's image macro; anything
// else (relative paths, data: URLs) is shown as its alt text.
func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := nodeText(n, source)
	dest := string(n.Destination)
	l := strings.ToLower(dest)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		_, _ = w.WriteString(`<ac:image ac:alt="` + esc(alt) + `"><ri:url ri:value="` + esc(dest) + `" /></ac:image>`)
	} else {
		_, _ = w.WriteString(esc(alt))
	}
	return ast.WalkSkipChildren, nil
}

func nodeText(n ast.Node, source []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
		case *ast.String:
			b.Write(t.Value)
		default:
			b.WriteString(nodeText(c, source))
		}
	}
	return b.String()
}
