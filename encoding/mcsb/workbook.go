package mcsb

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits bound what the reader accepts, so a hostile or broken file costs
// bounded time and memory. The defaults are far above any real baseline
// (the largest published workbook is about 30 KB with 60 rows).
type Limits struct {
	MaxFileSize     int64 // bytes of the .xlsx file
	MaxInflatedSize int64 // bytes of all its parts once unzipped
	MaxParts        int   // parts (files) in the zip container
	MaxRows         int   // rows of one sheet
	MaxCols         int   // columns of one sheet
	MaxCellLen      int   // characters of one cell
}

// DefaultLimits are the limits used when none are given.
var DefaultLimits = Limits{
	MaxFileSize:     16 << 20,
	MaxInflatedSize: 64 << 20,
	MaxParts:        1000,
	MaxRows:         10_000,
	MaxCols:         256,
	MaxCellLen:      32_767, // Excel's own limit
}

// Error is a problem with an input workbook: which file, sheet and cell,
// what is wrong and how to fix it.
type Error struct {
	File  string
	Sheet string // empty for the file as a whole
	Cell  string // A1-style reference, empty for a sheet or file
	Msg   string
	Hint  string
	// Limit is set when a size limit was hit.
	Limit bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Cell != "" {
		fmt.Fprintf(&b, " cell %s", e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// cellName is the A1 reference of the zero-based row and column.
func cellName(row, col int) string {
	name, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row+1, col+1)
	}
	return name
}

// workbook is an opened file with its name for errors.
type workbook struct {
	name   string
	f      *excelize.File
	limits Limits
	// suspect is set when some worksheet has a formula or an error value,
	// so only then are cells inspected one by one (which is slow).
	suspect bool
}

// formulaOrError matches a formula element or an error-typed cell in
// worksheet XML, with or without a namespace prefix.
var formulaOrError = regexp.MustCompile(`<([A-Za-z0-9_]+:)?f[\s>/]|\st=["']e["']`)

func formulasOrErrors(zr *zip.Reader) (bool, error) {
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return false, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return false, err
		}
		if formulaOrError.Match(data) {
			return true, nil
		}
	}
	return false, nil
}

// readFile reads path within the limits.
func readFile(path string, lim Limits) ([]byte, error) {
	name := filepath.Base(path)
	fh, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error(), Hint: "check the path"}
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, lim.MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if int64(len(data)) > lim.MaxFileSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("the file is larger than %d bytes", lim.MaxFileSize), Limit: true,
			Hint: "a security baseline workbook is a few dozen kilobytes; is this the right file?"}
	}
	return data, nil
}

// oleMagic starts a Compound File: an encrypted workbook or a legacy .xls.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// open checks the container and opens it. name labels errors.
func open(name string, data []byte, lim Limits) (*workbook, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, &Error{File: name, Msg: "the file is encrypted or an old binary .xls workbook",
			Hint: "save it unencrypted in the .xlsx format (Excel Workbook)"}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{File: name, Msg: "not an .xlsx workbook (" + err.Error() + ")",
			Hint: "give the .xlsx file of a Microsoft cloud security benchmark baseline"}
	}
	if len(zr.File) > lim.MaxParts {
		return nil, &Error{File: name, Msg: fmt.Sprintf("the workbook has %d parts, more than %d", len(zr.File), lim.MaxParts), Limit: true}
	}
	// The declared sizes bound the inflated size: archive/zip refuses to
	// inflate an entry past the size its header declares.
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.MaxInflatedSize) {
			return nil, &Error{File: name, Msg: fmt.Sprintf("the workbook inflates to more than %d bytes (part %s)", lim.MaxInflatedSize, zf.Name), Limit: true,
				Hint: "a security baseline inflates to well under a megabyte; the file may be a zip bomb"}
		}
	}
	suspect, err := formulasOrErrors(zr)
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot inflate the workbook: " + err.Error(), Hint: "re-download the file; it may be truncated"}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.MaxInflatedSize, UnzipXMLSizeLimit: lim.MaxInflatedSize, RawCellValue: true,
	})
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot read the workbook: " + err.Error(),
			Hint: "open and save it again in Excel, or re-download it"}
	}
	return &workbook{name: name, f: f, limits: lim, suspect: suspect}, nil
}

func (w *workbook) close() { _ = w.f.Close() }

// sheet returns the name of the sheet called want (case and spacing
// ignored), or "" when there is none.
func (w *workbook) sheet(want string) string {
	for _, s := range w.f.GetSheetList() {
		if norm(s) == norm(want) {
			return s
		}
	}
	return ""
}

// grid reads a sheet as rows of strings, with merged ranges filled from
// their top-left cell, refusing formulas and error values.
func (w *workbook) grid(sheet string) ([][]string, error) {
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return nil, &Error{File: w.name, Sheet: sheet, Msg: "cannot read the sheet: " + err.Error()}
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= w.limits.MaxRows {
			return nil, &Error{File: w.name, Sheet: sheet, Msg: fmt.Sprintf("the sheet has more than %d rows", w.limits.MaxRows), Limit: true}
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &Error{File: w.name, Sheet: sheet, Cell: cellName(len(out), 0), Msg: "cannot read the row: " + err.Error()}
		}
		if len(cols) > w.limits.MaxCols {
			return nil, &Error{File: w.name, Sheet: sheet, Cell: cellName(len(out), len(cols)-1),
				Msg: fmt.Sprintf("the row has %d columns, more than %d", len(cols), w.limits.MaxCols), Limit: true}
		}
		for c, v := range cols {
			if len(v) > w.limits.MaxCellLen {
				return nil, &Error{File: w.name, Sheet: sheet, Cell: cellName(len(out), c), Msg: fmt.Sprintf("the cell holds more than %d characters", w.limits.MaxCellLen), Limit: true}
			}
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, &Error{File: w.name, Sheet: sheet, Msg: "cannot read the sheet: " + err.Error()}
	}
	if w.suspect {
		if err := w.cellKinds(sheet, out); err != nil {
			return nil, err
		}
	}
	w.fillMerged(sheet, out)
	return out, nil
}

// cellKinds refuses formulas and error values: a baseline states facts, and
// a formula's cached value may be stale or missing.
func (w *workbook) cellKinds(sheet string, g [][]string) error {
	for r, row := range g {
		for c, v := range row {
			if v == "" {
				continue
			}
			ref := cellName(r, c)
			typ, err := w.f.GetCellType(sheet, ref)
			if err != nil {
				return &Error{File: w.name, Sheet: sheet, Cell: ref, Msg: err.Error()}
			}
			if typ == excelize.CellTypeError {
				return &Error{File: w.name, Sheet: sheet, Cell: ref, Msg: fmt.Sprintf("the cell holds the error value %s", v),
					Hint: "replace it with the text the baseline states"}
			}
			if f, err := w.f.GetCellFormula(sheet, ref); err == nil && f != "" {
				return &Error{File: w.name, Sheet: sheet, Cell: ref, Msg: fmt.Sprintf("the cell holds the formula =%s", f),
					Hint: "replace it with its value (copy, paste values)"}
			}
		}
	}
	return nil
}

// fillMerged copies each merged range's value into its other cells, within
// the rows and columns already read (a range may claim the whole sheet).
func (w *workbook) fillMerged(sheet string, g [][]string) {
	merged, err := w.f.GetMergeCells(sheet)
	if err != nil {
		return
	}
	for _, mc := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || r1 > len(g) {
			continue
		}
		v := mc.GetCellValue()
		for r := r1 - 1; r < min(r2, len(g)); r++ {
			for c := c1 - 1; c < min(c2, w.limits.MaxCols); c++ {
				for len(g[r]) <= c {
					g[r] = append(g[r], "")
				}
				if g[r][c] == "" {
					g[r][c] = v
				}
			}
		}
	}
}

// norm folds case, punctuation spacing and runs of white space, so
// "ASB  Control ID " and "asb control id" compare equal.
func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// header finds the first row (of the first ten) that holds every one of
// required, and returns the column of each known name found in it.
func header(name, sheet string, g [][]string, columns map[string][]string, required []string) (int, map[string]int, error) {
	for r := 0; r < min(len(g), 10); r++ {
		idx := map[string]int{}
		for c, v := range g[r] {
			n := norm(v)
			for key, aliases := range columns {
				if _, seen := idx[key]; seen {
					continue
				}
				for _, a := range aliases {
					if n == norm(a) {
						idx[key] = c
					}
				}
			}
		}
		ok := true
		for _, k := range required {
			if _, found := idx[k]; !found {
				ok = false
			}
		}
		if ok {
			return r, idx, nil
		}
	}
	var missing []string
	for _, k := range required {
		missing = append(missing, fmt.Sprintf("%q", columns[k][0]))
	}
	return 0, nil, &Error{File: name, Sheet: sheet, Msg: "no header row with the columns " + strings.Join(missing, ", "),
		Hint: "is this a Microsoft cloud security benchmark workbook of the expected version?"}
}

// at returns the trimmed cell of row at column key, or "".
func at(row []string, idx map[string]int, key string) string {
	c, ok := idx[key]
	if !ok || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}
