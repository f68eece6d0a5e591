// Package examples holds the bundled example models, embedded in the
// demarc binary so that `demarc serve --example` needs no checkout.
package examples

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed enterprise
var enterprise embed.FS

// Enterprise is the Northwind example (examples/enterprise): a fictional
// multi-cloud insurer. Its files are at the root of the file system.
var Enterprise fs.FS = mustSub(enterprise, "enterprise")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}

// Extract writes the files of src into dir, which must exist, keeping the
// folder structure. Folders are created 0755, files 0644.
func Extract(src fs.FS, dir string) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			if p == "." {
				return nil
			}
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("extracting %s: not a regular file", p)
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
