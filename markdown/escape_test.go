package markdown

import (
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Cloud Foundation", "Cloud Foundation"},
		{"a|b", `a\|b`},
		{"line one\nline two\r\n\tthree", "line one line two three"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"Lift & shift", "Lift &amp; shift"},
		{"[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"`code`", "\\`code\\`"},
		{"*em* _em_ **b**", `\*em\* \_em\_ \*\*b\*\*`},
		{"# not a heading", `\# not a heading`},
		{"- not a list", `\- not a list`},
		{"+49 40", `\+49 40`},
		{"1. not a list", `1\. not a list`},
		{"2026. A year", `2026\. A year`},
		{"v1.2", "v1.2"},
		{"=SUM(1)", "=SUM(1)"},
		{"~~strike~~", "&#126;&#126;strike&#126;&#126;"},
		{"{: onclick=x}", `\{: onclick=x\}`},
		{`back\slash`, `back\\slash`},
		{"ctrl\x00\x02wzxhzdk:0\x03\x7f", "ctrlwzxhzdk:0"},
		{"  padded  ", "padded"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"aws-ec2", "`aws-ec2`"},
		{"group:gg-x", "`group:gg-x`"},
		{"a|b", `a\|b`},
		{"a`b", "a\\`b"},
		{"<b>", "&lt;b&gt;"},
	} {
		if got := Code(tc.in); got != tc.want {
			t.Errorf("Code(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTitle(t *testing.T) {
	if got := Title("<script>\"x\" & 'y'\n"); got != "‹script›”x” & ’y’" {
		t.Errorf("Title = %q", got)
	}
	if got := Title(" \n"); got != "Untitled" {
		t.Errorf("Title of blank = %q", got)
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "*Why* we do it.\n\n- one\n- two", "*Why* we do it.\n\n- one\n- two"},
		{"html", "a <script>alert(1)</script> b", "a &lt;script>alert(1)&lt;/script> b"},
		{"comment", "<!-- x -->", "&lt;!-- x -->"},
		{"autolink", "<https://example.com>", "&lt;https://example.com>"},
		{"code span kept", "use `<b>` here", "use `<b>` here"},
		{"double backticks", "``a ` <b>``", "``a ` <b>``"},
		{"unclosed backtick", "`a <b>", "`a &lt;b>"},
		{"escaped backtick", "\\`a <b>`", "\\`a &lt;b>`"},
		{"span does not cross lines", "`a\n<b>`", "`a\n&lt;b>`"},
		{"fence kept", "```go\n<b>\n```", "```\n<b>\n```"},
		{"fence closed with a tab", "```\n<b>\n```\t\n<i>\n```", "\\```\n&lt;b>\n\\```    \n&lt;i>\n\\```"},
		{"diagram fence", "```plantuml\n!include /etc/passwd\n```", "```\n!include /etc/passwd\n```"},
		{"snippet in a fence", "```\n--8<-- \"/etc/passwd\"\n```", "\\```\n--8&lt;-- \"/etc/passwd\"\n\\```"},
		{"snippet", "--8<-- \"/etc/passwd\"", "--8&lt;-- \"/etc/passwd\""},
		{"graphviz in a fence", "```\n{% dot x.svg\ndigraph{}\n%}\n```", "\\```\n\\{% dot x.svg\ndigraph\\{\\}\n%\\}\n\\```"},
		{"tilde fence kept", "~~~\n<b>\n~~~", "~~~\n<b>\n~~~"},
		{"unclosed fence", "```\n<b>", "\\```\n&lt;b>"},
		{"fence with info words", "```go run\n<b>\n```", "\\```go run\n&lt;b>\n\\```"},
		{"fence closed by a longer fence", "```\n<b>\n````\n<i>\n```", "\\```\n&lt;b>\n\\````\n&lt;i>\n\\```"},
		{"indented fence", "  ```\n<b>\n  ```", "  \\```\n&lt;b>\n  \\```"},
		{"safe link", "[x](https://example.com/a)", "[x](https://example.com/a)"},
		{"mail link", "[x](mailto:a@example.com)", "[x](mailto:a@example.com)"},
		{"anchor link", "[x](#top)", "[x](#top)"},
		{"javascript link", "[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"},
		{"javascript link with spaces", "[x](  JavaScript:alert(1))", "[x]\\(  JavaScript:alert(1))"},
		{"relative link", "[x](other.md)", "[x]\\(other.md)"},
		{"angle link", "[x](<javascript:alert(1)>)", "[x]\\(&lt;javascript:alert(1)>)"},
		{"image", "![i](data:image/png;base64,xx)", "!\\[i]\\(data:image/png;base64,xx)"},
		{"remote image", "![i](https://example.com/t.png)", "!\\[i](https://example.com/t.png)"},
		{"reference definition", "[r]: javascript:alert(1)", "\\[r]: javascript:alert(1)"},
		{"reference definition on next line", "[r]:\n  javascript:alert(1)", "\\[r]:\n  javascript:alert(1)"},
		{"safe reference definition", "[r]: https://example.com", "[r]: https://example.com"},
		{"attribute list", "text\n{: onclick=\"alert(1)\" }", "text\n\\{: onclick=\"alert(1)\" \\}"},
		{"atx heading", "## Why\ntext", "**Why**\ntext"},
		{"heading without space", "#Why", "**Why**"},
		{"closed heading", "# Why #", "**Why**"},
		{"empty heading", "#", ""},
		{"setext heading", "Why\n===\n\nNext\n---", "Why\n&#61;==\n\nNext\n&#45;--"},
		{"thematic break", "a\n\n---\n\nb", "a\n\n---\n\nb"},
		{"control characters", "a\x02wzxhzdk:0\x03b", "awzxhzdk:0b"},
		{"blank", " \n ", ""},
	} {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("%s: Markdown(%q) =\n%q, want\n%q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Decisions", "decisions"},
		{"Lift & shift", "lift-shift"},
		{"backups-lift-and-shift", "backups-lift-and-shift"},
		{"a--b", "a-b"},
		{"-a-", "-a-"},
		{"v1.2_x", "v12_x"},
		{"Zürich Ä", "zurich-a"},
		{"<script>", "script"},
		{"", ""},
	} {
		if got := slugify(tc.in); got != tc.want {
			t.Errorf("slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	ids := anchors{}
	for i, want := range []string{"a", "a_1", "a_2", "_1", "a_3"} {
		in := []string{"a", "a", "a", "", "a_1"}[i]
		if got := ids.unique(in); got != want {
			t.Errorf("unique(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileNames(t *testing.T) {
	f := newFileNames()
	for _, tc := range []struct{ in, want string }{
		{"aws-ec2", "aws-ec2"},
		{"index", "index-2"},
		{"README", "readme-2"},
		{"../../etc/passwd", "etc-passwd"},
		{"a b/c", "a-b-c"},
		{"aws-ec2", "aws-ec2-2"},
		{"...", "x"},
		{"", "x-2"},
	} {
		if got := f.name(tc.in); got != tc.want {
			t.Errorf("name(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRel(t *testing.T) {
	for _, tc := range []struct{ from, target, want string }{
		{"", "parties/a.md", "parties/a.md"},
		{"parties", "parties/a.md", "a.md"},
		{"services", "parties/a.md", "../parties/a.md"},
		{"parties", "decisions.md#x", "../decisions.md#x"},
	} {
		if got := rel(tc.from, tc.target); got != tc.want {
			t.Errorf("rel(%q, %q) = %q, want %q", tc.from, tc.target, got, tc.want)
		}
	}
}

// FuzzText checks that escaped text can never end a table cell or a line,
// or open a tag.
func FuzzText(f *testing.F) {
	for _, s := range []string{"a|b", "<script>", "x\ny", "\\|", "[a](b)", "`", "1. x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if strings.ContainsAny(got, "<>\n\r") {
			t.Fatalf("Text(%q) = %q holds a line break or an angle bracket", s, got)
		}
		for i := 0; i < len(got); i++ {
			if got[i] != '|' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && got[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("Text(%q) = %q has an unescaped |", s, got)
			}
		}
	})
}

func TestWhere(t *testing.T) {
	m := model.New()
	m.Sources["/srv/model/parties/a.yaml"] = nil
	m.Sources["/srv/model/rules/b.yaml"] = nil
	m.Sources["builtin:core.yaml"] = nil
	x := &exporter{m: m}
	r := diag.Range{Filename: "/srv/model/rules/b.yaml", Start: diag.Pos{Line: 3, Column: 5}}
	if got := x.where(r); got != "rules/b.yaml:3:5" {
		t.Errorf("where = %q", got)
	}
	x.opts.SourceRoot = "/srv"
	if got := x.where(r); got != "model/rules/b.yaml:3:5" {
		t.Errorf("where with SourceRoot = %q", got)
	}
	if got := x.where(diag.Range{}); got != "" {
		t.Errorf("where of no source = %q", got)
	}
}
