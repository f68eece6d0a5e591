package chart

import (
	"fmt"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// Layout of the responsibility chart, in pixels.
const (
	rcPad      = 20.0
	rcRowHeadW = 190.0
	rcColW     = 150.0
	rcHeadH    = 56.0
	rcRowH     = 40.0
	rcMinW     = 560.0
)

// Responsibility renders the layered responsibility chart of one landing
// zone: layers as rows (c.Rows, top = governance and data, bottom =
// physical), service models as columns (c.Columns). Each cell is split into
// bands proportional to the number of cells per category, in
// view.Categories order, coloured by category and labelled with the
// accountable party where there is room; every band has a tooltip such as
// "Operating system × IaaS: 12 of 20 cells — accountable: Central IT
// Operations (shared teams)". Cells without any activity are hatched grey
// ("not used"). A thick line marks the provider border: where a column's
// side changes between the provider and the customer; a dashed line where it
// changes between shared and customer. A legend follows the grid.
func Responsibility(c *view.Chart) []byte {
	c = sanitizeChart(c)
	zoneName, zoneID := "Landing zone", ""
	if c.Zone != nil {
		zoneID = c.Zone.ID
		if c.Zone.Name != "" {
			zoneName = c.Zone.Name
		} else if c.Zone.ID != "" {
			zoneName = c.Zone.ID
		}
	}
	s := &svg{id: "demarc-rc"}
	if p := idPart(zoneID); p != "" {
		s.id += "-" + p
	}

	ncol := len(c.Columns)
	gridW := rcRowHeadW + float64(ncol)*rcColW
	if ncol == 0 {
		gridW = rcRowHeadW + 2*rcColW
	}
	width := max(rcPad*2+gridW, rcMinW)
	hd := newHeading("Responsibility chart: "+zoneName, "Who is accountable, by layer (rows) and service model (columns); the thick line is the provider border.", width-2*rcPad)
	top := rcPad + hd.height()
	gridTop := top + rcHeadH
	nrow := len(c.Rows)
	gridH := float64(nrow) * rcRowH
	if ncol == 0 && gridH < 2*rcRowH {
		gridH = 2 * rcRowH
	}
	leg := rcLegend()
	legTop := gridTop + gridH + 20
	legH := leg.height(width - 2*rcPad)
	height := legTop + legH + rcPad

	s.begin(width, height, "Responsibility chart: "+zoneName, rcDesc(c, zoneName))
	s.raw(`<defs><pattern id="%s-unused" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%s"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`+"\n",
		s.id, unusedFill, unusedHatch)

	// Title.
	hd.draw(s, rcPad, rcPad)

	left := rcPad
	colX := func(i int) float64 { return left + rcRowHeadW + float64(i)*rcColW }
	rowY := func(i int) float64 { return gridTop + float64(i)*rcRowH }

	// Column headers.
	s.raw("<g>\n")
	hst := textStyle{size: 13, bold: true, anchor: "middle"}
	for i, col := range c.Columns {
		name := columnName(col)
		cx := colX(i) + rcColW/2
		s.raw("<g>")
		s.tooltip(columnTooltip(col))
		lines, _ := wrap(name, rcColW-12, hst, 2)
		base := top + rcHeadH - 26 - float64(len(lines)-1)*hst.lineHeight()
		s.text(cx, base, hst, lines...)
		s.text(cx, top+rcHeadH-9, textStyle{size: 12, color: mutedColor, anchor: "middle"}, plural(len(col.Services), "service", "services"))
		s.raw("</g>\n")
	}
	s.raw("</g>\n")

	// Row headers.
	s.raw("<g>\n")
	for i, row := range c.Rows {
		y := rowY(i)
		if i%2 == 0 {
			s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="#f6f8fa"/>`+"\n", num(left), num(y), num(rcRowHeadW-4), num(rcRowH))
		}
		st := textStyle{size: 13}
		if row.Layer == nil {
			st.italic = true
		}
		lines, _ := wrap(rowName(row), rcRowHeadW-20, st, 2)
		s.raw("<g>")
		s.tooltip(rowTooltip(row))
		s.textBlock(left+8, y+rcRowH/2, st, lines)
		s.raw("</g>\n")
	}
	s.raw("</g>\n")

	// Cells.
	s.raw("<g>\n")
	for ri, row := range c.Rows {
		for ci := range c.Columns {
			if ci >= len(row.Cells) || row.Cells[ci] == nil {
				continue
			}
			rcCell(s, row, c.Columns[ci], row.Cells[ci], colX(ci)+1, rowY(ri)+1, rcColW-2, rcRowH-2)
		}
	}
	if ncol == 0 {
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="url(#%s-unused)" stroke="%s"/>`+"\n",
			num(colX(0)), num(gridTop), num(2*rcColW), num(gridH), s.id, gridColor)
		s.text(colX(0)+rcColW, gridTop+gridH/2+5, textStyle{size: 13, color: mutedColor, anchor: "middle"}, "No services in this landing zone")
	}
	s.raw("</g>\n")

	// The provider border.
	rcBorders(s, c, colX, rowY)

	leg.draw(s, rcPad, legTop, width-2*rcPad)
	return s.end()
}

// sanitizeChart returns a copy of c without nil rows and with empty
// columns for nil ones, so that the drawing need not check.
func sanitizeChart(c *view.Chart) *view.Chart {
	out := &view.Chart{}
	if c == nil {
		return out
	}
	out.Zone = c.Zone
	for _, col := range c.Columns {
		if col == nil {
			col = &view.ChartColumn{}
		}
		out.Columns = append(out.Columns, col)
	}
	for _, row := range c.Rows {
		if row != nil {
			out.Rows = append(out.Rows, row)
		}
	}
	return out
}

// side returns the side of column ci in a row, customer when unknown.
func side(row *view.ChartRow, ci int) model.Side {
	if ci < len(row.Cells) && row.Cells[ci] != nil && row.Cells[ci].Side != "" {
		return row.Cells[ci].Side
	}
	return model.SideCustomer
}

// rcBorders draws the provider border: a thick line where a column changes
// between provider and customer side, joined between columns like a
// staircase, and a dashed line where it changes between shared and customer.
func rcBorders(s *svg, c *view.Chart, colX, rowY func(int) float64) {
	s.raw("<g>\n")
	// provBorder[ci] is the y of the column's only provider border, or -1.
	provBorder := make([]float64, len(c.Columns))
	for ci := range c.Columns {
		provBorder[ci] = -1
		n := 0
		for ri := 0; ri+1 < len(c.Rows); ri++ {
			a, b := side(c.Rows[ri], ci), side(c.Rows[ri+1], ci)
			y := rowY(ri + 1)
			x1, x2 := colX(ci), colX(ci)+rcColW
			switch {
			case (a == model.SideProvider) != (b == model.SideProvider):
				s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="4" stroke-linecap="square"/>`+"\n", num(x1), num(y), num(x2), num(y), inkColor)
				provBorder[ci] = y
				n++
			case a != b:
				s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`+"\n", num(x1), num(y), num(x2), num(y), inkColor)
			}
		}
		if n != 1 {
			provBorder[ci] = -1
		}
	}
	for ci := 0; ci+1 < len(c.Columns); ci++ {
		a, b := provBorder[ci], provBorder[ci+1]
		if a >= 0 && b >= 0 && a != b {
			x := colX(ci + 1)
			s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="4" stroke-linecap="square"/>`+"\n", num(x), num(a), num(x), num(b), inkColor)
		}
	}
	s.raw("</g>\n")
}

// rcCell draws one chart cell as bands.
func rcCell(s *svg, row *view.ChartRow, col *view.ChartColumn, cell *view.ChartCell, x, y, w, h float64) {
	where := rowName(row) + " × " + shortColumnName(col)
	if cell.Total <= 0 {
		s.raw("<g>")
		s.tooltip(where + ": not used (no activity of this layer for these services)")
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="url(#%s-unused)"/>`, num(x), num(y), num(w), num(h), s.id)
		if tw := textWidth("not used", 11, false) + 8; tw <= w {
			s.raw(`<rect x="%s" y="%s" width="%s" height="16" fill="%s"/>`, num(x+w/2-tw/2), num(y+h/2-8), num(tw), unusedFill)
			s.text(x+w/2, y+h/2+4, textStyle{size: 11, color: mutedColor, anchor: "middle"}, "not used")
		}
		s.raw("</g>\n")
		return
	}
	total := 0
	for _, sh := range cell.Shares {
		if sh != nil && sh.Count > 0 {
			total += sh.Count
		}
	}
	if total == 0 {
		total = cell.Total
	}
	cum := 0
	for _, sh := range cell.Shares {
		if sh == nil || sh.Count <= 0 {
			continue
		}
		x1 := x + w*float64(cum)/float64(total)
		cum += sh.Count
		x2 := x + w*float64(cum)/float64(total)
		fill := fillOf(sh.Category)
		s.raw("<g>")
		s.tooltip(bandTooltip(where, sh, cell.Total))
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x1), num(y), num(x2-x1), num(h), fill)
		if label := bandLabel(sh); label != "" {
			st := textStyle{size: 11, color: textOn(fill), anchor: "middle"}
			if lines, ok := wrapWords(label, x2-x1-8, st, 2); ok {
				s.textBlock((x1+x2)/2, y+h/2, st, lines)
			}
		}
		s.raw("</g>\n")
	}
	// Separate the bands by thin white lines.
	cum = 0
	for i, sh := range cell.Shares {
		if sh == nil || sh.Count <= 0 {
			continue
		}
		cum += sh.Count
		if i < len(cell.Shares)-1 && cum < total {
			bx := x + w*float64(cum)/float64(total)
			s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`+"\n", num(bx), num(y), num(bx), num(y+h), paperColor)
		}
	}
}

// bandLabel names what a band shows.
func bandLabel(sh *view.Share) string {
	switch sh.Category {
	case view.CategoryGap:
		return "Gap"
	case view.CategoryConflict:
		return "Conflict"
	}
	if len(sh.Parties) > 0 && sh.Parties[0] != nil {
		return partyName(sh.Parties[0])
	}
	return ""
}

func bandTooltip(where string, sh *view.Share, total int) string {
	head := fmt.Sprintf("%s: %d of %d cells — ", where, sh.Count, total)
	switch sh.Category {
	case view.CategoryGap:
		return head + "nobody accountable (gap)"
	case view.CategoryConflict:
		return head + "conflicting rules (conflict)"
	}
	var names []string
	for _, p := range sh.Parties {
		if p != nil {
			names = append(names, partyName(p))
		}
	}
	if len(names) == 0 {
		return head + "accountable: " + CategoryLabel(sh.Category)
	}
	return head + "accountable: " + strings.Join(names, ", ") + " (" + categoryPhrase(sh.Category) + ")"
}

// partyName is the name of a party, its id when it has none.
func partyName(p *model.Party) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

func rowName(row *view.ChartRow) string {
	if row.Name != "" {
		return row.Name
	}
	if row.Layer != nil {
		if row.Layer.Name != "" {
			return row.Layer.Name
		}
		return row.Layer.ID
	}
	return "Governance"
}

func rowTooltip(row *view.ChartRow) string {
	name := rowName(row)
	if row.Layer == nil {
		return name + ": activities that sit on no layer of the stack"
	}
	if d := strings.Join(strings.Fields(row.Layer.Description), " "); d != "" {
		return name + ": " + d
	}
	return name
}

func columnName(col *view.ChartColumn) string {
	if col.Model == nil {
		return "Service model"
	}
	if col.Model.Name != "" {
		return col.Model.Name
	}
	return col.Model.ID
}

// shortColumnName is the abbreviation of a service model name such as
// "Infrastructure as a service (IaaS)", else the name.
func shortColumnName(col *view.ChartColumn) string {
	name := columnName(col)
	if strings.HasSuffix(name, ")") {
		if i := strings.LastIndex(name, "("); i > 0 {
			if abbr := strings.TrimSpace(name[i+1 : len(name)-1]); abbr != "" {
				return abbr
			}
		}
	}
	return name
}

func columnTooltip(col *view.ChartColumn) string {
	var names []string
	for _, sv := range col.Services {
		if sv == nil {
			continue
		}
		if sv.Name != "" {
			names = append(names, sv.Name)
		} else {
			names = append(names, sv.ID)
		}
	}
	t := columnName(col) + ": " + plural(len(col.Services), "service", "services")
	if len(names) > 0 {
		t += " — " + strings.Join(names, ", ")
	}
	return t
}

// rcDesc summarises the chart for screen readers.
func rcDesc(c *view.Chart, zoneName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Responsibility chart of landing zone %s: %s (rows, governance at the top, physical at the bottom) by %s (columns",
		zoneName, plural(len(c.Rows), "layer", "layers"), plural(len(c.Columns), "service model", "service models"))
	for i, col := range c.Columns {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s with %s", shortColumnName(col), plural(len(col.Services), "service", "services"))
	}
	b.WriteString(").")
	counts := map[string]int{}
	total := 0
	for _, row := range c.Rows {
		for _, cell := range row.Cells {
			if cell == nil {
				continue
			}
			for _, sh := range cell.Shares {
				if sh != nil && sh.Count > 0 {
					counts[sh.Category] += sh.Count
					total += sh.Count
				}
			}
		}
	}
	if total > 0 {
		fmt.Fprintf(&b, " Accountable for the %d cells:", total)
		first := true
		for _, cat := range view.Categories {
			if counts[cat] == 0 {
				continue
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			fmt.Fprintf(&b, " %s %d (%d%%)", CategoryLabel(cat), counts[cat], (counts[cat]*200+total)/(2*total))
		}
		b.WriteString(".")
	}
	b.WriteString(" A thick line marks the provider border; a dashed line the border between shared and customer layers.")
	return b.String()
}

// rcLegend is the legend of the responsibility chart.
func rcLegend() *legend {
	l := &legend{}
	for _, cat := range view.Categories {
		l.items = append(l.items, legendItem{label: CategoryLabel(cat), swatch: swatchRect, fill: fillOf(cat)})
	}
	l.items = append(l.items,
		legendItem{label: "Not used", swatch: swatchUnused},
		legendItem{label: "Provider border", swatch: swatchThick},
		legendItem{label: "Shared / customer border", swatch: swatchDashed},
	)
	return l
}
