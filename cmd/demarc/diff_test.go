package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/store"
)

// gitRepo creates a repository in a temporary directory holding the
// example model under model/, committed on branch main, and returns the
// repository and model directories.
func gitRepo(t *testing.T) (repo, modelDir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need git on PATH (apt-get install git)")
	}
	repo = t.TempDir()
	modelDir = filepath.Join(repo, "model")
	if err := os.CopyFS(modelDir, os.DirFS("../../examples/enterprise")); err != nil {
		t.Fatal(err)
	}
	runGit(t, repo, "init", "-q", "-b", "main")
	runGit(t, repo, "add", ".")
	runGit(t, repo, "commit", "-q", "-m", "model")
	return repo, modelDir
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sandboxHubToNetwork makes network-team accountable for the sandbox hub
// network, which it never approved.
func sandboxHubToNetwork(t *testing.T, modelDir string) {
	replaceIn(t, filepath.Join(modelDir, "rules/network.yaml"), `    responsible: [cloud-foundation]
    accountable: cloud-foundation
    rationale: >-
      Sandboxes`, `    responsible: [cloud-foundation]
    accountable: network-team
    rationale: >-
      Sandboxes`)
}

func runDiff(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"diff"}, args...), strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestDiffWorkingTreeAgainstBranch(t *testing.T) {
	repo, modelDir := gitRepo(t)
	t.Setenv("DEMARC_MODEL", "")
	code, out, errs := runDiff(t, modelDir, "main")
	if code != 0 || !strings.HasPrefix(out, "No change") {
		t.Fatalf("unchanged working tree: exit %d\n%s%s", code, out, errs)
	}
	sandboxHubToNetwork(t, modelDir)
	code, out, errs = runDiff(t, modelDir, "main")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "network-team becomes accountable for 1 duty it never agreed to") {
		t.Errorf("no headline:\n%s", out)
	}
	// The revision is read from git objects: the working tree keeps its
	// change, nothing is checked out, the index is untouched.
	if st := runGit(t, repo, "status", "--porcelain"); strings.TrimSpace(st) != "M model/rules/network.yaml" {
		t.Errorf("git status after diff: %q", st)
	}
	// From the repository root: main's version of the directory given.
	t.Setenv("DEMARC_MODEL", "")
	code, out3, errs := runDiff(t, repo, "main", "model")
	if code != 1 || out3 != out {
		t.Errorf("demarc diff main model: exit %d\n%s%s", code, out3, errs)
	}
	// From the repository root, with --model, and with no argument (HEAD).
	code, out2, errs := runDiff(t, repo, "--model", "model")
	if code != 1 || out2 != out {
		t.Errorf("demarc diff --model model (HEAD): exit %d\n%s%s", code, out2, errs)
	}
}

func TestDiffTwoRevisions(t *testing.T) {
	repo, modelDir := gitRepo(t)
	runGit(t, repo, "tag", "v1")
	sandboxHubToNetwork(t, modelDir)
	// Moving a rule file is no change; committed together with the real one.
	if err := os.Rename(filepath.Join(modelDir, "rules/cost.yaml"), filepath.Join(modelDir, "cost-moved.yaml")); err != nil {
		t.Fatal(err)
	}
	runGit(t, repo, "add", "-A")
	runGit(t, repo, "commit", "-q", "-m", "change")
	runGit(t, repo, "tag", "v2")
	// Dirty the working tree: two revisions must not read it.
	replaceIn(t, filepath.Join(modelDir, "rules/network.yaml"), "accountable: network-team", "accountable: finops")

	code, out, errs := runDiff(t, repo, "-m", "model", "v1", "v2", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var got struct {
		Base, Head string
		Changed    bool
		Rules      struct {
			Added, Removed []any
			Changed        []struct{ ID string }
		}
		Stale []struct {
			Rule    string
			Parties []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !got.Changed || !strings.HasPrefix(got.Base, "v1 (") || !strings.HasPrefix(got.Head, "v2 (") {
		t.Errorf("labels %q %q changed %v", got.Base, got.Head, got.Changed)
	}
	if len(got.Rules.Added)+len(got.Rules.Removed) != 0 || len(got.Rules.Changed) != 1 || got.Rules.Changed[0].ID != "hub-network-sandbox" {
		t.Errorf("rules %+v", got.Rules)
	}
	if len(got.Stale) != 1 || got.Stale[0].Rule != "hub-network-sandbox" || strings.Join(got.Stale[0].Parties, ",") != "cloud-foundation" {
		t.Errorf("stale %+v", got.Stale)
	}
	code, out, errs = runDiff(t, repo, "-m", "model", "v1", "v1")
	if code != 0 {
		t.Errorf("v1 against itself: exit %d\n%s%s", code, out, errs)
	}
	code, md, errs := runDiff(t, repo, "-m", "model", "v1", "v2", "--format", "markdown")
	if code != 1 || !strings.HasPrefix(md, "### Responsibility changes") || !strings.Contains(md, "| network-team | 1 | 0 | 0 | 1 | 1 |") {
		t.Errorf("markdown: exit %d\n%s%s", code, md, errs)
	}
}

func TestDiffFailOn(t *testing.T) {
	a, b, c, d := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b, c, d} {
		if err := os.CopyFS(d, os.DirFS("../../examples/enterprise")); err != nil {
			t.Fatal(err)
		}
	}
	sandboxHubToNetwork(t, b) // unapproved accountability: error
	// Rationale only: no duty, hash or approval changes: info.
	replaceIn(t, filepath.Join(c, "rules/network.yaml"), "Sandboxes are not connected", "Sandboxes are never connected")
	// Another consulted party: acknowledgements become stale: warning.
	replaceIn(t, filepath.Join(d, "rules/network.yaml"), "consulted: [security-operations]", "consulted: [security-operations, finops]")
	for _, tc := range []struct {
		head, failOn string
		want         int
	}{
		{b, "error", 1}, {b, "warning", 1}, {b, "info", 1},
		{c, "error", 0}, {c, "warning", 0}, {c, "info", 1},
		{d, "error", 0}, {d, "warning", 1}, {d, "info", 1},
		{a, "info", 0},
	} {
		if code, out, errs := runDiff(t, a, a, tc.head, "--fail-on", tc.failOn); code != tc.want {
			t.Errorf("--fail-on %s: exit %d, want %d\n%s%s", tc.failOn, code, tc.want, out, errs)
		}
	}
	if code, _, errs := runDiff(t, a, a, b, "--fail-on", "off"); code != 2 || !strings.Contains(errs, "--fail-on") {
		t.Errorf("--fail-on off: exit %d\n%s", code, errs)
	}
}

func TestDiffDirectories(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := os.CopyFS(d, os.DirFS("../../examples/enterprise")); err != nil {
			t.Fatal(err)
		}
	}
	sandboxHubToNetwork(t, b)
	code, out, errs := runDiff(t, t.TempDir(), a, b)
	if code != 1 || !strings.Contains(out, "hub-network-sandbox") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
}

func TestDiffCannotRun(t *testing.T) {
	repo, _ := gitRepo(t)
	notRepo := t.TempDir()
	if err := os.CopyFS(notRepo, os.DirFS("../../examples/enterprise")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		args []string
		want string
	}{
		{repo, []string{"-m", "model", "no-such-branch"}, `"no-such-branch" is neither a directory nor a git revision`},
		{notRepo, []string{"main"}, "is not in a git repository"},
		{repo, []string{"-m", "model", "main", "--format", "xml"}, `unknown format "xml"`},
		{repo, []string{"-m", "missing", "main"}, "does not exist in revision main"},
		{repo, []string{"-m", "model", "--", "-x"}, "neither a directory nor a git revision"},
	} {
		t.Setenv("DEMARC_MODEL", "")
		code, out, errs := runDiff(t, tc.dir, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("diff %v: exit %d, want 2 and %q\n%s%s", tc.args, code, tc.want, out, errs)
		}
	}
}

// TestDiffRevisionWithLinks: links are extracted as links, so the loader
// treats them as it does in the working tree (one inside the model is
// followed, one leaving it is reported), and files that are not model
// files are not extracted at all.
func TestDiffRevisionWithLinks(t *testing.T) {
	repo, modelDir := gitRepo(t)
	if err := os.WriteFile(filepath.Join(repo, "outside.yaml"), []byte("parties: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside.yaml", filepath.Join(modelDir, "leaves.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(modelDir, "linked"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(modelDir, "rules/cost.yaml"), filepath.Join(modelDir, "linked/cost.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../linked/cost.yaml", filepath.Join(modelDir, "rules/cost.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(modelDir, "notes.txt"), []byte("not a model file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, repo, "add", "-A")
	runGit(t, repo, "commit", "-q", "-m", "links")
	t.Setenv("DEMARC_MODEL", "")
	// The working tree and main hold the same links: no change, although
	// both report the link that leaves the model.
	code, out, errs := runDiff(t, modelDir, "main")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	gm, err := extractRevision(t.Context(), modelDir, "main")
	if err != nil {
		t.Fatal(err)
	}
	defer gm.remove()
	if target, err := os.Readlink(filepath.Join(gm.dir, "leaves.yaml")); err != nil || target != "../outside.yaml" {
		t.Errorf("leaves.yaml: %q, %v", target, err)
	}
	if _, err := os.Stat(filepath.Join(gm.dir, "notes.txt")); !os.IsNotExist(err) {
		t.Errorf("notes.txt was extracted: %v", err)
	}
	if _, err := os.Stat(filepath.Join(gm.dir, "..", "outside.yaml")); !os.IsNotExist(err) {
		t.Errorf("a file outside the model directory was written: %v", err)
	}
	l := loadModel(gm.dir)
	found := false
	for _, d := range l.diags {
		if d.Code == diag.LinkLeavesModel {
			found = true
		}
	}
	if !found {
		t.Errorf("the link leaving the model is not reported: %v", l.diags)
	}
	if len(l.model.Rules) == 0 || !slices.ContainsFunc(l.model.Rules, func(r *model.Rule) bool { return r.ID == "budgets-and-alerts" }) {
		t.Error("the rules behind the link inside the model are not read")
	}
}

// TestDiffStaleAcknowledgements: with --db, a decision whose content
// changes lists the acknowledgements recorded for its old content, and not
// those that were stale already.
func TestDiffStaleAcknowledgements(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := os.CopyFS(d, os.DirFS("../../examples/enterprise")); err != nil {
			t.Fatal(err)
		}
	}
	sandboxHubToNetwork(t, b)
	db := filepath.Join(t.TempDir(), "demarc.db")
	if code, _, errs := runDiff(t, a, a, b, "--db", db); code != exitFailure || !strings.Contains(errs, "acknowledgement store") {
		t.Fatalf("a missing database: exit %d\n%s", code, errs)
	}
	ctx := t.Context()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := load.Dir(a, load.Options{})
	var rule *model.Rule
	for _, r := range m.Rules {
		if r.ID == "hub-network-sandbox" {
			rule = r
		}
	}
	if rule == nil {
		t.Fatal("rule hub-network-sandbox not in the example")
	}
	for _, ack := range []store.Ack{
		{RuleID: rule.ID, RuleHash: store.RuleHash(rule), PartyID: "cloud-foundation", Person: "priya.raman@northwind.example"},
		{RuleID: rule.ID, RuleHash: "v1:older", PartyID: "cloud-foundation", Person: "old@northwind.example"},
	} {
		if _, err := s.Acknowledge(ctx, ack); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	code, out, errs := runDiff(t, a, a, b, "--db", db, "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var got struct {
		Stale []struct {
			Rule             string
			Acknowledgements []struct{ Party, Person, At string }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Stale) != 1 || len(got.Stale[0].Acknowledgements) != 1 || got.Stale[0].Acknowledgements[0].Person != "priya.raman@northwind.example" {
		t.Errorf("stale %+v", got.Stale)
	}
	_, text, _ := runDiff(t, a, a, b, "--db", db)
	if !strings.Contains(text, "recorded: priya.raman@northwind.example for cloud-foundation on ") {
		t.Errorf("text lacks the stale acknowledgement:\n%s", text)
	}
}
