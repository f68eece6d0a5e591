package mcsb

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sharedData is the folder of third-party reference data beside the
// repository: <repo>/../shared/data. Outside CI a missing folder skips the
// test; in CI it fails, so the real workbooks are never silently untested.
func sharedData(t testing.TB, parts ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "..", "shared", "data"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		msg := "reference data " + dir + " is missing (it lives beside the repository as ../shared/data)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// profileRows and featureRows are a minimal valid baseline.
var profileRows = [][]string{
	{"Behavior Attribute", "Description", "Value"},
	{"Product Category", "Product type label.", "Storage"},
	{"Customer can access HOST / OS", "Host access.", "No Access"},
	{"Service can be deployed into customer's virtual network", "VNet.", "True"},
	{"Stores customer content at rest", "At rest.", "True"},
}

var featureHeader = []string{"Control Domain", "ASB Control ID", "ASB Control Title", "Guidance", "Responsibility",
	"Feature Name", "Feature Description", "Feature Supported", "Feature Enabled by Default", "Feature Reference",
	"Feature Notes", "Guidance Notes"}

func featureRows() [][]string {
	return [][]string{
		append([]string(nil), featureHeader...),
		{"Data Protection", "DP-5", "Use customer-managed key option in data at rest encryption when required", "Enable CMK.", "Customer",
			"Data at Rest Encryption Using CMK", "CMK support.", "True", "False", "Docs: https://example.com/cmk", "None", "None"},
		{"Identity Management", "IM-1", "Use centralized identity", "Nothing to do.", "Microsoft",
			"Azure AD Authentication", "AAD.", "True", "True", "None", "None", "None"},
	}
}

// book writes a workbook with the given sheets (name → rows) through
// excelize, which stores strings as shared strings (the real files use
// inline strings), and lets edit change it before it is saved.
func book(t testing.TB, sheets map[string][][]string, order []string, edit func(*excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(name, ref, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func baselineBook(t testing.TB, features [][]string, edit func(*excelize.File)) []byte {
	return book(t, map[string][][]string{SheetProfile: profileRows, SheetFeatures: features},
		[]string{SheetProfile, SheetFeatures}, edit)
}
