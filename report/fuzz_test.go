package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/report"
)

// pieces make up random sources: line endings of every kind, tabs,
// multibyte and wide characters, combining marks, invalid and truncated
// UTF-8, control and bidi characters.
var pieces = []string{
	"a", "key", " ", ":", "-", "\t", "\n", "\r\n", "\r", "é", "网", "🛰️", "e\u0301",
	"\xff", "\xe2\x82", "\x1b[31m", "\u202e", "\x00", "\ufeff",
}

var fileNames = []string{"f.yaml", "f.yaml", "f.yaml", "missing.yaml", "", "dir/ü %.yaml", `c:\win.yaml`}

func randomSource(rng *rand.Rand) []byte {
	var b bytes.Buffer
	n := rng.IntN(80)
	if rng.IntN(10) == 0 {
		n = 600 // one long line or many short ones
	}
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.Bytes()
}

func randomPos(rng *rand.Rand, lines int) diag.Pos {
	pick := func(limit int) int {
		switch rng.IntN(12) {
		case 0:
			return 0
		case 1:
			return -1 - rng.IntN(5)
		case 2:
			return math.MaxInt
		case 3:
			return math.MinInt
		}
		return rng.IntN(limit + 4)
	}
	return diag.Pos{Line: pick(lines), Column: pick(40), Byte: pick(200)}
}

func randomRange(rng *rand.Rand, lines int) diag.Range {
	return diag.Range{
		Filename: fileNames[rng.IntN(len(fileNames))],
		Start:    randomPos(rng, lines),
		End:      randomPos(rng, lines),
	}
}

var severities = []diag.Severity{diag.Error, diag.Warning, diag.Info, diag.SeverityInvalid, 7}

func randomDiagnostics(rng *rand.Rand, src []byte) diag.Diagnostics {
	lines := bytes.Count(src, []byte("\n")) + 1
	codes := diag.All()
	var ds diag.Diagnostics
	for range 1 + rng.IntN(4) {
		d := diag.Diagnostic{
			Code:     codes[rng.IntN(len(codes))].Code,
			Severity: severities[rng.IntN(len(severities))],
			Summary:  string(randomSource(rng)),
			Subject:  randomRange(rng, lines),
		}
		if rng.IntN(2) == 0 {
			d.Detail = string(randomSource(rng))
			d.Suggestion = string(randomSource(rng))
			d.Path = string(randomSource(rng))
		}
		for range rng.IntN(3) {
			d.Related = append(d.Related, diag.Related{Message: string(randomSource(rng)), Range: randomRange(rng, lines)})
		}
		if rng.IntN(20) == 0 {
			d.Code = "DM999"
		}
		ds = append(ds, d)
	}
	return ds
}

// TestRandomRangesNeverPanic renders random ranges against random bytes in
// every format and checks the invariants of the output.
func TestRandomRangesNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 6))
	for i := range 1500 {
		src := randomSource(rng)
		ds := randomDiagnostics(rng, src)
		checkRendering(t, ds, map[string][]byte{"f.yaml": src, "dir/ü %.yaml": src}, i%50 == 0)
		if t.Failed() {
			t.Fatalf("iteration %d, source %q, diagnostics %+v", i, src, ds)
		}
	}
}

// FuzzReport renders one range against arbitrary bytes.
func FuzzReport(f *testing.F) {
	f.Add([]byte("rules:\n  - id: x\n"), 2, 9, 2, 10, "summary")
	f.Add([]byte("\t网\r\n\xff"), 1, 2, 9, 0, "\x1b[2J")
	f.Add([]byte(""), 1, 1, 1, 1, "")
	f.Add([]byte("a\nb"), 3, -1, 0, math.MaxInt, "s")
	f.Add([]byte(strings.Repeat("long ", 100)), 1, 250, 1, 260, "s")
	f.Fuzz(func(t *testing.T, src []byte, sl, sc, el, ec int, summary string) {
		ds := diag.Diagnostics{{
			Code:     diag.Gap,
			Severity: diag.Error,
			Summary:  summary,
			Subject: diag.Range{Filename: "f.yaml",
				Start: diag.Pos{Line: sl, Column: sc}, End: diag.Pos{Line: el, Column: ec}},
			Related: []diag.Related{{Message: summary, Range: diag.Range{Filename: "f.yaml",
				Start: diag.Pos{Line: el, Column: ec}, End: diag.Pos{Line: sl, Column: sc}}}},
		}}
		checkRendering(t, ds, map[string][]byte{"f.yaml": src}, false)
	})
}

// checkRendering renders ds in every format and checks the output; thorough
// also validates the SARIF against the schema and compares the functions
// with the methods.
func checkRendering(t *testing.T, ds diag.Diagnostics, src map[string][]byte, thorough bool) {
	t.Helper()
	r := report.Build(ds, src)
	for _, d := range r.Diagnostics {
		checkSnippet(t, d.Subject, d.Snippet, src)
		for _, rel := range d.Related {
			checkSnippet(t, rel.Range, rel.Snippet, src)
		}
	}

	var plain, colored, js, sarif bytes.Buffer
	if err := r.WriteText(&plain, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteText(&colored, report.TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	out := plain.String()
	if strings.ContainsAny(out, "\x1b\r\t\x00\u202e") || !utf8.ValidString(out) {
		t.Errorf("unsafe text output:\n%q", out)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(js.Bytes()) {
		t.Error("invalid JSON")
	}
	if err := r.WriteSARIF(&sarif, tool); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(sarif.Bytes()) {
		t.Error("invalid SARIF JSON")
	}
	if !thorough {
		return
	}
	if err := checkSARIF(sarif.Bytes()); err != nil {
		t.Errorf("SARIF does not validate: %v", err)
	}
	// The functions write what the methods write.
	var text, js2, sarif2 bytes.Buffer
	_ = report.WriteText(&text, ds, src, report.TextOptions{})
	_ = report.WriteJSON(&js2, ds, src)
	_ = report.WriteSARIF(&sarif2, ds, src, tool)
	if text.String() != out || js2.String() != js.String() || sarif2.String() != sarif.String() {
		t.Error("the Write functions and the Report methods differ")
	}
}

// checkSnippet checks a snippet against the line it shows.
func checkSnippet(t *testing.T, rg diag.Range, sn *report.Snippet, src map[string][]byte) {
	t.Helper()
	if sn == nil {
		return
	}
	data, ok := src[rg.Filename]
	if !ok || rg.Filename == "" {
		t.Errorf("snippet for %q without source", rg.Filename)
		return
	}
	lines := bytes.Split(data, []byte("\n"))
	if sn.Line < 1 || sn.Line > len(lines) || sn.Line != rg.Start.Line {
		t.Errorf("snippet line %d for range %v of a %d-line file", sn.Line, rg, len(lines))
		return
	}
	width := utf8.RuneCount(bytes.TrimSuffix(lines[sn.Line-1], []byte("\r")))
	n := sn.OmittedBefore + utf8.RuneCountInString(sn.Text) + sn.OmittedAfter
	if n != width {
		t.Errorf("snippet covers %d code points, the line has %d", n, width)
	}
	if !utf8.ValidString(sn.Text) {
		t.Errorf("snippet text is not valid UTF-8: %q", sn.Text)
	}
	if sn.StartColumn < 1 || sn.StartColumn > sn.EndColumn || sn.EndColumn > width+1 {
		t.Errorf("snippet columns %d..%d on a line of %d", sn.StartColumn, sn.EndColumn, width)
	}
	if sn.StartColumn <= sn.OmittedBefore || sn.StartColumn > width+1-sn.OmittedAfter {
		t.Errorf("highlight start %d is outside the excerpt (%d omitted before, %d after)", sn.StartColumn, sn.OmittedBefore, sn.OmittedAfter)
	}
}
