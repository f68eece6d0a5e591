package load

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// ReadDir reads every model file (*.yaml, *.yml, *.csv) under dir, skipping
// hidden files and folders, within limits.MaxLoadTime.
func ReadDir(dir string, limits Limits) (*Result, diag.Diagnostics) {
	return ReadDirContext(context.Background(), dir, limits)
}

// ReadDirContext is ReadDir that also stops when ctx is done.
//
// Only regular files inside dir are read: symbolic links are followed as
// long as they stay inside dir (loops are reported, not followed), and
// named pipes, sockets and devices are reported without being opened. A
// limit that stops the load (too many files, tenants, or too much time) is
// reported once, and the result is marked incomplete so that later stages
// do not bury it under findings that are only its consequences.
func ReadDirContext(ctx context.Context, dir string, limits Limits) (*Result, diag.Diagnostics) {
	limits = limits.orDefault()
	ctx, cancel := context.WithTimeout(ctx, limits.MaxLoadTime)
	defer cancel()
	var ds diag.Diagnostics
	res := &Result{Sources: map[string][]byte{}}
	info, err := os.Stat(dir)
	if err != nil {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: dir}, "cannot read model directory %s: %v", dir, unwrapPathError(err)).
			WithDetail("Give the directory that holds the model's YAML files, or run `demarc init DIR` to create one.")
		return res, ds
	}
	if !info.IsDir() {
		readSingleFile(res, dir, info, limits, &ds)
		return res, ds
	}
	mfs, err := openModelFS(dir)
	if err != nil {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: dir}, "cannot read model directory %s: %v", dir, unwrapPathError(err)).
			WithDetail("Check the directory's permissions.")
		return res, ds
	}
	defer mfs.close()
	w := &walker{ctx: ctx, fs: mfs, limits: limits, res: res, ds: &ds, visited: map[string]bool{}}
	w.walk(".", 0)
	if w.timedOut(dir, formatCount(w.count)+" model files found so far") {
		return res, ds
	}
	if w.count > limits.MaxFiles {
		res.stopped(&ds, diag.Range{Filename: dir},
			"Raise limits.max_files in "+filepath.Join(dir, ConfigFile)+" if the model really is this large, or keep files that are not part of the model out of its directory.",
			"%s holds %s model files, more than the limit of %s (limits.max_files); the model is not loaded", dir, formatCount(w.count), formatCount(limits.MaxFiles))
		return res, ds
	}
	if len(w.files) == 0 && !ds.HasErrors() {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: dir}, "no model files (*.yaml, *.yml, *.csv) in %s", dir).
			WithDetail("Give the directory that holds the model, or create one with `demarc init %s`.", dir)
	}
	sort.Slice(w.files, func(i, j int) bool { return w.files[i].shown < w.files[j].shown })
	for i, f := range w.files {
		if w.timedOut(dir, formatCount(i)+" of "+formatCount(len(w.files))+" model files read") {
			return res, ds
		}
		if data, ok := mfs.read(f.rel, f.shown, limits.MaxFileSize, raiseFileSize, &ds); ok {
			res.add(f.shown, data, limits, &ds)
		}
	}
	res.checkTenants(limits, &ds)
	res.markIncomplete(ds)
	return res, ds
}

// readSingleFile loads a model given as one file rather than a directory.
// The file's own directory is the root, so a link still cannot lead
// anywhere else.
func readSingleFile(res *Result, path string, info fs.FileInfo, limits Limits, ds *diag.Diagnostics) {
	if !info.Mode().IsRegular() {
		notRegular(ds, path, info.Mode())
		return
	}
	real, err := filepath.EvalSymlinks(path) // the user named this file: follow their link
	if err != nil {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: path}, "cannot read %s: %v", path, unwrapPathError(err))
		return
	}
	mfs, err := openModelFS(filepath.Dir(real))
	if err != nil {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: path}, "cannot read %s: %v", path, unwrapPathError(err))
		return
	}
	defer mfs.close()
	if data, ok := mfs.read(filepath.Base(real), path, limits.MaxFileSize, raiseFileSize, ds); ok {
		res.add(path, data, limits, ds)
		res.checkTenants(limits, ds)
		res.markIncomplete(*ds)
	}
}

type walker struct {
	ctx     context.Context
	fs      *modelFS
	limits  Limits
	res     *Result
	ds      *diag.Diagnostics
	visited map[string]bool // folders read, by their real path
	files   []foundFile     // the first limits.MaxFiles model files
	count   int             // model files seen
	late    bool            // the time limit was reported
}

type foundFile struct{ rel, shown string }

// timedOut reports the time limit once, when it was reached, saying how far
// the load got.
func (w *walker) timedOut(dir, progress string) bool {
	if w.ctx.Err() == nil {
		return false
	}
	if !w.late {
		w.late = true
		detail := "A model directory on a slow or hung network file system can cause this. Raise limits.max_load_time in " + filepath.Join(dir, ConfigFile) + " if the model really needs longer."
		if errors.Is(w.ctx.Err(), context.Canceled) {
			detail = "The load was cancelled."
		}
		w.res.stopped(w.ds, diag.Range{Filename: dir}, detail,
			"loading %s stopped at the limit of %s (limits.max_load_time), with %s", dir, w.limits.MaxLoadTime, progress)
	}
	return true
}

func (w *walker) walk(rel string, depth int) {
	if w.ctx.Err() != nil {
		return
	}
	shown := w.fs.shown(rel)
	// Folders are told apart by their real path, so a link back to a
	// folder already read (a loop or an alias) is not read twice. os.Root
	// has checked that the path stays inside the model.
	real, err := filepath.EvalSymlinks(shown)
	if err != nil {
		w.ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "cannot resolve %s: %v", shown, unwrapPathError(err)).
			WithDetail("A symbolic link points nowhere or loops back on itself. Remove or fix the link.")
		return
	}
	if w.visited[real] {
		return
	}
	w.visited[real] = true
	if depth > MaxFolderDepth {
		w.ds.Add(diag.InputLimit, diag.Range{Filename: shown}, "folders nested more than %d deep under %s; the deeper ones are not read", MaxFolderDepth, w.fs.dir).
			WithDetail("No model needs this; it is usually a generated tree or a chain of links. Move the model files up.")
		return
	}
	entries, err := w.readFolder(rel)
	if err != nil {
		w.ds.Add(diag.UnreadableInput, diag.Range{Filename: shown}, "cannot read folder %s: %v", shown, unwrapPathError(err)).
			WithDetail("Check the folder's permissions.")
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		crel, cshown := filepath.Join(rel, name), filepath.Join(shown, name)
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			st, err := w.fs.root.Stat(crel)
			switch {
			case err == nil:
				typ = st.Mode().Type()
			case w.fs.escapes(err):
				if isModelFile(name) || w.fs.leavesToFolder(crel) {
					leavesModel(w.ds, cshown, w.fs.dir)
				}
				continue
			default:
				if isModelFile(name) || !errors.Is(err, fs.ErrNotExist) {
					w.ds.Add(diag.UnreadableInput, diag.Range{Filename: cshown}, "cannot follow symbolic link %s: %v", cshown, unwrapPathError(err)).
						WithDetail("The link is broken or loops back on itself. Remove or fix it.")
				}
				continue
			}
		}
		switch {
		case typ.IsDir():
			w.walk(crel, depth+1)
		case !isModelFile(name):
		case !typ.IsRegular():
			notRegular(w.ds, cshown, typ)
		default:
			w.count++
			if w.count <= w.limits.MaxFiles {
				w.files = append(w.files, foundFile{crel, cshown})
			}
		}
	}
}

// readFolder lists a folder of the model, sorted by name.
func (w *walker) readFolder(rel string) ([]fs.DirEntry, error) {
	f, err := w.fs.root.OpenFile(rel, openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, errors.New("it was replaced by a file while being read")
	}
	entries, err := f.ReadDir(-1)
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, err
}

// checkTenants stops the load when the model lists more tenants than the
// limit, dropping them all: the model is incomplete either way, and a
// server should not hold millions of tenants it will not serve.
func (r *Result) checkTenants(limits Limits, ds *diag.Diagnostics) {
	total := 0
	var at diag.Range
	for _, f := range r.Files {
		if total <= limits.MaxTenants && total+len(f.Tenants) > limits.MaxTenants {
			t := f.Tenants[limits.MaxTenants-total]
			at = t.Pos()
		}
		total += len(f.Tenants)
	}
	if total <= limits.MaxTenants {
		return
	}
	for _, f := range r.Files {
		f.Tenants = nil
	}
	r.stopped(ds, at, "Raise limits.max_tenants in "+ConfigFile+" if the model really has this many tenants; memory grows with each one.",
		"the model lists %s tenants, more than the limit of %s (limits.max_tenants); the first tenant past the limit is here", formatCount(total), formatCount(limits.MaxTenants))
}
