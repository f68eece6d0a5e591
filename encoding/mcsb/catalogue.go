package mcsb

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Control is one control of the benchmark's catalogue with its crosswalk
// to other frameworks.
type Control struct {
	ID             string  `json:"id"` // NS-1
	Domain         string  `json:"domain"`
	Recommendation string  `json:"recommendation"`       // the control's title
	Frameworks     []Xwalk `json:"frameworks,omitempty"` // in the catalogue's column order
	Sheet          string  `json:"sheet"`                // where it is defined
	Row            int     `json:"row"`                  // one-based
}

// Xwalk is the ids of one framework that a control maps to.
type Xwalk struct {
	Framework string   `json:"framework"` // a demarc framework key: cis-v7.1, cis-v8, nist-800-53, pci-dss
	IDs       []string `json:"ids"`
}

// Catalogue is the benchmark's control catalogue.
type Catalogue struct {
	File     string
	Controls []Control // sorted by id
}

// Lookup returns the control with id, or nil.
func (c *Catalogue) Lookup(id string) *Control {
	i, ok := slices.BinarySearchFunc(c.Controls, id, func(x Control, id string) int { return strings.Compare(x.ID, id) })
	if !ok {
		return nil
	}
	return &c.Controls[i]
}

// catalogueFrameworks are the crosswalk columns and the framework keys a
// model's activity controls use for them.
var catalogueFrameworks = []struct{ key, framework string }{
	{"cis7", "cis-v7.1"}, {"cis8", "cis-v8"}, {"nist", "nist-800-53"}, {"pci", "pci-dss"},
}

var catalogueColumns = map[string][]string{
	"id":     {"ID", "ASB ID", "MCSB ID"},
	"domain": {"Control Domain"},
	"cis7":   {"CIS Controls v7.1 ID(s)"},
	"cis8":   {"CIS Controls v8 ID(s)"},
	"nist":   {"NIST SP800-53 r4 ID(s)", "NIST SP 800-53 r4 ID(s)"},
	"pci":    {"PCI-DSS v3.2.1 ID(s)", "PCI-DSS ID(s) v3.2.1"},
	"rec":    {"Recommendation"},
}

// ReadCatalogueFile reads the control catalogue at path.
func ReadCatalogueFile(path string) (*Catalogue, error) {
	data, err := readFile(path, DefaultLimits)
	if err != nil {
		return nil, err
	}
	return ReadCatalogue(filepath.Base(path), data, DefaultLimits)
}

// ReadCatalogue reads the control catalogue workbook: every sheet whose
// header row has an ID and a Recommendation column is a control domain;
// other sheets (the readme) are skipped.
func ReadCatalogue(name string, data []byte, lim Limits) (*Catalogue, error) {
	w, err := open(name, data, lim)
	if err != nil {
		return nil, err
	}
	defer w.close()
	cat := &Catalogue{File: name}
	seen := map[string]string{}
	for _, sheet := range w.f.GetSheetList() {
		g, err := w.grid(sheet)
		if err != nil {
			return nil, err
		}
		hr, idx, err := header(name, sheet, g, catalogueColumns, []string{"id", "rec"})
		if err != nil {
			continue // not a control domain sheet
		}
		for r := hr + 1; r < len(g); r++ {
			row := g[r]
			id := strings.ToUpper(at(row, idx, "id"))
			if id == "" {
				continue
			}
			if !controlID.MatchString(id) {
				return nil, &Error{File: name, Sheet: sheet, Cell: cellName(r, idx["id"]), Msg: fmt.Sprintf("the control id %q is not an MCSB id", id),
					Hint: "write an id such as NS-1"}
			}
			if prev, dup := seen[id]; dup {
				return nil, &Error{File: name, Sheet: sheet, Cell: cellName(r, idx["id"]), Msg: fmt.Sprintf("control %s is defined twice (first at %s)", id, prev),
					Hint: "remove one of the rows"}
			}
			seen[id] = fmt.Sprintf("sheet %q row %d", sheet, r+1)
			c := Control{ID: id, Domain: at(row, idx, "domain"), Recommendation: oneLine(at(row, idx, "rec")), Sheet: sheet, Row: r + 1}
			for _, fw := range catalogueFrameworks {
				if ids := crosswalkIDs(at(row, idx, fw.key)); len(ids) > 0 {
					c.Frameworks = append(c.Frameworks, Xwalk{Framework: fw.framework, IDs: ids})
				}
			}
			cat.Controls = append(cat.Controls, c)
		}
	}
	if len(cat.Controls) == 0 {
		return nil, &Error{File: name, Msg: "no sheet lists controls (a header row with \"ID\" and \"Recommendation\")",
			Hint: "give Microsoft_cloud_security_benchmark_v1.xlsx, the benchmark's control catalogue"}
	}
	slices.SortFunc(cat.Controls, func(a, b Control) int { return strings.Compare(a.ID, b.ID) })
	return cat, nil
}

// crosswalkIDs takes the leading id of every line of a crosswalk cell
// ("9.2 - Ensure …", "AC-4: ACCOUNT …", "SI-16 MEMORY …", "1.1"). Lines
// without a digit continue a title wrapped onto the next line.
func crosswalkIDs(cell string) []string {
	var out []string
	for _, line := range strings.Split(cell, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		id := strings.TrimRight(fields[0], ":,;")
		if !strings.ContainsAny(id, "0123456789") {
			continue
		}
		// Numbers stored as numbers come back in full precision (5.1 as
		// 5.0999999999999996); write them as the catalogue shows them.
		if f, err := strconv.ParseFloat(id, 64); err == nil && strings.Count(id, ".") == 1 && len(id) > 6 {
			id = strconv.FormatFloat(f, 'f', -1, 64)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
