package confluence

import (
	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/view"
)

// The charts are SVG attachments. A chart that cannot be drawn is left out
// (the page still shows the same facts as a table) rather than failing the
// publish.

func chartResponsibility(c *view.Chart) []byte {
	if c == nil {
		return nil
	}
	return safeChart(func() []byte { return chart.Responsibility(c) })
}

func chartStakeholders(b *view.Book) []byte {
	return safeChart(func() []byte { return chart.Stakeholders(b) })
}

func chartRelations(b *view.Book) []byte {
	return safeChart(func() []byte { return chart.Relations(b) })
}

func chartOrg(b *view.Book) []byte {
	return safeChart(func() []byte { return chart.OrgChart(b) })
}

func safeChart(draw func() []byte) (svg []byte) {
	defer func() {
		if recover() != nil {
			svg = nil
		}
	}()
	return draw()
}
