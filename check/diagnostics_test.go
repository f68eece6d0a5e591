package check_test

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/resolve"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtures is the folder of the self-documenting diagnostic fixtures; see
// its README.md for the comment syntax.
const fixtures = "testdata/diagnostics"

// today is the date every fixture is checked on.
var today = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// key is what a fixture states about one diagnostic: its file (relative to
// the fixture folder), its line (0 for a whole file) and its code.
type key struct {
	File string
	Line int
	Code diag.Code
}

func (k key) String() string {
	if k.Line == 0 {
		return fmt.Sprintf("%s: %s", k.File, k.Code)
	}
	return fmt.Sprintf("%s:%d: %s", k.File, k.Line, k.Code)
}

// expectations are the wants of one fixture folder.
type expectations struct {
	wants map[key]bool
	// suggestions maps a key to the "did you mean" it must carry.
	suggestions map[key]string
	// links are symbolic links to create before loading: name → target.
	links map[string]string
	// fifos are named pipes to create before loading.
	fifos []string
	// acks are acknowledgements to record in a fresh store before checking
	// coverage (DM305); a fixture without any is checked without a store.
	acks []fixtureAck
}

var (
	wantRE = regexp.MustCompile(`#\s*want(-next|-file(?:\s+([^\s:]+))?|-in\s+([^\s:]+):(\d+))?:\s*(.*)$`)
	itemRE = regexp.MustCompile(`^(DM\d{3})(?:\("([^"]*)"\))?$`)
	linkRE = regexp.MustCompile(`#\s*link:\s*(\S+)\s*->\s*(\S+)\s*$`)
	fifoRE = regexp.MustCompile(`#\s*fifo:\s*(\S+)\s*$`)
	ackRE  = regexp.MustCompile(`#\s*acknowledged(-earlier)?:\s*(\S+)\s+for\s+(\S+)\s*$`)
)

// readExpectations scans every file of dir, hidden ones included, for
// want and link comments.
func readExpectations(t *testing.T, dir string) *expectations {
	t.Helper()
	ex := &expectations{wants: map[key]bool{}, suggestions: map[key]string{}, links: map[string]string{}}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "want.txt" || d.Name() == "README.md" {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, len(data)+1)
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if m := linkRE.FindStringSubmatch(text); m != nil {
				ex.links[m[1]] = m[2]
				continue
			}
			if m := fifoRE.FindStringSubmatch(text); m != nil {
				ex.fifos = append(ex.fifos, m[1])
				continue
			}
			if m := ackRE.FindStringSubmatch(text); m != nil {
				ex.acks = append(ex.acks, fixtureAck{rule: m[2], party: m[3], earlier: m[1] != ""})
				continue
			}
			m := wantRE.FindStringSubmatch(text)
			if m == nil {
				continue
			}
			k := key{File: rel, Line: line}
			switch {
			case m[1] == "-next":
				k.Line = line + 1
			case strings.HasPrefix(m[1], "-file"):
				k.Line = 0
				if m[2] != "" {
					k.File = m[2]
				}
			case strings.HasPrefix(m[1], "-in"):
				k.File = m[3]
				k.Line, _ = strconv.Atoi(m[4])
			}
			items := strings.Fields(m[5])
			if len(items) == 0 {
				t.Fatalf("%s:%d: a want comment lists no code", path, line)
			}
			for _, item := range items {
				im := itemRE.FindStringSubmatch(item)
				if im == nil {
					t.Fatalf("%s:%d: %q is not a code such as DM204 or DM105(\"cft\")", path, line, item)
				}
				k.Code = diag.Code(im[1])
				if k.Code.Info() == nil {
					t.Fatalf("%s:%d: %s is not a diagnostic code", path, line, k.Code)
				}
				ex.wants[k] = true
				if strings.Contains(item, "(") {
					ex.suggestions[k] = im[2]
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// run is one fixture checked the way `demarc check` does it.
type run struct {
	dir     string
	project *load.Project
	result  *check.Result
	sources map[string][]byte
	model   *model.Model
}

// checkDir loads dir with its configuration and checks it on today.
func checkDir(t *testing.T, dir string) *run {
	t.Helper()
	project, cds := load.ReadConfig(dir)
	m, lds := load.Dir(dir, load.Options{Limits: project.Limits})
	res := check.Model(m, resolve.New(m), append(cds, lds...), check.Options{
		Today:    today,
		Severity: project.Severity,
		Off:      project.Off,
	})
	sources := map[string][]byte{}
	for name, data := range m.Sources {
		sources[name] = data
	}
	// The inventory files of the folder (*.json, the provider told from
	// the shape) are reconciled as `demarc check --inventory` does.
	if files, _ := filepath.Glob(filepath.Join(dir, "*.json")); len(files) > 0 {
		inv, ids := inventory.ReadFiles(files, "", inventory.DefaultLimits)
		opts := check.Options{Severity: project.Severity, Off: project.Off}
		rds := check.ApplySeverity(ids, opts)
		if !ids.HasErrors() {
			rds = append(rds, check.Inventory(m, inv, mappingOf(project.Inventory), opts)...)
		}
		inv.SourcesFor(rds, files, inventory.DefaultLimits)
		for name, data := range inv.Sources {
			sources[name] = data
		}
		res.Diagnostics = append(res.Diagnostics, rds...).Sort()
	}
	// The configuration is not a model file; add it so its diagnostics get
	// snippets too.
	for name, data := range project.Sources {
		sources[name] = data
	}
	return &run{dir: dir, project: project, result: res, sources: sources, model: m}
}

// mappingOf is the inventory mapping of a configuration, as the CLI makes it.
func mappingOf(c *load.InventoryConfig) *inventory.Mapping {
	if c == nil {
		return &inventory.Mapping{}
	}
	return &inventory.Mapping{OwnerTag: c.OwnerTag, LandingZoneTag: c.LandingZoneTag, LandingZones: c.LandingZones, LandingZonePos: c.LandingZonesPos}
}

// fixtureDirs lists the fixture folders.
func fixtureDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// prepare returns the folder to load for fixture name. A fixture with link
// or fifo comments is copied to a temporary folder (with the same relative path, so
// file names in diagnostics and golden files stay the same) where the links
// are created; the test then runs from there.
func prepare(t *testing.T, name string, ex *expectations) string {
	t.Helper()
	dir := filepath.Join(fixtures, name)
	if len(ex.links) == 0 && len(ex.fifos) == 0 {
		return dir
	}
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	for link, target := range ex.links {
		if err := os.Symlink(target, filepath.Join(root, dir, link)); err != nil {
			t.Skipf("cannot create symbolic links here: %v", err)
		}
	}
	for _, name := range ex.fifos {
		if err := mkfifo(filepath.Join(root, dir, name)); err != nil {
			t.Skipf("cannot create named pipes here: %v", err)
		}
	}
	t.Chdir(root)
	return dir
}

// TestDiagnosticFixtures checks every fixture folder against the want
// comments in its files, and its rendering against want.txt.
func TestDiagnosticFixtures(t *testing.T) {
	for _, name := range fixtureDirs(t) {
		t.Run(name, func(t *testing.T) {
			ex := readExpectations(t, filepath.Join(fixtures, name))
			wd, err := os.Getwd()
			if err != nil {
				t.Fatal(err)
			}
			dir := prepare(t, name, ex)
			r := checkDir(t, dir)
			if len(ex.acks) > 0 {
				addCoverage(t, r, ex.acks)
			}
			compare(t, r, ex)
			golden(t, r, filepath.Join(wd, fixtures, name, "want.txt"))
		})
	}
}

// compare reports every difference between the diagnostics and the wants.
func compare(t *testing.T, r *run, ex *expectations) {
	t.Helper()
	got := map[key][]diag.Diagnostic{}
	for _, d := range r.result.Diagnostics {
		if d.Severity != diag.Error && d.Severity != diag.Warning && d.Severity != diag.Info {
			t.Errorf("diagnostic with severity %v: %v", d.Severity, d)
		}
		k := key{Code: d.Code, Line: d.Subject.Start.Line}
		if rel, err := filepath.Rel(r.dir, d.Subject.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			k.File = rel
		} else {
			k.File = d.Subject.Filename // a baseline's builtin:… or an outside file
		}
		got[k] = append(got[k], d)
	}
	var missing, extra []string
	for k := range ex.wants {
		if len(got[k]) == 0 {
			missing = append(missing, k.String())
		}
	}
	for k, ds := range got {
		if !ex.wants[k] {
			for _, d := range ds {
				extra = append(extra, fmt.Sprintf("%s (%s)", k, d.Summary))
			}
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, m := range missing {
		t.Errorf("missing: %s", m)
	}
	for _, e := range extra {
		t.Errorf("unexpected: %s", e)
	}
	// Suggestions: each one stated must be made, and each one made must be
	// stated.
	for k, ds := range got {
		want, stated := ex.suggestions[k]
		for _, d := range ds {
			switch {
			case stated && d.Suggestion != want:
				t.Errorf("%s: suggestion %q, want %q", k, d.Suggestion, want)
			case !stated && d.Suggestion != "" && ex.wants[k]:
				t.Errorf("%s suggests %q; state it in the fixture as %s(%q)", k, d.Suggestion, k.Code, d.Suggestion)
			}
		}
	}
}

// golden compares the text rendering of the diagnostics with path.
func golden(t *testing.T, r *run, path string) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteText(&buf, r.result.Diagnostics, r.sources, report.TextOptions{Color: false}); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("text rendering differs from %s (run with -update and review the diff):\n%s", path, lineDiff(string(want), buf.String()))
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %q\n  got:  %q", i+1, wl, gl)
		}
	}
	return "(no line differs)"
}

// TestEveryCodeHasAFixture: each registered code is wanted by at least one
// fixture, so a new code cannot be added without documenting it here.
func TestEveryCodeHasAFixture(t *testing.T) {
	covered := map[diag.Code][]string{}
	for _, name := range fixtureDirs(t) {
		ex := readExpectations(t, filepath.Join(fixtures, name))
		for k := range ex.wants {
			covered[k.Code] = append(covered[k.Code], name)
		}
	}
	for _, info := range diag.All() {
		if len(covered[info.Code]) == 0 {
			t.Errorf("no fixture wants %s (%s); add %s/%s-%s/", info.Code, info.Name, fixtures, info.Code, info.Name)
			continue
		}
		// The code's own folder must exist and want it.
		own := string(info.Code) + "-" + info.Name
		if !slices.Contains(covered[info.Code], own) {
			t.Errorf("%s is wanted only by %v; its own folder %s should show it", info.Code, covered[info.Code], own)
		}
	}
}

// TestSuggestionsWhereApplicable: a misspelt key, reference or value is
// answered with a "did you mean". The fixtures state each suggestion; this
// test makes sure the kinds that must have one do.
func TestSuggestionsWhereApplicable(t *testing.T) {
	need := map[diag.Code]bool{diag.UnknownKey: false, diag.DanglingReference: false, diag.InvalidValue: false, diag.OrphanedTenant: false}
	for _, name := range fixtureDirs(t) {
		ex := readExpectations(t, filepath.Join(fixtures, name))
		for k, s := range ex.suggestions {
			if _, ok := need[k.Code]; ok && s != "" {
				need[k.Code] = true
			}
		}
	}
	for c, ok := range need {
		if !ok {
			t.Errorf("no fixture shows a suggestion for %s (%s)", c, c.Name())
		}
	}
}

// TestSeverityConfig: .demarc.yaml turns a code off and raises another.
func TestSeverityConfig(t *testing.T) {
	r := checkDir(t, filepath.Join(fixtures, "severity-config"))
	if !r.project.Off[diag.RuleWithoutRational] {
		t.Errorf("missing-rationale should be off: %+v", r.project)
	}
	if r.project.Severity[diag.UnusedParty] != diag.Error || r.project.Severity[diag.ReviewOverdue] != diag.Error {
		t.Errorf("unused-party and DM304 should be errors: %+v", r.project.Severity)
	}
	seen := map[diag.Code]int{}
	for _, d := range r.result.Diagnostics {
		seen[d.Code]++
		switch d.Code {
		case diag.RuleWithoutRational:
			t.Errorf("a code turned off is reported: %v", d)
		case diag.UnusedParty, diag.ReviewOverdue:
			if d.Severity != diag.Error {
				t.Errorf("%s should be raised to error: %v", d.Code, d)
			}
		case diag.PartyWithoutContact:
			if d.Severity != diag.Info {
				t.Errorf("%s should be lowered to info: %v", d.Code, d)
			}
		default:
			if d.Severity != d.Code.DefaultSeverity() {
				t.Errorf("%s not configured, so it keeps its default severity: %v", d.Code, d)
			}
		}
	}
	for _, c := range []diag.Code{diag.UnusedParty, diag.ReviewOverdue, diag.PartyWithoutContact} {
		if seen[c] == 0 {
			t.Errorf("the fixture should produce %s", c)
		}
	}
	if !r.result.Diagnostics.HasErrors() {
		t.Errorf("raised codes make the check fail")
	}

	// The same model without the configuration: defaults.
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(fixtures, "severity-config", "model.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	plain := checkDir(t, dir)
	off := 0
	for _, d := range plain.result.Diagnostics {
		if d.Severity != d.Code.DefaultSeverity() {
			t.Errorf("without configuration %s has severity %v", d.Code, d.Severity)
		}
		if d.Code == diag.RuleWithoutRational {
			off++
		}
	}
	if off == 0 {
		t.Errorf("without configuration the rule without rationale is reported (DM302)")
	}
}
