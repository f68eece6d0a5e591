package sheet

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/demarc-dev/demarc/view"
)

// maxRows is the number of rows of a worksheet in Excel (and LibreOffice);
// a variable so tests can exercise the continuation sheets.
var maxRows = excelize.TotalRows

// Column widths, in characters.
const (
	minWidth     = 6
	maxWidth     = 50
	maxWrapWidth = 80
)

// WriteXLSX writes the book as an Excel workbook: an Overview sheet, one
// sheet per landing zone with its resolved RACI matrix (one row per
// activity and service), then Parties, Decisions and Tenants.
//
// Every sheet has a bold, frozen header row, an autofilter over its rows
// and column widths computed from its content; long text (rationales,
// descriptions) wraps. Every cell is written as a string, never as a
// formula, and text that a spreadsheet could still take for a formula is
// neutralised (see Neutralise).
//
// Rows are produced from the book as they are written and streamed to
// temporary files, so memory does not grow with the number of rows (the
// stream writer keeps a buffer of at most a few tens of megabytes per sheet
// until the workbook is written). A landing zone whose matrix exceeds the
// 1,048,576 rows of a worksheet continues on sheets named "<zone> (2)",
// "<zone> (3)", … each with the header repeated.
func WriteXLSX(w io.Writer, b *view.Book) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   Neutralise(strings.TrimSpace(b.Organisation.Name + " shared responsibility model")),
		Creator: "demarc",
		Created: b.Generated.UTC().Format("2006-01-02T15:04:05Z"),
	}); err != nil {
		return err
	}
	x := &xlsx{f: f, names: newSheetNames()}
	if x.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E2F3"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top"},
	}); err != nil {
		return err
	}
	if x.wrapped, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	if x.plain, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return err
	}
	ts := tables(b)
	// The fixed sheets keep their names; landing zones named like them
	// give way.
	for _, t := range ts {
		if t.fixed {
			x.names.reserve(t.name)
		}
	}
	for i, t := range ts {
		if err := x.table(t, i == 0); err != nil {
			return fmt.Errorf("sheet %q: %w", t.name, err)
		}
	}
	// The first sheet is the active one already. (SetActiveSheet would
	// read every streamed sheet back into memory.)
	_, err = f.WriteTo(w)
	return err
}

type xlsx struct {
	f                      *excelize.File
	names                  *sheetNames
	header, wrapped, plain int // style ids
}

// table writes one table on one sheet, or on several when it has more rows
// than a sheet holds.
func (x *xlsx) table(t *table, first bool) error {
	widths := columnWidths(t)
	var (
		sw   *excelize.StreamWriter
		name string
		row  int
		part int
	)
	cells := make([]excelize.Cell, len(t.header))
	values := make([]any, len(t.header))
	for i := range cells {
		values[i] = &cells[i]
	}
	start := func() error {
		part++
		if part == 1 && t.fixed {
			name = t.name // reserved up front
		} else {
			name = x.names.make(t.name, part)
		}
		if first && part == 1 {
			if err := x.f.SetSheetName(x.f.GetSheetName(0), name); err != nil {
				return err
			}
		} else if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
		var err error
		if sw, err = x.f.NewStreamWriter(name); err != nil {
			return err
		}
		for i, w := range widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
			return err
		}
		for i, h := range t.header {
			cells[i] = excelize.Cell{StyleID: x.header, Value: Neutralise(h)}
		}
		row = 1
		return sw.SetRow("A1", values)
	}
	finish := func() error {
		last, err := excelize.CoordinatesToCellName(len(t.header), max(row, 1))
		if err != nil {
			return err
		}
		// Before Flush: the stream writer writes the worksheet's
		// autoFilter element when it ends the sheet.
		if err := x.f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return err
		}
		return sw.Flush()
	}
	if err := start(); err != nil {
		return err
	}
	var err error
	t.rows(func(r []string) bool {
		if row == maxRows {
			if err = finish(); err != nil {
				return false
			}
			if err = start(); err != nil {
				return false
			}
		}
		row++
		for i := range cells {
			v := ""
			if i < len(r) {
				v = truncate(Neutralise(r[i]))
			}
			style := x.plain
			if t.wrap[i] {
				style = x.wrapped
			}
			cells[i] = excelize.Cell{StyleID: style, Value: v}
		}
		err = sw.SetRow("A"+strconv.Itoa(row), values)
		return err == nil
	})
	if err != nil {
		return err
	}
	return finish()
}

// columnWidths measures the table's text: each column as wide as its
// longest line (and its header, with room for the filter button), within
// bounds; wrapped columns may be wider.
func columnWidths(t *table) []float64 {
	w := make([]int, len(t.header))
	for i, h := range t.header {
		w[i] = width(h) + 3
	}
	limit := make([]int, len(t.header))
	for i := range limit {
		limit[i] = maxWidth
		if t.wrap[i] {
			limit[i] = maxWrapWidth
		}
	}
	t.rows(func(r []string) bool {
		for i, v := range r {
			if i < len(w) && w[i] < limit[i] && len(v) > w[i]-2 {
				w[i] = max(w[i], width(v)+2)
			}
		}
		return true
	})
	out := make([]float64, len(w))
	for i := range w {
		out[i] = float64(min(max(w[i], minWidth), limit[i]))
	}
	return out
}

// sheetNames hands out worksheet names Excel accepts: at most 31
// characters, none of []:*?/\, no leading or trailing apostrophe, unique
// without regard to case, and not the reserved "History".
type sheetNames struct{ used map[string]bool }

func newSheetNames() *sheetNames { return &sheetNames{used: map[string]bool{"history": true}} }

func (n *sheetNames) reserve(name string) { n.used[strings.ToLower(name)] = true }

// make returns a free name for part of a table: the base for part 1,
// "<base> (2)" and so on after it.
func (n *sheetNames) make(base string, part int) string {
	base = sanitiseSheetName(base)
	suffix := ""
	if part > 1 {
		suffix = " (" + strconv.Itoa(part) + ")"
	}
	name := fitSheetName(base, suffix)
	for k := 2; n.used[strings.ToLower(name)]; k++ {
		name = fitSheetName(base, " ~"+strconv.Itoa(k)+suffix)
	}
	n.used[strings.ToLower(name)] = true
	return name
}

func sanitiseSheetName(s string) string {
	var b strings.Builder
	for _, r := range cleanText(s) {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			b.WriteByte('-')
		case r < 0x20:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	s = strings.Join(strings.Fields(b.String()), " ")
	s = strings.Trim(s, "' ")
	if s == "" {
		s = "Landing zone"
	}
	return s
}

// fitSheetName cuts base so that base+suffix has at most 31 UTF-16 units.
func fitSheetName(base, suffix string) string {
	room := excelize.MaxSheetNameLength - len(utf16.Encode([]rune(suffix)))
	n := 0
	for i, r := range base {
		n += utf16.RuneLen(r)
		if n > room {
			base = base[:i]
			break
		}
	}
	base = strings.TrimRight(base, "' ")
	if base == "" {
		base = "Zone"
	}
	return base + suffix
}
