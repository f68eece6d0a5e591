package chart_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// Hostile names: markup, attribute break-outs, CDATA ends, characters XML
// does not allow and invalid UTF-8.
var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`]]>`,
	`' onload='alert(1)`,
	`<![CDATA[x]]>`,
	`&amp;&lt;&#0;`,
	`<svg onload=alert(1)><a href="http://example.invalid/">x</a>`,
	"nul\x00esc\x1bbell\x07 and \xff\xfe invalid utf-8",
	"tab\tnew\nline\rret",
	strings.Repeat("W", 300),
	"互联网服务提供商平台团队 😀😀😀 עברית",
}

// hostileBook builds a book whose every name, type and description carries
// a payload.
func hostileBook() (*view.Book, *view.Chart) {
	kindsOf := []model.PartyKind{model.KindProvider, model.KindFoundation, model.KindShared, model.KindApplication, model.KindExternal}
	var parties []*model.Party
	for i, p := range payloads {
		parties = append(parties, &model.Party{ID: "p" + strconv.Itoa(i), Name: p, Kind: kindsOf[i%len(kindsOf)]})
	}
	b := &view.Book{}
	for i, p := range parties {
		b.Stakeholders = append(b.Stakeholders, &view.Stakeholder{Party: p, Influence: i % 4, Interest: (i + 1) % 4, Concerns: []string{payloads[(i+2)%len(payloads)]}})
		next := parties[(i+1)%len(parties)]
		b.Relations = append(b.Relations, view.Relation{From: p, To: next, Type: payloads[(i+3)%len(payloads)], Description: payloads[(i+4)%len(payloads)]})
	}
	b.Relations = append(b.Relations, view.Relation{From: parties[0], To: parties[0], Type: payloads[1]})
	root := &view.OrgNode{Party: parties[0]}
	for _, p := range parties[1:] {
		root.Children = append(root.Children, &view.OrgNode{Party: p})
	}
	root.Children[0].Children = []*view.OrgNode{{Party: parties[2]}}
	b.OrgChart = []*view.OrgNode{root}

	c := &view.Chart{Zone: &model.LandingZone{ID: `z"><script>`, Name: payloads[0]}}
	var services []*model.Service
	for i, p := range payloads {
		services = append(services, &model.Service{ID: "s" + strconv.Itoa(i), Name: p})
	}
	for i := 0; i < 4; i++ {
		c.Columns = append(c.Columns, &view.ChartColumn{Model: &model.ServiceModel{ID: "m" + strconv.Itoa(i), Name: payloads[i]}, Services: services})
	}
	sides := []model.Side{model.SideCustomer, model.SideShared, model.SideProvider}
	for i, p := range payloads {
		row := &view.ChartRow{Name: p, Layer: &model.Layer{ID: "l" + strconv.Itoa(i), Name: p, Description: payloads[(i+1)%len(payloads)]}}
		for j := range c.Columns {
			cell := &view.ChartCell{Side: sides[(i+j)%3]}
			if (i+j)%5 != 4 {
				for k, cat := range view.Categories {
					if (k+i+j)%3 == 0 {
						continue
					}
					n := k + 1
					cell.Total += n
					cell.Shares = append(cell.Shares, &view.Share{Category: cat, Count: n, Parties: []*model.Party{parties[(k+i)%len(parties)], parties[(k+i+1)%len(parties)]}})
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		c.Rows = append(c.Rows, row)
	}
	return b, c
}

func TestHostileNamesAreEscaped(t *testing.T) {
	b, c := hostileBook()
	docs := map[string][]byte{
		"responsibility": chart.Responsibility(c),
		"stakeholders":   chart.Stakeholders(b),
		"relations":      chart.Relations(b),
		"orgchart":       chart.OrgChart(b),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			checkSVG(t, doc)
			// The payloads are there, as text: decoding the document gives
			// them back (they are in tooltips whole).
			text := decodedText(t, doc)
			for _, p := range payloads[:7] {
				if !strings.Contains(text, p) {
					t.Errorf("payload %q lost", p)
				}
			}
			raw := string(doc)
			for _, bad := range []string{"<script>alert", "<img src", "<svg onload", "<a href", "<![CDATA["} {
				if strings.Contains(raw, bad) {
					t.Errorf("unescaped %q in output", bad)
				}
			}
			if !strings.Contains(raw, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("escaped script payload not found")
			}
			// No attribute value carries model text: ids are sanitised.
			for _, m := range regexp.MustCompile(`id="([^"]*)"`).FindAllStringSubmatch(raw, -1) {
				if !regexp.MustCompile(`^[a-z0-9-]+$`).MatchString(m[1]) {
					t.Errorf("unsafe id %q", m[1])
				}
			}
		})
	}
}

// decodedText returns the character data of a document.
func decodedText(t *testing.T, doc []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}

func TestEmptyInputs(t *testing.T) {
	docs := map[string][]byte{
		"nil chart":        chart.Responsibility(nil),
		"empty chart":      chart.Responsibility(&view.Chart{}),
		"no columns":       chart.Responsibility(&view.Chart{Zone: &model.LandingZone{ID: "z", Name: "Zone"}, Rows: []*view.ChartRow{{Name: "Governance"}, {Name: "Data", Layer: &model.Layer{ID: "data"}}}}),
		"nil book sm":      chart.Stakeholders(nil),
		"empty book sm":    chart.Stakeholders(&view.Book{}),
		"nil book rel":     chart.Relations(nil),
		"empty book rel":   chart.Relations(&view.Book{}),
		"nil book org":     chart.OrgChart(nil),
		"empty book org":   chart.OrgChart(&view.Book{}),
		"nil entries sm":   chart.Stakeholders(&view.Book{Stakeholders: []*view.Stakeholder{nil, {}}}),
		"nil entries rel":  chart.Relations(&view.Book{Relations: []view.Relation{{}, {From: &model.Party{ID: "a"}}}}),
		"nil entries org":  chart.OrgChart(&view.Book{OrgChart: []*view.OrgNode{nil, {}, {Party: &model.Party{ID: "a"}, Children: []*view.OrgNode{nil, {}}}}}),
		"nil cells":        chart.Responsibility(&view.Chart{Columns: []*view.ChartColumn{{}, nil, {Services: []*model.Service{nil}}}, Rows: []*view.ChartRow{{Cells: []*view.ChartCell{nil, {Total: 1, Shares: []*view.Share{nil, {Category: "x", Count: 1, Parties: []*model.Party{nil}}}}}}, nil, {}}}),
		"empty share list": chart.Responsibility(&view.Chart{Columns: []*view.ChartColumn{{Model: &model.ServiceModel{ID: "x"}}}, Rows: []*view.ChartRow{{Cells: []*view.ChartCell{{Total: 3}}}}}),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) { checkSVG(t, doc) })
	}
}

func TestCyclicOrgChart(t *testing.T) {
	a := &view.OrgNode{Party: &model.Party{ID: "a", Name: "A"}}
	b := &view.OrgNode{Party: &model.Party{ID: "b", Name: "B"}, Children: []*view.OrgNode{a}}
	a.Children = []*view.OrgNode{b, a}
	checkSVG(t, chart.OrgChart(&view.Book{OrgChart: []*view.OrgNode{a, b}}))
}

// viewBox returns the width and height of a document.
func viewBox(t *testing.T, doc []byte) (float64, float64) {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no viewBox")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

func party(i int, kind model.PartyKind) *model.Party {
	return &model.Party{ID: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("Application team number %d of the enterprise", i), Kind: kind}
}

func TestLargeStakeholderMap(t *testing.T) {
	b := &view.Book{}
	for i := range 60 {
		st := &view.Stakeholder{Party: party(i, model.KindApplication)}
		if i%6 != 0 {
			st.Influence, st.Interest = 3, 3 // most crowd one cell
		}
		if i%5 == 0 {
			st.Influence, st.Interest = 1+i%3, 1+(i/3)%3
		}
		b.Stakeholders = append(b.Stakeholders, st)
	}
	doc := chart.Stakeholders(b)
	checkSVG(t, doc)
	w, h := viewBox(t, doc)
	if w > 1400 || h > 4000 || len(doc) > 200_000 {
		t.Errorf("stakeholder map of 60 parties is %.0f × %.0f px, %d bytes", w, h, len(doc))
	}
	for i := range 60 {
		if !bytes.Contains(doc, []byte(fmt.Sprintf("team number %d of", i))) {
			t.Errorf("party %d missing", i)
		}
	}
}

func TestWideOrgChart(t *testing.T) {
	root := &view.OrgNode{Party: &model.Party{ID: "root", Name: "Office of the CIO", Kind: model.KindShared}}
	for i := range 40 {
		n := &view.OrgNode{Party: party(i, model.KindApplication)}
		if i%13 == 0 {
			for j := range 8 {
				n.Children = append(n.Children, &view.OrgNode{Party: party(100+i*10+j, model.KindExternal)})
			}
		}
		root.Children = append(root.Children, n)
	}
	var roots []*view.OrgNode
	roots = append(roots, root)
	for i := range 12 {
		roots = append(roots, &view.OrgNode{Party: party(500+i, model.KindProvider)})
	}
	doc := chart.OrgChart(&view.Book{OrgChart: roots})
	checkSVG(t, doc)
	w, h := viewBox(t, doc)
	if w > 1400 || h > 6000 || len(doc) > 300_000 {
		t.Errorf("org chart with 40 children is %.0f × %.0f px, %d bytes", w, h, len(doc))
	}
}

func TestLargeRelations(t *testing.T) {
	b := &view.Book{}
	var ps []*model.Party
	for i := range 60 {
		ps = append(ps, party(i, []model.PartyKind{model.KindShared, model.KindApplication, model.KindFoundation}[i%3]))
	}
	types := []string{"reports-to", "collaborates", "supplies", "oversees", "depends-on", "funds"}
	for i := 1; i < 60; i++ {
		b.Relations = append(b.Relations, view.Relation{From: ps[i], To: ps[(i-1)/3], Type: types[i%len(types)]})
		if i%7 == 0 {
			b.Relations = append(b.Relations, view.Relation{From: ps[i], To: ps[(i*5)%60], Type: "escalates-to"})
		}
	}
	doc := chart.Relations(b)
	checkSVG(t, doc)
	w, h := viewBox(t, doc)
	if w > 2000 || h > 8000 || len(doc) > 400_000 {
		t.Errorf("relations of 60 parties are %.0f × %.0f px, %d bytes", w, h, len(doc))
	}
}

func TestLargeResponsibility(t *testing.T) {
	c := &view.Chart{Zone: &model.LandingZone{ID: "big", Name: "Big"}}
	for i := range 6 {
		c.Columns = append(c.Columns, &view.ChartColumn{Model: &model.ServiceModel{ID: fmt.Sprint(i), Name: "Model " + fmt.Sprint(i)}})
	}
	for i := range 20 {
		row := &view.ChartRow{Name: fmt.Sprintf("Layer %d", i), Layer: &model.Layer{ID: fmt.Sprint(i)}}
		for range c.Columns {
			cell := &view.ChartCell{Side: model.SideCustomer}
			for k, cat := range view.Categories {
				cell.Shares = append(cell.Shares, &view.Share{Category: cat, Count: 10000 * (k + 1), Parties: []*model.Party{party(k, model.KindShared)}})
				cell.Total += 10000 * (k + 1)
			}
			row.Cells = append(row.Cells, cell)
		}
		c.Rows = append(c.Rows, row)
	}
	doc := chart.Responsibility(c)
	checkSVG(t, doc)
	if len(doc) > 300_000 {
		t.Errorf("chart of 20 × 6 cells is %d bytes", len(doc))
	}
}

// FuzzNames renders every chart with one arbitrary name everywhere.
func FuzzNames(f *testing.F) {
	for _, p := range payloads {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, name string) {
		a := &model.Party{ID: "a", Name: name, Kind: model.PartyKind(name)}
		b := &model.Party{ID: "b", Name: name + name, Kind: model.KindShared}
		book := &view.Book{
			Stakeholders: []*view.Stakeholder{{Party: a, Influence: 3, Interest: 3, Concerns: []string{name}}, {Party: b}},
			Relations:    []view.Relation{{From: a, To: b, Type: name, Description: name}, {From: b, To: a, Type: "reports-to"}},
			OrgChart:     []*view.OrgNode{{Party: a, Children: []*view.OrgNode{{Party: b}}}},
		}
		c := &view.Chart{
			Zone:    &model.LandingZone{ID: name, Name: name},
			Columns: []*view.ChartColumn{{Model: &model.ServiceModel{ID: name, Name: name}, Services: []*model.Service{{ID: name, Name: name}}}},
			Rows: []*view.ChartRow{{Name: name, Layer: &model.Layer{ID: name, Name: name, Description: name}, Cells: []*view.ChartCell{{
				Total: 2, Side: model.Side(name), Shares: []*view.Share{{Category: name, Count: 1, Parties: []*model.Party{a}}, {Category: view.CategoryGap, Count: 1}},
			}}}},
		}
		for _, doc := range [][]byte{chart.Responsibility(c), chart.Stakeholders(book), chart.Relations(book), chart.OrgChart(book)} {
			if err := validateSVG(doc); err != nil {
				t.Fatalf("%q: %v", name, err)
			}
		}
	})
}
