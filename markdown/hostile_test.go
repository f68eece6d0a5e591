package markdown_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/markdown"
)

// hostileModel is a valid model whose every text tries to break out of
// Markdown and into HTML.
const hostileModel = `
organisation:
  name: "Evil <script>alert(1)</script> | Corp [x](javascript:alert(1))"
  website: "javascript:alert(1)"
  description: |
    Hello <script>alert(1)</script> and <img src=x onerror=alert(1)>.
    [click](javascript:alert(1)) and [ok](https://example.com) and ` + "`<b>code</b>`" + `.
    <!-- comment --> <https://example.com> <a href="javascript:alert(1)">a</a>
    ![tracker](https://example.com/pixel.png)

    ` + "```" + `
    <script>alert(1)</script> in code
    ` + "```" + `

    ` + "```" + `
    <script>alert(1)</script> in an unclosed fence
    [ref]: javascript:alert(1)
    # A heading
    {: onclick="alert(1)" }
parties:
  - id: evil
    kind: foundation
    name: "<script>alert(1)</script> | ` + "`tick`" + ` [x](javascript:alert(1))\nsecond line"
    description: "*Markdown* <script>alert(1)</script> [x](javascript:alert(1)) ![i](javascript:alert(1))"
    contacts:
      - name: "<script>alert(1)</script>"
        email: "x@example.com<script>alert(1)</script>"
        url: "javascript:alert(1)"
        oncall: "https://example.com/a b<script>"
    members: ["<script>alert(1)</script>", "a|b"]
    stakeholder:
      influence: high
      interest: high
      concerns: ["<script>alert(1)</script> | [x](javascript:alert(1))"]
    relations:
      - party: app
        type: supports
        description: "<script>alert(1)</script>"
  - id: app
    kind: application
    name: "=cmd|' /C calc'!A0 ` + "```" + `"
    parent: evil
  - id: index
    kind: shared
    name: "# Heading? | - [ ] ~~strike~~ _em_ **b** 1. list"
    parent: evil
  - id: cloud
    kind: provider
    name: "Cloud </title><script>alert(1)</script>"
providers:
  - id: cloud
    name: "Cloud ]]> <script>alert(1)</script>"
    reference: "javascript:alert(1)"
services:
  - id: vm
    name: "VM | <script>alert(1)</script>\n| --- |"
    provider: cloud
    model: iaas
    description: "<script>alert(1)</script>"
landing_zones:
  - id: lz
    name: "LZ <script>alert(1)</script> [x](javascript:alert(1))"
    owner: evil
    description: "<script>alert(1)</script>"
    audience:
      applications: "<script>alert(1)</script>"
    rationale: "<script>alert(1)</script> [x](javascript:alert(1))\n\n## Sneaky heading\n\nevil\n==="
    services: [vm]
activities:
  - id: act
    name: "Act [x](javascript:alert(1)) <script>alert(1)</script>"
    area: "<script>alert(1)</script>"
    description: "<script>alert(1)</script>"
    controls:
      "<script>": ["<script>alert(1)</script>"]
  - id: os
    name: "Patch | the OS"
    layer: operating-system
rules:
  - id: r1
    activity: act
    responsible: [evil, app]
    accountable: evil
    informed: [index]
    rationale: |
      Because <script>alert(1)</script>.

      [x](javascript:alert(1)) [y]: javascript:alert(1)
    status: agreed
  - id: decisions
    activity: os
    scope: {landing_zone: lz}
    responsible: [app]
    accountable: app
  - id: r2
    activity: os
    responsible: [app]
    accountable: app
    rationale: "decisions"
tenants:
  - id: "123|<script>alert(1)</script>"
    name: "<script>alert(1)</script>"
    provider: cloud
    landing_zone: lz
    owner: app
    tags:
      "<script>": "alert(1)|x"
`

func TestExportHostile(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "model.yaml"), []byte(hostileModel), 0o644); err != nil {
		t.Fatal(err)
	}
	b := book(t, src)
	dir := t.TempDir()
	if _, err := markdown.Export(b, dir, markdown.Options{}); err != nil {
		t.Fatal(err)
	}
	site := mkdocs(t, dir)
	for _, pp := range b.Parties {
		name := pp.Party.ID
		if name == "index" {
			name = "index-2" // the file name MkDocs would otherwise take for the section index
		}
		if _, err := os.Stat(filepath.Join(site, "parties", name, "index.html")); err != nil {
			t.Errorf("party %s: %v", pp.Party.ID, err)
		}
	}
	// Nothing from the model became markup. Text in the built pages has
	// every < escaped, so each < starts a real tag: look at the tags.
	tag := regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	attr := regexp.MustCompile(`\s([a-zA-Z:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	script := regexp.MustCompile(`(?is)<script[^>]*>([^<]*)</script>`)
	heading := regexp.MustCompile(`(?i)<h[1-6][^>]*>[^<]*Sneaky`)
	checked := 0
	err := filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(path); ext != ".html" && ext != ".svg" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		for _, tg := range tag.FindAll(data, -1) {
			for _, a := range attr.FindAllSubmatch(tg, -1) {
				name := strings.ToLower(string(a[1]))
				value := strings.ToLower(strings.Trim(string(a[2]), `"' `))
				unsafe := strings.HasPrefix(value, "javascript:") || strings.HasPrefix(value, "data:") || strings.HasPrefix(value, "vbscript:")
				remote := name == "src" && (strings.HasPrefix(value, "http:") || strings.HasPrefix(value, "https:") || strings.HasPrefix(value, "//"))
				if strings.HasPrefix(name, "on") || (name == "href" || name == "src" || name == "xlink:href" || name == "action") && unsafe ||
					name == "src" && value == "x" || remote {
					t.Errorf("%s: injected attribute in %s", path, tg)
				}
			}
		}
		for _, m := range script.FindAllSubmatch(data, -1) {
			if strings.Contains(string(m[1]), "alert") {
				t.Errorf("%s: injected script %s", path, m[0])
			}
		}
		if strings.Contains(string(data), "<script>alert") {
			t.Errorf("%s: contains <script>alert", path)
		}
		if heading.Match(data) {
			t.Errorf("%s: a heading from a rationale", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d built files", checked)
	}
	checkDecisionLinks(t, site)
	// The text is still there, shown as written.
	lz := read(t, site, "landing-zones/lz/index.html")
	if !strings.Contains(lz, "LZ &lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("landing zone name not shown as text")
	}
	// The link that is safe stays a link.
	if !strings.Contains(read(t, site, "index.html"), `href="https://example.com"`) {
		t.Error("the https link of the description was lost")
	}
	// Code in the description is code, shown as written.
	if !strings.Contains(read(t, site, "index.html"), "<code>&lt;b&gt;code&lt;/b&gt;</code>") {
		t.Error("the code span of the description was not kept")
	}
}
