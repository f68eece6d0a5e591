package site

import (
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`,
		"a & b", "it's", "x\x00y", "caf\xc3\xa9", "bad \xff utf8", "über <b>", "\xe2\x80", "ok ü & ß",
	} {
		want := template.HTMLEscapeString(s)
		want = strings.ReplaceAll(want, "\x00", "\uFFFD")
		got := string(appendEscaped(nil, s))
		if !utf8.ValidString(s) {
			// html/template keeps invalid bytes; this package replaces them.
			if !utf8.ValidString(got) || strings.ContainsAny(got, "<>\"'") {
				t.Errorf("appendEscaped(%q) = %q", s, got)
			}
		} else if want != got {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
		if needsEscape(s) != (got != s) {
			t.Errorf("needsEscape(%q) = %v, but escaping gives %q", s, needsEscape(s), got)
		}
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 2880000: "2,880,000", -12345: "-12,345"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}
