// Command hugocontent turns a built demarc site into Hugo content with the
// same pages: one Markdown file per HTML page, holding the page's title and
// visible text as paragraphs and the same tables as Markdown tables. It lets
// bench/site.sh compare demarc's build with Hugo rendering the same number of
// pages of about the same text.
//
//	go run ./bench/hugocontent -site SITE -o CONTENT
package main

import (
	"bufio"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var (
	dropRE  = regexp.MustCompile(`(?is)<(script|style|svg|nav|header|footer)\b.*?</(script|style|svg|nav|header|footer)>`)
	titleRE = regexp.MustCompile(`(?is)<title>(.*?)</title>`)
	cellRE  = regexp.MustCompile(`(?i)</t[dh]>`)
	rowRE   = regexp.MustCompile(`(?i)</tr>`)
	blockRE = regexp.MustCompile(`(?i)</(p|li|h[1-6]|div|section|table|dd|dt|caption)>|<br\s*/?>`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`[ \t]+`)
)

func main() {
	site := flag.String("site", "", "built demarc site")
	out := flag.String("o", "", "Hugo content folder to write")
	flag.Parse()
	if *site == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: hugocontent -site SITE -o CONTENT")
		os.Exit(2)
	}
	n := 0
	err := filepath.WalkDir(*site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(*site, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(*out, strings.TrimSuffix(rel, ".html")+".md")
		if filepath.Base(rel) == "index.html" {
			// index.md would make the folder a leaf bundle that hides its
			// pages; _index.md is the folder's own list page.
			dst = filepath.Join(*out, filepath.Dir(rel), "_index.md")
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		n++
		return os.WriteFile(dst, toMarkdown(string(data)), 0o644)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hugocontent:", err)
		os.Exit(1)
	}
	fmt.Printf("%d pages\n", n)
}

func toMarkdown(page string) []byte {
	title := "page"
	if m := titleRE.FindStringSubmatch(page); m != nil {
		title = html.UnescapeString(m[1])
	}
	body := dropRE.ReplaceAllString(page, "")
	body = cellRE.ReplaceAllString(body, " | ")
	body = rowRE.ReplaceAllString(body, "\n")
	body = blockRE.ReplaceAllString(body, "\n\n")
	body = html.UnescapeString(tagRE.ReplaceAllString(body, ""))
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\n---\n\n", title)
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	blank := true
	for sc.Scan() {
		line := strings.TrimSpace(spaceRE.ReplaceAllString(sc.Text(), " "))
		if line == "" {
			if !blank {
				b.WriteString("\n")
			}
			blank = true
			continue
		}
		// Escape what Hugo's Markdown would read as markup or shortcodes.
		line = strings.NewReplacer("{{", "{ {", "<", "&lt;", "*", "\\*", "_", "\\_", "#", "\\#").Replace(line)
		b.WriteString(line + "\n")
		blank = false
	}
	return []byte(b.String())
}
