package mcsb

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Baseline is one per-service security baseline workbook.
type Baseline struct {
	// File is the workbook's base name; Slug the service part of it
	// ("key-vault" for key-vault-azure-security-benchmark-v3-latest-
	// security-baseline.xlsx).
	File string
	Slug string
	// Profile are the rows of the "Security Profile" sheet in order.
	Profile []Attribute
	// Features are the rows of the "Feature Summary" sheet in order.
	Features []Feature
}

// Attribute is one row of the "Security Profile" sheet.
type Attribute struct {
	Name, Description, Value string
	Row                      int // one-based
}

// The attributes of the profile that imply a category and a border.
const (
	AttrCategory      = "Product Category"
	AttrHostAccess    = "Customer can access HOST / OS"
	AttrVirtualNet    = "Service can be deployed into customer's virtual network"
	AttrContentAtRest = "Stores customer content at rest"
)

// Value returns the value of the profile attribute name, or "".
func (b *Baseline) Value(name string) string {
	for _, a := range b.Profile {
		if norm(a.Name) == norm(name) {
			return a.Value
		}
	}
	return ""
}

// Responsibility is who the baseline says holds a control for the service.
type Responsibility string

// The responsibilities, as the model writes them.
const (
	Customer      Responsibility = "customer"
	Microsoft     Responsibility = "provider"
	Shared        Responsibility = "shared"
	NotApplicable Responsibility = "not-applicable"
)

// Tri is a True / False / Not Applicable cell.
type Tri string

// The values of a Tri; Unknown is an empty cell.
const (
	True    Tri = "true"
	False   Tri = "false"
	NA      Tri = "not-applicable"
	Unknown Tri = ""
)

// Feature is one row of the "Feature Summary" sheet: what the service
// offers for one control and who must use it.
type Feature struct {
	Domain           string
	Control          string // MCSB id such as DP-5; empty when the row maps to none
	Title            string
	Guidance         string
	Responsibility   Responsibility
	Name             string
	Description      string
	Supported        Tri
	EnabledByDefault Tri
	Reference        string
	FeatureNotes     string
	GuidanceNotes    string
	Row              int // one-based row in the sheet
}

// Sheet names of a baseline workbook.
const (
	SheetProfile  = "Security Profile"
	SheetFeatures = "Feature Summary"
)

var featureColumns = map[string][]string{
	"domain":   {"Control Domain"},
	"control":  {"ASB Control ID", "MCSB Control ID", "Control ID"},
	"title":    {"ASB Control Title", "MCSB Control Title", "Control Title"},
	"guidance": {"Guidance"},
	"resp":     {"Responsibility"},
	"name":     {"Feature Name"},
	"desc":     {"Feature Description"},
	"supp":     {"Feature Supported"},
	"default":  {"Feature Enabled by Default", "Feature Enabled By Default"},
	"ref":      {"Feature Reference"},
	"fnotes":   {"Feature Notes"},
	"gnotes":   {"Guidance Notes"},
}

var profileColumns = map[string][]string{
	"attr":  {"Behavior Attribute", "Behaviour Attribute"},
	"desc":  {"Description"},
	"value": {"Value"},
}

// controlID is the shape of an MCSB control id.
var controlID = regexp.MustCompile(`^[A-Z]{2}-[0-9]{1,2}$`)

// ReadBaselineFile reads the workbook at path with the default limits.
func ReadBaselineFile(path string) (*Baseline, error) {
	data, err := readFile(path, DefaultLimits)
	if err != nil {
		return nil, err
	}
	return ReadBaseline(filepath.Base(path), data, DefaultLimits)
}

// ReadBaseline reads a baseline workbook from data; name is its file name,
// used for the slug and in errors.
func ReadBaseline(name string, data []byte, lim Limits) (*Baseline, error) {
	w, err := open(name, data, lim)
	if err != nil {
		return nil, err
	}
	defer w.close()
	b := &Baseline{File: name, Slug: Slug(name)}
	if err := b.readProfile(w); err != nil {
		return nil, err
	}
	if err := b.readFeatures(w); err != nil {
		return nil, err
	}
	return b, nil
}

// Slug is the service part of a baseline file name.
func Slug(name string) string {
	s := strings.ToLower(filepath.Base(name))
	s = strings.TrimSuffix(s, ".xlsx")
	for _, suffix := range []string{"-azure-security-benchmark-v3-latest-security-baseline", "-security-baseline"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			return t
		}
	}
	return s
}

func missingSheet(w *workbook, want string) error {
	return &Error{File: w.name, Msg: fmt.Sprintf("no sheet %q (sheets: %s)", want, strings.Join(w.f.GetSheetList(), ", ")),
		Hint: "a v3 security baseline has the sheets \"Security Profile\" and \"Feature Summary\""}
}

func (b *Baseline) readProfile(w *workbook) error {
	sheet := w.sheet(SheetProfile)
	if sheet == "" {
		return missingSheet(w, SheetProfile)
	}
	g, err := w.grid(sheet)
	if err != nil {
		return err
	}
	hr, idx, err := header(w.name, sheet, g, profileColumns, []string{"attr", "value"})
	if err != nil {
		return err
	}
	for r := hr + 1; r < len(g); r++ {
		a := Attribute{Name: at(g[r], idx, "attr"), Description: at(g[r], idx, "desc"), Value: at(g[r], idx, "value"), Row: r + 1}
		if a.Name == "" {
			continue
		}
		b.Profile = append(b.Profile, a)
	}
	return nil
}

func (b *Baseline) readFeatures(w *workbook) error {
	sheet := w.sheet(SheetFeatures)
	if sheet == "" {
		return missingSheet(w, SheetFeatures)
	}
	g, err := w.grid(sheet)
	if err != nil {
		return err
	}
	b.Features, err = parseFeatures(w.name, sheet, g)
	return err
}

// parseFeatures reads the rows of a "Feature Summary" sheet.
func parseFeatures(name, sheet string, g [][]string) ([]Feature, error) {
	hr, idx, err := header(name, sheet, g, featureColumns, []string{"control", "resp"})
	if err != nil {
		return nil, err
	}
	var out []Feature
	for r := hr + 1; r < len(g); r++ {
		row := g[r]
		if blank(row) {
			continue
		}
		f := Feature{
			Domain: none(at(row, idx, "domain")), Control: strings.ToUpper(at(row, idx, "control")), Title: none(at(row, idx, "title")),
			Guidance: at(row, idx, "guidance"), Name: none(at(row, idx, "name")), Description: none(at(row, idx, "desc")),
			Reference: none(at(row, idx, "ref")), FeatureNotes: none(at(row, idx, "fnotes")), GuidanceNotes: none(at(row, idx, "gnotes")),
			Row: r + 1,
		}
		cell := func(key string) string { return cellName(r, idx[key]) }
		// Some rows describe a feature that maps to no control ("None").
		if f.Control == "NONE" {
			f.Control = ""
		}
		if f.Control != "" && !controlID.MatchString(f.Control) {
			return nil, &Error{File: name, Sheet: sheet, Cell: cell("control"), Msg: fmt.Sprintf("the control id %q is not an MCSB id", f.Control),
				Hint: "write an id such as NS-1 or DP-5, or None for a feature that maps to no control"}
		}
		resp, ok := parseResponsibility(at(row, idx, "resp"))
		if !ok {
			return nil, &Error{File: name, Sheet: sheet, Cell: cell("resp"), Msg: fmt.Sprintf("unknown responsibility %q", at(row, idx, "resp")),
				Hint: "write one of Customer, Microsoft, Shared, Not Applicable"}
		}
		f.Responsibility = resp
		for _, t := range []struct {
			key string
			dst *Tri
		}{{"supp", &f.Supported}, {"default", &f.EnabledByDefault}} {
			v, ok := parseTri(at(row, idx, t.key))
			if !ok {
				return nil, &Error{File: name, Sheet: sheet, Cell: cell(t.key), Msg: fmt.Sprintf("unknown value %q", at(row, idx, t.key)),
					Hint: "write True, False or Not Applicable"}
			}
			*t.dst = v
		}
		out = append(out, f)
	}
	return out, nil
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// none maps the workbooks' placeholders "None" and "No Related Feature"
// to empty.
func none(s string) string {
	if strings.EqualFold(s, "none") || strings.EqualFold(s, "no related feature") {
		return ""
	}
	return s
}

func parseResponsibility(s string) (Responsibility, bool) {
	switch norm(s) {
	case "customer":
		return Customer, true
	case "microsoft":
		return Microsoft, true
	case "shared":
		return Shared, true
	case "not applicable", "n/a", "na":
		return NotApplicable, true
	}
	return "", false
}

func parseTri(s string) (Tri, bool) {
	switch norm(s) {
	case "true", "yes", "1":
		return True, true
	case "false", "no", "0":
		return False, true
	case "not applicable", "n/a", "na":
		return NA, true
	case "", "none", "no related feature":
		return Unknown, true
	}
	return "", false
}
