package load_test

// Hostile and odd input: every case must finish quickly, never panic, and
// end in the right diagnostic at a useful position. Memory and time bounds
// are correctness bounds (see measure), not benchmarks.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// parse runs ParseYAML on src under the hostile bounds and validates every
// diagnostic it returns.
func parse(t *testing.T, name, src string, limits load.Limits) ([]*model.File, diag.Diagnostics, cost) {
	t.Helper()
	var files []*model.File
	var ds diag.Diagnostics
	c := measure(t, hostileTime, func() {
		files = load.ParseYAML(name, []byte(src), limits, &ds)
	})
	validate(t, ds, map[string][]byte{name: []byte(src)})
	return files, ds, c
}

func wantCode(t *testing.T, ds diag.Diagnostics, c diag.Code) diag.Diagnostic {
	t.Helper()
	got := only(ds, c)
	if len(got) == 0 {
		t.Fatalf("want a %s (%s) diagnostic, got:%s", c, c.Name(), dump(ds))
	}
	return got[0]
}

func wantBounded(t *testing.T, c cost) {
	t.Helper()
	if c.alloc > hostileAlloc {
		t.Errorf("allocated %d MiB; the bound is %d MiB (%v)", c.alloc>>20, hostileAlloc>>20, c)
	}
}

// laughs writes the anchors of a "billion laughs" bomb: x0 is leaf, and
// each xN is a flow list of width aliases to x(N-1), under keys k0…kN.
// The last anchor is xN with N = levels.
func laughs(levels, width int, leaf string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "k0: &x0 %s\n", leaf)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "k%d: &x%d [", i, i)
		for j := 0; j < width; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*x%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// aliases returns a flow list of n aliases to anchor.
func aliases(anchor string, n int) string {
	list := make([]string, n)
	for i := range list {
		list[i] = "*" + anchor
	}
	return "[" + strings.Join(list, ", ") + "]"
}

// TestAliasBombUnderUnknownKeys: the classic bomb (9 levels of 10) written
// under keys the model does not know is never expanded: the keys are
// reported and their values skipped.
func TestAliasBombUnderUnknownKeys(t *testing.T) {
	for _, shape := range []struct{ levels, width int }{{9, 10}, {12, 9}} {
		t.Run(fmt.Sprintf("%dx%d", shape.levels, shape.width), func(t *testing.T) {
			src := laughs(shape.levels, shape.width, `"lol"`)
			_, ds, c := parse(t, "bomb.yaml", src, load.Limits{})
			wantBounded(t, c)
			if n := len(only(ds, diag.UnknownKey)); n != shape.levels+1 {
				t.Errorf("want %d unknown keys, got:%s", shape.levels+1, dump(ds))
			}
		})
	}
}

// TestAliasBombInModelValues: the bomb is referenced where the model
// decodes values. The model's types nest only a few levels, so each use
// stops at the first level with a wrong-type diagnostic per item.
func TestAliasBombInModelValues(t *testing.T) {
	uses := map[string]string{
		"parties":          "parties: *x9\n",
		"controls":         "activities:\n  - {id: a, name: A, controls: {mcsb: *x9}}\n",
		"tags":             "tenants:\n  - {id: t, provider: aws, tags: *x9}\n",
		"responsible":      "rules:\n  - {id: r, activity: a, responsible: *x9, accountable: p}\n",
		"activity ids":     "rules:\n  - {id: r, activities: {ids: *x9}, responsible: p, accountable: p}\n",
		"service borders":  "services:\n  - {id: s, name: S, provider: aws, model: iaas, borders: *x9}\n",
		"organisation":     "organisation: *x9\n",
		"uses":             "uses: *x9\n",
		"landing services": "landing_zones:\n  - {id: z, name: Z, services: *x9}\n",
	}
	for name, use := range uses {
		t.Run(name, func(t *testing.T) {
			src := laughs(9, 10, `"lol"`) + use
			_, ds, c := parse(t, "bomb.yaml", src, load.Limits{})
			wantBounded(t, c)
			if len(ds) > 100 {
				t.Errorf("%d diagnostics: the bomb was expanded (first: %v)", len(ds), ds[0])
			}
			if !ds.HasErrors() {
				t.Errorf("the bomb was accepted without an error")
			}
		})
	}
}

// structureBomb multiplies through the model's own nesting: a list of 1,000
// aliases to a party whose contacts are 1,000 aliases to one contact, and
// the same for tenants' tags. Expanded it is 10⁶ contacts from ~12 KB.
func structureBomb() string {
	return "k0: &c {name: n, email: e@example.com, chat: '#c', oncall: o, phone: p, url: u, ticket: t}\n" +
		"k1: &cs " + aliases("c", 1000) + "\n" +
		"k2: &p {id: p, kind: shared, name: P, contacts: *cs}\n" +
		"parties: " + aliases("p", 1000) + "\n"
}

// TestAliasBombNodeLimit: with a configured node limit the expansion stops
// with DM002 at the node where the budget ran out.
func TestAliasBombNodeLimit(t *testing.T) {
	src := structureBomb()
	_, ds, c := parse(t, "bomb.yaml", src, load.Limits{MaxNodes: 10_000})
	wantBounded(t, c)
	d := wantCode(t, ds, diag.InputLimit)
	if d.Subject.Filename != "bomb.yaml" || d.Subject.Start.Line < 1 {
		t.Errorf("DM002 should point into the file, got %v", d.Subject)
	}
	if !strings.Contains(d.Summary, "alias") {
		t.Errorf("DM002 should say aliases were expanded: %q", d.Summary)
	}
}

// TestAliasBombThroughModelStructure uses the default limits: 4,000,000
// nodes are allowed after expansion whatever the file's size, so 12 KB make
// the decoder build about 500,000 contacts before the budget runs out.
func TestAliasBombThroughModelStructure(t *testing.T) {
	_, ds, c := parse(t, "bomb.yaml", structureBomb(), load.Limits{})
	wantBounded(t, c)
	wantCode(t, ds, diag.InputLimit)
}

// mergeBomb feeds the bomb to a merge key. A merge key may name a list of
// mappings, and the decoder expands nested lists of aliases, so 9 levels of
// 10 reach 10⁹ mappings.
func mergeBomb(leaf string) string {
	return laughs(9, 10, leaf) + "parties:\n  - <<: *x9\n    id: p\n"
}

// TestAliasBombThroughMergeKey: merging the same mapping twice adds
// nothing (explicit and earlier keys win), so a merge bomb should cost no
// more than the file's size.
func TestAliasBombThroughMergeKey(t *testing.T) {
	for name, leaf := range map[string]string{
		"mappings": "{kind: shared, name: Bomb}",
		"scalars":  `"lol"`,
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, c := parse(t, "bomb.yaml", mergeBomb(leaf), load.Limits{})
			wantBounded(t, c)
			if len(ds) > 100 {
				t.Errorf("%d diagnostics for one merge key", len(ds))
			}
		})
	}
}

// TestMergeKeyNodeLimit: merge keys spend the node budget too. The input
// has no repetition, just more merged mappings than the small budget.
func TestMergeKeyNodeLimit(t *testing.T) {
	maps := make([]string, 1000)
	for i := range maps {
		maps[i] = fmt.Sprintf("{k%d: %d}", i, i)
	}
	src := "parties:\n  - <<: [" + strings.Join(maps, ", ") + "]\n    id: p\n"
	_, ds, c := parse(t, "merge.yaml", src, load.Limits{MaxNodes: 500})
	wantBounded(t, c)
	if d := wantCode(t, ds, diag.InputLimit); d.Subject.Start.Line != 2 {
		t.Errorf("DM002 at %v, want line 2", d.Subject)
	}
}

func TestDeepNesting(t *testing.T) {
	blockMap := func(depth int) string {
		var b strings.Builder
		for i := 0; i < depth; i++ {
			fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat("  ", i), i)
		}
		return b.String()
	}
	cases := []struct {
		name, src string
		limits    load.Limits
		// DM002 is on line 1 or, when the loader can tell, on the line
		// where the limit is exceeded, at most maxLine.
		maxLine int
	}{
		{"100k open brackets", strings.Repeat("[", 100_000), load.Limits{}, 1},
		{"100k balanced brackets", strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), load.Limits{}, 1},
		{"100k open braces", strings.Repeat("{a: ", 100_000), load.Limits{}, 1},
		{"deep flow under a key", "parties: " + strings.Repeat("[", 65) + strings.Repeat("]", 65) + "\n", load.Limits{}, 1},
		{"1000 nested block mappings", blockMap(1000), load.Limits{}, 66},
		{"configured depth", "parties: [[[[[[1]]]]]]\n", load.Limits{MaxDepth: 5}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds, cst := parse(t, "deep.yaml", c.src, c.limits)
			wantBounded(t, cst)
			d := wantCode(t, ds, diag.InputLimit)
			if d.Subject.Filename != "deep.yaml" || d.Subject.Start.Line < 1 || d.Subject.Start.Line > c.maxLine {
				t.Errorf("DM002 at %v, want deep.yaml line 1 to %d", d.Subject, c.maxLine)
			}
			if len(ds) != 1 {
				t.Errorf("a refused file should yield one diagnostic, got:%s", dump(ds))
			}
		})
	}
	// Within the configured depth the file is decoded.
	_, ds, _ := parse(t, "ok.yaml", "parties: [[[1]]]\n", load.Limits{MaxDepth: 5})
	if len(only(ds, diag.InputLimit)) != 0 {
		t.Errorf("depth 4 is within the limit 5:%s", dump(ds))
	}
}

// TestDeepBlockNestingIsCounted: block nesting counts half (indentation
// levels / 2), lines holding only "-" are skipped, and compact sequences
// ("- - - x") count as one level, so these are not refused with DM002 (the
// last one is refused by the YAML parser's own limit as a DM001).
func TestDeepBlockNestingIsCounted(t *testing.T) {
	var mapping, seq strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&mapping, "%sk:\n", strings.Repeat("  ", i))
	}
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&seq, "%s-\n", strings.Repeat("  ", i))
	}
	for name, src := range map[string]string{
		"100 nested mappings":         mapping.String(),
		"1000 nested sequences":       seq.String() + strings.Repeat("  ", 1000) + "x\n",
		"100k compact sequences":      strings.Repeat("- ", 100_000) + "x\n",
		"100 compact under a mapping": "parties:\n  " + strings.Repeat("- ", 100) + "x\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, _ := parse(t, "deep.yaml", src, load.Limits{})
			wantCode(t, ds, diag.InputLimit)
		})
	}
}

// TestBracketsInTextAreNotNesting: brackets inside quoted or plain scalars
// are text, not collections; a valid file must not be refused.
func TestBracketsInTextAreNotNesting(t *testing.T) {
	for name, src := range map[string]string{
		"double quoted": "organisation: {name: x}\nk: \"" + strings.Repeat("[", 100) + "\"\n",
		"plain":         "organisation:\n  name: x" + strings.Repeat("[", 100) + "\n",
		"literal block": "organisation:\n  name: x\n  description: |\n    " + strings.Repeat("{", 100) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, _ := parse(t, "text.yaml", src, load.Limits{})
			if n := only(ds, diag.InputLimit); len(n) > 0 {
				t.Errorf("valid file refused:%s", dump(n))
			}
		})
	}
}

// writeFile creates dir/name with data, creating folders as needed.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readDir(t *testing.T, dir string, limits load.Limits) (*load.Result, diag.Diagnostics, cost) {
	t.Helper()
	var res *load.Result
	var ds diag.Diagnostics
	c := measure(t, hostileTime, func() { res, ds = load.ReadDir(dir, limits) })
	validate(t, ds, res.Sources)
	return res, ds, c
}

// party returns a small valid model file defining one party.
func party(id string) string {
	return fmt.Sprintf("parties:\n  - id: %s\n    kind: shared\n    name: Party %s\n    contacts: [{email: %s@example.com}]\n", id, id, id)
}

func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	small := writeFile(t, dir, "small.yaml", party("small"))
	exact := party("exact")
	exact += "#" + strings.Repeat("x", 1024-len(exact)-2) + "\n"
	writeFile(t, dir, "exact.yaml", exact)
	big := writeFile(t, dir, "big.yaml", party("big")+"# "+strings.Repeat("x", 1100)+"\n")
	bigCSV := writeFile(t, dir, "tenants.csv", "id,provider\n"+strings.Repeat("123456789012,aws\n", 100))

	res, ds, _ := readDir(t, dir, load.Limits{MaxFileSize: 1024})
	got := only(ds, diag.InputLimit)
	if len(got) != 2 || len(ds) != 2 {
		t.Fatalf("want DM002 for big.yaml and tenants.csv only, got:%s", dump(ds))
	}
	for i, want := range []string{big, bigCSV} {
		if got[i].Subject.Filename != want {
			t.Errorf("DM002 #%d names %q, want %q", i, got[i].Subject.Filename, want)
		}
		if !strings.Contains(got[i].Summary, "1 KiB") {
			t.Errorf("the summary should state the limit: %q", got[i].Summary)
		}
	}
	if len(res.Files) != 2 {
		t.Errorf("the files within the limit (%s and exact.yaml, 1024 bytes) should load; got %d files", small, len(res.Files))
	}
	if _, ok := res.Sources[big]; ok {
		t.Errorf("a refused file should not be kept as a source")
	}
}

func TestFileSizeLimitFromConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, load.ConfigFile, "limits: {max_file_size: 1KiB}\n")
	writeFile(t, dir, "model.yaml", party("p"))
	big := writeFile(t, dir, "big.yaml", "# "+strings.Repeat("x", 2000)+"\n")

	project, cds := load.ReadConfig(dir)
	if len(cds) != 0 {
		t.Fatalf("config:%s", dump(cds))
	}
	if project.Limits.MaxFileSize != 1024 {
		t.Fatalf("max_file_size 1KiB read as %d", project.Limits.MaxFileSize)
	}
	if project.Limits.MaxFiles != load.DefaultLimits.MaxFiles {
		t.Errorf("limits not given keep their defaults; max_files is %d", project.Limits.MaxFiles)
	}
	var m *model.Model
	var ds diag.Diagnostics
	measure(t, hostileTime, func() { m, ds = load.Dir(dir, load.Options{Limits: project.Limits}) })
	if got := only(ds, diag.InputLimit); len(got) != 1 || got[0].Subject.Filename != big {
		t.Fatalf("want one DM002 for %s, got:%s", big, dump(ds))
	}
	if m.PartyByID["p"] == nil {
		t.Errorf("the file within the limit should load")
	}
}

func TestConfigLimitErrors(t *testing.T) {
	cases := []struct {
		name, config string
		code         diag.Code
		line         int
	}{
		{"bad size", "limits:\n  max_file_size: lots\n", diag.InvalidValue, 2},
		{"zero size", "limits:\n  max_file_size: 0KiB\n", diag.InvalidValue, 2},
		{"wrong type", "limits:\n  max_files: many\n", diag.WrongType, 2},
		{"unknown limit", "limits:\n  max_file: 1KiB\n", diag.UnknownKey, 2},
		{"too large", "# " + strings.Repeat("x", 1<<20) + "\n", diag.InputLimit, 0},
		{"invalid UTF-8", "limits:\n  max_files: 1\xff\n", diag.YAMLSyntax, 2},
		{"deep", "limits: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", diag.InputLimit, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, load.ConfigFile, c.config)
			var project *load.Project
			var ds diag.Diagnostics
			measure(t, hostileTime, func() { project, ds = load.ReadConfig(dir) })
			validate(t, ds, map[string][]byte{path: []byte(c.config)})
			d := wantCode(t, ds, c.code)
			if d.Subject.Filename != path || d.Subject.Start.Line != c.line {
				t.Errorf("%s at %v, want %s line %d", c.code, d.Subject, path, c.line)
			}
			if project == nil || project.Limits.MaxFileSize <= 0 || project.Limits.MaxFiles <= 0 {
				t.Errorf("a broken config must leave usable limits, got %+v", project)
			}
		})
	}
}

// sparseFile creates a file of size bytes that takes no disk space.
func sparseFile(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Skipf("cannot create a sparse file here: %v", err)
	}
}

// TestHugeFileIsNotReadIntoMemory: a 1 GiB file is refused after reading
// no more than the limit (here 1 MiB).
func TestHugeFileIsNotReadIntoMemory(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.yaml")
	sparseFile(t, p, 1<<30)
	_, ds, c := readDir(t, dir, load.Limits{MaxFileSize: 1 << 20})
	if c.alloc > 16<<20 {
		t.Errorf("refusing a file over a 1 MiB limit allocated %d MiB", c.alloc>>20)
	}
	if got := only(ds, diag.InputLimit); len(got) != 1 || got[0].Subject.Filename != p {
		t.Fatalf("want DM002 for %s, got:%s", p, dump(ds))
	}
}

// TestHugeFileIsRefusedBySize: a regular file's size is known before
// reading it, so a file over the limit needs no reading at all. Today the
// loader reads the limit's worth (32 MiB by default) into a buffer that
// grows by doubling: 128 MiB allocated (256 MiB under -race) to refuse it.
func TestHugeFileIsRefusedBySize(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.yaml")
	sparseFile(t, p, 1<<30)
	_, ds, c := readDir(t, dir, load.Limits{})
	if c.alloc > 8<<20 {
		t.Errorf("refusing a 1 GiB file allocated %d MiB", c.alloc>>20)
	}
	if len(only(ds, diag.InputLimit)) != 1 {
		t.Fatalf("want DM002, got:%s", dump(ds))
	}
}

func TestInvalidUTF8(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
	}{
		{"bad byte in a value", "parties:\n  - id: ünï\n    name: a\xffb\n", 3, 12},
		{"after multi-byte characters", "organisation: {name: \"ÄÖÜ€\xc3\"}\n", 1, 27},
		{"truncated at the end", "uses: [aws]\n# €\xe2\x82", 2, 4},
		{"in a comment", "# fine\n# caf\xe9\nuses: [aws]\n", 2, 6},
		{"first byte", "\xfe\xffuses: [aws]\n", 1, 1},
		{"surrogate half", "uses: [\xed\xa0\x80]\n", 1, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds, _ := parse(t, "bad.yaml", c.src, load.Limits{})
			d := wantCode(t, ds, diag.YAMLSyntax)
			if d.Subject.Start.Line != c.line || d.Subject.Start.Column != c.col {
				t.Errorf("at %d:%d, want %d:%d", d.Subject.Start.Line, d.Subject.Start.Column, c.line, c.col)
			}
			first := strings.IndexFunc(c.src, func(r rune) bool { return r == '\uFFFD' })
			if d.Subject.Start.Byte != first {
				t.Errorf("at byte %d, want the first bad byte %d", d.Subject.Start.Byte, first)
			}
			if !strings.Contains(d.Summary, fmt.Sprintf("offset %d", first)) {
				t.Errorf("the summary should name the offset: %q", d.Summary)
			}
		})
	}
	t.Run("csv", func(t *testing.T) {
		src := "id,name,provider\n1,Zoë,aws\n2,Bj\xf6rn,aws\n"
		var ds diag.Diagnostics
		load.ParseTenantCSV("t.csv", []byte(src), &ds)
		d := wantCode(t, ds, diag.YAMLSyntax)
		if d.Subject.Start.Line != 3 || d.Subject.Start.Column != 5 || d.Subject.Start.Byte != strings.Index(src, "\xf6") {
			t.Errorf("at %+v, want line 3 column 5", d.Subject.Start)
		}
	})
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links are not available: %v", err)
	}
}

func TestSymlinkToParentDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	writeFile(t, dir, "sub/b.yaml", party("b"))
	symlink(t, "..", filepath.Join(dir, "sub", "up"))
	symlink(t, "../sub", filepath.Join(dir, "sub", "again"))
	res, ds, _ := readDir(t, dir, load.Limits{})
	if len(ds) != 0 {
		t.Fatalf("a link back to a folder already read is skipped silently, got:%s", dump(ds))
	}
	if len(res.Files) != 2 {
		t.Fatalf("each file should be read once, got %d files from %v", len(res.Files), keys(res.Sources))
	}
	_, ds = load.Build(res)
	if len(only(ds, diag.DuplicateID)) != 0 {
		t.Errorf("no element should be loaded twice:%s", dump(ds))
	}
}

func TestSymlinkBetweenSiblings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/a.yaml", party("a"))
	writeFile(t, dir, "b/b.yaml", party("b"))
	symlink(t, "../b", filepath.Join(dir, "a", "to-b"))
	symlink(t, "../a", filepath.Join(dir, "b", "to-a"))
	res, ds, _ := readDir(t, dir, load.Limits{})
	if len(ds) != 0 || len(res.Files) != 2 {
		t.Fatalf("want 2 files and no diagnostics, got %d files:%s", len(res.Files), dump(ds))
	}
}

func TestSymlinkToItself(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	self := filepath.Join(dir, "self.yaml")
	symlink(t, "self.yaml", self)
	selfDir := filepath.Join(dir, "selfdir")
	symlink(t, "selfdir", selfDir)
	res, ds, _ := readDir(t, dir, load.Limits{})
	got := only(ds, diag.UnreadableInput)
	if len(got) != 2 || len(ds) != 2 {
		t.Fatalf("want DM003 for both links, got:%s", dump(ds))
	}
	for i, want := range []string{self, selfDir} {
		if got[i].Subject.Filename != want {
			t.Errorf("DM003 #%d names %q, want %q", i, got[i].Subject.Filename, want)
		}
	}
	if len(res.Files) != 1 {
		t.Errorf("the other files still load; got %d", len(res.Files))
	}
	// The model directory itself is a loop.
	_, ds, _ = readDir(t, selfDir, load.Limits{})
	if d := wantCode(t, ds, diag.UnreadableInput); d.Subject.Filename != selfDir {
		t.Errorf("DM003 names %q", d.Subject.Filename)
	}
}

func TestBrokenSymlink(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	broken := filepath.Join(dir, "broken.yaml")
	symlink(t, "missing.yaml", broken)
	// A broken link whose name is not a model file's is not the model's
	// business: it is skipped like any other non-model file.
	symlink(t, "missing", filepath.Join(dir, "notes"))
	res, ds, _ := readDir(t, dir, load.Limits{})
	if len(ds) != 1 || ds[0].Code != diag.UnreadableInput || ds[0].Subject.Filename != broken {
		t.Fatalf("want one DM003 for %s, got:%s", broken, dump(ds))
	}
	if !strings.Contains(ds[0].Summary, "no such file") {
		t.Errorf("the summary should say why: %q", ds[0].Summary)
	}
	if len(res.Files) != 1 {
		t.Errorf("the other files still load; got %d", len(res.Files))
	}
}

func TestMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, ds, _ := readDir(t, dir, load.Limits{})
	if d := wantCode(t, ds, diag.UnreadableInput); d.Subject.Filename != dir || d.Detail == "" {
		t.Errorf("DM003 should name %s and say what to do: %+v", dir, d)
	}
}

func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not apply, so chmod 000 cannot make a file unreadable")
	}
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	file := writeFile(t, dir, "locked.yaml", party("b"))
	folder := filepath.Join(dir, "locked")
	writeFile(t, folder, "c.yaml", party("c"))
	for _, p := range []string{file, folder} {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}
	res, ds, _ := readDir(t, dir, load.Limits{})
	got := only(ds, diag.UnreadableInput)
	if len(got) != 2 || len(ds) != 2 {
		t.Fatalf("want DM003 for the locked file and folder, got:%s", dump(ds))
	}
	names := []string{got[0].Subject.Filename, got[1].Subject.Filename}
	if !(contains(names, file) && contains(names, folder)) {
		t.Errorf("DM003 names %v, want %s and %s", names, file, folder)
	}
	if len(res.Files) != 1 {
		t.Errorf("the readable file still loads; got %d", len(res.Files))
	}
}

func TestManySmallFiles(t *testing.T) {
	const n = 5000
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		writeFile(t, dir, fmt.Sprintf("party%04d.yaml", i), party(fmt.Sprintf("p%d", i)))
	}
	var m *model.Model
	var ds diag.Diagnostics
	c := measure(t, hostileTime, func() { m, ds = load.Dir(dir, load.Options{}) })
	wantBounded(t, c)
	if len(ds) != 0 {
		t.Fatalf("want no diagnostics, got %d:%s", len(ds), dump(ds[:min(len(ds), 5)]))
	}
	for i := 0; i < n; i++ {
		if m.PartyByID[fmt.Sprintf("p%d", i)] == nil {
			t.Fatalf("party p%d was not loaded", i)
		}
	}
}

// TestMaxFiles: past the limit the load stops with one diagnostic that
// names the limit, the count seen and how to raise it; nothing is read, and
// the result is marked incomplete so no cascade follows.
func TestMaxFiles(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 101; i++ {
		writeFile(t, dir, fmt.Sprintf("f%03d.yaml", i), party(fmt.Sprintf("p%d", i)))
	}
	res, ds, _ := readDir(t, dir, load.Limits{MaxFiles: 100})
	if len(ds) != 1 || ds[0].Code != diag.InputLimit {
		t.Fatalf("want one DM002, got:%s", dump(ds))
	}
	if ds[0].Subject.Filename != dir {
		t.Errorf("DM002 names %q, want the model directory %q", ds[0].Subject.Filename, dir)
	}
	for _, want := range []string{"101 model files", "limit of 100", "max_files"} {
		if !strings.Contains(ds[0].Summary, want) {
			t.Errorf("the summary should say %q: %q", want, ds[0].Summary)
		}
	}
	if !strings.Contains(ds[0].Detail, "Raise limits.max_files in "+filepath.Join(dir, load.ConfigFile)) {
		t.Errorf("the detail should say how to raise the limit: %q", ds[0].Detail)
	}
	if len(res.Files) != 0 || len(res.Sources) != 0 || !res.Incomplete {
		t.Errorf("a load over the file limit reads nothing and is incomplete; got %d files, incomplete %v", len(res.Files), res.Incomplete)
	}

	// The same limit from the configuration.
	writeFile(t, dir, load.ConfigFile, "limits:\n  max_files: 10\n")
	project, cds := load.ReadConfig(dir)
	if len(cds) != 0 || project.Limits.MaxFiles != 10 {
		t.Fatalf("max_files: %d:%s", project.Limits.MaxFiles, dump(cds))
	}
	_, ds, _ = readDir(t, dir, project.Limits)
	if len(ds) != 1 || !strings.Contains(ds[0].Summary, "limit of 10 ") {
		t.Errorf("want one DM002 stating the limit of 10, got:%s", dump(ds))
	}

	// At exactly the limit nothing is reported.
	res, ds, _ = readDir(t, dir, load.Limits{MaxFiles: 101})
	if len(ds) != 0 || len(res.Files) != 101 || res.Incomplete {
		t.Errorf("101 files with a limit of 101: got %d files:%s", len(res.Files), dump(ds))
	}
}

func TestEmptyAndCommentOnlyFiles(t *testing.T) {
	for name, src := range map[string]string{
		"empty":            "",
		"newlines":         "\n\n\n",
		"comments":         "# a model file\n# with nothing in it yet\n",
		"document markers": "---\n...\n---\n",
		"null document":    "~\n",
		"explicit null":    "--- null\n",
		"bom only":         "\xef\xbb\xbf",
		"whitespace":       "   \n  \n",
	} {
		t.Run(name, func(t *testing.T) {
			files, ds, _ := parse(t, "empty.yaml", src, load.Limits{})
			if len(ds) != 0 {
				t.Errorf("want no diagnostics, got:%s", dump(ds))
			}
			for _, f := range files {
				if len(f.Parties)+len(f.Rules)+len(f.Uses) != 0 {
					t.Errorf("an empty file defines nothing: %+v", f)
				}
			}
		})
	}
	// An empty directory and an empty file load an empty but valid model.
	dir := t.TempDir()
	writeFile(t, dir, "empty.yaml", "")
	writeFile(t, dir, "empty.csv", "")
	m, ds := load.Dir(dir, load.Options{})
	if len(ds) != 0 || m == nil || len(m.Rules) != 0 {
		t.Errorf("empty model: %v", dump(ds))
	}
}

func TestMultipleDocuments(t *testing.T) {
	src := "parties:\n  - {id: a, kind: shared, name: A}\n" +
		"---\n# the second document\n" +
		"parties:\n  - {id: b, kind: shared, name: B}\n" +
		"---\n" +
		"---\n" +
		"parties:\n  - {id: c, kind: shraed, name: C}\n"
	files, ds, _ := parse(t, "multi.yaml", src, load.Limits{})
	if len(files) != 3 {
		t.Fatalf("want 3 files (the empty document is skipped), got %d", len(files))
	}
	d := wantCode(t, ds, diag.InvalidValue)
	if d.Subject.Start.Line != 10 || text([]byte(src), d.Subject) != "shraed" || d.Suggestion != "shared" {
		t.Errorf("positions continue across documents: got %v %q, suggestion %q", d.Subject, text([]byte(src), d.Subject), d.Suggestion)
	}
	m, bds := load.Build(&load.Result{Files: files, Sources: map[string][]byte{"multi.yaml": []byte(src)}})
	if len(bds) != 0 || m.PartyByID["a"] == nil || m.PartyByID["b"] == nil || m.PartyByID["c"] == nil {
		t.Errorf("all documents are part of the model:%s", dump(bds))
	}
	// A syntax error in a later document keeps the earlier ones.
	files, ds, _ = parse(t, "multi.yaml", "uses: [aws]\n---\nparties: [\n", load.Limits{})
	if len(files) != 1 || len(only(ds, diag.YAMLSyntax)) != 1 {
		t.Errorf("want the first document and one DM001, got %d files:%s", len(files), dump(ds))
	}
}

func TestDuplicateKeys(t *testing.T) {
	src := "parties:\n" +
		"  - id: a\n" +
		"    kind: shared\n" +
		"    name: First\n" +
		"    name: Second\n" +
		"uses: [aws]\n" +
		"uses: [azure]\n"
	files, ds, _ := parse(t, "dup.yaml", src, load.Limits{})
	got := only(ds, diag.YAMLSyntax)
	if len(got) != 2 || len(ds) != 2 {
		t.Fatalf("want DM001 for both duplicates, got:%s", dump(ds))
	}
	for i, want := range []struct {
		line int
		key  string
	}{{5, "name"}, {7, "uses"}} {
		d := got[i]
		if d.Subject.Start.Line != want.line || text([]byte(src), d.Subject) != want.key {
			t.Errorf("duplicate #%d at %v covering %q, want the key %q on line %d", i, d.Subject, text([]byte(src), d.Subject), want.key, want.line)
		}
		line := want.line
		if len(d.Related) != 1 || d.Related[0].Range.Start.Line != line-1 {
			t.Errorf("duplicate #%d should point at the first key (line %d): %+v", i, line-1, d.Related)
		}
	}
	if p := files[0].Parties[0]; p.Name != "First" {
		t.Errorf("the first value is kept, got %q", p.Name)
	}
	if u := files[0].Uses; len(u) != 1 || u[0].ID != "aws" {
		t.Errorf("the first value is kept, got %v", u)
	}
}

func TestMergeKeys(t *testing.T) {
	src := "k: &team {kind: shared, contacts: [{email: team@example.com}]}\n" +
		"k2: &named {name: Default}\n" +
		"parties:\n" +
		"  - <<: *team\n" +
		"    id: a\n" +
		"    name: A\n" +
		"  - <<: [*team, *named]\n" +
		"    id: b\n" +
		"    kind: foundation\n" +
		"  - {<<: *team, id: c, name: C}\n"
	files, ds, _ := parse(t, "merge.yaml", src, load.Limits{})
	if got := codes(ds); len(got) != 2 || got[0] != diag.UnknownKey || got[1] != diag.UnknownKey {
		t.Fatalf("only the anchor holders k and k2 are unknown keys, got:%s", dump(ds))
	}
	ps := files[0].Parties
	if len(ps) != 3 {
		t.Fatalf("want 3 parties, got %d", len(ps))
	}
	want := []struct{ id, kind, name string }{{"a", "shared", "A"}, {"b", "foundation", "Default"}, {"c", "shared", "C"}}
	for i, w := range want {
		p := ps[i]
		if p.ID != w.id || string(p.Kind) != w.kind || p.Name != w.name || len(p.Contacts) != 1 {
			t.Errorf("party %d: got %s/%s/%s with %d contacts, want %+v", i, p.ID, p.Kind, p.Name, len(p.Contacts), w)
		}
	}
	// A merge key that names a scalar is a wrong type, not a crash.
	_, ds, _ = parse(t, "merge.yaml", "parties:\n  - <<: text\n    id: a\n", load.Limits{})
	if d := wantCode(t, ds, diag.WrongType); d.Subject.Start.Line != 2 {
		t.Errorf("DM102 at %v", d.Subject)
	}
}

func TestTabs(t *testing.T) {
	// A tab used for indentation is a YAML syntax error, reported on its line.
	_, ds, _ := parse(t, "tabs.yaml", "parties:\n\t- id: a\n", load.Limits{})
	if d := wantCode(t, ds, diag.YAMLSyntax); d.Subject.Start.Line != 2 {
		t.Errorf("DM001 at %v, want line 2", d.Subject)
	}
	// Tabs as separators inside a line are fine, and columns count a tab as one.
	src := "parties:\n  - id: a\n    kind:\tshared\n    name:\tA\n    nam:\tA\n"
	_, ds, _ = parse(t, "tabs.yaml", src, load.Limits{})
	d := wantCode(t, ds, diag.UnknownKey)
	if len(ds) != 1 || d.Subject.Start.Line != 5 || d.Subject.Start.Column != 5 || text([]byte(src), d.Subject) != "nam" || d.Suggestion != "name" {
		t.Errorf("got %v %q (suggestion %q):%s", d.Subject, text([]byte(src), d.Subject), d.Suggestion, dump(ds))
	}
}

func TestCRLF(t *testing.T) {
	lf := "parties:\n  - id: a\n    kind: sharde\n    name: A\n    descripton: x\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	_, want, _ := parse(t, "m.yaml", lf, load.Limits{})
	_, got, _ := parse(t, "m.yaml", crlf, load.Limits{})
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("want DM106 and DM101 for both, got:%s\nand:%s", dump(got), dump(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Code != w.Code || g.Subject.Start.Line != w.Subject.Start.Line || g.Subject.Start.Column != w.Subject.Start.Column ||
			g.Subject.End.Column != w.Subject.End.Column || g.Suggestion != w.Suggestion {
			t.Errorf("CRLF %v differs from LF %v", g, w)
		}
		if gt, wt := text([]byte(crlf), g.Subject), text([]byte(lf), w.Subject); gt != wt {
			t.Errorf("CRLF range covers %q, LF covers %q", gt, wt)
		}
	}
	// Syntax errors are on the same line too.
	_, ds, _ := parse(t, "m.yaml", "a: b\r\nparties:\r\n  - id: a: b\r\n", load.Limits{})
	if d := wantCode(t, ds, diag.YAMLSyntax); d.Subject.Start.Line != 3 {
		t.Errorf("DM001 at %v, want line 3", d.Subject)
	}
	// And in CSV.
	src := "id,provider,tags\r\n1,aws,env=prod\r\n2,aws,oops\r\n"
	var cds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", []byte(src), &cds)
	if len(f.Tenants) != 2 || len(cds) != 1 || cds[0].Subject.Start.Line != 3 || text([]byte(src), cds[0].Subject) != "oops" {
		t.Errorf("CSV with CRLF: %d tenants:%s", len(f.Tenants), dump(cds))
	}
	if f.Tenants[0].Tags.Map()["env"] != "prod" || f.Tenants[1].Provider.ID != "aws" {
		t.Errorf("CRLF must not leak into values: %+v", f.Tenants[0])
	}
}

func TestBOM(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	src := bom + "parties:\n  - id: a\n    kind: sharde\n    name: A\n"
	files, ds, _ := parse(t, "bom.yaml", src, load.Limits{})
	if len(files) != 1 || len(files[0].Parties) != 1 || files[0].Parties[0].ID != "a" {
		t.Fatalf("a file with a byte order mark loads: %+v", files)
	}
	d := wantCode(t, ds, diag.InvalidValue)
	if d.Subject.Start.Line != 3 || text([]byte(src), d.Subject) != "sharde" {
		t.Errorf("got %v %q", d.Subject, text([]byte(src), d.Subject))
	}
	// CSV with a byte order mark (as Excel writes "CSV UTF-8").
	csv := bom + "id,provider\n123,aws\n"
	var cds diag.Diagnostics
	f := load.ParseTenantCSV("t.csv", []byte(csv), &cds)
	if len(cds) != 0 || len(f.Tenants) != 1 || f.Tenants[0].ID != "123" {
		t.Errorf("CSV with a BOM: %+v:%s", f.Tenants, dump(cds))
	}
}

// TestBOMFirstLinePositions: the YAML parser's columns do not count the byte
// order mark, but the loader's source index does, so every range on line 1
// starts one character early.
func TestBOMFirstLinePositions(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	for name, c := range map[string]struct{ src, want string }{
		"key":   {bom + "partys: []\n", "partys"},
		"value": {bom + "parties: [{id: x, kind: sharde, name: y}]\n", "sharde"},
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, _ := parse(t, "bom.yaml", c.src, load.Limits{})
			if len(ds) != 1 || text([]byte(c.src), ds[0].Subject) != c.want || ds[0].Subject.Start.Column != 1+strings.Index(c.src[len(bom):], c.want) {
				t.Errorf("want %q, got:%s covering %q", c.want, dump(ds), text([]byte(c.src), ds[0].Subject))
			}
		})
	}
	t.Run("csv", func(t *testing.T) {
		src := bom + "id,provider,ownr\n1,aws,app\n"
		var ds diag.Diagnostics
		load.ParseTenantCSV("t.csv", []byte(src), &ds)
		if len(ds) != 1 || text([]byte(src), ds[0].Subject) != "ownr" {
			t.Errorf("got:%s covering %q", dump(ds), text([]byte(src), ds[0].Subject))
		}
	})
}

// TestCSVColumnsAreBytes: encoding/csv reports byte columns, the loader
// reads them as character columns, so ranges drift right after non-ASCII
// text in a row.
func TestCSVColumnsAreBytes(t *testing.T) {
	src := "id,name,provider,tags\n1,Zoë Müller-Lüdenscheidt,aws,oops\n"
	var ds diag.Diagnostics
	load.ParseTenantCSV("t.csv", []byte(src), &ds)
	if len(ds) != 1 || text([]byte(src), ds[0].Subject) != "oops" || ds[0].Subject.Start.Column != 31 {
		t.Errorf("want the tag \"oops\" at 2:31, got:%s covering %q", dump(ds), text([]byte(src), ds[0].Subject))
	}
}

// TestSyntaxErrorPositionsWithoutLine: some YAML errors carry no line in
// their message, so the loader points at line 1 although the problem is
// elsewhere.
func TestSyntaxErrorPositionsWithoutLine(t *testing.T) {
	for name, c := range map[string]struct {
		src       string
		line, col int
	}{
		"NUL":            {"parties:\n  - id: a\x00\n", 2, 10},
		"escape":         {"organisation:\n  name: a\x1bb\n", 2, 10},
		"unknown anchor": {"uses: [aws]\nparties: *nope\n", 2, 10},
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, _ := parse(t, "ctl.yaml", c.src, load.Limits{})
			d := wantCode(t, ds, diag.YAMLSyntax)
			if d.Subject.Start.Line != c.line || d.Subject.Start.Column != c.col {
				t.Errorf("at %d:%d, want %d:%d", d.Subject.Start.Line, d.Subject.Start.Column, c.line, c.col)
			}
		})
	}
}

// TestSyntaxErrorLines pins the lines the YAML parser gives. For errors
// found while closing a construct, yaml.v3 reports the line where the
// construct began (its "context"), not the line of the problem; the
// diagnostic is then on an earlier line, never a later one.
func TestSyntaxErrorLines(t *testing.T) {
	for name, c := range map[string]struct {
		src           string
		line, problem int
	}{
		"mapping in a plain value": {"uses: [aws]\nparties:\n  - id: a: b\n", 3, 3},
		"unclosed flow at the end": {"a: 1\nb: [\n\n\n", 4, 4},
		"tab indentation":          {"parties:\n\t- id: a\n", 2, 2},
		"bad indentation":          {"parties:\n  - id: a\n   name: b\n", 1, 3},
		"unclosed flow mapping":    {"parties:\n  - {id: a\n  - id: b\n", 1, 3},
		"unterminated quote":       {"parties:\n  - id: \"abc\n", 2, 2},
	} {
		t.Run(name, func(t *testing.T) {
			_, ds, _ := parse(t, "syntax.yaml", c.src, load.Limits{})
			d := wantCode(t, ds, diag.YAMLSyntax)
			if d.Subject.Start.Line != c.line {
				t.Errorf("at line %d, want %d (the problem is on line %d)", d.Subject.Start.Line, c.line, c.problem)
			}
			if !strings.HasPrefix(d.Summary, "YAML syntax error: ") || strings.Contains(d.Summary, "yaml:") {
				t.Errorf("summary %q", d.Summary)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
