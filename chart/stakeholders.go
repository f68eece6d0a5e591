package chart

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

// Layout of the stakeholder map, in pixels.
const (
	smPad      = 20.0
	smAxisW    = 84.0
	smCellW    = 270.0
	smCellHead = 30.0
	smMinRowH  = 110.0
	smEntryGap = 6.0
	smPerCol   = 7     // names in a column of a cell before another column
	smSubColW  = 184.0 // width of a column of names in a crowded cell
)

var (
	smName  = textStyle{size: 12}
	levels  = []string{"", "low", "medium", "high"}
	quadrat = map[[2]int]struct{ label, tint string }{
		{3, 3}: {"Manage closely", "#fbe9e1"},
		{3, 1}: {"Keep satisfied", "#e6f0f9"},
		{1, 3}: {"Keep informed", "#e4f3ec"},
		{1, 1}: {"Monitor", "#f1f2f4"},
	}
)

// smEntry is one party placed on the map.
type smEntry struct {
	st    *view.Stakeholder
	lines []string
}

func (e smEntry) height() float64 { return float64(len(e.lines))*smName.lineHeight() + smEntryGap }

// smBox is a set of entries laid out in columns inside a width.
type smBox struct {
	entries []smEntry
	cols    int
	colW    float64
	perCol  int
}

// smCols is the number of columns for n entries.
func smCols(n, maxPerCol, maxCols int) int {
	return max(1, min(maxCols, (n+maxPerCol-1)/maxPerCol))
}

func newSMBox(list []*view.Stakeholder, width float64, maxPerCol int, maxCols int) *smBox {
	b := &smBox{cols: smCols(len(list), maxPerCol, maxCols)}
	n := len(list)
	b.colW = width / float64(b.cols)
	b.perCol = (n + b.cols - 1) / b.cols
	maxLines := 2
	if b.cols > 1 {
		maxLines = 3
	}
	for _, st := range list {
		lines, _ := wrap(partyName(st.Party), b.colW-24, smName, maxLines)
		b.entries = append(b.entries, smEntry{st: st, lines: lines})
	}
	return b
}

// height is the height of the tallest column.
func (b *smBox) height() float64 {
	h := 0.0
	for c := 0; c < b.cols; c++ {
		ch := 0.0
		for i := c * b.perCol; i < min(len(b.entries), (c+1)*b.perCol); i++ {
			ch += b.entries[i].height()
		}
		h = max(h, ch)
	}
	return h
}

func (b *smBox) draw(s *svg, x, y float64) {
	for c := 0; c < b.cols; c++ {
		cy := y
		for i := c * b.perCol; i < min(len(b.entries), (c+1)*b.perCol); i++ {
			e := b.entries[i]
			ex := x + float64(c)*b.colW
			kind := string(e.st.Party.Kind)
			s.raw("<g>")
			s.tooltip(stakeholderTooltip(e.st))
			s.raw(`<circle cx="%s" cy="%s" r="5.5" fill="%s" stroke="%s" stroke-width="1"/>`, num(ex+8), num(cy+7.5), fillOf(kind), inkColor)
			s.text(ex+20, cy+12, smName, e.lines...)
			s.raw("</g>\n")
			cy += e.height()
		}
	}
}

// Stakeholders renders the stakeholder map: the parties on a 3 × 3 grid of
// influence (rows, high at the top) by interest (columns, high on the
// right), the corners named with the usual strategy ("Manage closely",
// "Keep satisfied", "Keep informed", "Monitor"), each party a dot coloured
// by its kind with its name beside it, stacked within a grid cell so labels
// never overlap. Parties whose influence or interest is unknown are listed
// in a separate "not rated" strip below the grid.
func Stakeholders(b *view.Book) []byte {
	var all []*view.Stakeholder
	if b != nil {
		for _, st := range b.Stakeholders {
			if st != nil && st.Party != nil {
				all = append(all, st)
			}
		}
	}
	// Group by kind within a cell so colours cluster; stable keeps the
	// model's order within a kind.
	slices.SortStableFunc(all, func(a, b *view.Stakeholder) int {
		return kindRank(string(a.Party.Kind)) - kindRank(string(b.Party.Kind))
	})
	var grid [4][4][]*view.Stakeholder // [influence][interest]
	var unrated []*view.Stakeholder
	for _, st := range all {
		if rated(st) {
			grid[st.Influence][st.Interest] = append(grid[st.Influence][st.Interest], st)
		} else {
			unrated = append(unrated, st)
		}
	}

	s := &svg{id: "demarc-sm"}
	gridLeft := smPad + smAxisW
	// A grid column widens to hold crowded cells in up to three columns
	// of names.
	var colW, colX [4]float64
	gridW := 0.0
	for in := 1; in <= 3; in++ {
		k := 1
		for inf := 1; inf <= 3; inf++ {
			k = max(k, smCols(len(grid[inf][in]), smPerCol, 3))
		}
		colW[in] = smCellW
		if k > 1 {
			colW[in] = max(smCellW, float64(k)*smSubColW+16)
		}
		colX[in] = gridLeft + gridW
		gridW += colW[in]
	}
	width := gridLeft + gridW + smPad
	hd := newHeading("Stakeholder map", "Parties by influence and interest; the corners name how to engage them.", width-2*smPad)
	gridTop := smPad + hd.height()

	// Boxes and row heights; rows top to bottom are influence 3, 2, 1.
	var boxes [4][4]*smBox
	var rowH [4]float64
	for inf := 1; inf <= 3; inf++ {
		rowH[inf] = smMinRowH
		for in := 1; in <= 3; in++ {
			bx := newSMBox(grid[inf][in], colW[in]-16, smPerCol, 3)
			boxes[inf][in] = bx
			rowH[inf] = max(rowH[inf], smCellHead+bx.height()+8)
		}
	}
	rowTop := func(inf int) float64 {
		y := gridTop
		for r := 3; r > inf; r-- {
			y += rowH[r]
		}
		return y
	}
	gridH := rowH[1] + rowH[2] + rowH[3]
	axisBottom := gridTop + gridH + 48

	var unratedBox *smBox
	y := axisBottom
	if len(unrated) > 0 {
		unratedBox = newSMBox(unrated, gridW-16, 4, 3)
		y += 20 + 34 + unratedBox.height() + 8
	}
	leg := &legend{title: "Party kind"}
	for _, k := range kinds {
		leg.items = append(leg.items, legendItem{label: kindLabel(k), swatch: swatchDot, fill: fillOf(k)})
	}
	legTop := y + 16
	height := legTop + leg.height(width-2*smPad) + smPad

	s.begin(width, height, "Stakeholder map", smDesc(grid, unrated, len(all)))
	hd.draw(s, smPad, smPad)

	// Cells.
	s.raw("<g>\n")
	for inf := 3; inf >= 1; inf-- {
		for in := 1; in <= 3; in++ {
			x, y := colX[in], rowTop(inf)
			q, corner := quadrat[[2]int{inf, in}]
			fill := paperColor
			if corner {
				fill = q.tint
			}
			s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`+"\n", num(x), num(y), num(colW[in]), num(rowH[inf]), fill, gridColor)
			if corner {
				s.text(x+10, y+19, textStyle{size: 12, bold: true, color: mutedColor}, strings.ToUpper(q.label))
			}
			boxes[inf][in].draw(s, x+8, y+smCellHead)
		}
	}
	s.raw("</g>\n")

	// Axes.
	s.raw("<g>\n")
	tick := textStyle{size: 12, color: mutedColor, anchor: "end"}
	for inf := 3; inf >= 1; inf-- {
		s.text(gridLeft-10, rowTop(inf)+rowH[inf]/2+4, tick, capital(levels[inf]))
	}
	midY := gridTop + gridH/2
	s.raw(`<text x="%s" y="%s" transform="rotate(-90 %s %s)" text-anchor="middle" font-weight="600">Influence →</text>`+"\n",
		num(smPad+14), num(midY), num(smPad+14), num(midY))
	tick.anchor = "middle"
	for in := 1; in <= 3; in++ {
		s.text(colX[in]+colW[in]/2, gridTop+gridH+18, tick, capital(levels[in]))
	}
	s.text(gridLeft+gridW/2, gridTop+gridH+38, textStyle{size: 13, bold: true, anchor: "middle"}, "Interest →")
	s.raw("</g>\n")

	// Not rated.
	if unratedBox != nil {
		top := axisBottom + 20
		h := 34 + unratedBox.height() + 8
		s.raw("<g>\n")
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-dasharray="4 3"/>`+"\n", num(gridLeft), num(top), num(gridW), num(h), unusedFill, gridColor)
		s.text(gridLeft+10, top+21, textStyle{size: 12, bold: true, color: mutedColor}, "NOT RATED — INFLUENCE OR INTEREST UNKNOWN")
		unratedBox.draw(s, gridLeft+8, top+34)
		s.raw("</g>\n")
	}
	if len(all) == 0 {
		s.text(gridLeft+gridW/2, gridTop+gridH/2, textStyle{size: 13, color: mutedColor, anchor: "middle"}, "No stakeholders recorded")
	}

	leg.draw(s, smPad, legTop, width-2*smPad)
	return s.end()
}

func rated(st *view.Stakeholder) bool {
	return st.Influence >= 1 && st.Influence <= 3 && st.Interest >= 1 && st.Interest <= 3
}

func kindRank(kind string) int {
	if i := slices.Index(kinds, kind); i >= 0 {
		return i
	}
	return len(kinds)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func levelText(v int) string { return cmp.Or(view.LevelName(v), "not rated") }

func stakeholderTooltip(st *view.Stakeholder) string {
	t := fmt.Sprintf("%s — %s. Influence: %s, interest: %s.", partyName(st.Party), kindLabel(string(st.Party.Kind)), levelText(st.Influence), levelText(st.Interest))
	if len(st.Concerns) > 0 {
		t += " Concerns: " + strings.Join(st.Concerns, "; ") + "."
	}
	return t
}

func smDesc(grid [4][4][]*view.Stakeholder, unrated []*view.Stakeholder, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Stakeholder map of %s by influence (rows) and interest (columns).", plural(n, "party", "parties"))
	for inf := 3; inf >= 1; inf-- {
		for in := 3; in >= 1; in-- {
			list := grid[inf][in]
			if len(list) == 0 {
				continue
			}
			fmt.Fprintf(&b, " %s influence, %s interest", capital(levels[inf]), levels[in])
			if q, ok := quadrat[[2]int{inf, in}]; ok {
				fmt.Fprintf(&b, " (%s)", strings.ToLower(q.label))
			}
			b.WriteString(": ")
			b.WriteString(names(list))
			b.WriteString(".")
		}
	}
	if len(unrated) > 0 {
		b.WriteString(" Not rated: " + names(unrated) + ".")
	}
	return b.String()
}

func names(list []*view.Stakeholder) string {
	out := make([]string, 0, len(list))
	for _, st := range list {
		out = append(out, partyName(st.Party))
	}
	return strings.Join(out, ", ")
}
