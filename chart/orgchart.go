package chart

import (
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

// Layout of the org chart, in pixels.
const (
	ocPad      = 20.0
	ocBoxW     = 168.0
	ocHGap     = 20.0   // between sibling subtrees
	ocVGap     = 40.0   // between a parent and its children
	ocRowGap   = 44.0   // between rows of children
	ocIndent   = 36.0   // of rows of children hanging from a trunk
	ocMaxW     = 1200.0 // width above which children wrap into rows
	ocMaxLines = 3
	ocMaxDepth = 64
)

var (
	ocName = textStyle{size: 13, bold: true, anchor: "middle"}
	ocKind = textStyle{size: 11, color: mutedColor, anchor: "middle"}
)

// ocBlock is the laid-out subtree of one party.
type ocBlock struct {
	node  *view.OrgNode
	lines []string
	w, h  float64
	boxX  float64 // left of the party's box within the block
	// rows of children; each child has its offset within the block.
	rows [][]ocChild
	// hanging is set when the children hang in several rows from a trunk
	// on the left instead of one row centred below the box.
	hanging bool
}

type ocChild struct {
	b      *ocBlock
	dx, dy float64
}

type orgLayout struct {
	boxH  float64
	count int
	seen  map[*view.OrgNode]bool
}

// OrgChart renders the party hierarchy (b.OrgChart) as a tidy tree: boxes
// with the party's name and kind, top-down, joined by connector lines.
// Long names wrap; a party whose children would make the tree wider than a
// page hangs them in several rows from a trunk, so wide trees stay
// readable.
func OrgChart(b *view.Book) []byte {
	var roots []*view.OrgNode
	if b != nil {
		for _, r := range b.OrgChart {
			if r != nil && r.Party != nil {
				roots = append(roots, r)
			}
		}
	}
	lo := &orgLayout{seen: map[*view.OrgNode]bool{}}
	// The box height fits the longest name of the chart.
	lines := 1
	lo.walk(roots, 0, func(n *view.OrgNode) {
		l, _ := wrap(partyName(n.Party), ocBoxW-20, ocName, ocMaxLines)
		lines = max(lines, len(l))
	})
	lo.boxH = 6 + 10 + float64(lines)*ocName.lineHeight() + 4 + 14 + 8
	lo.seen = map[*view.OrgNode]bool{}

	// Hierarchies first, then parties that stand alone.
	slices.SortStableFunc(roots, func(a, b *view.OrgNode) int { return min(len(b.Children), 1) - min(len(a.Children), 1) })
	var blocks []*ocBlock
	for _, r := range roots {
		if bl := lo.layout(r, 0); bl != nil {
			blocks = append(blocks, bl)
		}
	}
	// Roots are placed in rows like the children of an invisible party.
	type placed struct {
		b    *ocBlock
		x, y float64
	}
	var place []placed
	x, y, rowH, contentW := 0.0, 0.0, 0.0, 0.0
	for _, bl := range blocks {
		if x > 0 && x+bl.w > ocMaxW {
			x, y = 0, y+rowH+ocRowGap+8
			rowH = 0
		}
		place = append(place, placed{bl, x, y})
		x += bl.w + ocHGap*2
		rowH = max(rowH, bl.h)
		contentW = max(contentW, x-ocHGap*2)
	}
	contentH := y + rowH

	width := max(contentW+2*ocPad, 480)
	hd := newHeading("Org chart", "Who belongs to whom: the parent of each party and its kind.", width-2*ocPad)
	top := ocPad + hd.height()
	leg := &legend{title: "Party kind"}
	for _, k := range kinds {
		leg.items = append(leg.items, legendItem{label: kindLabel(k), swatch: swatchRect, fill: fillOf(k)})
	}
	legTop := top + contentH + 28
	if len(blocks) == 0 {
		legTop = top + 60
	}
	height := legTop + leg.height(width-2*ocPad) + ocPad

	s := &svg{id: "demarc-oc"}
	s.begin(width, height, "Org chart", ocDesc(roots, lo.count))
	hd.draw(s, ocPad, ocPad)
	if len(blocks) == 0 {
		s.text(ocPad, top+24, textStyle{size: 13, color: mutedColor}, "No parties recorded")
	}
	s.raw("<g>\n")
	for _, p := range place {
		lo.draw(s, p.b, ocPad+p.x, top+p.y)
	}
	s.raw("</g>\n")
	leg.draw(s, ocPad, legTop, width-2*ocPad)
	return s.end()
}

// walk visits the nodes once each, depth first.
func (lo *orgLayout) walk(nodes []*view.OrgNode, depth int, f func(*view.OrgNode)) {
	if depth > ocMaxDepth {
		return
	}
	for _, n := range nodes {
		if n == nil || n.Party == nil || lo.seen[n] {
			continue
		}
		lo.seen[n] = true
		f(n)
		lo.walk(n.Children, depth+1, f)
	}
}

// layout lays out the subtree of n.
func (lo *orgLayout) layout(n *view.OrgNode, depth int) *ocBlock {
	if n == nil || n.Party == nil || lo.seen[n] || depth > ocMaxDepth {
		return nil
	}
	lo.seen[n] = true
	lo.count++
	bl := &ocBlock{node: n, w: ocBoxW, h: lo.boxH}
	bl.lines, _ = wrap(partyName(n.Party), ocBoxW-20, ocName, ocMaxLines)
	var kids []*ocBlock
	for _, c := range n.Children {
		if cb := lo.layout(c, depth+1); cb != nil {
			kids = append(kids, cb)
		}
	}
	if len(kids) == 0 {
		return bl
	}
	rowW := 0.0
	for i, k := range kids {
		if i > 0 {
			rowW += ocHGap
		}
		rowW += k.w
	}
	if rowW <= ocMaxW || len(kids) == 1 {
		// One row, the parent centred over its children.
		x := 0.0
		childH := 0.0
		var row []ocChild
		for _, k := range kids {
			row = append(row, ocChild{b: k, dx: x, dy: lo.boxH + ocVGap})
			x += k.w + ocHGap
			childH = max(childH, k.h)
		}
		first := row[0].dx + row[0].b.boxX + ocBoxW/2
		last := row[len(row)-1].dx + row[len(row)-1].b.boxX + ocBoxW/2
		centre := (first + last) / 2
		bl.boxX = centre - ocBoxW/2
		shift := 0.0
		if bl.boxX < 0 {
			shift = -bl.boxX
			bl.boxX = 0
		}
		for i := range row {
			row[i].dx += shift
		}
		bl.w = max(rowW+shift, bl.boxX+ocBoxW)
		bl.h = lo.boxH + ocVGap + childH
		bl.rows = [][]ocChild{row}
		return bl
	}
	// Several rows hanging from a trunk on the left.
	bl.hanging = true
	y := lo.boxH + ocVGap
	x, rowH := 0.0, 0.0
	var row []ocChild
	for _, k := range kids {
		if len(row) > 0 && ocIndent+x+k.w > ocMaxW {
			bl.rows = append(bl.rows, row)
			row = nil
			y += rowH + ocRowGap
			x, rowH = 0, 0
		}
		row = append(row, ocChild{b: k, dx: ocIndent + x, dy: y})
		x += k.w + ocHGap
		rowH = max(rowH, k.h)
		bl.w = max(bl.w, ocIndent+x-ocHGap)
	}
	bl.rows = append(bl.rows, row)
	bl.h = y + rowH
	return bl
}

// draw draws a block with its top left corner at x, y.
func (lo *orgLayout) draw(s *svg, bl *ocBlock, x, y float64) {
	bx := x + bl.boxX
	cx := bx + ocBoxW/2
	bottom := y + lo.boxH
	// Connectors first, so boxes cover their ends.
	if len(bl.rows) > 0 {
		var d strings.Builder
		if bl.hanging {
			trunk := x + ocIndent/2
			lastBus := 0.0
			for _, row := range bl.rows {
				busY := y + row[0].dy - 18
				lastBus = busY
				far := x + row[len(row)-1].dx + row[len(row)-1].b.boxX + ocBoxW/2
				fmt.Fprintf(&d, "M%s %sH%s", num(trunk), num(busY), num(far))
				for _, c := range row {
					ccx := x + c.dx + c.b.boxX + ocBoxW/2
					fmt.Fprintf(&d, "M%s %sV%s", num(ccx), num(busY), num(y+c.dy))
				}
			}
			fmt.Fprintf(&d, "M%s %sV%s", num(trunk), num(bottom), num(lastBus))
		} else {
			row := bl.rows[0]
			busY := bottom + ocVGap/2
			first := x + row[0].dx + row[0].b.boxX + ocBoxW/2
			last := x + row[len(row)-1].dx + row[len(row)-1].b.boxX + ocBoxW/2
			fmt.Fprintf(&d, "M%s %sV%s", num(cx), num(bottom), num(busY))
			if first != last {
				fmt.Fprintf(&d, "M%s %sH%s", num(first), num(busY), num(last))
			}
			for _, c := range row {
				ccx := x + c.dx + c.b.boxX + ocBoxW/2
				fmt.Fprintf(&d, "M%s %sV%s", num(ccx), num(busY), num(y+c.dy))
			}
		}
		s.raw(`<path d="%s" fill="none" stroke="%s" stroke-width="1.5"/>`+"\n", d.String(), lineColor)
	}
	// The box.
	if bl.hanging {
		// The trunk leaves the box near its left edge.
		bx = x
	}
	lo.box(s, bl, bx, y)
	for _, row := range bl.rows {
		for _, c := range row {
			lo.draw(s, c.b, x+c.dx, y+c.dy)
		}
	}
}

// box draws the box of one party.
func (lo *orgLayout) box(s *svg, bl *ocBlock, x, y float64) {
	p := bl.node.Party
	kind := string(p.Kind)
	h := lo.boxH
	s.raw("<g>")
	s.tooltip(ocTooltip(bl.node))
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s"/>`, num(x), num(y), num(ocBoxW), num(h), paperColor, gridColor)
	s.raw(`<path d="M%s %sQ%s %s %s %sH%sQ%s %s %s %sV%sH%sZ" fill="%s"/>`,
		num(x), num(y+6), num(x), num(y), num(x+6), num(y), num(x+ocBoxW-6), num(x+ocBoxW), num(y), num(x+ocBoxW), num(y+6), num(y+7), num(x), fillOf(kind))
	cx := x + ocBoxW/2
	// Name centred in the space between the bar and the kind line.
	nameTop, nameBottom := y+7, y+h-24
	s.textBlock(cx, (nameTop+nameBottom)/2, ocName, bl.lines)
	s.text(cx, y+h-11, ocKind, kindLabel(kind))
	s.raw("</g>\n")
}

func ocTooltip(n *view.OrgNode) string {
	t := partyName(n.Party) + " — " + kindLabel(string(n.Party.Kind))
	if k := len(n.Children); k > 0 {
		t += " — " + plural(k, "direct report", "direct reports")
	}
	return t
}

// ocDesc outlines the hierarchy for screen readers.
func ocDesc(roots []*view.OrgNode, count int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Org chart of %s, %d at the top level.", plural(count, "party", "parties"), len(roots))
	if len(roots) == 0 {
		return b.String()
	}
	b.WriteString(" Top-level parties, each with the parties under it in brackets: ")
	seen := map[*view.OrgNode]bool{}
	var out func(ns []*view.OrgNode, depth int)
	out = func(ns []*view.OrgNode, depth int) {
		first := true
		for _, n := range ns {
			if n == nil || n.Party == nil || seen[n] || depth > ocMaxDepth {
				continue
			}
			if b.Len() > 4000 {
				b.WriteString(" …")
				return
			}
			seen[n] = true
			if !first {
				b.WriteString("; ")
			}
			first = false
			b.WriteString(partyName(n.Party))
			if len(n.Children) > 0 {
				b.WriteString(" (")
				out(n.Children, depth+1)
				b.WriteString(")")
			}
		}
	}
	out(roots, 0)
	b.WriteString(".")
	return b.String()
}
