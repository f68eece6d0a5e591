package check

import (
	"github.com/demarc-dev/demarc/encoding/mcsb"
	"github.com/demarc-dev/demarc/model"
)

// Catalogue is the MCSB control catalogue a model is checked against: the
// model's own "controls:" of framework mcsb when it defines any (such as
// one written by `demarc import mcsb-controls`), else the one demarc ships.
type Catalogue struct {
	titles map[string]string
	xwalk  map[string][]string // framework/id → MCSB ids
}

// CatalogueOf returns the catalogue for m.
func CatalogueOf(m *model.Model) *Catalogue {
	c := &Catalogue{titles: map[string]string{}, xwalk: map[string][]string{}}
	own := m.ControlsOf(mcsb.Framework)
	if len(own) == 0 {
		for _, ctl := range mcsb.Builtin().Controls {
			c.titles[ctl.ID] = ctl.Recommendation
			for _, x := range ctl.Frameworks {
				for _, id := range x.IDs {
					c.xwalk[x.Framework+"/"+id] = append(c.xwalk[x.Framework+"/"+id], ctl.ID)
				}
			}
		}
		return c
	}
	for _, ctl := range own {
		c.titles[ctl.ID] = ctl.Title
		for fw, ids := range ctl.Maps {
			for _, id := range ids {
				c.xwalk[fw+"/"+id] = append(c.xwalk[fw+"/"+id], ctl.ID)
			}
		}
	}
	return c
}

// Defined reports whether the catalogue has control id, and its title.
func (c *Catalogue) Defined(id string) (title string, ok bool) {
	title, ok = c.titles[id]
	return title, ok
}

// IDs lists the catalogue's control ids, for suggestions.
func (c *Catalogue) IDs() []string {
	out := make([]string, 0, len(c.titles))
	for id := range c.titles {
		out = append(out, id)
	}
	return out
}

// Crosswalk returns the MCSB controls that control id of framework maps to.
func (c *Catalogue) Crosswalk(framework, id string) []string { return c.xwalk[framework+"/"+id] }
