package main

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// TestShuffledModelSameOutputs writes the example twice, the second time
// with its files renamed into the reverse walk order, the elements of every
// top-level list shuffled and the rows of every tenant CSV shuffled, and
// runs the commands people publish with on both: every output must be the
// same byte for byte, once source positions (which move with the text) are
// masked.
func TestShuffledModelSameOutputs(t *testing.T) {
	// Published outputs say when the model last changed: the copies are
	// written at different moments, so pin the time as reproducible builds
	// do.
	t.Setenv("SOURCE_DATE_EPOCH", "1795000000")
	src := "../../examples/enterprise"
	plain := filepath.Join(t.TempDir(), "model")
	shuffled := filepath.Join(t.TempDir(), "model")
	copyModel(t, src, plain, nil)
	rnd := rand.New(rand.NewPCG(7, 11))
	copyModel(t, src, shuffled, rnd)

	outputs := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		runs := map[string][]string{
			"check.json":   {"check", dir, "--format", "json"},
			"who-tenant":   {"who", "decommission-tenant", "--tenant", "563956996473", "-m", dir},
			"who-zone":     {"who", "patch-guest-os", "--landing-zone", "lift-and-shift", "-m", dir, "--format", "json"},
			"who-provider": {"who", "federate-workforce-identity", "-m", dir},
			"matrix.json":  {"matrix", "-m", dir, "--format", "json"},
			"matrix.csv":   {"matrix", "--party", "network-team", "-m", dir, "--format", "csv"},
		}
		for name, args := range runs {
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			if code != 0 {
				t.Fatalf("demarc %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
			}
			out[name] = stdout.Bytes()
		}
		for _, args := range [][]string{
			{"build", dir, "-o", filepath.Join(dir, "..", "site")},
			{"export", "markdown", dir, "-o", filepath.Join(dir, "..", "md")},
			{"export", "csv", dir, "-o", filepath.Join(dir, "..", "csv")},
			{"export", "oscal", dir, "-o", filepath.Join(dir, "..", "oscal")},
			{"export", "backstage", dir, "--folder", "-o", filepath.Join(dir, "..", "backstage")},
		} {
			var stdout, stderr bytes.Buffer
			if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("demarc %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
			}
		}
		for _, tree := range []string{"site", "md", "csv", "oscal", "backstage"} {
			root := filepath.Join(dir, "..", tree)
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				out[tree+"/"+filepath.ToSlash(rel)] = b
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	a, b := outputs(plain), outputs(shuffled)
	if len(a) < 100 {
		t.Fatalf("only %d outputs", len(a))
	}
	var names []string
	for name := range a {
		names = append(names, name)
	}
	slices.Sort(names)
	differ := 0
	for _, name := range names {
		got, ok := b[name]
		if !ok {
			t.Errorf("%s: missing from the shuffled model's outputs", name)
			continue
		}
		if x, y := maskSources(a[name]), maskSources(got); !bytes.Equal(x, y) {
			differ++
			if differ <= 5 {
				t.Errorf("%s differs when the model's files and lists are reordered:\n%s", name, firstDifference(x, y))
			}
		}
	}
	if differ > 5 {
		t.Errorf("and %d more outputs differ", differ-5)
	}
	if len(b) != len(a) {
		t.Errorf("%d outputs from the shuffled model, %d from the plain one", len(b), len(a))
	}
}

// sourceRef matches a model file name with an optional line and column,
// as outputs cite sources, and the file's stem the renaming prefixed.
var sourceRef = regexp.MustCompile(`(?:[A-Za-z0-9_./\\-]*?)(?:\d\d-)?[A-Za-z0-9_-]+\.(?:yaml|csv)(?:(?::|#L|%3A)\d+){0,2}`)

func maskSources(b []byte) []byte { return sourceRef.ReplaceAll(b, []byte("SOURCE")) }

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "plain:    …" + string(a[from:min(len(a), i+200)]) + "\nshuffled: …" + string(b[from:min(len(b), i+200)])
}

// copyModel copies a model directory. With rnd, the files of each folder
// get prefixes that reverse their walk order, the top-level lists of each
// YAML file are shuffled and so are the data rows of each CSV file.
func copyModel(t *testing.T, src, dst string, rnd *rand.Rand) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := filepath.Base(rel)
		if rnd != nil && name != ".demarc.yaml" {
			entries, err := os.ReadDir(filepath.Dir(p))
			if err != nil {
				return err
			}
			for i, e := range entries {
				if e.Name() == name {
					name = strconv.Itoa(10+len(entries)-i) + "-" + name
				}
			}
			switch filepath.Ext(name) {
			case ".yaml":
				b = shuffleYAML(t, rel, b, rnd)
			case ".csv":
				b = shuffleCSV(b, rnd)
			}
		}
		return os.WriteFile(filepath.Join(dst, filepath.Dir(rel), name), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func shuffleYAML(t *testing.T, name string, b []byte, rnd *rand.Rand) []byte {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return b
	}
	shuffle := func(seq *yaml.Node) {
		rnd.Shuffle(len(seq.Content), func(i, j int) { seq.Content[i], seq.Content[j] = seq.Content[j], seq.Content[i] })
	}
	top := doc.Content[0]
	for i := 1; i < len(top.Content); i += 2 {
		seq := top.Content[i]
		if seq.Kind != yaml.SequenceNode {
			continue
		}
		shuffle(seq)
		// Lists inside elements whose order means nothing: a landing
		// zone's services, a rule's activities, a party's relations.
		for _, el := range seq.Content {
			if el.Kind != yaml.MappingNode {
				continue
			}
			for k := 0; k+1 < len(el.Content); k += 2 {
				switch el.Content[k].Value {
				case "services", "activities", "relations", "members":
					if el.Content[k+1].Kind == yaml.SequenceNode {
						shuffle(el.Content[k+1])
					}
				}
			}
		}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out.Bytes()
}

func shuffleCSV(b []byte, rnd *rand.Rand) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	// Comment lines and the header stay first.
	head := 0
	for head < len(lines) && strings.HasPrefix(lines[head], "#") {
		head++
	}
	head = min(head+1, len(lines))
	rows := lines[head:]
	for i := range rows {
		if !strings.HasSuffix(rows[i], "\n") {
			rows[i] += "\n"
		}
	}
	rnd.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return []byte(strings.Join(lines[:head], "") + strings.Join(rows, ""))
}

// TestPublishedTimeIsTheModels: published outputs date themselves by the
// newest change to a model file, never by the clock, so a re-run on the
// same files changes no byte; $SOURCE_DATE_EPOCH overrides it.
func TestPublishedTimeIsTheModels(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "") // restored afterwards
	os.Unsetenv("SOURCE_DATE_EPOCH")
	dir := filepath.Join(t.TempDir(), "model")
	copyModel(t, "../../examples/enterprise", dir, nil)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, when.Add(-time.Hour), when.Add(-time.Duration(len(p))*time.Minute))
	})
	if err != nil {
		t.Fatal(err)
	}
	// The newest file is the one with the shortest path.
	var newest time.Time
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".csv")) {
			if fi, err := os.Stat(p); err == nil && fi.ModTime().After(newest) {
				newest = fi.ModTime()
			}
		}
		return nil
	})
	overview := func(env string) string {
		t.Helper()
		if env != "" {
			t.Setenv("SOURCE_DATE_EPOCH", env)
		}
		out := filepath.Join(t.TempDir(), "csv")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"export", "csv", dir, "-o", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("export csv: exit %d\n%s", code, stderr.String())
		}
		b, err := os.ReadFile(filepath.Join(out, "overview.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got, want := overview(""), "Model as of,"+newest.UTC().Format("2006-01-02 15:04 UTC"); !strings.Contains(got, want) {
		t.Errorf("overview.csv lacks %q:\n%s", want, got)
	}
	if got := overview("1700000000"); !strings.Contains(got, "Model as of,2023-11-14 22:13 UTC") {
		t.Errorf("with SOURCE_DATE_EPOCH, overview.csv:\n%s", got)
	}
}
