//go:build unix

package load_test

// Files that are not what they seem: named pipes, sockets and devices where
// model files are expected, and symbolic links that lead out of the model.
// Each is the real thing, made in a temporary directory.

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
)

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	return path
}

// unixSocket makes a listening socket at path; the path is kept short,
// since socket paths are limited to about a hundred bytes.
func unixSocket(t *testing.T, path string) string {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Skipf("cannot make a socket here: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	return path
}

// shortTempDir is a temporary directory with a short path, for sockets.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "dm")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func wantOne(t *testing.T, ds diag.Diagnostics, code diag.Code, path string) diag.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code && d.Subject.Filename == path {
			return d
		}
	}
	t.Fatalf("want %s naming %s, got:%s", code, path, dump(ds))
	return diag.Diagnostic{}
}

func TestNamedPipeAmongModelFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	fifo := mkfifo(t, filepath.Join(dir, "rules", "x.yaml"))
	csvFifo := mkfifo(t, filepath.Join(dir, "tenants.csv"))
	mkfifo(t, filepath.Join(dir, "notes")) // not a model file's name: not the model's business
	res, ds, _ := readDir(t, dir, load.Limits{})
	if len(ds) != 2 {
		t.Fatalf("want DM004 for both pipes, got:%s", dump(ds))
	}
	for _, p := range []string{fifo, csvFifo} {
		d := wantOne(t, ds, diag.NotRegularFile, p)
		if !strings.Contains(d.Summary, "named pipe") {
			t.Errorf("the summary should say what the file is: %q", d.Summary)
		}
	}
	if len(res.Files) != 1 {
		t.Errorf("the regular file still loads; got %d files", len(res.Files))
	}
}

func TestSocketAmongModelFiles(t *testing.T) {
	dir := shortTempDir(t)
	writeFile(t, dir, "a.yaml", party("a"))
	sock := unixSocket(t, filepath.Join(dir, "s.yaml"))
	_, ds, _ := readDir(t, dir, load.Limits{})
	d := wantOne(t, ds, diag.NotRegularFile, sock)
	if !strings.Contains(d.Summary, "socket") {
		t.Errorf("the summary should say it is a socket: %q", d.Summary)
	}
}

func TestDeviceAmongModelFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	dev := filepath.Join(dir, "zero.yaml")
	// /dev/zero's numbers on Linux; making a device needs privileges.
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o644, 1<<8|5); err != nil {
		t.Skipf("cannot make a device here: %v", err)
	}
	_, ds, c := readDir(t, dir, load.Limits{})
	if d := wantOne(t, ds, diag.NotRegularFile, dev); !strings.Contains(d.Summary, "device") {
		t.Errorf("the summary should say it is a device: %q", d.Summary)
	}
	if c.alloc > 8<<20 {
		t.Errorf("an endless device must not be read: %d MiB allocated", c.alloc>>20)
	}
}

// TestNamedPipeAsModel: the model argument and the configuration as pipes.
func TestNamedPipeAsModel(t *testing.T) {
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "model.yaml"))
	_, ds, _ := readDir(t, fifo, load.Limits{})
	wantOne(t, ds, diag.NotRegularFile, fifo)

	model := t.TempDir()
	writeFile(t, model, "a.yaml", party("a"))
	cfg := mkfifo(t, filepath.Join(model, load.ConfigFile))
	var project *load.Project
	measure(t, hostileTime, func() { project, ds = load.ReadConfig(model) })
	wantOne(t, ds, diag.NotRegularFile, cfg)
	if project == nil || project.Limits != load.DefaultLimits {
		t.Errorf("a refused configuration leaves the default limits, got %+v", project)
	}
}

// TestNamedPipeBehindLink: a link inside the model to a pipe inside it is
// refused too; the decision follows the link.
func TestNamedPipeBehindLink(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	mkfifo(t, filepath.Join(dir, "data", "pipe"))
	link := filepath.Join(dir, "rules.yaml")
	symlink(t, "data/pipe", link)
	_, ds, _ := readDir(t, dir, load.Limits{})
	wantOne(t, ds, diag.NotRegularFile, link)
}

const secret = "root:x:0:0:SECRET-MARKER-3f9c"

// outside writes a file outside any model directory holding the secret
// marker, as valid YAML so that a loader that followed the link would echo
// it in a diagnostic (an unknown key), and returns its path.
func outside(t *testing.T, name string) string {
	t.Helper()
	return writeFile(t, t.TempDir(), name, "\""+secret+"\": 1\nparties: [{id: \""+secret+"\"}]\n")
}

// noSecret fails when the marker appears in any diagnostic or source.
func noSecret(t *testing.T, ds diag.Diagnostics, sources map[string][]byte) {
	t.Helper()
	for _, d := range ds {
		text := d.Summary + d.Detail + d.Suggestion + d.Path
		for _, r := range d.Related {
			text += r.Message
		}
		if strings.Contains(text, "SECRET-MARKER") {
			t.Errorf("a diagnostic shows the outside file's content: %v", d)
		}
	}
	for name, data := range sources {
		if strings.Contains(string(data), "SECRET-MARKER") {
			t.Errorf("the outside file was read as source %s", name)
		}
	}
}

func TestSymlinkLeavingTheModel(t *testing.T) {
	secretFile := outside(t, "passwd.yaml")
	secretDir := filepath.Dir(secretFile)
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	writeFile(t, dir, "inside/b.yaml", party("b"))
	abs := filepath.Join(dir, "rules", "x.yaml")
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, secretFile, abs)
	rel, _ := filepath.Rel(dir, secretFile)
	relLink := filepath.Join(dir, "rel.yaml")
	symlink(t, rel, relLink)
	folder := filepath.Join(dir, "shared")
	symlink(t, secretDir, folder)
	symlink(t, "inside/b.yaml", filepath.Join(dir, "alias.yml")) // stays inside: followed
	symlink(t, secretFile, filepath.Join(dir, "README"))         // not a model file, not a folder: ignored

	res, ds, _ := readDir(t, dir, load.Limits{})
	noSecret(t, ds, res.Sources)
	for _, link := range []string{abs, relLink, folder} {
		d := wantOne(t, ds, diag.LinkLeavesModel, link)
		if strings.Contains(d.Summary+d.Detail, secretDir) {
			t.Errorf("the diagnostic should name the link, not its target: %v", d)
		}
	}
	if len(ds) != 3 {
		t.Errorf("want exactly the three links reported, got:%s", dump(ds))
	}
	if len(res.Files) != 3 {
		t.Errorf("a.yaml, inside/b.yaml and the link alias.yml load; got %d files from %v", len(res.Files), keys(res.Sources))
	}
	m, bds := load.Build(res)
	noSecret(t, bds, m.Sources)
}

// TestSymlinkLeavingTheModelAsConfig: .demarc.yaml may not lead out either.
func TestSymlinkLeavingTheModelAsConfig(t *testing.T) {
	secretFile := outside(t, "config.yaml")
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	cfg := filepath.Join(dir, load.ConfigFile)
	symlink(t, secretFile, cfg)
	project, ds := load.ReadConfig(dir)
	wantOne(t, ds, diag.LinkLeavesModel, cfg)
	noSecret(t, ds, project.Sources)

	// Inside the model the link works.
	writeFile(t, dir, "config/demarc.yaml", "limits: {max_files: 7}\n")
	os.Remove(cfg)
	symlink(t, "config/demarc.yaml", cfg)
	project, ds = load.ReadConfig(dir)
	if len(ds) != 0 || project.Limits.MaxFiles != 7 {
		t.Errorf("a configuration linked inside the model is read; max_files %d:%s", project.Limits.MaxFiles, dump(ds))
	}
}

// TestSymlinkLeavingThroughFolder: a path through a linked folder inside
// the model that itself leads out is refused at the file.
func TestSymlinkLeavingThroughFolder(t *testing.T) {
	secretFile := outside(t, "x.yaml")
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", party("a"))
	writeFile(t, dir, "sub/keep.yaml", party("k"))
	symlink(t, filepath.Dir(secretFile), filepath.Join(dir, "sub", "out"))
	symlink(t, "sub", filepath.Join(dir, "zz-again")) // read after sub: found once, by its own name
	res, ds, _ := readDir(t, dir, load.Limits{})
	noSecret(t, ds, res.Sources)
	wantOne(t, ds, diag.LinkLeavesModel, filepath.Join(dir, "sub", "out"))
	if len(res.Files) != 2 {
		t.Errorf("want a.yaml and sub/keep.yaml once each, got %v", keys(res.Sources))
	}
}
