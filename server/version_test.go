package server

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

type versionBody struct {
	ModelVersion string `json:"model_version"`
	ModelCommit  string `json:"model_commit"`
	ModelHash    string `json:"model_hash"`
}

// TestModelVersionWithoutGit: outside a git checkout the version is the
// content hash; it is the same in the status, the header of every response
// and /metrics, changes with the files and not with their path.
func TestModelVersionWithoutGit(t *testing.T) {
	f := newFixture(t)
	v := decode[versionBody](t, f.get(t, "/api/v1/status"), 200)
	if !regexp.MustCompile(`^sha256:[0-9a-f]{16}$`).MatchString(v.ModelHash) || v.ModelVersion != v.ModelHash || v.ModelCommit != "" {
		t.Fatalf("status outside git: %+v; want the content hash as the version", v)
	}
	if _, err := gitCommit(f.dir); err == nil {
		t.Skipf("%s is inside a git checkout; the hash-only case cannot be tested here", f.dir)
	}
	for _, path := range []string{"/healthz", "/readyz", "/", "/api/v1/parties", "/metrics", "/no-such-page"} {
		if got := f.get(t, path).header.Get(VersionHeader); got != v.ModelVersion {
			t.Errorf("GET %s: %s %q; want %q", path, VersionHeader, got, v.ModelVersion)
		}
	}
	metrics := string(f.get(t, "/metrics").body)
	if want := `demarc_model_info{version="` + v.ModelVersion + `",commit="",hash="` + v.ModelHash + `"} 1`; !strings.Contains(metrics, want) {
		t.Errorf("/metrics lacks %s", want)
	}

	// The same files elsewhere: the same hash.
	other, err := New(Config{ModelDir: copyModel(t)})
	if err != nil {
		t.Fatal(err)
	}
	if got := other.current.Load().version.Hash; got != v.ModelHash {
		t.Errorf("the same files at another path hash to %s, not %s", got, v.ModelHash)
	}

	editParty(t, f.dir, "Cloud Foundation", "Cloud Foundation Team")
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	v2 := decode[versionBody](t, f.get(t, "/api/v1/status"), 200)
	if v2.ModelHash == v.ModelHash {
		t.Fatal("an edit does not change the content hash")
	}
	if got := f.get(t, "/healthz").header.Get(VersionHeader); got != v2.ModelVersion {
		t.Errorf("after the reload the header says %q, the status %q", got, v2.ModelVersion)
	}
}

// git runs git in dir for the test (the server itself never does).
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestModelVersionFromGit: in a git checkout the version is the commit, read
// from .git as git would: a branch in loose refs or packed-refs, a detached
// linked work tree as git-sync makes, a model in a subdirectory.
func TestModelVersionFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("this test needs git to build its repositories: install git (apt-get install git)")
	}
	repo := t.TempDir()
	model := filepath.Join(repo, "model")
	if err := os.CopyFS(model, os.DirFS(exampleDir)); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "init", "-q")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-qm", "first")
	first := git(t, repo, "rev-parse", "HEAD")

	srv, err := New(Config{ModelDir: model})
	if err != nil {
		t.Fatal(err)
	}
	if v := srv.current.Load().version; v.Commit != first || v.String() != first || v.Hash == "" {
		t.Fatalf("model in a subdirectory of a checkout on a branch: %+v; want commit %s", v, first)
	}

	editParty(t, model, "Cloud Foundation", "Cloud Foundation Team")
	git(t, repo, "commit", "-qam", "second")
	second := git(t, repo, "rev-parse", "HEAD")
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := srv.current.Load().version.Commit; got != second {
		t.Fatalf("after a commit and a reload: %s; want %s", got, second)
	}

	git(t, repo, "pack-refs", "--all", "--prune")
	if _, err := os.Stat(filepath.Join(repo, ".git", "refs", "heads", "main")); err == nil {
		t.Fatal("pack-refs left the loose ref")
	}
	if got, err := gitCommit(model); err != nil || got != second {
		t.Errorf("from packed-refs: %q %v; want %s", got, err, second)
	}

	// git-sync's layout: its root is the repository, each commit is checked
	// out as a detached linked work tree in .worktrees/HASH, and a relative
	// symbolic link (--link) points at the current one.
	wt := filepath.Join(repo, ".worktrees", first)
	git(t, repo, "worktree", "add", "-q", "--detach", wt, first)
	link := filepath.Join(repo, "current")
	if err := os.Symlink(filepath.Join(".worktrees", first), link); err != nil {
		t.Fatal(err)
	}
	if got, err := gitCommit(filepath.Join(link, "model")); err != nil || got != first {
		t.Errorf("through a linked work tree: %q %v; want %s", got, err, first)
	}
	synced, err := New(Config{ModelDir: filepath.Join(link, "model")})
	if err != nil {
		t.Fatal(err)
	}
	if v := synced.current.Load().version; v.Commit != first {
		t.Errorf("serving the git-sync link: version %+v; want commit %s", v, first)
	}

	// A broken .git is not a commit, and the hash still names the model.
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, ".git"), []byte("not a gitdir\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := gitCommit(broken); err == nil {
		t.Errorf("a broken .git gives commit %q", got)
	}
	if v := versionOf(broken, map[string][]byte{filepath.Join(broken, "a.yaml"): []byte("x")}); v.Commit != "" || v.String() != v.Hash {
		t.Errorf("broken checkout: %+v; want the hash", v)
	}
}

// TestStatusMatchesOpenAPI: the status with its version fields matches the
// Status schema, which rejects a status without them.
func TestStatusMatchesOpenAPI(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("openapi.json#/components/schemas/Status")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	body := f.get(t, "/api/v1/status").body
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("/api/v1/status %s: %v", body, err)
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	delete(m, "model_version")
	if schema.Validate(m) == nil {
		t.Error("the Status schema accepts a status without model_version")
	}
}

// TestWatchFollowsSymlinkSwap: as git-sync does, the model directory is a
// symbolic link swapped atomically to a new checkout; the watcher reloads
// and the version changes, and an edit in place under the link is seen too.
func TestWatchFollowsSymlinkSwap(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	for _, d := range []string{a, b} {
		if err := os.CopyFS(d, os.DirFS(exampleDir)); err != nil {
			t.Fatal(err)
		}
	}
	editParty(t, b, "Cloud Foundation", "Cloud Foundation Team")
	link := filepath.Join(root, "current")
	if err := os.Symlink("a", link); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{ModelDir: link, ReloadInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Watch(ctx)
	waitVersion := func(what string, old string) string {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if v := srv.current.Load().version.String(); v != old {
				return v
			}
		}
		t.Fatalf("%s: the version is still %s after 10s", what, old)
		return ""
	}
	v1 := srv.current.Load().version.String()
	tmp := filepath.Join(root, "next")
	if err := os.Symlink("b", tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	v2 := waitVersion("after the link moved to another checkout", v1)
	direct, err := New(Config{ModelDir: b})
	if err != nil {
		t.Fatal(err)
	}
	if want := direct.current.Load().version.Hash; v2 != want {
		t.Errorf("after the swap the version is %s; the files under b, served directly, hash to %s", v2, want)
	}
	editParty(t, b, "Cloud Foundation Team", "Cloud Foundation Squad")
	waitVersion("after an edit in place under the link", v2)
}
