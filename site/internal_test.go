package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/internal/testbook"
)

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.com/x":       true,
		"http://example.com":          true,
		"HTTPS://EXAMPLE.COM":         true,
		"mailto:team@example.com":     true,
		"  https://example.com  ":     true,
		"javascript:alert(1)":         false,
		"JaVaScRiPt:alert(1)":         false,
		" javascript:alert(1)":        false,
		"java\nscript:alert(1)":       false,
		"data:text/html,<script>":     false,
		"vbscript:msgbox(1)":          false,
		"file:///etc/passwd":          false,
		"//evil.example/x":            false,
		"relative/page.html":          false,
		"#fragment":                   false,
		"https:":                      false,
		"https:evil":                  false,
		"mailto:":                     false,
		"ftp://example.com":           false,
		"https\x00://example.com":     false,
		"&#106;avascript:alert(1)":    false,
		"javascript&colon;alert(1)":   false,
		"\u2028javascript:alert(1)":   false,
		"https://example.com/\"><b>x": true, // escaped where it is written
	} {
		if got := safeURL(u); got != want {
			t.Errorf("safeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	render := func(src string) string { return string(renderMarkdown([]string{src}, 1)[src]) }
	for _, tc := range []struct {
		src       string
		want      []string
		forbidden []string
	}{
		{"plain text\nsecond line\n\nnew paragraph", []string{"<p>plain text\nsecond line</p>", "<p>new paragraph</p>"}, nil},
		{"a <b>bold</b> & <script>alert(1)</script>", []string{"&amp;"}, []string{"<b>", "<script"}},
		{"[x](javascript:alert(1)) [y](https://example.com)", []string{`<a href="https://example.com" rel="noopener noreferrer">y</a>`, "x"}, []string{"javascript:"}},
		{"![pic](https://example.com/p.png)", []string{`<a href="https://example.com/p.png"`, ">pic</a>"}, []string{"<img"}},
		{"![pic](javascript:alert(1))", []string{"pic"}, []string{"<img", "javascript:alert(1)\""}},
		{"<javascript:alert(1)>", nil, []string{"<a"}},
		{"<https://example.com>", []string{`<a href="https://example.com"`}, nil},
		{"[rel](other.md) [frag](#x)", []string{"rel", "frag"}, []string{"<a"}},
		{"# Title\n\nbody", []string{"<h3"}, []string{"<h1"}},
		{"<div onclick=alert(1)>raw</div>", nil, []string{"<div", "onclick"}},
		{"| a | b |\n|---|:-:|\n| 1 | 2 |", []string{"<table>"}, []string{"style="}},
		{"www.example.com", []string{`href="http://www.example.com"`}, nil},
		{"[![img](https://e.example/i.png)](https://e.example/)", []string{"img"}, []string{"<img", "<a href=\"https://e.example/i.png\""}},
	} {
		got := render(tc.src)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("markdown %q = %q, want it to contain %q", tc.src, got, w)
			}
		}
		for _, f := range tc.forbidden {
			if strings.Contains(got, f) {
				t.Errorf("markdown %q = %q, must not contain %q", tc.src, got, f)
			}
		}
	}
}

func TestPlainMatchesGoldmark(t *testing.T) {
	md := newMarkdown()
	for _, src := range []string{
		"One line.",
		"Two\nlines.",
		"Para one.\n\nPara two, with (brackets) and quotes \"x\" and 'y'.",
		"  indented a little\nand trailing \n",
		"Ünïcode — dashes… and ümlauts.",
	} {
		if !plain(src) {
			t.Fatalf("%q is not plain", src)
		}
		var slow strings.Builder
		if err := md.Convert([]byte(src), &slow); err != nil {
			t.Fatal(err)
		}
		got := string(renderMarkdown([]string{src}, 1)[src])
		// The two escape quotes differently; both are correct.
		got = strings.NewReplacer("&#34;", "&quot;", "&#39;", "'").Replace(got)
		if got != slow.String() {
			t.Errorf("plain %q renders\n%q, goldmark renders\n%q", src, got, slow.String())
		}
	}
}

func TestSanitizeSVG(t *testing.T) {
	in := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)" style="fill:red">` +
		`<title id="t">A &amp; B &lt;script&gt;</title>` +
		`<script>alert(1)</script><style>rect{fill:red}</style>` +
		`<rect x="1" width="2" fill="url(#p)" onclick="alert(1)"/>` +
		`<rect fill="url(https://evil.example/x)"/>` +
		`<a href="javascript:alert(1)"><text>link</text></a>` +
		`<image href="https://evil.example/x.png"/><use xlink:href="https://evil.example/x.svg#a"/>` +
		`<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>` +
		`<text x="1">ok &lt;b&gt;</text></svg>`
	out, err := sanitizeSVG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, bad := range []string{"onload", "onclick", "style", "<script", "alert", "evil.example", "<a", "<image", "<use", "foreignObject", "<div", "<b>", "link"} {
		if strings.Contains(got, bad) {
			t.Errorf("sanitized SVG contains %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">`, `<title id="t">A &amp; B &lt;script&gt;</title>`, `<rect x="1" width="2" fill="url(#p)"/>`, `<text x="1">ok &lt;b&gt;</text>`} {
		if !strings.Contains(got, want) {
			t.Errorf("sanitized SVG lacks %q:\n%s", want, got)
		}
	}
	for _, broken := range []string{"", "<svg>", "<html></html>", "<svg><g></svg>", "not xml at all <"} {
		if out, err := sanitizeSVG([]byte(broken)); err == nil && len(out) > 0 {
			t.Errorf("sanitizeSVG(%q) = %q, want an error", broken, out)
		}
	}
}

func TestStem(t *testing.T) {
	seen := map[string]string{}
	for _, id := range []string{"cloud-foundation", "aws.ec2", "a_b", "Upper", "../../etc/passwd", "con", "index", "x y", "", ".hidden", "trailing.", "ünï", strings.Repeat("a", 200)} {
		s := stem(id)
		if !safeID(s) || strings.ContainsAny(s, "/\\") || s == "index" || s == "con" {
			t.Errorf("stem(%q) = %q is not a safe file name", id, s)
		}
		if prev, ok := seen[s]; ok {
			t.Errorf("stem(%q) = stem(%q) = %q", id, prev, s)
		}
		seen[s] = id
		if safeID(id) && !reserved[id] && s != id {
			t.Errorf("stem(%q) = %q, want the id itself", id, s)
		}
	}
}

// TestDutyMatrixWithOrganisationDuties: a party with too many duty rows
// gets the matrix instead of the tables; its duties outside landing zones
// have their own column.
func TestDutyMatrixWithOrganisationDuties(t *testing.T) {
	defer func(n int) { maxDutyRows = n }(maxDutyRows)
	maxDutyRows = 5
	b := testbook.Load(t, "../examples/enterprise")
	dir := t.TempDir()
	if _, err := Build(b, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "parties", "cloud-foundation.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="data matrix duty-matrix"`, `<th scope="col">Across the organisation</th>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("cloud-foundation's page lacks %s", want)
		}
	}
}
