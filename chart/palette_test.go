package chart

import (
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/view"
)

func TestPaletteContrast(t *testing.T) {
	for _, cat := range view.Categories {
		fill, ok := Colors[cat]
		if !ok {
			t.Fatalf("no colour for category %q", cat)
		}
		text := textOn(fill)
		if c := contrast(luminance(fill), luminance(text)); c < 4.5 {
			t.Errorf("%s: %s text on %s has contrast %.2f < 4.5", cat, text, fill, c)
		}
		if CategoryLabel(cat) == cat {
			t.Errorf("category %q has no label", cat)
		}
	}
	if len(Colors) != len(view.Categories) {
		t.Errorf("Colors has %d entries for %d categories", len(Colors), len(view.Categories))
	}
	seen := map[string]bool{}
	for _, c := range Colors {
		if seen[strings.ToLower(c)] {
			t.Errorf("colour %s used twice", c)
		}
		seen[strings.ToLower(c)] = true
	}
	// Secondary text stays legible on white.
	if c := contrast(luminance(mutedColor), 1); c < 4.5 {
		t.Errorf("muted text contrast %.2f < 4.5", c)
	}
}

func TestCategoryLabels(t *testing.T) {
	want := map[string]string{
		view.CategoryProvider:    "Cloud provider",
		view.CategoryFoundation:  "Cloud foundation team",
		view.CategoryShared:      "Shared central teams",
		view.CategoryApplication: "Application teams",
		view.CategoryExternal:    "External parties",
		view.CategoryGap:         "Gap (nobody)",
		view.CategoryConflict:    "Conflict",
	}
	for cat, label := range want {
		if got := CategoryLabel(cat); got != label {
			t.Errorf("CategoryLabel(%q) = %q, want %q", cat, got, label)
		}
	}
}

func TestWrap(t *testing.T) {
	st := textStyle{size: 12}
	lines, ok := wrap("Identity and Access Management", 120, st, 3)
	if !ok || len(lines) < 2 {
		t.Fatalf("wrap = %q, %v", lines, ok)
	}
	for _, l := range lines {
		if w := textWidth(l, 12, false); w > 120 {
			t.Errorf("line %q is %.0f px wide", l, w)
		}
	}
	lines, ok = wrap(strings.Repeat("x", 200), 100, st, 2)
	if ok || len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("long word: %q, %v", lines, ok)
	}
	lines, _ = wrap("a\xffb\xfe\xfd", 5, st, 10)
	if strings.Join(lines, "") != "a\xffb\xfe\xfd" {
		t.Errorf("invalid UTF-8 mangled: %q", lines)
	}
	if lines, ok := wrap("  ", 100, st, 2); len(lines) != 0 || !ok {
		t.Errorf("blank: %q, %v", lines, ok)
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", -0.01: "0", 1.25: "1.3", 100: "100", -3.14: "-3.1"} {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q, want %q", in, got, want)
		}
	}
}
