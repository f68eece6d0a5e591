package site

import (
	"bytes"
	"html/template"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns a Markdown converter for model text. Raw HTML is not
// rendered (goldmark's default: it becomes a comment), and the sanitizer
// below keeps links only to http, https and mailto addresses, turns images
// into links (an image would be a request to another host) and moves
// headings below the page's own.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.Linkify,
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(sanitizer{}, 1000))),
	)
}

type sanitizer struct{}

func (sanitizer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unwrap, drop []ast.Node
	var autolinks []*ast.AutoLink
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(6, n.Level+2)
		case *ast.Link:
			if !safeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			} else {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		case *ast.Image:
			if _, inLink := n.Parent().(*ast.Link); safeURL(string(n.Destination)) && !inLink {
				images = append(images, n)
			} else {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if !safeURL(string(n.URL(src))) {
				autolinks = append(autolinks, n)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			drop = append(drop, n)
		}
		return ast.WalkContinue, nil
	})
	// The document is changed only after the walk, which would otherwise
	// stop at a replaced node.
	for _, n := range images {
		// A link to the image instead of the image itself.
		link := ast.NewLink()
		link.Destination, link.Title = n.Destination, n.Title
		link.SetAttributeString("rel", []byte("noopener noreferrer"))
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString([]byte("image")))
		}
		if parent := n.Parent(); parent != nil {
			parent.ReplaceChild(parent, n, link)
		}
	}
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range autolinks {
		if parent := n.Parent(); parent != nil {
			parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
		}
	}
	for _, n := range drop {
		if parent := n.Parent(); parent != nil {
			parent.RemoveChild(parent, n)
		}
	}
}

// safeURL reports whether a link may point at u: absolute http, https or
// mailto addresses only. Relative links would not resolve in the site, and
// every other scheme (javascript:, data:, vbscript:, file:…) is refused.
func safeURL(u string) bool {
	u = strings.TrimSpace(u)
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return false
	}
	for _, c := range []byte(u[:i]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https":
		return strings.HasPrefix(u[i+1:], "//") && len(u) > i+3
	case "mailto":
		return len(u) > i+1
	}
	return false
}

// renderMarkdown renders every distinct text in texts on a pool of workers
// and returns the HTML by source text.
func renderMarkdown(texts []string, workers int) map[string]template.HTML {
	out := make(map[string]template.HTML, len(texts))
	uniq := make([]string, 0, len(texts))
	for _, t := range texts {
		if _, ok := out[t]; !ok && strings.TrimSpace(t) != "" {
			out[t] = ""
			uniq = append(uniq, t)
		}
	}
	res := make([]template.HTML, len(uniq))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(uniq)))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			md := newMarkdown()
			var buf bytes.Buffer
			for i := w; i < len(uniq); i += workers {
				buf.Reset()
				res[i] = markdownOne(md, &buf, uniq[i])
			}
		}(w)
	}
	wg.Wait()
	for i, t := range uniq {
		out[t] = res[i]
	}
	return out
}

func markdownOne(md goldmark.Markdown, buf *bytes.Buffer, src string) template.HTML {
	if plain(src) {
		// The common case, prose without markup: paragraphs, escaped.
		open := false
		for _, line := range strings.Split(src, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "" && open:
				buf.WriteString("</p>\n")
				open = false
			case line == "":
			case open:
				buf.WriteByte('\n')
			default:
				buf.WriteString("<p>")
				open = true
			}
			buf.Write(appendEscaped(buf.AvailableBuffer(), line))
		}
		if open {
			buf.WriteString("</p>\n")
		}
		return template.HTML(buf.String())
	}
	if err := md.Convert([]byte(src), buf); err != nil {
		return template.HTML("<p>" + esc(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// plain reports whether src has no Markdown syntax at all, so it renders as
// escaped paragraphs without a parser. Anything doubtful goes to goldmark.
func plain(src string) bool {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '!', '|', '~', '\t', '\r', '=', ':', '@':
			return false
		}
	}
	if strings.Contains(src, "www.") {
		return false
	}
	for _, line := range strings.Split(src, "\n") {
		l := strings.TrimLeft(line, " ")
		if len(line)-len(l) >= 4 && l != "" {
			return false // indented code
		}
		if strings.HasSuffix(line, "  ") {
			return false // hard line break
		}
		if l == "" {
			continue
		}
		switch l[0] {
		case '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			return false // list items, thematic breaks, setext underlines
		}
	}
	return true
}
