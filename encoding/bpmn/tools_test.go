package bpmn_test

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/encoding/bpmn"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// toolsDir is where scripts/test.sh installs bpmn-moddle, bpmnlint and
// bpmn-js from npm (never into the repository). Without them the tests
// fail, unless DEMARC_SKIP_BPMN_TOOLS=1.
func toolsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DEMARC_BPMN_TOOLS")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "demarc", "bpmn-tools")
	}
	for _, pkg := range []string{"bpmn-moddle", "bpmnlint", "bpmn-js"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			if os.Getenv("DEMARC_SKIP_BPMN_TOOLS") == "1" {
				t.Skip("bpmn tools not installed; skipped because DEMARC_SKIP_BPMN_TOOLS=1")
			}
			t.Fatalf("%s is not installed in %s: run scripts/test.sh (it installs bpmn-moddle, bpmnlint and bpmn-js from npm there), set DEMARC_BPMN_TOOLS to the folder holding node_modules, or DEMARC_SKIP_BPMN_TOOLS=1 to skip", pkg, dir)
		}
	}
	return dir
}

// exampleFiles exports every process of the example in every landing zone
// and for one tenant into a temporary folder.
func exampleFiles(t *testing.T) (dir string, files []string, docs map[string]*view.Runbook) {
	t.Helper()
	m, ds := load.Dir("../../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	r := resolve.New(m)
	dir = t.TempDir()
	docs = map[string]*view.Runbook{}
	write := func(name string, rb *view.Runbook) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, bpmn.Encode(rb), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
		docs[path] = rb
	}
	for _, p := range m.Processes {
		for _, z := range view.ProcessZones(m, p) {
			rb, err := view.ProcessRunbook(r, p.ID, z, "")
			if err != nil {
				t.Fatal(err)
			}
			write(p.ID+"."+z+".bpmn", rb)
		}
	}
	rb, err := view.ProcessRunbook(r, "decommission-tenant", "", "563956996473")
	if err != nil {
		t.Fatal(err)
	}
	write("decommission-tenant.563956996473.bpmn", rb)
	return dir, files, docs
}

// TestModdleAndLint reads every exported file with bpmn-moddle (no
// warnings) and lints it with bpmnlint's recommended rules (no reports).
func TestModdleAndLint(t *testing.T) {
	tools := toolsDir(t)
	_, files, _ := exampleFiles(t)
	script, err := os.ReadFile("testdata/check.mjs")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", append([]string{"--input-type=module", "-"}, files...)...)
	cmd.Dir = tools // so the script's imports resolve to the tools' node_modules
	cmd.Stdin = strings.NewReader(string(script))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bpmn-moddle / bpmnlint: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "0 problems") {
		t.Fatalf("unexpected output:\n%s", out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
}

var resultRE = regexp.MustCompile(`<pre id="result">([^<]*)</pre>`)

// TestRenderInBrowser renders every exported file with bpmn-js in
// Chromium and checks that every lane and every step is drawn.
func TestRenderInBrowser(t *testing.T) {
	tools := toolsDir(t)
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run scripts/test.sh (apt-get install chromium)")
	}
	dir, files, docs := exampleFiles(t)
	tmpl, err := os.ReadFile("testdata/render.html")
	if err != nil {
		t.Fatal(err)
	}
	viewer := filepath.Join(tools, "node_modules", "bpmn-js", "dist", "bpmn-viewer.production.min.js")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		var d struct {
			Lanes []struct {
				ID string `xml:"id,attr"`
			} `xml:"process>laneSet>lane"`
			Tasks []struct {
				ID string `xml:"id,attr"`
			} `xml:"process>task"`
		}
		if err := xml.Unmarshal(data, &d); err != nil {
			t.Fatal(err)
		}
		for _, l := range d.Lanes {
			ids = append(ids, l.ID)
		}
		for _, task := range d.Tasks {
			ids = append(ids, task.ID)
		}
		if len(d.Tasks) != len(docs[f].Steps) || len(d.Lanes) != len(docs[f].Lanes) {
			t.Fatalf("%s: %d tasks and %d lanes for %d steps and %d lanes", f, len(d.Tasks), len(d.Lanes), len(docs[f].Steps), len(docs[f].Lanes))
		}
		xmlJSON, _ := json.Marshal(string(data))
		idsJSON, _ := json.Marshal(ids)
		page := strings.NewReplacer("__VIEWER__", "file://"+viewer, "__XML__", string(xmlJSON), "__WANT__", string(idsJSON)).Replace(string(tmpl))
		pagePath := filepath.Join(dir, filepath.Base(f)+".html")
		if err := os.WriteFile(pagePath, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
			"--virtual-time-budget=5000", "--dump-dom", "file://"+pagePath)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: chromium: %v", f, err)
		}
		m := resultRE.FindSubmatch(out)
		if m == nil {
			t.Fatalf("%s: no result in the page", f)
		}
		var res struct {
			Error   string   `json:"error"`
			Missing []string `json:"missing"`
			Drawn   int      `json:"drawn"`
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &res); err != nil {
			t.Fatalf("%s: result %q: %v", f, m[1], err)
		}
		if res.Error != "" || len(res.Missing) > 0 || res.Drawn != len(ids) {
			t.Errorf("%s: bpmn-js drew %d of %d lanes and steps; missing %v; %s", filepath.Base(f), res.Drawn, len(ids), res.Missing, res.Error)
		}
	}
}
