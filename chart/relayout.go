package chart

import (
	"math"
	"slices"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

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
