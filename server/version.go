package server

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// VersionHeader is the response header naming the version of the model
// that answered, so that an operator (or a test) sees when every replica
// behind a load balancer serves the same model.
const VersionHeader = "Demarc-Model-Version"

// modelVersion identifies one loaded model.
type modelVersion struct {
	// Commit is the git commit checked out in the model directory (or the
	// checkout it is in), if it is one: the version people know from their
	// repository and from git-sync.
	Commit string
	// Hash is a SHA-256 of the names and bytes of every file loaded, so
	// that two replicas can be compared even without git, and a checkout
	// with local edits is told apart from its commit.
	Hash string
}

// String is the version shown: the commit when there is one, else the
// content hash.
func (v modelVersion) String() string {
	if v.Commit != "" {
		return v.Commit
	}
	return v.Hash
}

// versionOf returns the version of the model read from dir, whose files
// (by the names the loader used) are sources.
func versionOf(dir string, sources map[string][]byte) modelVersion {
	commit, _ := gitCommit(dir) // not a checkout, or an unreadable one: the hash still tells
	return modelVersion{Commit: commit, Hash: contentHash(dir, sources)}
}

// contentHash hashes the files sorted by name, relative to dir so that
// replicas with the model at different paths agree.
func contentHash(dir string, sources map[string][]byte) string {
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		shown := name
		if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
			shown = filepath.ToSlash(rel)
		}
		// Name and length first: no two different sets of files hash alike.
		fmt.Fprintf(h, "%s\x00%d\x00", shown, len(sources[name]))
		h.Write(sources[name])
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
}

// gitCommit returns the commit checked out in the git work tree that
// contains dir, reading .git the way git does (a directory, or a file
// "gitdir: PATH" as in linked work trees such as git-sync's), without
// running git.
func gitCommit(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		gitDir, err := findGitDir(d)
		if err == nil {
			return resolveHead(gitDir)
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(d) == d {
			return "", os.ErrNotExist
		}
	}
}

// findGitDir returns the git directory of the work tree at dir.
func findGitDir(dir string) (string, error) {
	p := filepath.Join(dir, ".git")
	info, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		return p, nil
	}
	b, err := readSmall(p)
	if err != nil {
		return "", err
	}
	target, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", p)
	}
	target = strings.TrimSpace(target)
	if !filepath.IsAbs(target) {
		target = filepath.Join(dir, target)
	}
	return target, nil
}

// resolveHead reads HEAD in gitDir: a commit (detached, as git-sync leaves
// it) or a symbolic ref to resolve in the loose refs or packed-refs of the
// common directory.
func resolveHead(gitDir string) (string, error) {
	common := gitDir
	if b, err := readSmall(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		common = c
	}
	ref := "HEAD"
	for range 5 { // a symbolic ref may point at another
		var b []byte
		var err error
		if ref == "HEAD" {
			b, err = readSmall(filepath.Join(gitDir, "HEAD"))
		} else {
			b, err = readSmall(filepath.Join(common, filepath.FromSlash(ref)))
			if errors.Is(err, os.ErrNotExist) {
				b, err = packedRef(common, ref)
			}
		}
		if err != nil {
			return "", err
		}
		v := strings.TrimSpace(string(b))
		if next, ok := strings.CutPrefix(v, "ref:"); ok {
			ref = strings.TrimSpace(next)
			if !strings.HasPrefix(ref, "refs/") || strings.Contains(ref, "..") {
				return "", fmt.Errorf("%s: unexpected ref %q", gitDir, ref)
			}
			continue
		}
		if !isObjectID(v) {
			return "", fmt.Errorf("%s: %s is not a commit id", gitDir, ref)
		}
		return v, nil
	}
	return "", fmt.Errorf("%s: symbolic refs nested too deep", gitDir)
}

// packedRef looks ref up in common/packed-refs.
func packedRef(common, ref string) ([]byte, error) {
	f, err := os.Open(filepath.Join(common, "packed-refs"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, name, ok := strings.Cut(sc.Text(), " ")
		if ok && name == ref {
			return []byte(id), nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("ref %s: %w", ref, os.ErrNotExist)
}

// isObjectID reports whether v is a SHA-1 or SHA-256 object id.
func isObjectID(v string) bool {
	if len(v) != 40 && len(v) != 64 {
		return false
	}
	_, err := hex.DecodeString(v)
	return err == nil && strings.ToLower(v) == v
}

// readSmall reads a git metadata file, refusing anything large.
func readSmall(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4<<10))
	return bytes.TrimRight(b, "\n"), err
}

// versionedStatus is the body of /api/v1/status: the state of the files,
// and the version of the model served.
type versionedStatus struct {
	statusView
	ModelVersion string `json:"model_version"`
	ModelCommit  string `json:"model_commit,omitempty"`
	ModelHash    string `json:"model_hash"`
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	a, cur := s.latest.Load(), s.current.Load()
	v := versionedStatus{
		statusView: statusView{
			ModelOK:  a.err == "",
			Errors:   a.report.Summary.Errors,
			Warnings: a.report.Summary.Warnings,
			LoadedAt: a.loadedAt,
			ServedAt: cur.loadedAt,
			Error:    a.err,
		},
		ModelVersion: cur.version.String(),
		ModelCommit:  cur.version.Commit,
		ModelHash:    cur.version.Hash,
	}
	if !a.lastGoodAt.IsZero() {
		t := a.lastGoodAt
		v.LastGoodAt = &t
	}
	w.Header()[VersionHeader] = cur.versionHeader // the version reported, even if a reload came in between
	writeJSON(w, http.StatusOK, v)
}

// writeModelInfo adds the version of the model served to /metrics, as an
// info metric: one series whose labels carry the version.
func (s *Server) writeModelInfo(w io.Writer) {
	cur := s.current.Load()
	fmt.Fprintln(w, "# HELP demarc_model_info The model served: its version (git commit, else content hash), commit and content hash.")
	fmt.Fprintln(w, "# TYPE demarc_model_info gauge")
	fmt.Fprintf(w, "demarc_model_info{version=\"%s\",commit=\"%s\",hash=\"%s\"} 1\n", label(cur.version.String()), label(cur.version.Commit), label(cur.version.Hash))
	fmt.Fprintln(w, "# HELP demarc_model_loaded_timestamp_seconds When the model served was loaded.")
	fmt.Fprintln(w, "# TYPE demarc_model_loaded_timestamp_seconds gauge")
	fmt.Fprintf(w, "demarc_model_loaded_timestamp_seconds %s\n", strconv.FormatFloat(float64(cur.loadedAt.UnixMilli())/1000, 'f', 3, 64))
}
