package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sitePages lists the HTML pages under dir, slash-separated and relative.
func sitePages(t testing.TB, dir string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(pages)
	return pages
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// wellFormed checks that every element is closed in order: the pages are
// written with explicit end tags, so any mismatch is a bug (or markup
// injected from the model).
func wellFormed(page string, data []byte) error {
	z := html.NewTokenizer(bytes.NewReader(data))
	var stack []string
	inForeign := 0 // depth inside svg, where self-closing tags are allowed
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(stack) > 0 {
				return fmt.Errorf("%s: unclosed elements at the end: %v", page, stack)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if voidElements[n] {
				continue
			}
			if n == "svg" || inForeign > 0 {
				inForeign++
			}
			stack = append(stack, n)
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] && inForeign == 0 {
				return fmt.Errorf("%s: self-closing <%s/> outside svg", page, name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if len(stack) == 0 || stack[len(stack)-1] != n {
				return fmt.Errorf("%s: </%s> does not close the open element (open: %v)", page, n, stack[max(0, len(stack)-5):])
			}
			stack = stack[:len(stack)-1]
			if inForeign > 0 {
				inForeign--
			}
		}
	}
}

// doc is a parsed page with what the checks need.
type doc struct {
	path  string
	root  *html.Node
	ids   map[string]bool
	links []ref // href and src attributes
}

type ref struct {
	tag, attr, value string
}

func parsePage(t testing.TB, dir, page string) *doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	if err := wellFormed(page, data); err != nil {
		t.Error(err)
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	d := &doc{path: page, root: root, ids: map[string]bool{}}
	walk(root, func(n *html.Node) {
		for _, a := range n.Attr {
			switch a.Key {
			case "id":
				if d.ids[a.Val] {
					t.Errorf("%s: duplicate id %q", page, a.Val)
				}
				d.ids[a.Val] = true
			case "href", "src", "action", "srcset", "xlink:href", "formaction", "poster", "data":
				d.links = append(d.links, ref{n.Data, a.Key, a.Val})
			}
		}
	})
	return d
}

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkPage checks the structure every page must have: landmarks, one h1,
// labelled inputs, captioned tables with scoped headers, the CSP, and no
// inline script, inline style or event handler anywhere.
func checkPage(t testing.TB, d *doc) {
	t.Helper()
	p := d.path
	counts := map[atom.Atom]int{}
	labels := map[string]bool{}
	var inputs []*html.Node
	csp := ""
	walk(d.root, func(n *html.Node) {
		counts[n.DataAtom]++
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s> has an event handler attribute %s=%q", p, n.Data, a.Key, a.Val)
			}
			if a.Key == "style" {
				t.Errorf("%s: <%s> has an inline style", p, n.Data)
			}
		}
		switch n.DataAtom {
		case atom.Script:
			if src, ok := attr(n, "src"); !ok || src == "" || strings.TrimSpace(text(n)) != "" {
				t.Errorf("%s: inline script", p)
			}
		case atom.Style:
			t.Errorf("%s: <style> element", p)
		case atom.Meta:
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "Content-Security-Policy") {
				csp, _ = attr(n, "content")
			}
		case atom.Label:
			if f, ok := attr(n, "for"); ok {
				labels[f] = true
			}
		case atom.Input, atom.Select, atom.Textarea:
			inputs = append(inputs, n)
		case atom.Table:
			if n.FirstChild == nil || firstElement(n).DataAtom != atom.Caption {
				t.Errorf("%s: table without a caption as its first child", p)
			}
		case atom.Th:
			if _, ok := attr(n, "scope"); !ok {
				t.Errorf("%s: <th> without scope: %q", p, text(n))
			}
		case atom.Img:
			if _, ok := attr(n, "alt"); !ok {
				t.Errorf("%s: <img> without alt", p)
			}
		}
	})
	if counts[atom.H1] != 1 {
		t.Errorf("%s: %d h1 elements, want 1", p, counts[atom.H1])
	}
	for _, a := range []atom.Atom{atom.Header, atom.Nav, atom.Main, atom.Footer, atom.Title} {
		if counts[a] == 0 {
			t.Errorf("%s: no <%s>", p, a)
		}
	}
	if counts[atom.Main] != 1 {
		t.Errorf("%s: %d main elements", p, counts[atom.Main])
	}
	for _, in := range inputs {
		id, _ := attr(in, "id")
		_, aria := attr(in, "aria-label")
		if !labels[id] && !aria {
			t.Errorf("%s: <%s id=%q> has no label", p, in.Data, id)
		}
	}
	for _, want := range []string{"script-src 'self'", "style-src 'self'", "img-src 'self' data:"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: Content-Security-Policy %q lacks %s", p, csp, want)
		}
	}
	if html := d.root.FirstChild; html != nil {
		if n := findElement(d.root, atom.Html); n != nil {
			if lang, _ := attr(n, "lang"); lang == "" {
				t.Errorf("%s: <html> without lang", p)
			}
		}
	}
	// The skip link is the first link of the page.
	first := findElement(d.root, atom.A)
	if href, _ := attr(first, "href"); first == nil || href != "#main" {
		t.Errorf("%s: the first link is not the skip link", p)
	}
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return &html.Node{}
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == a {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return found
}

// crawl follows every link from index.html. Every internal reference must
// resolve to a written file (and its fragment to an element of the page);
// scripts, style sheets and images must be local; every page must be
// reachable. It returns the parsed pages.
func crawl(t testing.TB, dir string) map[string]*doc {
	t.Helper()
	docs := map[string]*doc{}
	queue := []string{"index.html"}
	type frag struct{ from, page, id string }
	var frags []frag
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if docs[p] != nil {
			continue
		}
		d := parsePage(t, dir, p)
		docs[p] = d
		for _, l := range d.links {
			u, err := url.Parse(strings.TrimSpace(l.value))
			if err != nil {
				t.Errorf("%s: bad %s %q: %v", p, l.attr, l.value, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(l.value, "//") {
				switch {
				case l.tag != "a":
					t.Errorf("%s: <%s %s=%q> loads from another host", p, l.tag, l.attr, l.value)
				case u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto":
					t.Errorf("%s: link with scheme %q: %q", p, u.Scheme, l.value)
				}
				continue
			}
			target := p
			if u.Path != "" {
				target = path.Join(path.Dir(p), u.Path)
				if strings.HasPrefix(target, "../") || target == ".." {
					t.Errorf("%s: %q leaves the site", p, l.value)
					continue
				}
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s: %s %q does not resolve: %v", p, l.attr, l.value, err)
					continue
				}
			}
			if strings.HasSuffix(target, ".html") {
				queue = append(queue, target)
				if u.Fragment != "" {
					frags = append(frags, frag{p, target, u.Fragment})
				}
			}
		}
	}
	for _, f := range frags {
		if d := docs[f.page]; d != nil && !d.ids[f.id] {
			t.Errorf("%s: link to %s#%s: no element with that id", f.from, f.page, f.id)
		}
	}
	for _, p := range sitePages(t, dir) {
		if docs[p] == nil {
			t.Errorf("%s is not reachable from index.html", p)
		}
	}
	return docs
}

// searchIndex reads the search index script: a global assigned JSON.
func searchIndex(t testing.TB, dir string) [][5]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "assets", "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	const assign = "window.DEMARC_SEARCH = "
	i := strings.Index(s, assign)
	if i < 0 || !strings.HasSuffix(s, ";\n") {
		t.Fatalf("search index is not an assignment to window.DEMARC_SEARCH:\n%.200s", s)
	}
	if strings.Contains(strings.ToLower(s), "</script") || strings.Contains(s, "<") {
		t.Errorf("search index holds a raw '<'")
	}
	var items [][5]string
	if err := json.Unmarshal([]byte(s[i+len(assign):len(s)-2]), &items); err != nil {
		t.Fatalf("search index: %v", err)
	}
	return items
}
