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

// components splits relations into groups of parties connected by them,
// in order of appearance.
func components(rels []view.Relation) [][]view.Relation {
	parent := map[*model.Party]*model.Party{}
	var find func(p *model.Party) *model.Party
	find = func(p *model.Party) *model.Party {
		for parent[p] != p {
			parent[p] = parent[parent[p]]
			p = parent[p]
		}
		return p
	}
	var valid []view.Relation
	for _, r := range rels {
		if r.From == nil || r.To == nil {
			continue
		}
		valid = append(valid, r)
		for _, p := range []*model.Party{r.From, r.To} {
			if _, ok := parent[p]; !ok {
				parent[p] = p
			}
		}
		if a, b := find(r.From), find(r.To); a != b {
			parent[b] = a
		}
	}
	index := map[*model.Party]int{}
	var out [][]view.Relation
	for _, r := range valid {
		root := find(r.From)
		i, ok := index[root]
		if !ok {
			i = len(out)
			index[root] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

func (g *rgraph) parties() int {
	n := 0
	for _, nd := range g.nodes {
		if !nd.dummy {
			n++
		}
	}
	return n
}

// size is the extent of the laid-out graph, with room for arcs below.
func (g *rgraph) size() (w, h float64) {
	for _, n := range g.nodes {
		w = max(w, n.x+n.w/2)
		if n.party != nil && slices.ContainsFunc(g.edges, func(e *rgEdge) bool { return e.loop && g.nodes[e.a] == n }) {
			w = max(w, n.x+n.w/2+40)
		}
	}
	h = float64(len(g.layers))*(rgNodeH+rgLayerGap) - rgLayerGap
	for _, e := range g.edges {
		if e.same && g.nodes[e.a].rank == len(g.layers)-1 {
			h += 80
			break
		}
	}
	return w, h
}

// shift moves the graph to x, y.
func (g *rgraph) shift(x, y float64) {
	for _, n := range g.nodes {
		n.x += x
	}
	g.top = y
}

func (g *rgraph) layerY(r int) float64 { return g.top + float64(r)*(rgNodeH+rgLayerGap) }

// buildRelations lays out the relations graph.
func buildRelations(rels []view.Relation) *rgraph {
	g := &rgraph{}
	index := map[*model.Party]int{}
	node := func(p *model.Party) int {
		if i, ok := index[p]; ok {
			return i
		}
		index[p] = len(g.nodes)
		lines, _ := wrap(partyName(p), rgNodeW-26, rgName, 3)
		g.nodes = append(g.nodes, &rgNode{party: p, w: rgNodeW, lines: lines})
		return index[p]
	}
	type pair struct{ a, b int }
	byPair := map[pair]*rgEdge{}
	for _, r := range rels {
		if r.From == nil || r.To == nil {
			continue
		}
		f, t := node(r.From), node(r.To)
		k := pair{min(f, t), max(f, t)}
		e := byPair[k]
		if e == nil {
			e = &rgEdge{a: k.a, b: k.b, loop: f == t}
			byPair[k] = e
			g.edges = append(g.edges, e)
		}
		e.rels = append(e.rels, r)
	}
	n := len(g.nodes)
	if n == 0 {
		return g
	}

	// Constraints: upper → lower, without duplicates, cycles broken.
	succ := make([][]int, n)
	adj := make([][]int, n) // any relation, for unconstrained parties
	for _, e := range g.edges {
		if e.loop {
			continue
		}
		adj[e.a] = append(adj[e.a], e.b)
		adj[e.b] = append(adj[e.b], e.a)
		for _, r := range e.rels {
			f, t := index[r.From], index[r.To]
			switch orientation(r.Type) {
			case -1:
				if !slices.Contains(succ[f], t) {
					succ[f] = append(succ[f], t)
				}
			case 1:
				if !slices.Contains(succ[t], f) {
					succ[t] = append(succ[t], f)
				}
			}
		}
	}
	state := make([]int, n)
	var dfs func(v int)
	dfs = func(v int) {
		state[v] = 1
		kept := succ[v][:0:0]
		for _, w := range succ[v] {
			if state[w] == 1 {
				continue // a back edge: the cycle is broken here
			}
			kept = append(kept, w)
			if state[w] == 0 {
				dfs(w)
			}
		}
		succ[v] = kept
		state[v] = 2
	}
	for v := range n {
		if state[v] == 0 {
			dfs(v)
		}
	}
	pred := make([][]int, n)
	for v := range n {
		for _, w := range succ[v] {
			pred[w] = append(pred[w], v)
		}
	}

	// Topological order, lowest index first.
	indeg := make([]int, n)
	for v := range n {
		indeg[v] = len(pred[v])
	}
	var topo []int
	done := make([]bool, n)
	for len(topo) < n {
		next := -1
		for v := range n {
			if !done[v] && indeg[v] == 0 {
				next = v
				break
			}
		}
		if next < 0 {
			break // cannot happen: the graph is acyclic
		}
		done[next] = true
		topo = append(topo, next)
		for _, w := range succ[next] {
			indeg[w]--
		}
	}

	// Ranks: longest path from the top, at most rgPerLayer parties a layer.
	rank := make([]int, n)
	for i := range rank {
		rank[i] = -1
	}
	count := map[int]int{}
	put := func(v, r int) {
		for count[r] >= rgPerLayer {
			r++
		}
		rank[v] = r
		count[r]++
	}
	constrained := func(v int) bool { return len(succ[v]) > 0 || len(pred[v]) > 0 }
	for _, v := range topo {
		if !constrained(v) {
			continue
		}
		r := 0
		for _, p := range pred[v] {
			r = max(r, rank[p]+1)
		}
		put(v, r)
	}
	// Parties that only lead others sit right above the nearest of them.
	for i := len(topo) - 1; i >= 0; i-- {
		v := topo[i]
		if len(pred[v]) > 0 || len(succ[v]) == 0 {
			continue
		}
		target := math.MaxInt
		for _, w := range succ[v] {
			target = min(target, rank[w]-1)
		}
		if target > rank[v] && count[target] < rgPerLayer {
			count[rank[v]]--
			rank[v] = target
			count[target]++
		}
	}
	// Parties whose relations do not order them join a neighbour's layer.
	for v := range n {
		if rank[v] >= 0 {
			continue
		}
		r := 0
		for _, w := range adj[v] {
			if rank[w] >= 0 {
				r = rank[w]
				break
			}
		}
		put(v, r)
	}
	// Remove empty layers.
	used := map[int]bool{}
	for _, r := range rank {
		used[r] = true
	}
	maxRank := slices.Max(rank)
	shift, newRank := 0, make([]int, maxRank+1)
	for r := 0; r <= maxRank; r++ {
		newRank[r] = r - shift
		if !used[r] {
			shift++
		}
	}
	for v := range n {
		rank[v] = newRank[rank[v]]
		g.nodes[v].rank = rank[v]
	}
	nLayers := slices.Max(rank) + 1

	// Edges: orient top-down (or left-right on a layer), add the points
	// long edges pass through.
	for _, e := range g.edges {
		if e.loop {
			e.chain = []int{e.a}
			e.fwd = true
			continue
		}
		if rank[e.a] > rank[e.b] {
			e.a, e.b = e.b, e.a
		}
		e.same = rank[e.a] == rank[e.b]
		pa, pb := g.nodes[e.a].party, g.nodes[e.b].party
		for _, r := range e.rels {
			if r.From == pa && r.To == pb {
				e.fwd = true
			} else {
				e.back = true
			}
		}
		e.chain = []int{e.a}
		if !e.same {
			for r := rank[e.a] + 1; r < rank[e.b]; r++ {
				g.nodes = append(g.nodes, &rgNode{dummy: true, rank: r, w: rgDummyW})
				e.chain = append(e.chain, len(g.nodes)-1)
			}
			e.chain = append(e.chain, e.b)
			for i := 0; i+1 < len(e.chain); i++ {
				u, w := g.nodes[e.chain[i]], g.nodes[e.chain[i+1]]
				u.down = append(u.down, e.chain[i+1])
				w.up = append(w.up, e.chain[i])
			}
		} else {
			e.chain = append(e.chain, e.b)
			g.nodes[e.a].side = append(g.nodes[e.a].side, e.b)
			g.nodes[e.b].side = append(g.nodes[e.b].side, e.a)
		}
	}

	// Layers in a first order: parties in order of appearance, then the
	// points of long edges.
	g.layers = make([][]int, nLayers)
	for i, nd := range g.nodes {
		g.layers[nd.rank] = append(g.layers[nd.rank], i)
	}
	g.setPos()
	g.order()
	g.place()
	// Same-layer edges run left to right.
	for _, e := range g.edges {
		if e.same && g.nodes[e.a].pos > g.nodes[e.b].pos {
			e.a, e.b = e.b, e.a
			e.fwd, e.back = e.back, e.fwd
			e.chain = []int{e.a, e.b}
		}
	}
	return g
}

func (g *rgraph) setPos() {
	for _, l := range g.layers {
		for i, v := range l {
			g.nodes[v].pos = i
		}
	}
}

// crossings counts the edge crossings between adjacent layers.
func (g *rgraph) crossings() int {
	total := 0
	for r := 0; r+1 < len(g.layers); r++ {
		type seg struct{ u, w int }
		var segs []seg
		for _, v := range g.layers[r] {
			for _, w := range g.nodes[v].down {
				segs = append(segs, seg{g.nodes[v].pos, g.nodes[w].pos})
			}
		}
		for i := range segs {
			for j := i + 1; j < len(segs); j++ {
				if (segs[i].u-segs[j].u)*(segs[i].w-segs[j].w) < 0 {
					total++
				}
			}
		}
	}
	return total
}

// order reduces crossings by barycentre sweeps, keeping the best order.
func (g *rgraph) order() {
	bestLayers := cloneLayers(g.layers)
	best := g.crossings()
	for it := 0; it < rgSweeps && best > 0; it++ {
		down := it%2 == 0
		for k := range g.layers {
			r := k
			if !down {
				r = len(g.layers) - 1 - k
			}
			l := g.layers[r]
			bary := make(map[int]float64, len(l))
			for _, v := range l {
				nb := g.nodes[v].up
				if !down {
					nb = g.nodes[v].down
				}
				if len(nb) == 0 {
					// Beside a party of the same layer it relates to, else
					// where it is.
					bary[v] = float64(g.nodes[v].pos)
					if side := g.nodes[v].side; len(side) > 0 {
						bary[v] = float64(g.nodes[side[0]].pos) + 0.5
					}
					continue
				}
				sum := 0.0
				for _, w := range nb {
					sum += float64(g.nodes[w].pos)
				}
				bary[v] = sum / float64(len(nb))
			}
			slices.SortStableFunc(l, func(a, b int) int {
				switch {
				case bary[a] < bary[b]:
					return -1
				case bary[a] > bary[b]:
					return 1
				}
				return 0
			})
			for i, v := range l {
				g.nodes[v].pos = i
			}
		}
		if c := g.crossings(); c < best {
			best = c
			bestLayers = cloneLayers(g.layers)
		}
	}
	g.layers = bestLayers
	g.setPos()
}

func cloneLayers(ls [][]int) [][]int {
	out := make([][]int, len(ls))
	for i, l := range ls {
		out[i] = slices.Clone(l)
	}
	return out
}

// gap is the least distance between the centres of two neighbours.
func (g *rgraph) gap(a, b int) float64 {
	na, nb := g.nodes[a], g.nodes[b]
	sep := rgGap
	if na.dummy || nb.dummy {
		sep = rgDummyGap
	}
	return (na.w+nb.w)/2 + sep
}

// place sets x: each node as close to its neighbours as the order and
// the gaps allow (least squares, by pool-adjacent-violators).
func (g *rgraph) place() {
	for _, l := range g.layers {
		x := 0.0
		for i, v := range l {
			if i > 0 {
				x += g.gap(l[i-1], v)
			}
			g.nodes[v].x = x
		}
	}
	for it := 0; it < 8; it++ {
		down := it%2 == 0
		for k := range g.layers {
			r := k
			if !down {
				r = len(g.layers) - 1 - k
			}
			l := g.layers[r]
			want := make([]float64, len(l))
			for i, v := range l {
				nd := g.nodes[v]
				var nb []int
				switch {
				case it >= 6: // settle each node between both its layers
					nb = append(slices.Clone(nd.up), nd.down...)
				case down:
					nb = nd.up
				default:
					nb = nd.down
				}
				if len(nb) == 0 {
					nb = nd.side
				}
				if len(nb) == 0 {
					// Close up to the left neighbour.
					want[i] = nd.x
					if i > 0 {
						want[i] = want[i-1] + g.gap(l[i-1], v)
					}
					continue
				}
				sum := 0.0
				for _, w := range nb {
					sum += g.nodes[w].x
				}
				want[i] = sum / float64(len(nb))
			}
			off := make([]float64, len(l))
			for i := 1; i < len(l); i++ {
				off[i] = off[i-1] + g.gap(l[i-1], l[i])
			}
			y := make([]float64, len(l))
			for i := range l {
				y[i] = want[i] - off[i]
			}
			z := isotonic(y)
			for i, v := range l {
				g.nodes[v].x = z[i] + off[i]
			}
		}
	}
	minX := math.Inf(1)
	for _, n := range g.nodes {
		minX = min(minX, n.x-n.w/2)
	}
	for _, n := range g.nodes {
		n.x = math.Round(n.x - minX)
	}
}

// isotonic returns the non-decreasing sequence closest to y in the least
// squares sense.
func isotonic(y []float64) []float64 {
	type block struct {
		sum float64
		n   int
	}
	var bs []block
	for _, v := range y {
		bs = append(bs, block{v, 1})
		for len(bs) > 1 {
			a, b := bs[len(bs)-2], bs[len(bs)-1]
			if a.sum/float64(a.n) <= b.sum/float64(b.n) {
				break
			}
			bs = append(bs[:len(bs)-2], block{a.sum + b.sum, a.n + b.n})
		}
	}
	out := make([]float64, 0, len(y))
	for _, b := range bs {
		for range b.n {
			out = append(out, b.sum/float64(b.n))
		}
	}
	return out
}

// ports spreads the ends of the edges along the bottom and top of boxes,
// in the order of the other ends, so arrows do not meet in one point.
func (g *rgraph) ports() {
	type end struct {
		e     *rgEdge
		atA   bool
		other float64
	}
	bottom := map[int][]end{}
	topEnds := map[int][]end{}
	for _, e := range g.edges {
		if e.loop {
			continue
		}
		next := g.nodes[e.chain[1]]
		prev := g.nodes[e.chain[len(e.chain)-2]]
		bottom[e.a] = append(bottom[e.a], end{e, true, next.x})
		if e.same {
			bottom[e.b] = append(bottom[e.b], end{e, false, prev.x})
		} else {
			topEnds[e.b] = append(topEnds[e.b], end{e, false, prev.x})
		}
	}
	spread := func(v int, ends []end) {
		slices.SortStableFunc(ends, func(a, b end) int {
			switch {
			case a.other < b.other:
				return -1
			case a.other > b.other:
				return 1
			}
			return 0
		})
		n := g.nodes[v]
		step := 0.0
		if len(ends) > 1 {
			step = math.Min(18, n.w*0.7/float64(len(ends)-1))
		}
		for i, en := range ends {
			x := math.Round(n.x + (float64(i)-float64(len(ends)-1)/2)*step)
			if en.atA {
				en.e.portA = x
			} else {
				en.e.portB = x
			}
		}
	}
	for v := range g.nodes {
		if ends := bottom[v]; len(ends) > 0 {
			spread(v, ends)
		}
		if ends := topEnds[v]; len(ends) > 0 {
			spread(v, ends)
		}
	}
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

// bezier is a cubic Bézier curve.
type bezier struct{ x0, y0, x1, y1, x2, y2, x3, y3 float64 }

func (b bezier) at(t float64) (float64, float64) {
	u := 1 - t
	a, c, d, e := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return float64(a*b.x0) + float64(c*b.x1) + float64(d*b.x2) + float64(e*b.x3),
		float64(a*b.y0) + float64(c*b.y1) + float64(d*b.y2) + float64(e*b.y3)
}

// rect is an axis-aligned rectangle.
type rect struct{ x, y, w, h float64 }

func (r rect) overlaps(o rect) bool {
	return r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h
}

func (r rect) collides(list []rect) bool {
	for _, o := range list {
		if r.overlaps(o) {
			return true
		}
	}
	return false
}
