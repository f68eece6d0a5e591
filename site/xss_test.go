package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The payloads a hostile model carries in every text field.
const (
	scriptTag = `<script>alert(1)</script>`
	imgTag    = `"><img src=x onerror=alert(1)>`
)

// writeXSSModel writes a model whose every text field tries to inject
// markup or script, and returns its folder.
func writeXSSModel(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"organisation.yaml": `
organisation:
  name: 'Evil <script>alert(1)</script> Corp'
  website: 'javascript:alert(1)'
  description: |
    <script>window.__pwned = 1; alert(1)</script> and "><img src=x onerror=alert(1)>

    [click me](javascript:alert(1)) [and me](JaVaScRiPt:window.__pwned=1)
    [entity](&#106;avascript:alert(1)) [spaced](   javascript:alert(1))
    [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
    ![image](https://evil.example/track.png) ![script image](javascript:alert(1))
    <javascript:alert(1)> <img src=x onerror="window.__pwned=1">
    <a href="javascript:alert(1)">raw link</a> <svg onload=alert(1)>
    <iframe src="javascript:alert(1)"></iframe>

    # A heading that must not become a second h1
`,
		"parties.yaml": `
parties:
  - id: evil-team
    kind: foundation
    name: '<script>alert(1)</script>'
    description: '"><img src=x onerror=alert(1)> [x](javascript:alert(1)) <b onmouseover=alert(1)>bold</b>'
    contacts:
      - name: '"><img src=x onerror=alert(1)>'
        email: 'x"><script>alert(1)</script>@evil.example'
        chat: 'javascript:alert(1)'
        oncall: 'javascript:alert(1)'
        url: 'JaVaScRiPt:alert(1)'
        ticket: ' javascript:alert(1)'
        phone: '<script>alert(1)</script>'
      - name: ok
        email: 'team@evil.example'
        url: 'https://evil.example/"><script>alert(1)</script>'
    members: ['<script>alert(1)</script>', 'group:"><img src=x onerror=alert(1)>']
    stakeholder:
      influence: high
      interest: high
      concerns: ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']
    relations:
      - party: app-team
        type: supports
        description: '"><img src=x onerror=alert(1)>'
  - id: app-team
    kind: application
    name: '"><img src=x onerror=alert(1)>'
    parent: evil-team
    description: '</script><script>alert(1)</script>'
  - id: evil-cloud
    kind: provider
    name: 'Evil Cloud </script><script>alert(1)</script>'
providers:
  - id: evil-cloud
    name: '<svg onload=alert(1)>'
    description: '<script>alert(1)</script>'
    reference: 'javascript:alert(1)'
services:
  - id: evil-vm
    name: '<img src=x onerror=alert(1)>'
    provider: evil-cloud
    model: iaas
    category: '<script>alert(1)</script>'
    description: '[x](javascript:alert(1))'
    reference: 'javascript:alert(1)'
  - id: evil-fn
    name: '"><script>alert(1)</script>'
    provider: evil-cloud
    model: paas
`,
		"landing-zones.yaml": `
landing_zones:
  - id: evil-zone
    name: '<script>alert(1)</script> zone'
    description: 'raw HTML <div onclick=alert(1)>x</div>'
    owner: evil-team
    audience:
      applications: '<script>alert(1)</script>'
      skills: '"><img src=x onerror=alert(1)>'
      operations: 'javascript:alert(1)'
    rationale: |
      <script>alert(1)</script>

      [a](javascript:alert(1)) [b](java&#x73;cript:alert(1)) <a href="javascript:alert(1)">raw</a>
    services: [evil-vm, evil-fn]
`,
		"activities.yaml": `
activities:
  - id: evil-act
    name: '<script>alert(1)</script> act'
    area: '<b>area</b>'
    description: '"><img src=x onerror=alert(1)>'
    controls:
      '<script>': ['<script>alert(1)</script>']
  - id: os-act
    name: '"><img src=x onerror=alert(1)> patch'
    layer: operating-system
`,
		"rules.yaml": `
rules:
  - id: r-evil
    activity: evil-act
    responsible: [evil-team]
    accountable: evil-team
    consulted: [app-team]
    rationale: '<script>alert(1)</script> [x](javascript:alert(1))'
    status: agreed
    decided: 2026-01-01
    review_by: 2026-02-01
    approvals:
      - party: evil-team
        by: '<script>alert(1)</script>'
        at: 2026-01-02
  - id: r-os
    activity: os-act
    responsible: [tenant-owner]
    accountable: app-team
    rationale: |
      "><img src=x onerror=alert(1)>
      </script><script>alert(1)</script>
`,
		"processes.yaml": `
processes:
  - id: '"><script>alert(1)</script>'
    name: '<script>alert(1)</script> process'
    owner: evil-team
    trigger: '"><img src=x onerror=alert(1)>'
    description: '</script><script>alert(1)</script>'
    steps:
      - id: s1
        name: '<svg onload=alert(1)>'
        activity: evil-act
        handover: '<script>alert(1)</script>'
      - id: s2
        activity: os-act
`,
		"tenants.yaml": `
tenants:
  - id: '123"><script>alert(1)</script>'
    name: '<script>alert(1)</script>'
    provider: evil-cloud
    landing_zone: evil-zone
    owner: app-team
    tags:
      '<script>': '"><img src=x onerror=alert(1)>'
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestXSS(t *testing.T) {
	out, b, _ := buildSite(t, writeXSSModel(t))
	if len(b.Parties) < 3 || len(b.LandingZones) != 1 || len(b.Model.Tenants) != 1 {
		t.Fatalf("the hostile model did not load as written: %d parties, %d zones, %d tenants", len(b.Parties), len(b.LandingZones), len(b.Model.Tenants))
	}
	docs := crawl(t, out)
	for _, d := range docs {
		checkPage(t, d)
		walk(d.root, func(n *html.Node) {
			switch n.DataAtom {
			case atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Style:
				t.Errorf("%s: <%s> element from model text", d.path, n.Data)
			case atom.Script:
				if src, _ := attr(n, "src"); !strings.HasSuffix(src, "assets/site.js") && !strings.HasSuffix(src, "assets/search-index.js") {
					t.Errorf("%s: script %q", d.path, src)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					t.Errorf("%s: <%s %s=%q>", d.path, n.Data, a.Key, a.Val)
				}
			}
		})
	}
	// No payload survives unescaped in the bytes either.
	for _, p := range sitePages(t, out) {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", "<img", "<svg onload", "<iframe", "onmouseover=", "onclick=", "</script><script>", `"><img`, `"><script`} {
			if strings.Contains(s, bad) {
				i := strings.Index(s, bad)
				t.Errorf("%s: unescaped %q: …%s…", p, bad, s[max(0, i-60):min(len(s), i+60)])
			}
		}
	}
	// The search index is valid JSON in a script, holds the hostile names as
	// text, and cannot close its script element.
	items := searchIndex(t, out)
	names := map[string]bool{}
	for _, it := range items {
		names[it[1]] = true
	}
	if !names[scriptTag] || !names[imgTag] {
		t.Errorf("search index lacks the hostile party names as text")
	}
}
