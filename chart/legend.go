package chart

// legend is a row of swatches with labels that wraps to the width given.
type legend struct {
	title string
	items []legendItem
}

type swatchKind int

const (
	swatchRect swatchKind = iota
	swatchUnused
	swatchThick
	swatchDashed
	swatchDot
)

type legendItem struct {
	label  string
	swatch swatchKind
	fill   string
}

const (
	legSwatchW = 22.0
	legRowH    = 22.0
	legGap     = 20.0
)

var legStyle = textStyle{size: 12}

func (it legendItem) width() float64 {
	return legSwatchW + 6 + textWidth(it.label, legStyle.size, false)
}

// rows lays the items out in rows no wider than width.
func (l *legend) rows(width float64) [][]legendItem {
	var rows [][]legendItem
	var cur []legendItem
	x := 0.0
	if l.title != "" {
		x = textWidth(l.title, legStyle.size, true) + 10
	}
	for _, it := range l.items {
		w := it.width()
		if len(cur) > 0 && x+w > width {
			rows = append(rows, cur)
			cur, x = nil, 0
		}
		cur = append(cur, it)
		x += w + legGap
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	return rows
}

func (l *legend) height(width float64) float64 {
	return float64(len(l.rows(width))) * legRowH
}

// draw writes the legend with its top left corner at x, y.
func (l *legend) draw(s *svg, x, y, width float64) {
	s.raw("<g>\n")
	cx := x
	if l.title != "" {
		s.text(x, y+15, textStyle{size: 12, bold: true}, l.title)
		cx += textWidth(l.title, legStyle.size, true) + 10
	}
	for ri, row := range l.rows(width) {
		if ri > 0 {
			cx = x
		}
		cy := y + float64(ri)*legRowH + 11
		for _, it := range row {
			switch it.swatch {
			case swatchRect:
				s.raw(`<rect x="%s" y="%s" width="%s" height="14" rx="2" fill="%s"/>`, num(cx), num(cy-7), num(legSwatchW), it.fill)
			case swatchUnused:
				s.raw(`<rect x="%s" y="%s" width="%s" height="14" rx="2" fill="url(#%s-unused)" stroke="%s"/>`, num(cx), num(cy-7), num(legSwatchW), s.id, gridColor)
			case swatchThick:
				s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="4"/>`, num(cx), num(cy), num(cx+legSwatchW), num(cy), inkColor)
			case swatchDashed:
				s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, num(cx), num(cy), num(cx+legSwatchW), num(cy), inkColor)
			case swatchDot:
				s.raw(`<circle cx="%s" cy="%s" r="6" fill="%s" stroke="%s" stroke-width="1"/>`, num(cx+legSwatchW/2), num(cy), it.fill, inkColor)
			}
			s.text(cx+legSwatchW+6, cy+4, legStyle, it.label)
			cx += it.width() + legGap
		}
	}
	s.raw("</g>\n")
}
