package markdown_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/internal/testbook"

	"github.com/demarc-dev/demarc/markdown"
	"github.com/demarc-dev/demarc/view"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func book(t testing.TB, dir string) *view.Book { return testbook.Load(t, dir) }

// mkdocs builds the exported tree with --strict and returns the site
// directory. Without mkdocs the test fails, unless DEMARC_SKIP_MKDOCS=1.
func mkdocs(t *testing.T, dir string) string {
	t.Helper()
	bin, err := exec.LookPath("mkdocs")
	if err != nil {
		if os.Getenv("DEMARC_SKIP_MKDOCS") == "1" {
			t.Skip("mkdocs not installed; skipped because DEMARC_SKIP_MKDOCS=1")
		}
		t.Fatal("mkdocs is not installed: run `apt-get install mkdocs` (or `pip install mkdocs`), or set DEMARC_SKIP_MKDOCS=1 to skip this test")
	}
	site := filepath.Join(t.TempDir(), "site")
	cmd := exec.Command(bin, "build", "--strict", "-f", filepath.Join(dir, "mkdocs.yml"), "-d", site)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mkdocs build --strict failed: %v\n%s", err, out)
	}
	// mkdocs 1.4 reports problems as WARNING and aborts under --strict;
	// newer versions may only log them, so fail on any warning as well.
	if bytes.Contains(out, []byte("WARNING")) {
		t.Fatalf("mkdocs build --strict warned:\n%s", out)
	}
	return site
}

func TestExportEnterprise(t *testing.T) {
	b := book(t, "../examples/enterprise")
	dir := t.TempDir()
	start := time.Now()
	st, err := markdown.Export(b, dir, markdown.Options{SourceRoot: "../examples/enterprise"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("exported %d pages, %d images, %d bytes in %v", st.Pages, st.Images, st.Bytes, time.Since(start))
	wantPages := 1 + len(b.Parties) + len(b.Services) + len(b.LandingZones) + len(b.Activities) + len(b.Processes) + 4
	if st.Pages != wantPages {
		t.Errorf("pages = %d, want %d", st.Pages, wantPages)
	}
	swimlanes := 0 // one per landing zone variant of each process
	for _, pp := range b.Processes {
		swimlanes += len(pp.Zones)
	}
	if st.Images != len(b.LandingZones)+3+swimlanes {
		t.Errorf("images = %d, want %d", st.Images, len(b.LandingZones)+3+swimlanes)
	}
	for _, f := range []string{"mkdocs.yml", "docs/index.md", "docs/decisions.md", "docs/stakeholders.md", "docs/stakeholders.svg",
		"docs/relations.svg", "docs/org-chart.md", "docs/org-chart.svg", "docs/glossary.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}

	// Pages say what the view says.
	page := read(t, dir, "docs/parties/cloud-foundation.md")
	for _, want := range []string{"# Cloud Foundation", "### Cloud-native", "[Decommission a tenant](../activities/decommission-tenant.md) | Responsible, **Accountable**"} {
		if !strings.Contains(page, want) {
			t.Errorf("cloud-foundation page lacks %q", want)
		}
	}
	zone := read(t, dir, "docs/landing-zones/cloud-native.md")
	if !strings.Contains(zone, "![Responsibility chart of Cloud-native") || !strings.Contains(zone, "(cloud-native.svg)") {
		t.Error("landing zone page does not embed its chart")
	}
	if strings.Contains(read(t, dir, "docs/index.md"), "/work/") {
		t.Error("overview shows absolute paths")
	}

	// Same book, same bytes.
	again := t.TempDir()
	if _, err := markdown.Export(b, again, markdown.Options{SourceRoot: "../examples/enterprise"}); err != nil {
		t.Fatal(err)
	}
	if a, b := tree(t, dir), tree(t, again); !equalTrees(a, b) {
		t.Error("two exports of the same book differ")
	}

	site := mkdocs(t, dir)
	for _, pp := range b.Parties {
		if _, err := os.Stat(filepath.Join(site, "parties", pp.Party.ID, "index.html")); err != nil {
			t.Errorf("party %s: %v", pp.Party.ID, err)
		}
	}
	for _, zp := range b.LandingZones {
		if _, err := os.Stat(filepath.Join(site, "landing-zones", zp.Zone.ID, "index.html")); err != nil {
			t.Errorf("landing zone %s: %v", zp.Zone.ID, err)
		}
		if _, err := os.Stat(filepath.Join(site, "landing-zones", zp.Zone.ID+".svg")); err != nil {
			t.Errorf("chart of %s: %v", zp.Zone.ID, err)
		}
	}
	for _, f := range []string{"index.html", "decisions/index.html", "stakeholders/index.html", "org-chart/index.html", "glossary/index.html",
		"services/aws-ec2/index.html", "activities/decommission-tenant/index.html"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Error(err)
		}
	}
	// The decisions log has an anchor per decision, and every link into it
	// lands on one.
	decisions := read(t, site, "decisions/index.html")
	for _, d := range b.Decisions {
		if !strings.Contains(decisions, `id="`+d.Rule.ID+`"`) {
			t.Errorf("decisions log has no anchor %q", d.Rule.ID)
		}
	}
	checkDecisionLinks(t, site)
	// No external requests from the built pages (the theme's CDN scripts
	// are switched off).
	if strings.Contains(read(t, site, "index.html"), "cdnjs") {
		t.Error("built site loads scripts from a CDN")
	}
}

func TestGolden(t *testing.T) {
	b := book(t, "../examples/enterprise")
	dir := t.TempDir()
	if _, err := markdown.Export(b, dir, markdown.Options{SourceRoot: "../examples/enterprise"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"mkdocs.yml", "docs/parties/blue-harbor-msp.md", "docs/landing-zones/sandbox.md", "docs/activities/decommission-tenant.md"} {
		got := read(t, dir, f)
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(f))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./markdown -run TestGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (run with -update if the change is intended):\n%s", f, golden, diff(string(want), got))
		}
	}
}

func TestPruneStalePages(t *testing.T) {
	b := book(t, "../examples/enterprise")
	dir := t.TempDir()
	stale := filepath.Join(dir, "docs", "parties", "gone-team.md")
	keep := filepath.Join(dir, "docs", "parties", "notes.txt")
	for _, f := range []string{stale, keep} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("# old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := markdown.Export(b, dir, markdown.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) || st.Removed != 1 {
		t.Errorf("stale page not removed (removed %d, stat %v)", st.Removed, err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a file that is not a page was removed: %v", err)
	}
}

// checkDecisionLinks checks that every link of the built site into the
// decisions log names an anchor the log has.
func checkDecisionLinks(t *testing.T, site string) {
	t.Helper()
	decisions := read(t, site, "decisions/index.html")
	link := regexp.MustCompile(`href="[^"]*decisions/#([^"]+)"|href="#([^"]+)"`)
	n := 0
	err := filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		self := filepath.Base(filepath.Dir(path)) == "decisions"
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			anchor := m[1]
			if anchor == "" {
				if !self {
					continue
				}
				anchor = m[2]
			}
			n++
			if !strings.Contains(decisions, `id="`+anchor+`"`) {
				t.Errorf("%s links to decisions/#%s, which does not exist", path, anchor)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no links into the decisions log")
	}
}

func read(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// tree reads every file under dir.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// diff shows the first differing line of two texts.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
