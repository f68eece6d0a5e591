package site

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// The pictures come from package chart.
var (
	chartResponsibility = chart.Responsibility
	chartStakeholders   = chart.Stakeholders
	chartRelations      = chart.Relations
	chartOrgChart       = chart.OrgChart
)

func categoryLabel(c string) string { return chart.CategoryLabel(c) }

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?$`)

// colorsCSS writes the category colours of package chart as classes, so
// legends and bars match the charts without inline styles.
func (s *site) colorsCSS(w *bytes.Buffer) error {
	cats := make([]string, 0, len(chart.Colors))
	for c := range chart.Colors {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	w.WriteString("/* Category colours of the charts. */\n")
	for _, c := range cats {
		col := chart.Colors[c]
		if !hexColor.MatchString(col) || !safeID(c) {
			continue
		}
		w.WriteString(".cat-" + c + "{background-color:" + col + ";fill:" + col + "}\n")
	}
	return nil
}

// cellsBar draws the share of cells by outcome as a bar; the numbers are
// in the cards next to it.
func cellsBar(sum *resolve.Summary) template.HTML {
	if sum.Cells == 0 {
		return ""
	}
	parts := []struct {
		n     int
		class string
		label string
	}{
		{sum.ProviderCells, "cat-" + view.CategoryProvider, "held by the provider"},
		{sum.RuleCells, "cat-" + view.CategoryFoundation, "decided by rules"},
		{sum.GapCells, "cat-" + view.CategoryGap, "gaps"},
		{sum.ConflictCells, "cat-" + view.CategoryConflict, "conflicts"},
	}
	var buf bytes.Buffer
	w := hw{&buf}
	w.s(`<svg class="cells-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label="`)
	for i, p := range parts {
		if i > 0 {
			w.s(", ")
		}
		w.t(num(p.n))
		w.s(" ")
		w.t(p.label)
	}
	w.s(`">`)
	x := 0.0
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		width := float64(p.n) * 1000 / float64(sum.Cells)
		w.s(`<rect class="`)
		w.s(p.class)
		w.s(`" x="`)
		w.t(ftoa(x))
		w.s(`" y="0" height="24" width="`)
		w.t(ftoa(max(width, 2)))
		w.s(`"><title>`)
		w.t(num(p.n))
		w.s(" ")
		w.t(p.label)
		w.s(`</title></rect>`)
		x += width
	}
	w.s(`</svg>`)
	return template.HTML(buf.String())
}

func ftoa(f float64) string {
	return string(appendFloat(nil, f))
}
