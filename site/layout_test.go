package site_test

import (
	"bytes"
	"html/template"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/site"
)

func TestRenderInLayout(t *testing.T) {
	b := book(t, "../examples/enterprise")
	var buf bytes.Buffer
	if err := site.Render(&buf, b, site.Options{}, "My <page>", template.HTML("<p>body here</p>")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"<title>My &lt;page&gt; · ", `<link rel="stylesheet" href="assets/site.css">`, `<a href="index.html"`,
		"<p>body here</p>", `class="site-footer"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(out, "model-banner") {
		t.Error("banner without Options.Banner")
	}
}

func TestBannerOnEveryPage(t *testing.T) {
	b := book(t, "../examples/enterprise")
	banner := &site.Banner{Errors: 7, LastGood: now, More: 5,
		Items: []site.BannerItem{{Where: "rules/a.yaml:3:4", Summary: `unknown party "<script>x</script>"`}, {Where: "b.yaml:1:1", Summary: "second"}}}
	l := site.NewLayout(b, site.Options{Banner: banner})
	h := l.Handler()
	for _, p := range []string{"/", "/parties/index.html", "/decisions.html", "/glossary.html"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		body, _ := io.ReadAll(rec.Body)
		s := string(body)
		for _, want := range []string{
			`<div class="model-banner" role="alert">`,
			"The model files have 7 errors; showing the last good version from 29 November 2026, 12:00:00 UTC.",
			`<code class="where">rules/a.yaml:3:4</code> unknown party &#34;&lt;script&gt;x&lt;/script&gt;&#34;`,
			"And 5 more.",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
		if strings.Contains(s, "<script>x") {
			t.Errorf("%s: diagnostic not escaped", p)
		}
	}
}
