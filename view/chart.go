package view

import (
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Categories colour the responsibility chart: the holistic parties.
const (
	CategoryProvider    = "provider"
	CategoryFoundation  = "foundation"
	CategoryShared      = "shared"
	CategoryApplication = "application"
	CategoryExternal    = "external"
	CategoryGap         = "gap"
	CategoryConflict    = "conflict"
)

// Categories lists the chart categories in legend order.
var Categories = []string{CategoryProvider, CategoryFoundation, CategoryShared, CategoryApplication, CategoryExternal, CategoryGap, CategoryConflict}

// Chart is the layered responsibility picture of one landing zone: layers
// as rows (physical at the bottom), the service models of the zone's
// services as columns, each cell divided by who is accountable there.
type Chart struct {
	Zone    *model.LandingZone
	Columns []*ChartColumn
	// Rows are ordered from data (top) to physical (bottom), like the
	// providers' pictures, with a governance row (activities without a
	// layer) on top.
	Rows []*ChartRow

	colByModel map[string]int
	rowByLayer map[string]int
	actRow     []int // row per activity index
	svcCol     []int // column per service index, -1 when not offered
}

// ChartColumn is one service model and the zone's services of that model.
type ChartColumn struct {
	Model    *model.ServiceModel
	Services []*model.Service
}

// ChartRow is one layer (nil for governance activities).
type ChartRow struct {
	Layer *model.Layer
	Name  string
	Cells []*ChartCell // one per column
}

// ChartCell counts the cells of one layer and column by category.
type ChartCell struct {
	Total  int
	Shares []*Share // in Categories order, only non-empty ones
	// Side is the border of the layer for most of the cell's services:
	// the column's model border unless services override it.
	Side model.Side

	sides [3]int // cells on the provider, customer and shared side
}

// Share is one category's part of a chart cell.
type Share struct {
	Category string
	Count    int
	Parties  []*model.Party // accountable parties of this category, first few
}

func newChart(m *model.Model, zp *ZonePage) *Chart {
	c := &Chart{Zone: zp.Zone, colByModel: map[string]int{}, rowByLayer: map[string]int{"": 0}}
	col := map[string]*ChartColumn{}
	for _, sm := range m.ServiceModels {
		for _, s := range zp.Services {
			if s.Model.ID != sm.ID {
				continue
			}
			if col[sm.ID] == nil {
				col[sm.ID] = &ChartColumn{Model: sm}
				c.colByModel[sm.ID] = len(c.Columns)
				c.Columns = append(c.Columns, col[sm.ID])
			}
			col[sm.ID].Services = append(col[sm.ID].Services, s)
		}
	}
	row := func(l *model.Layer, name string) *ChartRow {
		r := &ChartRow{Layer: l, Name: name}
		for _, cc := range c.Columns {
			side := model.SideCustomer
			if l != nil {
				side = cc.Model.Borders[l.ID]
				if side == "" {
					side = model.SideCustomer
				}
			}
			r.Cells = append(r.Cells, &ChartCell{Side: side})
		}
		return r
	}
	c.Rows = append(c.Rows, row(nil, "Governance"))
	for i := len(m.Layers) - 1; i >= 0; i-- {
		c.rowByLayer[m.Layers[i].ID] = len(c.Rows)
		c.Rows = append(c.Rows, row(m.Layers[i], m.Layers[i].Name))
	}
	c.index(m)
	return c
}

// category returns the chart category of an assignment.
func category(a *Assignment) (string, *model.Party) {
	switch a.Outcome {
	case resolve.Gap:
		return CategoryGap, nil
	case resolve.Conflicting:
		return CategoryConflict, nil
	}
	if len(a.Accountable) == 0 {
		return CategoryGap, nil
	}
	p := a.Accountable[0]
	switch {
	case p.Kind == model.KindProvider:
		return CategoryProvider, p
	case p.Kind == model.KindFoundation:
		return CategoryFoundation, p
	case p.Kind == model.KindShared:
		return CategoryShared, p
	case p.Kind == model.KindExternal:
		return CategoryExternal, p
	}
	return CategoryApplication, p
}

// index precomputes the row of every activity and the column of every
// service (by model index), so adding a cell costs no map lookup.
func (c *Chart) index(m *model.Model) {
	c.actRow = make([]int, len(m.Activities))
	for i, a := range m.Activities {
		c.actRow[i] = c.rowByLayer[a.Layer.ID] // "" (governance) is row 0
	}
	c.svcCol = make([]int, len(m.Services))
	for i, s := range m.Services {
		if ci, ok := c.colByModel[s.Model.ID]; ok {
			c.svcCol[i] = ci
		} else {
			c.svcCol[i] = -1
		}
	}
}

// add counts one cell, given by activity and service index.
func (c *Chart) add(act, svc int, a *Assignment) {
	ci := c.svcCol[svc]
	if ci < 0 {
		return
	}
	ri := c.actRow[act]
	cat, p := category(a)
	cell := c.Rows[ri].Cells[ci]
	cell.Total++
	cell.countSide(a.Side)
	for _, sh := range cell.Shares {
		if sh.Category == cat {
			sh.Count++
			if p != nil && len(sh.Parties) < 3 && !containsParty(sh.Parties, p) {
				sh.Parties = append(sh.Parties, p)
			}
			return
		}
	}
	sh := &Share{Category: cat, Count: 1}
	if p != nil {
		sh.Parties = []*model.Party{p}
	}
	cell.Shares = append(cell.Shares, sh)
	sortShares(cell.Shares)
}

func containsParty(list []*model.Party, p *model.Party) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

func sortShares(shares []*Share) {
	order := map[string]int{}
	for i, c := range Categories {
		order[c] = i
	}
	for i := 1; i < len(shares); i++ {
		for j := i; j > 0 && order[shares[j].Category] < order[shares[j-1].Category]; j-- {
			shares[j], shares[j-1] = shares[j-1], shares[j]
		}
	}
}

// countSide keeps Side on the side most of the cell's services are on.
func (c *ChartCell) countSide(side model.Side) {
	order := []model.Side{model.SideProvider, model.SideCustomer, model.SideShared}
	for i, s := range order {
		if s == side {
			c.sides[i]++
		}
	}
	best := 0
	for i := range c.sides {
		if c.sides[i] > c.sides[best] {
			best = i
		}
	}
	c.Side = order[best]
}
