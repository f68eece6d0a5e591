package mcsb

import (
	"archive/zip"
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRealBaselines(t *testing.T) {
	dir := sharedData(t, "mcsb-v3")
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workbooks in %s: %v", dir, err)
	}
	for _, path := range files {
		b, err := ReadBaselineFile(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if len(b.Features) < 20 {
			t.Errorf("%s: %d features, want the full baseline", b.File, len(b.Features))
		}
		if b.Value(AttrCategory) == "" || b.Value(AttrHostAccess) == "" {
			t.Errorf("%s: profile without category or host access: %+v", b.File, b.Profile)
		}
		for _, f := range b.Features {
			if f.Responsibility == "" {
				t.Errorf("%s row %d: no responsibility", b.File, f.Row)
			}
		}
	}
}

func TestRealKeyVault(t *testing.T) {
	b, err := ReadBaselineFile(filepath.Join(sharedData(t, "mcsb-v3"), "key-vault-azure-security-benchmark-v3-latest-security-baseline.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Slug != "key-vault" || b.Value(AttrCategory) != "Security" || b.Value(AttrContentAtRest) != "True" {
		t.Fatalf("profile: slug %q %+v", b.Slug, b.Profile)
	}
	f := b.Features[0]
	want := Feature{Domain: "Identity Management", Control: "IM-1", Responsibility: Microsoft, Supported: True, EnabledByDefault: True,
		Name: "Azure AD Authentication Required for Data Plane Access", Row: 2}
	if f.Domain != want.Domain || f.Control != want.Control || f.Responsibility != want.Responsibility || f.Supported != want.Supported ||
		f.EnabledByDefault != want.EnabledByDefault || f.Name != want.Name || f.Row != want.Row ||
		!strings.HasPrefix(f.Reference, "Azure Key Vault authentication: https://") {
		t.Fatalf("first feature %+v", f)
	}
	if b.Features[1].Responsibility != NotApplicable || b.Features[1].Supported != NA {
		t.Fatalf("second feature %+v", b.Features[1])
	}
}

func TestSharedStringsMergedAndExtraColumns(t *testing.T) {
	rows := featureRows()
	// An extra column in front, an empty row, and a merged domain cell.
	for i := range rows {
		rows[i] = append([]string{"Extra"}, rows[i]...)
	}
	last := append([]string(nil), rows[1]...)
	rows[2][1] = ""
	rows = append(rows, []string{}, last)
	data := baselineBook(t, rows, func(f *excelize.File) {
		if err := f.MergeCell(SheetFeatures, "B2", "B3"); err != nil {
			t.Fatal(err)
		}
	})
	b, err := ReadBaseline("x.xlsx", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Features) != 3 || b.Features[2].Row != 5 {
		t.Fatalf("features %+v", b.Features)
	}
	if b.Features[1].Domain != "Data Protection" || b.Features[1].Row != 3 || b.Features[1].Responsibility != Microsoft {
		t.Fatalf("merged domain not filled: %+v", b.Features[1])
	}
	if b.Features[0].Reference != "Docs: https://example.com/cmk" || b.Features[0].FeatureNotes != "" {
		t.Fatalf("first %+v", b.Features[0])
	}
}

func TestBadBaselines(t *testing.T) {
	small := DefaultLimits
	small.MaxInflatedSize = 1 << 20
	cases := []struct {
		name  string
		data  func(t *testing.T) []byte
		lim   Limits
		want  string // substring of the error
		limit bool
	}{
		{"not a zip", func(*testing.T) []byte { return []byte("id,name\n") }, DefaultLimits, "x.xlsx: not an .xlsx workbook", false},
		{"encrypted", func(*testing.T) []byte { return append(append([]byte{}, oleMagic...), make([]byte, 512)...) }, DefaultLimits, "encrypted or an old binary .xls", false},
		{"missing sheet", func(t *testing.T) []byte {
			return book(t, map[string][][]string{SheetProfile: profileRows}, []string{SheetProfile}, nil)
		}, DefaultLimits, `no sheet "Feature Summary" (sheets: Security Profile)`, false},
		{"missing column", func(t *testing.T) []byte {
			rows := featureRows()
			rows[0][4] = "Owner"
			return baselineBook(t, rows, nil)
		}, DefaultLimits, `sheet "Feature Summary": no header row with the columns "ASB Control ID", "Responsibility"`, false},
		{"unknown responsibility", func(t *testing.T) []byte {
			rows := featureRows()
			rows[2][4] = "Vendor"
			return baselineBook(t, rows, nil)
		}, DefaultLimits, `sheet "Feature Summary" cell E3: unknown responsibility "Vendor"; write one of Customer, Microsoft, Shared, Not Applicable`, false},
		{"bad control id", func(t *testing.T) []byte {
			rows := featureRows()
			rows[1][1] = "DP 5"
			return baselineBook(t, rows, nil)
		}, DefaultLimits, `cell B2: the control id "DP 5" is not an MCSB id`, false},
		{"bad supported", func(t *testing.T) []byte {
			rows := featureRows()
			rows[1][7] = "Maybe"
			return baselineBook(t, rows, nil)
		}, DefaultLimits, `cell H2: unknown value "Maybe"`, false},
		{"formula", func(t *testing.T) []byte {
			return baselineBook(t, featureRows(), func(f *excelize.File) {
				_ = f.SetCellFormula(SheetFeatures, "E2", `"Cust"&"omer"`)
				_ = f.SetCellStr(SheetFeatures, "E2", "Customer")
				_ = f.SetCellFormula(SheetFeatures, "E2", `"Cust"&"omer"`)
			})
		}, DefaultLimits, `cell E2: the cell holds the formula ="Cust"&"omer"`, false},
		{"error value", func(t *testing.T) []byte { return errorValueBook(t) }, DefaultLimits, `cell E2: the cell holds the error value #N/A`, false},
		{"zip bomb", func(t *testing.T) []byte { return bomb(t, 2<<20) }, small, "inflates to more than 1048576 bytes", true},
		{"too many columns", func(t *testing.T) []byte {
			return baselineBook(t, featureRows(), func(f *excelize.File) { _ = f.SetCellStr(SheetFeatures, "ZZ3", "x") })
		}, DefaultLimits, `cell ZZ3: the row has 702 columns, more than 256`, true},
		{"too many rows", func(t *testing.T) []byte {
			// Written into the XML: excelize would fill every row between.
			return rewritePart(t, baselineBook(t, featureRows(), nil), "xl/worksheets/sheet2.xml", func(s string) string {
				return strings.Replace(s, "</sheetData>", `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`, 1)
			})
		}, DefaultLimits, `the sheet has more than 10000 rows`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadBaseline("x.xlsx", c.data(t), c.lim)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "x.xlsx" || e.Limit != c.limit {
				t.Fatalf("error %#v: want an *Error for x.xlsx with Limit %v", err, c.limit)
			}
		})
	}
}

// errorValueBook has the error value #N/A in E2, written into the sheet
// XML as Excel does (t="e").
func errorValueBook(t *testing.T) []byte {
	data := baselineBook(t, featureRows(), nil)
	return rewritePart(t, data, "xl/worksheets/sheet2.xml", func(s string) string {
		i := strings.Index(s, `<c r="E2"`)
		j := strings.Index(s[i:], "</c>") + i + len("</c>")
		return s[:i] + `<c r="E2" t="e"><v>#N/A</v></c>` + s[j:]
	})
}

// bomb is a valid baseline with an extra part of n zero bytes, which
// deflates to a few kilobytes.
func bomb(t *testing.T, n int) []byte {
	data := baselineBook(t, featureRows(), nil)
	return rewriteZip(t, data, func(w *zip.Writer) {
		f, err := w.Create("xl/media/padding.bin")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write(make([]byte, n))
	}, nil)
}

func rewritePart(t *testing.T, data []byte, part string, edit func(string) string) []byte {
	return rewriteZip(t, data, nil, map[string]func(string) string{part: edit})
}

func rewriteZip(t *testing.T, data []byte, extra func(*zip.Writer), edits map[string]func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		_, _ = body.ReadFrom(rc)
		rc.Close()
		out := body.String()
		if edit := edits[zf.Name]; edit != nil {
			out = edit(out)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(out))
	}
	if extra != nil {
		extra(zw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
