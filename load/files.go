package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/demarc-dev/demarc/diag"
)

// modelFS reads the files of one model directory through an os.Root, so
// nothing outside the directory is ever opened: a symbolic link that leads
// out of it is refused by the operating system, not by string checks that a
// link or a rename could outwit. Links inside the directory still work.
type modelFS struct {
	root *os.Root
	dir  string // the directory as the user named it, for diagnostics
	// escape is the error os.Root returns for a path that leaves it; Go
	// does not export it, so it is learnt from the root itself.
	escape error
}

func openModelFS(dir string) (*modelFS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	m := &modelFS{root: r, dir: dir}
	if _, err := r.Lstat(".."); err != nil {
		m.escape = unwrapPathError(err)
	}
	return m, nil
}

func (m *modelFS) close() { m.root.Close() }

// shown is the name of rel in diagnostics: the path the user would type.
func (m *modelFS) shown(rel string) string { return filepath.Join(m.dir, rel) }

// escapes reports whether err says a path leads out of the root.
func (m *modelFS) escapes(err error) bool {
	return m.escape != nil && errors.Is(unwrapPathError(err), m.escape)
}

// leavesToFolder reports whether the link rel, which leads out of the
// model, names a folder. It only asks for the target's type (stat opens
// nothing), so a link to a folder of rules outside the model is reported
// instead of silently missing those rules, while a link such as
// LICENSE → ../LICENSE is none of the model's business.
func (m *modelFS) leavesToFolder(rel string) bool {
	st, err := os.Stat(m.shown(rel))
	return err == nil && st.IsDir()
}

// openFlags open without blocking: a FIFO put in place of a file between the
// check and the open must not hang the load. Regular files ignore the flag.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// read returns the bytes of the regular file rel, shown as shown. It decides
// by the file's type, before opening it, that it is a regular file inside
// the model: named pipes, sockets and devices are refused, since opening or
// reading them can block for ever or have side effects. A file over the size
// limit is refused without being read.
// raise says how to raise the size limit.
func (m *modelFS) read(rel, shown string, limit int64, raise string, ds *diag.Diagnostics) ([]byte, bool) {
	info, ok := m.classify(rel, shown, ds)
	if !ok {
		return nil, false
	}
	if !info.Mode().IsRegular() {
		notRegular(ds, shown, info.Mode())
		return nil, false
	}
	if info.Size() > limit {
		fileTooLarge(ds, shown, limit, raise)
		return nil, false
	}
	f, err := m.root.OpenFile(rel, openFlags, 0)
	if err != nil {
		if m.escapes(err) {
			leavesModel(ds, shown, m.dir)
		} else {
			ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "cannot read %s: %v", shown, unwrapPathError(err)).
				WithDetail("Check the file's permissions.")
		}
		return nil, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || !os.SameFile(st, info) {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "%s was replaced while it was being read", shown).
			WithDetail("Another program changed the model while demarc read it. Run the command again once the files are written.")
		return nil, false
	}
	// ReadFrom grows the buffer (doubling it) whenever less than MinRead
	// bytes are free, even when only the end of the file is left: room
	// for MinRead beyond the size lets it read the whole file in place.
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead)
	n, err := buf.ReadFrom(&limitedReader{f: f, n: limit + 1})
	if err != nil {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "cannot read %s: %v", shown, unwrapPathError(err))
		return nil, false
	}
	if n > limit { // the file grew since it was measured
		fileTooLarge(ds, shown, limit, raise)
		return nil, false
	}
	return buf.Bytes(), true
}

// classify returns the file information of rel, following a symbolic link
// only as long as it stays inside the model. A link that leaves is
// reported, naming the link and never what it points to.
func (m *modelFS) classify(rel, shown string, ds *diag.Diagnostics) (fs.FileInfo, bool) {
	info, err := m.root.Lstat(rel)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		info, err = m.root.Stat(rel)
	}
	switch {
	case err == nil:
		return info, true
	case m.escapes(err):
		leavesModel(ds, shown, m.dir)
	default:
		ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "cannot read %s: %v", shown, unwrapPathError(err)).
			WithDetail("Check that the file exists and its permissions.")
	}
	return nil, false
}

func fileTooLarge(ds *diag.Diagnostics, shown string, limit int64, raise string) {
	ds.Add(diag.InputLimit, diag.Range{Filename: shown}, "%s is larger than the limit of %s", shown, formatBytes(limit)).
		WithDetail("%s", raise)
}

// raiseFileSize is how to raise the size limit of model files.
var raiseFileSize = "Split the file, or raise limits.max_file_size in " + ConfigFile + "."

func leavesModel(ds *diag.Diagnostics, link, dir string) {
	ds.Add(diag.LinkLeavesModel, diag.Range{Filename: link}, "%s is a symbolic link that leads outside the model directory %s; it is not read", link, dir).
		WithDetail("demarc reads only files inside the model directory. Move or copy the file into %s, or remove the link.", dir)
}

func notRegular(ds *diag.Diagnostics, shown string, mode fs.FileMode) {
	ds.Add(diag.NotRegularFile, diag.Range{Filename: shown}, "%s is %s, not a regular file; it is not read", shown, fileKind(mode)).
		WithDetail("Model files are regular files. Reading a pipe, socket or device could wait for ever; replace it with a regular file or remove it.")
}

// fileKind names a file type for people.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a block device"
	case mode.IsDir():
		return "a folder"
	}
	return "a special file"
}
