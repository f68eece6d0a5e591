package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A model at a git revision is read from the repository's objects with
// `git ls-tree` and `git cat-file --batch`: nothing is checked out, the
// working tree and index are untouched, and unlike `git archive` no
// export-ignore or export-subst attribute alters what is read. The git
// command line is the one every repository already needs, so no library is
// added for it.

// gitModel is a model directory as a revision has it, extracted to a
// temporary folder that remove deletes.
type gitModel struct {
	dir    string // the extracted model directory
	label  string // "main (3f2a9c1)"
	remove func()
}

// extractRevision writes the model files of modelDir as revision rev has
// them into a new temporary folder. modelDir must be inside a git working
// tree.
func extractRevision(ctx context.Context, modelDir, rev string) (*gitModel, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, withHint(fmt.Errorf("%q is not a directory, and reading it as a git revision needs git, which is not installed", rev), "install git, or give two model directories")
	}
	// The model directory may be gone from the working tree and still be
	// in the revision: ask git from its nearest existing parent.
	gitDir, rest, err := existingParent(modelDir)
	if err != nil {
		return nil, err
	}
	prefix, err := git(ctx, gitDir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, withHint(fmt.Errorf("%q is not a directory, and %s is not in a git repository to read it as a revision from: %v", rev, modelDir, err),
			"give two model directories, or run demarc diff inside the repository that holds the model (or with --model DIR)")
	}
	prefix = path.Join(strings.TrimSpace(prefix), rest)
	if prefix == "." {
		prefix = ""
	}
	commit, err := git(ctx, gitDir, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, withHint(fmt.Errorf("%q is neither a directory nor a git revision of the repository at %s", rev, modelDir),
			"give a branch, tag or commit (`git log --oneline`), or an existing model directory")
	}
	commit = strings.TrimSpace(commit)
	listing, err := git(ctx, gitDir, nil, "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit+":"+prefix)
	if err != nil {
		shown := prefix
		if shown == "" {
			shown = "the repository root"
		}
		return nil, withHint(fmt.Errorf("the model directory %s (%s) does not exist in revision %s", modelDir, shown, rev),
			"compare with a revision that has the model, or give its directory with --model")
	}
	entries, err := parseTree(listing)
	if err != nil {
		return nil, fmt.Errorf("reading revision %s of %s: %w", rev, modelDir, err)
	}
	tmp, err := os.MkdirTemp("", "demarc-diff-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary folder for revision %s: %w", rev, err)
	}
	gm := &gitModel{dir: tmp, label: fmt.Sprintf("%s (%s)", rev, commit[:min(len(commit), 12)]), remove: func() { os.RemoveAll(tmp) }}
	if err := writeTree(ctx, gitDir, tmp, entries); err != nil {
		gm.remove()
		return nil, fmt.Errorf("reading revision %s of %s: %w", rev, modelDir, err)
	}
	return gm, nil
}

// existingParent returns the nearest existing directory of dir and the
// slash-separated path from it to dir.
func existingParent(dir string) (string, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	var rest []string
	for {
		if info, err := os.Stat(abs); err == nil && info.IsDir() {
			slices.Reverse(rest)
			return abs, path.Join(rest...), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", "", fmt.Errorf("no directory of %s exists", dir)
		}
		rest = append(rest, filepath.Base(abs))
		abs = parent
	}
}

// treeEntry is one blob of `git ls-tree -r`.
type treeEntry struct {
	mode, object, name string
}

func parseTree(listing string) ([]treeEntry, error) {
	var out []treeEntry
	for rec := range strings.SplitSeq(listing, "\x00") {
		if rec == "" {
			continue
		}
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("unexpected git ls-tree output %q", rec)
		}
		if f[1] != "blob" {
			continue // a submodule holds no model files of this repository
		}
		out = append(out, treeEntry{mode: f[0], object: f[2], name: name})
	}
	return out, nil
}

// isModelPath reports whether the loader may read the file: model files and
// the project configuration. Other files are not extracted.
func isModelPath(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

// writeTree writes the entries' blobs under dir, through an os.Root so that
// no name or symbolic link can write outside it.
func writeTree(ctx context.Context, repoDir, dir string, entries []treeEntry) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	var want []treeEntry
	for _, e := range entries {
		if e.mode == "120000" || isModelPath(e.name) {
			want = append(want, e)
		}
	}
	if len(want) == 0 {
		return nil
	}
	var ids bytes.Buffer
	for _, e := range want {
		ids.WriteString(e.object + "\n")
	}
	cmd := exec.CommandContext(ctx, "git", "-C", repoDir, "cat-file", "--batch")
	cmd.Stdin = &ids
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	r := bufio.NewReader(stdout)
	werr := func() error {
		for _, e := range want {
			size, err := readBatchHeader(r, e.object)
			if err != nil {
				return err
			}
			name := filepath.FromSlash(e.name)
			if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return err
			}
			if err := writeBlob(root, name, e.mode == "120000", r, size); err != nil {
				return err
			}
			if b, err := r.ReadByte(); err != nil || b != '\n' {
				return errors.New("git cat-file: object not followed by a newline")
			}
		}
		return nil
	}()
	_, _ = io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

// readBatchHeader reads the "<oid> <type> <size>\n" line before an
// object's content and returns the size.
func readBatchHeader(r *bufio.Reader, want string) (int64, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("git cat-file: reading object %s: %w", want, err)
	}
	f := strings.Fields(header)
	if len(f) != 3 || f[0] != want {
		return 0, fmt.Errorf("git cat-file: unexpected answer %q for object %s", strings.TrimSpace(header), want)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return 0, fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(header))
	}
	return size, nil
}

// maxLinkTarget bounds the target of a symbolic link read from git.
const maxLinkTarget = 4096

// writeBlob writes size bytes of r as file name, or as a symbolic link to
// them. Files are streamed, so a large one costs no memory; the loader
// applies its size limits when it reads them.
func writeBlob(root *os.Root, name string, link bool, r io.Reader, size int64) error {
	if link {
		if size > maxLinkTarget {
			return fmt.Errorf("symbolic link %s: target longer than %d bytes", name, maxLinkTarget)
		}
		target := make([]byte, size)
		if _, err := io.ReadFull(r, target); err != nil {
			return err
		}
		// The loader follows links only while they stay inside the model,
		// as it does in a working tree.
		return root.Symlink(string(target), name)
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, r, size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// git runs git in dir and returns its standard output.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return stdout.String(), nil
}
