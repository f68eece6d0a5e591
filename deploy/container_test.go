package deploy_test

import (
	"bufio"
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The Dockerfile cannot be built here (no container runtime, no registry
// for its base images), so these tests hold it to what it promises by other
// means: its build command, run as written, gives a static binary that
// needs nothing from the image — no C library, no shell, no home, no
// writable file but /tmp — and runs as the image's unprivileged user.

const dockerfile = "../Dockerfile"

// buildCommand is the `go build` of the Dockerfile's build stage, with the
// output path and VERSION filled in.
func buildCommand(t *testing.T, out, version string) string {
	t.Helper()
	b, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build [^\\\n]*?) -o /out/demarc (\./cmd/demarc)`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no `RUN CGO_ENABLED=0 go build … -o /out/demarc ./cmd/demarc` line: update this test with it", dockerfile)
	}
	return strings.ReplaceAll(string(m[1]), "${VERSION}", version) + " -o " + out + " " + string(m[2])
}

var (
	imageOnce sync.Once
	imageDir  string // removed by TestMain
	imageBin  string
	imageErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if imageDir != "" {
		os.RemoveAll(imageDir)
	}
	os.Exit(code)
}

// imageBinary builds demarc as the Dockerfile does, once per test binary.
func imageBinary(t *testing.T) string {
	t.Helper()
	imageOnce.Do(func() {
		dir, err := os.MkdirTemp("", "demarc-image-")
		if err != nil {
			imageErr = err
			return
		}
		imageDir, imageBin = dir, filepath.Join(dir, "demarc")
		os.Chmod(dir, 0o755) // the unprivileged user runs it
		cmd := exec.Command("sh", "-c", buildCommand(t, imageBin, "v0.0.0-image-test"))
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			imageErr = fmt.Errorf("the Dockerfile's build command: %v\n%s", err, out)
		}
	})
	if imageErr != nil {
		t.Fatal(imageErr)
	}
	return imageBin
}

// TestDockerfile: multi-stage, onto distroless static as nonroot, with the
// entry point and port the chart and the docs use.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	var froms []string
	var user, entry string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "FROM":
			froms = append(froms, f[1])
		case "USER":
			user = f[1]
		case "ENTRYPOINT":
			entry = strings.Join(f[1:], " ")
		}
	}
	if len(froms) != 2 || !strings.HasPrefix(froms[0], "golang:") || froms[1] != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("stages %v; want a golang build stage and gcr.io/distroless/static-debian12:nonroot", froms)
	}
	if user != "65532:65532" {
		t.Errorf("USER %q; want 65532:65532 (distroless nonroot, as the chart runs it)", user)
	}
	if entry != `["/usr/local/bin/demarc"]` {
		t.Errorf("ENTRYPOINT %s", entry)
	}
	if !strings.Contains(string(b), "COPY --from=build /out/demarc /usr/local/bin/demarc") {
		t.Error("the binary is not copied from the build stage to /usr/local/bin/demarc")
	}
}

// TestImageBinaryIsStatic: no program interpreter and no shared library,
// so it runs on distroless static (or scratch).
func TestImageBinaryIsStatic(t *testing.T) {
	f, err := elf.Open(imageBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has a program interpreter: it is dynamically linked")
		}
	}
	if libs, err := f.ImportedLibraries(); err == nil && len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}
	out, err := exec.Command(imageBinary(t), "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "demarc v0.0.0-image-test ") {
		t.Errorf("demarc version: %q %v; want the VERSION given to the build", out, err)
	}
}

// TestImageBinaryServesAsNonroot: `demarc serve --example`, the image's
// default command, as uid 65532 with an empty environment and only /tmp to
// write to, answers and drains on SIGTERM.
func TestImageBinaryServesAsNonroot(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	bin := imageBinary(t)
	// Not t.TempDir: its parent is private to this user.
	tmp, err := os.MkdirTemp("", "demarc-image-tmp-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--example", "--no-db", "--allow-anonymous", "--addr", addr)
	cmd.Env = []string{"TMPDIR=" + tmp, "HOME=/nonexistent"}
	cmd.Dir = "/"
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65532, Gid: 65532}}
	} else {
		t.Logf("not root: running as uid %d rather than 65532", os.Getuid())
	}
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	client := &http.Client{Timeout: 2 * time.Second}
	ready := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !ready; time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("serve --example exited: %v\n%s", err, stderr)
		default:
		}
		if res, err := client.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			ready = res.StatusCode == http.StatusOK
		}
	}
	if !ready {
		t.Fatalf("not ready within 30s\n%s", stderr)
	}
	res, err := client.Get("http://" + addr + "/api/v1/who?activity=decommission-tenant&tenant=563956996473")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"accountable"`) || res.Header.Get("Demarc-Model-Version") == "" {
		t.Errorf("who on the bundled example: %d %s", res.StatusCode, body)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v; want 0\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30s after SIGTERM")
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 0 {
		t.Errorf("left %d entries in /tmp after a clean exit", len(entries))
	}
}
