package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// Layout of the relations graph, in pixels.
const (
	rgPad       = 20.0
	rgNodeW     = 164.0
	rgNodeH     = 54.0
	rgDummyW    = 12.0
	rgGap       = 30.0   // between boxes of a layer
	rgDummyGap  = 12.0   // between a long edge and its neighbours
	rgLayerGap  = 100.0  // between layers, room for edges and labels
	rgPerLayer  = 6      // parties per layer at most
	rgMaxW      = 1200.0 // width above which groups of parties wrap
	rgMaxLabelW = 220.0  // of an edge label; the tooltip has it all
	rgSweeps    = 12
)

var (
	rgName  = textStyle{size: 12, bold: true}
	rgLabel = textStyle{size: 11, color: mutedColor, anchor: "middle"}
)

// rgNode is a party, or a point a long edge passes through on a layer.
type rgNode struct {
	party *model.Party
	dummy bool
	rank  int
	pos   int     // index within its layer
	x     float64 // centre
	w     float64
	lines []string
	up    []int // neighbours on the layer above
	down  []int // neighbours on the layer below
	side  []int // neighbours on the same layer
}

// rgEdge is one drawn edge: every relation between two parties.
type rgEdge struct {
	a, b  int // a is on the upper layer, or left of b on the same layer
	rels  []view.Relation
	chain []int // a, the points on the layers between, b
	same  bool  // a and b on the same layer
	loop  bool  // a relation of a party with itself
	fwd   bool  // a relation from a to b
	back  bool  // a relation from b to a
	// ports where the edge leaves a and reaches b.
	portA, portB float64
}

type rgraph struct {
	nodes  []*rgNode
	edges  []*rgEdge
	layers [][]int
	top    float64
}

// orientation says how a relation type places its parties: -1 when From
// sits above To, 1 when From sits below To, 0 when it does not say.
func orientation(typ string) int {
	switch typ {
	case "reports-to", "escalates-to", "supports", "supplies":
		return 1
	case "oversees", "funds", "depends-on":
		return -1
	}
	return 0
}

// Relations renders the relations between parties (b.Relations) as a
// layered graph: parties as boxes coloured by kind, relations as labelled
// arrows from the party that holds the relation to the one it names. The
// layers follow the relations: a party sits above those that report to,
// support or supply it and below those that oversee or fund it; the order
// within layers keeps crossings few, and unrelated groups of parties are
// drawn side by side. The layout is deterministic.
func Relations(b *view.Book) []byte {
	var rels []view.Relation
	if b != nil {
		rels = b.Relations
	}
	var graphs []*rgraph
	for _, comp := range components(rels) {
		graphs = append(graphs, buildRelations(comp))
	}
	// Larger groups first; stable keeps the order of appearance.
	slices.SortStableFunc(graphs, func(a, b *rgraph) int { return b.parties() - a.parties() })

	x, y, rowH, contentW := 0.0, 0.0, 0.0, 0.0
	nodes := 0
	at := make([][2]float64, len(graphs))
	for i, g := range graphs {
		w, h := g.size()
		if x > 0 && x+w > rgMaxW {
			x, y = 0, y+rowH+rgLayerGap/2
			rowH = 0
		}
		at[i] = [2]float64{rgPad + x, y}
		x += w + rgGap*2
		rowH = max(rowH, h)
		contentW = max(contentW, x-rgGap*2)
		nodes += g.parties()
	}
	width := max(2*rgPad+contentW, 480)
	hd := newHeading("Stakeholder relations", "Who reports to, oversees, funds, supplies or works with whom; arrows point from a party to the one it names.", width-2*rgPad)
	top := rgPad + hd.height()
	for i, g := range graphs {
		g.shift(at[i][0], top+at[i][1])
	}
	y += top
	legTop := y + rowH + 20
	if len(graphs) == 0 {
		legTop = top + 60
	}
	leg := &legend{title: "Party kind"}
	for _, k := range kinds {
		leg.items = append(leg.items, legendItem{label: kindLabel(k), swatch: swatchRect, fill: fillOf(k)})
	}
	height := legTop + leg.height(width-2*rgPad) + rgPad

	s := &svg{id: "demarc-rel"}
	s.begin(width, height, "Stakeholder relations", rgDesc(rels, nodes))
	s.raw(`<defs><marker id="%s-end" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="%s"/></marker>`+
		`<marker id="%s-start" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M10 0L0 5L10 10z" fill="%s"/></marker></defs>`+"\n",
		s.id, mutedColor, s.id, mutedColor)
	hd.draw(s, rgPad, rgPad)
	if len(graphs) == 0 {
		s.text(rgPad, top+24, textStyle{size: 13, color: mutedColor}, "No relations recorded")
	}

	// Boxes first, so edge labels keep clear of them all.
	var placed []rect
	for _, g := range graphs {
		for _, n := range g.nodes {
			if !n.dummy {
				placed = append(placed, rect{n.x - n.w/2 - 4, g.layerY(n.rank) - 4, n.w + 8, rgNodeH + 8})
			}
		}
	}
	var labels []rgLabelAt
	s.raw("<g>\n")
	for _, g := range graphs {
		g.ports()
		for _, e := range g.edges {
			if l, ok := g.drawEdge(s, e, &placed); ok {
				labels = append(labels, l)
			}
		}
	}
	s.raw("</g>\n")

	// Parties.
	s.raw("<g>\n")
	for _, g := range graphs {
		for _, n := range g.nodes {
			if n.dummy {
				continue
			}
			x, y := n.x-n.w/2, g.layerY(n.rank)
			s.raw("<g>")
			s.tooltip(partyName(n.party) + " — " + kindLabel(string(n.party.Kind)))
			s.raw(`<rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s"/>`, num(x), num(y), num(n.w), num(rgNodeH), paperColor, gridColor)
			s.raw(`<path d="M%s %sQ%s %s %s %sV%sQ%s %s %s %sZ" fill="%s"/>`,
				num(x+6), num(y), num(x), num(y), num(x), num(y+6), num(y+rgNodeH-6), num(x), num(y+rgNodeH), num(x+6), num(y+rgNodeH), fillOf(string(n.party.Kind)))
			s.textBlock(x+14, y+rgNodeH/2, rgName, n.lines)
			s.raw("</g>\n")
		}
	}
	s.raw("</g>\n")

	// Labels on top, on a white ground so they stay legible over lines.
	s.raw("<g>\n")
	for _, l := range labels {
		w := textWidth(l.text, rgLabel.size, false) + 8
		s.raw(`<rect x="%s" y="%s" width="%s" height="16" rx="3" fill="%s" fill-opacity="0.92"/>`, num(l.x-w/2), num(l.y-8), num(w), paperColor)
		s.text(l.x, l.y+4, rgLabel, l.text)
	}
	s.raw("</g>\n")

	leg.draw(s, rgPad, legTop, width-2*rgPad)
	return s.end()
}

// rgLabelAt is an edge label placed at its centre.
type rgLabelAt struct {
	x, y float64
	text string
}

// drawEdge draws one edge and finds a place for its label clear of the
// rectangles placed so far, which it extends.
func (g *rgraph) drawEdge(s *svg, e *rgEdge, placed *[]rect) (rgLabelAt, bool) {
	a := g.nodes[e.a]
	var d strings.Builder
	var hops []bezier
	switch {
	case e.loop:
		x, y := a.x+a.w/2, g.layerY(a.rank)+rgNodeH/2
		fmt.Fprintf(&d, "M%s %sC%s %s %s %s %s %s", num(x), num(y-8), num(x+34), num(y-26), num(x+34), num(y+26), num(x), num(y+8))
	case e.same:
		bn := g.nodes[e.b]
		y := g.layerY(a.rank) + rgNodeH
		h := 34 + math.Min(40, 8*math.Abs(float64(bn.pos-a.pos)))
		hb := bezier{e.portA, y, e.portA, y + h, e.portB, y + h, e.portB, y}
		hops = append(hops, hb)
		fmt.Fprintf(&d, "M%s %sC%s %s %s %s %s %s", num(hb.x0), num(hb.y0), num(hb.x1), num(hb.y1), num(hb.x2), num(hb.y2), num(hb.x3), num(hb.y3))
	default:
		px, py := e.portA, g.layerY(a.rank)+rgNodeH
		fmt.Fprintf(&d, "M%s %s", num(px), num(py))
		for i := 1; i < len(e.chain); i++ {
			n := g.nodes[e.chain[i]]
			tx, ty := n.x, g.layerY(n.rank)
			if i == len(e.chain)-1 {
				tx = e.portB
			}
			my := (py + ty) / 2
			hb := bezier{px, py, px, my, tx, my, tx, ty}
			hops = append(hops, hb)
			fmt.Fprintf(&d, "C%s %s %s %s %s %s", num(hb.x1), num(hb.y1), num(hb.x2), num(hb.y2), num(hb.x3), num(hb.y3))
			px, py = tx, ty
			if n.dummy {
				py = ty + rgNodeH
				fmt.Fprintf(&d, "V%s", num(py))
			}
		}
	}
	dash := ""
	if e.undirected() {
		dash = ` stroke-dasharray="5 4"`
	}
	markers := ""
	if e.fwd || e.loop {
		markers += fmt.Sprintf(` marker-end="url(#%s-end)"`, s.id)
	}
	if e.back && !e.loop {
		markers += fmt.Sprintf(` marker-start="url(#%s-start)"`, s.id)
	}
	s.raw("<g>")
	s.tooltip(e.tooltip())
	s.raw(`<path d="%s" fill="none" stroke="%s" stroke-width="1.5"%s%s/>`, d.String(), lineColor, dash, markers)
	s.raw("</g>\n")
	if len(hops) == 0 {
		return rgLabelAt{}, false
	}
	text := e.label(g)
	w := textWidth(text, rgLabel.size, false) + 10
	mid := len(hops) / 2
	order := []int{mid}
	for i := range hops {
		if i != mid {
			order = append(order, i)
		}
	}
	for _, hi := range order {
		for _, t := range []float64{0.5, 0.35, 0.65, 0.25, 0.75} {
			x, y := hops[hi].at(t)
			r := rect{x - w/2, y - 9, w, 18}
			if !r.collides(*placed) {
				*placed = append(*placed, r)
				return rgLabelAt{x, y, text}, true
			}
		}
	}
	x, y := hops[mid].at(0.5)
	*placed = append(*placed, rect{x - w/2, y - 9, w, 18})
	return rgLabelAt{x, y, text}, true
}

func (e *rgEdge) undirected() bool {
	for _, r := range e.rels {
		if r.Type != "collaborates" {
			return false
		}
	}
	return true
}

// label lists the relation types of an edge; when the relations go both
// ways each type shows its direction.
func (e *rgEdge) label(g *rgraph) string {
	var parts []string
	pa := g.nodes[e.a].party
	for _, r := range e.rels {
		t := strings.ReplaceAll(r.Type, "-", " ")
		if e.fwd && e.back {
			switch {
			case e.same && r.From == pa:
				t += " →"
			case e.same:
				t += " ←"
			case r.From == pa:
				t += " ↓"
			default:
				t += " ↑"
			}
		}
		if !slices.Contains(parts, t) {
			parts = append(parts, t)
		}
	}
	return fit(strings.Join(parts, " · "), rgMaxLabelW, rgLabel)
}

func (e *rgEdge) tooltip() string {
	var parts []string
	for _, r := range e.rels {
		parts = append(parts, relationSentence(r))
	}
	return strings.Join(parts, "\n")
}

func relationSentence(r view.Relation) string {
	t := partyName(r.From) + " " + strings.ReplaceAll(r.Type, "-", " ") + " " + partyName(r.To)
	if d := strings.Join(strings.Fields(r.Description), " "); d != "" {
		t += ": " + d
	}
	return t
}

func rgDesc(rels []view.Relation, n int) string {
	var d strings.Builder
	count := 0
	for _, r := range rels {
		if r.From != nil && r.To != nil {
			count++
		}
	}
	fmt.Fprintf(&d, "Relations graph of %s between %s.", plural(count, "relation", "relations"), plural(n, "party", "parties"))
	for _, r := range rels {
		if r.From == nil || r.To == nil {
			continue
		}
		if d.Len() > 4000 {
			d.WriteString(" …")
			break
		}
		d.WriteString(" " + strings.TrimSuffix(relationSentence(r), ".") + ".")
	}
	return d.String()
}
