package sheet_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/sheet"
	"github.com/demarc-dev/demarc/synth"
	"github.com/demarc-dev/demarc/view"
)

// Party names that a spreadsheet would evaluate if they were not
// neutralised.
const (
	hyperlink = `=HYPERLINK("http://x","y")`
	atSum     = `@SUM(1)`
	minus     = `-1+1`
)

// book builds the example model's book; with hostile set, three parties
// carry names that are formulas.
func book(t testing.TB, dir string, hostile bool) *view.Book {
	t.Helper()
	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		t.Fatalf("%s: %v", dir, ds)
	}
	if hostile {
		m.PartyByID["cloud-foundation"].Name = hyperlink
		m.PartyByID["finops"].Name = atSum
		m.PartyByID["grc"].Name = minus
		m.PartyByID["itsm"].Name = "\tTabbed"
		m.Rules[0].Rationale = "=1+1\nsecond line\r\nthird <b>"
	}
	r := resolve.New(m)
	res := check.Model(m, r, ds, check.Options{Today: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	return view.Build(m, r, res, view.Options{Now: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)})
}

func cells(zp *view.ZonePage) int {
	n := 0
	for _, za := range zp.Activities {
		for _, g := range za.Groups {
			n += g.Len()
		}
	}
	return n
}

func writeXLSX(t testing.TB, b *view.Book) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sheet.WriteXLSX(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbook is a written workbook opened again, with each sheet's rows
// read once.
type workbook struct {
	*excelize.File
	t    testing.TB
	rows map[string][][]string
}

func open(t testing.TB, data []byte) *workbook {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &workbook{File: f, t: t, rows: map[string][][]string{}}
}

// Rows returns the rows of a sheet.
func (w *workbook) Rows(sheet string) [][]string {
	w.t.Helper()
	if r, ok := w.rows[sheet]; ok {
		return r
	}
	r, err := w.GetRows(sheet)
	if err != nil {
		w.t.Fatal(err)
	}
	w.rows[sheet] = r
	return r
}

var wantSheets = []string{"Overview", "Cloud-native", "Container platform", "Lift & shift", "Regulated data", "Sandbox", "Organisation", "Parties", "Decisions", "Tenants"}

func TestWorkbook(t *testing.T) {
	t.Parallel()
	b := book(t, "../examples/enterprise", false)
	start := time.Now()
	data := writeXLSX(t, b)
	t.Logf("workbook of %d cells: %d bytes in %v", b.Health.Summary.Cells, len(data), time.Since(start))
	f := open(t, data)

	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	headers := map[string][]string{
		"Cloud-native": {"Activity", "Activity name", "Layer", "Grain", "Service", "Provider", "Service model", "Side", "Outcome",
			"Responsible", "Accountable", "Consulted", "Informed", "Rule"},
		"Decisions": {"ID", "Status", "Activities", "Scope", "Responsible", "Accountable", "Consulted", "Informed",
			"Rationale", "Decided", "Review by", "Overdue", "Approvals", "Cells decided"},
		"Tenants":  {"ID", "Name", "Provider", "Landing zone", "Owner", "Tags"},
		"Overview": {"Item", "Value"},
	}
	for name, want := range headers {
		rows := f.Rows(name)
		if !slices.Equal(rows[0], want) {
			t.Errorf("%s header = %q, want %q", name, rows[0], want)
		}
	}

	// One row per activity × service in each landing zone.
	for _, zp := range b.LandingZones {
		rows := f.Rows(zp.Zone.Name)
		if len(rows)-1 != cells(zp) {
			t.Errorf("%s: %d rows, want %d", zp.Zone.Name, len(rows)-1, cells(zp))
		}
	}
	rows := f.Rows("Parties")
	if len(rows)-1 != len(b.Parties) {
		t.Errorf("Parties: %d rows, want %d", len(rows)-1, len(b.Parties))
	}
	rows = f.Rows("Decisions")
	if len(rows)-1 != len(b.Decisions) {
		t.Errorf("Decisions: %d rows, want %d", len(rows)-1, len(b.Decisions))
	}
	rows = f.Rows("Tenants")
	if len(rows)-1 != len(b.Model.Tenants) {
		t.Errorf("Tenants: %d rows, want %d", len(rows)-1, len(b.Model.Tenants))
	}

	// A known duty: Cloud Foundation decommissions each AWS tenant in
	// cloud-native, one row per provider rather than one per service.
	rows = f.Rows("Cloud-native")
	found := 0
	for _, r := range rows {
		if r[0] == "decommission-tenant" {
			found++
			if r[5] == "Amazon Web Services" && (r[3] != "tenant" || r[4] != "" || r[10] != "Cloud Foundation" || r[13] != "tenant-decommissioning" || r[8] != "rule" || r[7] != "customer") {
				t.Errorf("decommission-tenant for AWS tenants = %q", r)
			}
		}
	}
	if found != 3 {
		t.Errorf("%d rows for decommission-tenant in Cloud-native, want 3 (AWS, Azure, GCP tenants)", found)
	}
	// The duties outside landing zones have their own sheet.
	org := 0
	for _, za := range b.OrgActivities {
		for _, g := range za.Groups {
			org += g.Len()
		}
	}
	if rows := f.Rows("Organisation"); org == 0 || len(rows)-1 != org {
		t.Errorf("Organisation: %d rows, want %d (>0)", len(rows)-1, org)
	}
	if v, _ := f.GetCellValue("Overview", "B2"); v != "Northwind Mutual" {
		t.Errorf("Overview B2 = %q", v)
	}

	for _, name := range wantSheets {
		// Frozen header row.
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", name, panes)
		}
		// Bold header.
		style, _ := f.GetCellStyle(name, "A1")
		st, err := f.GetStyle(style)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header A1 not bold (%v)", name, err)
		}
		// Readable widths, computed from the content.
		for col := 1; col <= 2; col++ {
			c, _ := excelize.ColumnNumberToName(col)
			w, _ := f.GetColWidth(name, c)
			if w < 6 || w > 80 {
				t.Errorf("%s column %s: width %v", name, c, w)
			}
		}
	}
	// Widths follow content: Activity name is wider than Side.
	wName, _ := f.GetColWidth("Cloud-native", "B")
	wSide, _ := f.GetColWidth("Cloud-native", "G")
	if wName <= wSide || wName > 50 {
		t.Errorf("widths: activity name %v, side %v", wName, wSide)
	}
	// Rationales wrap.
	style, _ := f.GetCellStyle("Decisions", "I2")
	if st, _ := f.GetStyle(style); st == nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("Decisions rationale does not wrap")
	}
	if w, _ := f.GetColWidth("Decisions", "I"); w != 80 {
		t.Errorf("rationale width %v, want the wrap width 80", w)
	}

	// Autofilters over every sheet's rows.
	sheets := worksheetXML(t, data)
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	for i, name := range wantSheets {
		xml := sheets[i]
		rows := f.Rows(name)
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
		abs := "$" + strings.TrimRight(last, "0123456789") + "$" + strings.TrimLeft(last, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
		if !strings.Contains(xml, `<autoFilter ref="A1:`+last+`"`) && !strings.Contains(xml, `<autoFilter ref="$A$1:`+abs+`"`) {
			t.Errorf("%s: no autofilter over A1:%s", name, last)
		}
		if filters[name] != "'"+name+"'!$A$1:"+abs {
			t.Errorf("%s: filter database %q", name, filters[name])
		}
		if strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") {
			t.Errorf("%s: holds a formula", name)
		}
	}
}

// worksheetXML returns the worksheets' XML in workbook order.
func worksheetXML(t testing.TB, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := 1; ; i++ {
		rc, err := zr.Open("xl/worksheets/sheet" + strconv.Itoa(i) + ".xml")
		if err != nil {
			return out
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
}

func TestNeutralised(t *testing.T) {
	t.Parallel()
	b := book(t, "../examples/enterprise", true)
	data := writeXLSX(t, b)
	f := open(t, data)
	rows := f.Rows("Parties")
	names := map[string]string{}
	for _, r := range rows[1:] {
		names[r[0]] = r[1]
	}
	for id, want := range map[string]string{
		"cloud-foundation": "'" + hyperlink,
		"finops":           "'" + atSum,
		"grc":              "'" + minus,
		"itsm":             "'\tTabbed",
	} {
		if names[id] != want {
			t.Errorf("party %s named %q in the workbook, want %q", id, names[id], want)
		}
	}
	// In the matrix too, where the name starts a cell.
	rows = f.Rows("Cloud-native")
	seen := false
	for _, r := range rows {
		if len(r) > 10 && r[10] == "'"+hyperlink {
			seen = true
		}
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Fatalf("cell %q is not neutralised", c)
			}
		}
	}
	if !seen {
		t.Error("neutralised accountable party not found in the matrix")
	}
	rows = f.Rows("Decisions")
	if got := rows[1][8]; got != "'=1+1\nsecond line\r\nthird <b>" {
		t.Errorf("rationale = %q", got)
	}

	// Every cell is a string, none a formula: in the XML, every cell is an
	// inline string and no cell has a formula element.
	cellTag := regexp.MustCompile(`<c [^>]*>`)
	for i, xml := range worksheetXML(t, data) {
		tags := cellTag.FindAllString(xml, -1)
		if len(tags) == 0 {
			t.Fatalf("sheet %d has no cells", i+1)
		}
		for _, tag := range tags {
			if !strings.Contains(tag, ` t="inlineStr"`) {
				t.Fatalf("sheet %d: cell %s is not a string", i+1, tag)
			}
		}
		if strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") {
			t.Fatalf("sheet %d holds a formula", i+1)
		}
	}
	// And excelize reads the neutralised cells back as strings.
	rows = f.Rows("Parties")
	for i, r := range rows {
		if r[0] != "cloud-foundation" && r[0] != "finops" && r[0] != "grc" {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(2, i+1)
		if typ, _ := f.GetCellType("Parties", ref); typ != excelize.CellTypeInlineString {
			t.Errorf("Parties!%s has type %v, want an inline string", ref, typ)
		}
		if fm, _ := f.GetCellFormula("Parties", ref); fm != "" {
			t.Errorf("Parties!%s has formula %q", ref, fm)
		}
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"plain":        "plain",
		"=1+1":         "'=1+1",
		"+1":           "'+1",
		"-1+1":         "'-1+1",
		"@SUM(1)":      "'@SUM(1)",
		"\t=1":         "'\t=1",
		"\r=1":         "'\r=1",
		"\n=1":         "'\n=1",
		"a=1":          "a=1",
		"'quoted":      "'quoted",
		"":             "",
		"ctrl\x00\x1f": "ctrl",
		"\x00=1":       "'=1",
	} {
		if got := sheet.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSheetNames(t *testing.T) {
	fixed := []string{"Overview", "Parties", "Decisions", "Tenants"}
	for _, tc := range []struct {
		base string
		part int
		want string
	}{
		{"Cloud-native", 1, "Cloud-native"},
		{"Cloud-native", 2, "Cloud-native (2)"},
		{"Prod/Test [EU]: *?\\", 1, "Prod-Test -EU-- ---"},
		{"'quoted'", 1, "quoted"},
		{"A landing zone with a very long name indeed", 1, "A landing zone with a very long"},
		{"A landing zone with a very long name indeed", 12, "A landing zone with a very (12)"},
		{"parties", 1, "parties ~2"},
		{"History", 1, "History ~2"},
		{"", 1, "Landing zone"},
		{"Line\nbreak", 1, "Line break"},
		{"Zürich 🌍 zone name that is long", 1, "Zürich 🌍 zone name that is lon"}, // 31 UTF-16 units
	} {
		got := sheet.SheetName(fixed, tc.base, tc.part)
		if got != tc.want {
			t.Errorf("sheet name of %q part %d = %q, want %q", tc.base, tc.part, got, tc.want)
		}
		if n := len([]rune(got)); n > 31 || strings.ContainsAny(got, `[]:*?/\`) {
			t.Errorf("sheet name %q is not valid", got)
		}
	}
}

// TestContinuationSheets lowers the rows per sheet so the example's
// matrices continue on "<zone> (2)" sheets. It changes a package variable,
// so it must not run in parallel with the tests that write workbooks.
func TestContinuationSheets(t *testing.T) {
	// Small sheets, so the example's landing zones need continuations.
	const maxRows = 150
	defer sheet.SetMaxRows(maxRows)()
	b := book(t, "../examples/enterprise", false)
	f := open(t, writeXLSX(t, b))
	list := f.GetSheetList()
	for _, zp := range b.LandingZones {
		total, parts := 0, 0
		for _, name := range list {
			if name != zp.Zone.Name && !strings.HasPrefix(name, zp.Zone.Name+" (") {
				continue
			}
			parts++
			rows := f.Rows(name)
			if len(rows) > maxRows {
				t.Errorf("%s has %d rows", name, len(rows))
			}
			if rows[0][0] != "Activity" {
				t.Errorf("%s lacks the header", name)
			}
			if panes, _ := f.GetPanes(name); !panes.Freeze {
				t.Errorf("%s: header not frozen", name)
			}
			total += len(rows) - 1
		}
		want := (cells(zp) + maxRows - 2) / (maxRows - 1)
		if total != cells(zp) || parts != want {
			t.Errorf("%s: %d rows on %d sheets, want %d on %d", zp.Zone.Name, total, parts, cells(zp), want)
		}
	}
	if !slices.Contains(list, "Cloud-native (3)") {
		t.Errorf("sheets %q", list)
	}
}

func TestCSV(t *testing.T) {
	t.Parallel()
	b := book(t, "../examples/enterprise", true)
	dir := t.TempDir()
	paths, err := sheet.WriteCSV(dir, b)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	want := []string{"overview.csv", "matrix-cloud-native.csv", "matrix-container-platform.csv", "matrix-lift-and-shift.csv",
		"matrix-regulated-data.csv", "matrix-sandbox.csv", "matrix-organisation.csv", "parties.csv", "decisions.csv", "tenants.csv"}
	if !slices.Equal(names, want) {
		t.Fatalf("files = %q, want %q", names, want)
	}
	// The CSV files hold exactly what the workbook's sheets hold.
	f := open(t, writeXLSX(t, b))
	for i, p := range paths {
		recs := readCSV(t, p)
		rows := f.Rows(wantSheets[i])
		if !sameRows(recs, rows) {
			t.Errorf("%s differs from sheet %s", names[i], wantSheets[i])
		}
	}
	for _, r := range readCSV(t, filepath.Join(dir, "parties.csv")) {
		if r[0] == "cloud-foundation" && r[1] != "'"+hyperlink {
			t.Errorf("CSV party name %q", r[1])
		}
	}
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// sameRows compares rows, ignoring empty cells at row ends (GetRows drops
// them) and the line ends that CSV readers normalise.
func sameRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	norm := func(r []string) []string {
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = strings.ReplaceAll(c, "\r\n", "\n")
		}
		for len(out) > 0 && out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
		return out
	}
	for i := range a {
		if !slices.Equal(norm(a[i]), norm(b[i])) {
			return false
		}
	}
	return true
}

// TestLibreOffice converts the workbook to CSV with LibreOffice and checks
// that it reads the same values, and that no neutralised cell became a
// formula or a computed value.
func TestLibreOffice(t *testing.T) {
	t.Parallel()
	bin := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("DEMARC_SKIP_LIBREOFFICE") == "1" {
			t.Skip("LibreOffice not installed; skipped because DEMARC_SKIP_LIBREOFFICE=1")
		}
		t.Fatal("LibreOffice is not installed: run `apt-get install libreoffice-calc-nogui`, or set DEMARC_SKIP_LIBREOFFICE=1 to skip this test")
	}
	b := book(t, "../examples/enterprise", true)
	data := writeXLSX(t, b)
	dir := t.TempDir()
	in := filepath.Join(dir, "model.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Sheet -1 exports every sheet (LibreOffice 7.2 and later) to
	// model-<sheet>.csv; a private profile keeps parallel runs apart.
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1`,
		"--outdir", out, in)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	f := open(t, data)
	for _, name := range f.GetSheetList() {
		path := filepath.Join(out, "model-"+name+".csv")
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("LibreOffice wrote no %s (LibreOffice 7.2 or later exports all sheets):\n%s", path, msg)
		}
		lo := readCSV(t, path)
		ours := f.Rows(name)
		if len(lo) != len(ours) {
			t.Errorf("%s: LibreOffice reads %d rows, we wrote %d", name, len(lo), len(ours))
			continue
		}
		for i := range ours {
			if !sameRows([][]string{lo[i]}, [][]string{ours[i]}) {
				t.Errorf("%s row %d: LibreOffice reads %q, we wrote %q", name, i+1, lo[i], ours[i])
				break
			}
		}
	}
	// LibreOffice sees the autofilter of every sheet.
	cmd = exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "fods", "--outdir", out, in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	fods, err := os.ReadFile(filepath.Join(out, "model.fods"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(fods), `table:display-filter-buttons="true"`); n != len(f.GetSheetList()) {
		t.Errorf("LibreOffice finds %d autofilters, want one per sheet (%d)", n, len(f.GetSheetList()))
	}

	parties := readCSV(t, filepath.Join(out, "model-Parties.csv"))
	got := map[string]string{}
	for _, r := range parties {
		got[r[0]] = r[1]
	}
	for id, want := range map[string]string{"cloud-foundation": "'" + hyperlink, "finops": "'" + atSum, "grc": "'" + minus} {
		if got[id] != want {
			t.Errorf("LibreOffice reads party %s as %q, want %q (evaluated?)", id, got[id], want)
		}
	}
}

func BenchmarkXLSX_L(b *testing.B) {
	if testing.Short() {
		b.Skip("L model skipped in -short mode")
	}
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	m, ds := load.Dir(dir, load.Options{})
	r := resolve.New(m)
	res := check.Model(m, r, ds, check.Options{})
	bk := view.Build(m, r, res, view.Options{})
	rows := 0
	for _, zp := range bk.LandingZones {
		rows += cells(zp)
	}
	runtime.GC()
	base := heapInUse()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if h := heapInUse(); h > peak {
					peak = h
				}
			}
		}
	}()
	b.ResetTimer()
	var size int64
	for b.Loop() {
		cw := &countingWriter{}
		if err := sheet.WriteXLSX(cw, bk); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(size)/1e6, "MB-xlsx")
	if peak > base {
		b.ReportMetric(float64(peak-base)/1e6, "MB-peak-heap-growth")
	}
}

func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
