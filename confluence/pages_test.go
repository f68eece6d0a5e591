package confluence

import (
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

// parse walks a storage body as XML and returns the text of every
// plain-text link body, every ri:content-title and every element name.
func parse(t testing.TB, body string) (linkTexts, titles, elements []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="` + NamespaceAC + `" xmlns:ri="` + NamespaceRI + `">` + body + `</root>`))
	dec.Strict = true
	inLink := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, body)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			elements = append(elements, el.Name.Local)
			if el.Name.Space == NamespaceAC && el.Name.Local == "plain-text-link-body" {
				inLink = true
				linkTexts = append(linkTexts, "")
			}
			for _, a := range el.Attr {
				if a.Name.Space == NamespaceRI && a.Name.Local == "content-title" {
					titles = append(titles, a.Value)
				}
			}
		case xml.EndElement:
			if el.Name.Local == "plain-text-link-body" {
				inLink = false
			}
		case xml.CharData:
			if inLink {
				linkTexts[len(linkTexts)-1] += string(el)
			}
		}
	}
}

func TestExamplePagesAreWellFormed(t *testing.T) {
	pages := Pages(exampleBook(t))
	titles := map[string]bool{}
	for _, pg := range pages {
		titles[pg.Title] = true
	}
	sections := 0
	for _, pg := range pages {
		_, linked, elements := parse(t, pg.Body)
		for _, l := range linked {
			if !titles[l] {
				t.Errorf("%s links to %q, which is not published", pg.Title, l)
			}
		}
		if slices.Contains(elements, "table") && !slices.Contains(elements, "th") {
			t.Errorf("%s has a table without header cells", pg.Title)
		}
		if !strings.HasPrefix(pg.Title, "Northwind Mutual · ") {
			t.Errorf("title %q lacks the organisation", pg.Title)
		}
		if pg.ParentKey == KeyHome {
			sections++
		}
	}
	if sections != 9 {
		t.Fatalf("%d sections below the home page, want 9", sections)
	}
	for _, pg := range pages {
		if pg.Key == "process/decommission-tenant" {
			if pg.ParentKey != KeyProcesses || len(pg.Attachments) == 0 || !strings.Contains(pg.Body, "hand-off") {
				t.Errorf("process page: parent %q, %d attachments, hand-offs marked %v", pg.ParentKey, len(pg.Attachments), strings.Contains(pg.Body, "hand-off"))
			}
		}
	}
	for _, key := range []string{KeyHome, "party/cloud-foundation", "zone/cloud-native", "activity/decommission-tenant", KeyProcesses, "process/decommission-tenant", KeyGlossary} {
		if titleOf(pages, key) == "" {
			t.Errorf("no page %s", key)
		}
	}
	zone := pages[slices.IndexFunc(pages, func(p Page) bool { return p.Key == "zone/cloud-native" })]
	if len(zone.Attachments) != 1 || !strings.Contains(zone.Body, `<ri:attachment ri:filename="`+zone.Attachments[0].Name+`" />`) {
		t.Fatalf("the zone page does not show its chart attachment")
	}
	if titleOf(pages, "party/cloud-foundation") != "Northwind Mutual · Party · Cloud Foundation" {
		t.Fatalf("party title %q", titleOf(pages, "party/cloud-foundation"))
	}
	// Bodies depend on the model only: building again gives the same pages.
	again := Pages(exampleBook(t))
	for i := range pages {
		if pages[i].Body != again[i].Body || pageHash(&pages[i]) != pageHash(&again[i]) {
			t.Fatalf("%s differs between two builds", pages[i].Title)
		}
	}
}

func TestHostileNamesAreEscaped(t *testing.T) {
	const payload = `<script>alert("x")</script> ]]> & Co <![CDATA[ '`
	b := exampleBook(t)
	b.Model.Organisation.Name = "Evil & Sons <b>"
	b.Model.Organisation.Description = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) ![pic](https://example.com/a.png \"t\") ]]>"
	p := b.Model.PartyByID["cloud-foundation"]
	p.Name = "Foundation " + payload
	p.Description = "Line\x00with\x01control\x1f characters\uFFFE and a valid é."
	p.Members = []string{payload}
	p.Contacts[0].Chat = payload
	p.Contacts[0].URL = "javascript:alert(1)"
	b.Model.Rules[0].Rationale = "# Why\n\n" + payload + "\n\n```\n]]> </code>\n```\n\n| a | b |\n|---|---|\n| <x> | &amp; |\n"
	for _, a := range b.Model.Activities {
		a.Name = a.Name + " ]]>"
	}
	pages := Pages(rebuild(t, b))
	seen := false
	for _, pg := range pages {
		texts, _, elements := parse(t, pg.Body)
		for _, bad := range []string{"script", "img"} {
			if slices.Contains(elements, bad) {
				t.Errorf("%s contains a <%s> element", pg.Title, bad)
			}
		}
		if strings.Contains(strings.ToLower(pg.Body), "javascript:") && strings.Contains(pg.Body, `href="javascript`) {
			t.Errorf("%s links to javascript:", pg.Title)
		}
		if strings.ContainsAny(pg.Body, "\x00\x01\x1f") {
			t.Errorf("%s carries control characters", pg.Title)
		}
		for _, tx := range texts {
			if tx == "Foundation "+payload {
				seen = true // the name survived CDATA intact
			}
		}
		if !strings.HasPrefix(pg.Title, "Evil & Sons <b> · ") {
			t.Errorf("title %q", pg.Title)
		}
	}
	if !seen {
		t.Fatal("no link shows the hostile party name intact")
	}
	// Publishing them works: the fake parses every body.
	s := newSite(t)
	publish(t, s.config(nil), pages)
	checkTree(t, s, pages)
}

func TestEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`a<b>&"c'`:    `a&lt;b&gt;&amp;&quot;c&#39;`,
		"x\x00y\x0bz": "xyz",
		"ok\tline\n":  "ok\tline\n",
		"\xff":        "\uFFFD",
	} {
		if got := esc(in); got != want {
			t.Errorf("esc(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cdata("a]]>b"); got != "<![CDATA[a]]]]><![CDATA[>b]]>" {
		t.Fatalf("cdata = %q", got)
	}
	texts, _, _ := parse(t, pageLink("T", "x]]>y]]>"))
	if len(texts) != 1 || texts[0] != "x]]>y]]>" {
		t.Fatalf("link text %q", texts)
	}
	if got := markdown("a<br>b\n\n---\n\n![x](https://h/i.png)"); CheckStorage(got) != nil || !strings.Contains(got, "<hr />") || !strings.Contains(got, `<ri:url ri:value="https://h/i.png" />`) {
		t.Fatalf("markdown = %s", got)
	}
	if got := markdown("# Top\n## Next"); !strings.Contains(got, "<h3>Top</h3>") || !strings.Contains(got, "<h4>Next</h4>") {
		t.Fatalf("headings not moved down: %s", got)
	}
	if got := markdown("&copy; &nbsp; &#9731;"); CheckStorage(got) != nil {
		t.Fatalf("entities: %s", got)
	}
}

func TestLongAndDuplicateTitles(t *testing.T) {
	b := exampleBook(t)
	long := strings.Repeat("Very long name ", 30)
	b.Model.PartyByID["cloud-foundation"].Name = long
	b.Model.PartyByID["iam-team"].Name = long
	b.Model.PartyByID["grc"].Name = "Line\nbreak"
	pages := Pages(b)
	seen := map[string]bool{}
	for _, pg := range pages {
		if n := len([]rune(pg.Title)); n > maxTitleRunes {
			t.Errorf("title of %s has %d characters", pg.Key, n)
		}
		if seen[strings.ToLower(pg.Title)] {
			t.Errorf("title %q used twice", pg.Title)
		}
		seen[strings.ToLower(pg.Title)] = true
	}
	if !strings.HasSuffix(titleOf(pages, "party/iam-team"), "(iam-team)") {
		t.Fatalf("duplicate name not told apart: %q", titleOf(pages, "party/iam-team"))
	}
	if titleOf(pages, "party/grc") != "Northwind Mutual · Party · Line break" {
		t.Fatalf("title %q", titleOf(pages, "party/grc"))
	}
}
