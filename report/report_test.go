package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var tool = report.ToolInfo{Name: "demarc", Version: "0.0.0-test", InformationURI: "https://github.com/demarc-dev/demarc"}

// The sources of the fixture. Ranges are computed from the text, so they
// always agree with it.
var sources = map[string][]byte{
	"rules/network.yaml": []byte(`rules:
  - id: net-hub
    activity: operate-hub-network
    scope:
      landing_zone: cloud-native
    rationale: >
      The network team runs the hub
      for every landing zone.
    responsible: network-team
    consulted: it-security
    informed: cloud-foundation
    accountable: netwrok-team
`),
	"rules/backup.yaml": []byte(`rules:
  - id: lz-backup
    activity: configure-backup
    scope: {landing_zone: cloud-native}
    accountable: tenant-owner
    responsible: tenant-owner
  - id: rds-backup
    activity: configure-backup
    scope: {service: aws-rds}
    accountable: database-team
    responsible: database-team
`),
	// Multibyte and wide characters before and inside the range; a non-ASCII
	// file name that SARIF must percent-encode.
	"parties/équipes.yaml": []byte("parties:\n  - id: réseau\n    name: Équipe réseau 网络团队 🛰️ ops\n    kind: sharde\n"),
	// Tabs before the range, CRLF line endings, invalid UTF-8.
	"tenants/tenants.yaml": []byte("tenants:\r\n  - id: \"123456789012\"\r\n\tname:\tpayments\t\xff\xfeprod\r\n\towner:\tpayments-tema\r\n"),
	// A space in the name, and a line far too long for a terminal.
	"rules/team a.yaml": []byte("rules:\n  - id: long\n    rationale: " + strings.Repeat("very ", 60) + "LONG-TAIL " + strings.Repeat("more ", 30) + "\n"),
	// A control sequence in an id that ends up in a summary.
	"parties/hostile.yaml": []byte("parties:\n  - id: \"evil\\e[2J\"\n    kind: shared\n"),
}

// at returns the range of the n-th (1-based) occurrence of needle in file.
func at(t testing.TB, file, needle string, n int) diag.Range {
	t.Helper()
	src := sources[file]
	off := -1
	for i := 0; i < n; i++ {
		j := bytes.Index(src[off+1:], []byte(needle))
		if j < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", file, n, needle)
		}
		off += 1 + j
	}
	return diag.Range{Filename: file, Start: pos(src, off), End: pos(src, off+len(needle))}
}

// between returns the range from the start of from to the end of to.
func between(t testing.TB, file, from, to string) diag.Range {
	t.Helper()
	a, b := at(t, file, from, 1), at(t, file, to, 1)
	return diag.Range{Filename: file, Start: a.Start, End: b.End}
}

// pos computes the position of a byte offset: columns count code points,
// each invalid byte counting as one.
func pos(src []byte, off int) diag.Pos {
	p := diag.Pos{Line: 1, Column: 1, Byte: off}
	for i := 0; i < off; {
		r, size := utf8.DecodeRune(src[i:])
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
		i += size
	}
	return p
}

func fixture(t testing.TB) diag.Diagnostics {
	t.Helper()
	var ds diag.Diagnostics
	ds.Add(diag.DanglingReference, at(t, "rules/network.yaml", "netwrok-team", 1),
		"rule %q names unknown party %q", "net-hub", "netwrok-team").
		WithSuggestion("network-team").
		WithPath("rules[0].accountable")

	// Multi-line ranges on both sides, the related one in the same file.
	ds.Add(diag.Conflict, between(t, "rules/backup.yaml", "- id: lz-backup", "responsible: tenant-owner"),
		"rules %q and %q disagree on configure-backup × aws-rds × cloud-native", "lz-backup", "rds-backup").
		WithDetail("Neither rule is more specific than the other: %q is scoped by landing zone, %q by service. Add a rule scoped by both, narrow one of them, or make them agree.", "lz-backup", "rds-backup").
		WithRelated("the other rule", between(t, "rules/backup.yaml", "- id: rds-backup", "responsible: database-team")).
		WithRelated("decided here by default", diag.Range{})

	// Wide and multibyte characters before and in the range.
	ds.Add(diag.InvalidValue, at(t, "parties/équipes.yaml", "sharde", 1),
		"party %q has unknown kind %q", "réseau", "sharde").
		WithSuggestion("shared").
		WithRelated("named here", at(t, "parties/équipes.yaml", "网络团队", 1))

	// Tabs, CRLF and invalid UTF-8 on the line.
	ds.Add(diag.OrphanedTenant, at(t, "tenants/tenants.yaml", "payments-tema", 1),
		"tenant %q names unknown owner %q", "123456789012", "payments-tema").
		WithSuggestion("payments-team").
		WithRelated("name with a stray byte", at(t, "tenants/tenants.yaml", "prod", 1))

	// A range on a long line, an excerpt around it.
	ds.Add(diag.RuleWithoutRational, at(t, "rules/team a.yaml", "LONG-TAIL", 1),
		"rule %q has a rationale nobody will read", "long")

	// No source at all.
	ds.Add(diag.InputLimit, diag.Range{}, "the model has %d files; the limit is %d", 10001, 10000).
		WithDetail("Keep generated and unrelated files out of the model directory.")

	// A file whose bytes are not available.
	ds.Add(diag.UnusedParty, diag.Range{Filename: "baseline/aws.yaml", Start: diag.Pos{Line: 3, Column: 5, Byte: 20}, End: diag.Pos{Line: 3, Column: 8, Byte: 23}},
		"party %q holds no responsibility", "aws")

	// Positions outside the file: past the last line, past the end of a
	// line, negative, and an end before the start.
	net := "rules/network.yaml"
	ds.Add(diag.ReviewOverdue, diag.Range{Filename: net, Start: diag.Pos{Line: 999, Column: 1}, End: diag.Pos{Line: 999, Column: 4}},
		"review_by of rule %q passed on %s", "net-hub", "2024-04-01")
	ds.Add(diag.ReviewOverdue, diag.Range{Filename: net, Start: diag.Pos{Line: 2, Column: 500}, End: diag.Pos{Line: 9, Column: 900}},
		"range past the end of its line")
	ds.Add(diag.ReviewOverdue, diag.Range{Filename: net, Start: diag.Pos{Line: 3, Column: -4}, End: diag.Pos{Line: 1, Column: 1}},
		"range with a negative column and an end before its start")
	ds.Add(diag.MissingRequired, diag.Range{Filename: net},
		"file-level diagnostic without a line")

	// Text from a model file that tries to control the terminal.
	ds.Add(diag.PartyWithoutContact, at(t, "parties/hostile.yaml", "evil", 1),
		"party evil%s has no contact", "\x1b[2J\u202e\u0007")

	// The same code, file and summary twice; an unknown code.
	ds.Add(diag.UnusedActivity, diag.Range{Filename: net, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 6, Byte: 5}},
		"activity %q is never decided", "operate-hub-network")
	ds.Add(diag.UnusedActivity, diag.Range{Filename: net, Start: diag.Pos{Line: 3, Column: 15, Byte: 35}, End: diag.Pos{Line: 3, Column: 34, Byte: 54}},
		"activity %q is never decided", "operate-hub-network")
	ds = append(ds, diag.Diagnostic{Code: "DM999", Severity: diag.Warning, Summary: "a code this version does not know"})
	return ds
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./report -update and review the diff.\n--- got:\n%s", path, got)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		name  string
		color bool
	}{{"text.golden", false}, {"text-color.golden", true}} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteText(&b, fixture(t), sources, report.TextOptions{Color: c.color}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if hasESC := strings.Contains(out, "\x1b"); hasESC != c.color {
				t.Errorf("output contains ESC: %v, want %v", hasESC, c.color)
			}
			if c.color && strings.Contains(out, "\x1b[2J") {
				t.Error("a control sequence from the model reached the terminal")
			}
			if strings.ContainsRune(out, '\u202e') || strings.ContainsRune(out, '\t') || strings.ContainsRune(out, '\r') {
				t.Error("output contains a tab, a carriage return or a bidi override")
			}
			if !utf8.ValidString(out) {
				t.Error("output is not valid UTF-8")
			}
			golden(t, c.name, b.Bytes())
		})
	}
}

// TestTextCarets checks caret placement in display columns, by hand rather
// than by golden file, for tabs and wide characters.
func TestTextCarets(t *testing.T) {
	for _, c := range []struct {
		name, src, needle string
		line, carets      string
	}{
		{"ascii", "key: value\n", "value", "1 | key: value", "  |      ^^^^^"},
		{"tab", "\tkey:\tvalue\n", "value", "1 |     key:    value", "  |             ^^^^^"},
		{"wide", "名前: 网络团队\n", "网络团队", "1 | 名前: 网络团队", "  |       ^^^^^^^^"},
		{"combining", "e\u0301e\u0301: x\n", "x", "1 | e\u0301e\u0301: x", "  |     ^"},
		{"emoji", "🛰️ sat: x\n", "sat", "1 | 🛰️ sat: x", "  |    ^^^"},
		{"past end", "key:\n", "\n", "1 | key:", "  |     ^"},
		{"empty file", "", "", "1 |", "  | ^"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			i := bytes.Index(src, []byte(c.needle))
			r := diag.Range{Filename: "f.yaml", Start: pos(src, i), End: pos(src, i+len(c.needle))}
			if c.needle == "\n" {
				r.End = r.Start
			}
			var b bytes.Buffer
			ds := diag.Diagnostics{{Code: diag.InvalidValue, Severity: diag.Error, Summary: "s", Subject: r}}
			if err := report.WriteText(&b, ds, map[string][]byte{"f.yaml": src}, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(b.String(), "\n")
			if len(lines) < 5 || lines[3] != c.line || lines[4] != c.carets {
				t.Errorf("got\n%s\nwant lines\n%s\n%s", b.String(), c.line, c.carets)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	ds := fixture(t)
	var b bytes.Buffer
	if err := report.WriteJSON(&b, ds, sources); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json.golden", b.Bytes())

	var got struct {
		Version     int              `json:"version"`
		Diagnostics []map[string]any `json:"diagnostics"`
		Summary     map[string]int   `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 {
		t.Errorf("version %d", got.Version)
	}
	if want := map[string]int{"errors": ds.Count(diag.Error), "warnings": ds.Count(diag.Warning), "infos": ds.Count(diag.Info)}; !reflect.DeepEqual(got.Summary, want) {
		t.Errorf("summary %v, want %v", got.Summary, want)
	}
	// Each diagnostic is diag's own JSON plus name and snippets: every field
	// diag writes is there with the same value.
	for i, d := range ds {
		raw, _ := json.Marshal(d)
		var want map[string]any
		_ = json.Unmarshal(raw, &want)
		for k, v := range want {
			g := got.Diagnostics[i][k]
			if k == "related" {
				g = stripSnippets(g)
			}
			if !reflect.DeepEqual(g, v) {
				t.Errorf("diagnostic %d: %q = %v, want %v", i, k, g, v)
			}
		}
	}
}

func stripSnippets(v any) any {
	list, _ := v.([]any)
	out := make([]any, len(list))
	for i, e := range list {
		m := map[string]any{}
		for k, v := range e.(map[string]any) {
			if k != "snippet" {
				m[k] = v
			}
		}
		out[i] = m
	}
	return out
}

func TestEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteJSON(&b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"diagnostics": []`) {
		t.Errorf("empty diagnostics are not an empty list:\n%s", b.String())
	}
	b.Reset()
	if err := report.WriteText(&b, nil, nil, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "0 errors, 0 warnings, 0 infos\n" {
		t.Errorf("empty text: %q", b.String())
	}
	b.Reset()
	if err := report.WriteSARIF(&b, nil, nil, tool); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
}

func TestBuildDoesNotModifyInput(t *testing.T) {
	ds := fixture(t)
	before, _ := json.Marshal(ds)
	report.Build(ds, sources)
	after, _ := json.Marshal(ds)
	if !bytes.Equal(before, after) {
		t.Error("Build changed its input")
	}
}

func TestSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteSARIF(&b, fixture(t), sources, tool); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.sarif.golden", b.Bytes())
	validateSARIF(t, b.Bytes())
	checkGitHubSubset(t, b.Bytes())
}

// sarifSchema is the official OASIS schema (see testdata/SOURCES.md),
// compiled once with format assertions on.
var sarifSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
})

func checkSARIF(log []byte) error {
	schema, err := sarifSchema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return err
	}
	return schema.Validate(inst)
}

func validateSARIF(t *testing.T, log []byte) {
	t.Helper()
	if err := checkSARIF(log); err != nil {
		t.Errorf("SARIF output does not validate: %v", err)
	}
}

// TestSARIFSchemaRejects makes sure the schema check can fail: the
// validation above is only worth something if it does.
func TestSARIFSchemaRejects(t *testing.T) {
	for name, log := range map[string]string{
		"startLine 0":   `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":0}}}]}]}]}`,
		"bad level":     `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`,
		"no driver":     `{"version":"2.1.0","runs":[{"tool":{},"results":[]}]}`,
		"unknown field": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[],"extra":1}]}`,
		"bad version":   `{"version":"2.0.0","runs":[]}`,
	} {
		if checkSARIF([]byte(log)) == nil {
			t.Errorf("%s: the schema accepted an invalid log", name)
		}
	}
	if err := checkSARIF([]byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[]}]}`)); err != nil {
		t.Errorf("the schema rejects a minimal valid log: %v", err)
	}
}

// checkGitHubSubset checks what GitHub code scanning requires beyond the
// schema.
func checkGitHubSubset(t *testing.T, raw []byte) {
	t.Helper()
	type region struct{ StartLine, StartColumn, EndLine, EndColumn *int }
	type location struct {
		PhysicalLocation *struct {
			ArtifactLocation struct{ URI, URIBaseID string }
			Region           *region
		}
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID                   string
						ShortDescription     struct{ Text string }
						FullDescription      struct{ Text string }
						Help                 struct{ Text string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID              string
				RuleIndex           int
				Level               string
				Message             struct{ Text string }
				Locations           []location
				RelatedLocations    []location
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("bad header: %q %q, %d runs", log.Schema, log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != tool.Name || d.Version != tool.Version || d.InformationURI != tool.InformationURI {
		t.Errorf("driver %+v", d)
	}
	ids := map[string]bool{}
	for _, r := range d.Rules {
		ids[r.ID] = true
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.DefaultConfiguration.Level == "" {
			t.Errorf("rule %s lacks descriptions or level", r.ID)
		}
		if info := diag.Code(r.ID).Info(); info != nil && r.Help.Text != info.Explain {
			t.Errorf("rule %s: help is not the code's explanation", r.ID)
		}
	}
	for _, info := range diag.All() {
		if !ids[string(info.Code)] {
			t.Errorf("code %s is not a rule", info.Code)
		}
	}
	fingerprints := map[string]bool{}
	for i, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at rule %s", i, res.RuleIndex, res.RuleID)
		}
		switch res.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("result %d: level %q", i, res.Level)
		}
		if res.Message.Text == "" {
			t.Errorf("result %d: empty message", i)
		}
		if len(res.PartialFingerprints) == 0 {
			t.Errorf("result %d: no partialFingerprints", i)
		}
		if _, ok := res.PartialFingerprints["primaryLocationLineHash"]; ok {
			t.Errorf("result %d: primaryLocationLineHash is GitHub's to compute", i)
		}
		for _, fp := range res.PartialFingerprints {
			if fingerprints[fp] {
				t.Errorf("result %d: fingerprint %s is not unique", i, fp)
			}
			fingerprints[fp] = true
		}
		for _, loc := range append(res.Locations, res.RelatedLocations...) {
			pl := loc.PhysicalLocation
			if pl == nil {
				t.Errorf("result %d: a location without a physical location", i)
				continue
			}
			uri := pl.ArtifactLocation.URI
			if uri == "" || strings.Contains(uri, `\`) || strings.HasPrefix(uri, "/") || pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Errorf("result %d: artifact location %+v", i, pl.ArtifactLocation)
			}
			if r := pl.Region; r != nil {
				if r.StartLine == nil || *r.StartLine < 1 {
					t.Errorf("result %d: region without startLine >= 1", i)
				}
				for _, v := range []*int{r.StartColumn, r.EndLine, r.EndColumn} {
					if v != nil && *v < 1 {
						t.Errorf("result %d: region value %d < 1", i, *v)
					}
				}
			}
		}
	}
}

// TestSARIFFromDecodedReport renders a Report that went through JSON, as a
// server or another process would hold it: the regions survive.
func TestSARIFFromDecodedReport(t *testing.T) {
	ds := fixture(t)
	var js bytes.Buffer
	if err := report.WriteJSON(&js, ds, sources); err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(js.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var text, direct bytes.Buffer
	if err := r.WriteText(&text, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteText(&direct, ds, sources, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if text.String() != direct.String() {
		t.Errorf("text from the decoded report differs:\n%s", text.String())
	}
	var sarif bytes.Buffer
	if err := r.WriteSARIF(&sarif, tool); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, sarif.Bytes())
	if !strings.Contains(sarif.String(), `"startLine": 12`) {
		t.Error("the decoded report lost its regions")
	}
}

func TestArtifactURIs(t *testing.T) {
	for name, want := range map[string]string{
		"rules/a.yaml":         "rules/a.yaml",
		"./rules/a.yaml":       "rules/a.yaml",
		"rules/team a.yaml":    "rules/team%20a.yaml",
		"parties/équipes.yaml": "parties/%C3%A9quipes.yaml",
		"a:b.yaml":             "./a:b.yaml",
		"/abs/model/a.yaml":    "file:///abs/model/a.yaml",
	} {
		ds := diag.Diagnostics{{Code: diag.Gap, Severity: diag.Error, Summary: "s", Subject: diag.Range{Filename: name, Start: diag.Pos{Line: 1, Column: 1}}}}
		var b bytes.Buffer
		if err := report.WriteSARIF(&b, ds, nil, tool); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `"uri": "`+want+`"`) {
			t.Errorf("%q: want uri %q in\n%s", name, want, b.String())
		}
		validateSARIF(t, b.Bytes())
	}
}

func TestColorEnabled(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")
	if report.ColorEnabled(f) {
		t.Error("a regular file is not a terminal")
	}
	if report.ColorEnabled(nil) {
		t.Error("nil file")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !report.ColorEnabled(tty) {
			t.Error("a terminal should get colour")
		}
		t.Setenv("NO_COLOR", "1")
		if report.ColorEnabled(tty) {
			t.Error("NO_COLOR is set")
		}
		t.Setenv("NO_COLOR", "")
		t.Setenv("TERM", "dumb")
		if report.ColorEnabled(tty) {
			t.Error("TERM=dumb")
		}
	}
}
