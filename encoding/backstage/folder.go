package backstage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

// LocationSpec is the spec of a Location.
// Without a type, the targets take the type of the location that read it
// (a file or a URL), resolved relative to it.
type LocationSpec struct {
	Type    string   `yaml:"type,omitempty" json:"type,omitempty"`
	Targets []string `yaml:"targets" json:"targets"`
}

// folderFiles are the files of a folder export, by kind, in the order
// the Location lists them.
var folderFiles = []struct{ kind, file string }{
	{"Group", "groups.yaml"}, {"User", "users.yaml"}, {"System", "systems.yaml"}, {"Resource", "resources.yaml"},
}

// WriteFolder writes the catalog into dir: a file per kind and a
// catalog-info.yaml Location that points at them, to register in
// app-config.yaml. It returns the entities per kind as Write does.
func WriteFolder(dir string, b *view.Book, opts Options) (string, error) {
	if err := checkOwners(b); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	type out struct {
		f *os.File
		w *bufio.Writer
		n int
	}
	files := map[string]*out{}
	var errs []error
	closeAll := func() error {
		for _, o := range files {
			errs = append(errs, o.w.Flush(), o.f.Close())
		}
		return errors.Join(errs...)
	}
	var targets []string
	for _, ff := range folderFiles {
		f, err := os.Create(filepath.Join(dir, ff.file))
		if err != nil {
			closeAll()
			return "", err
		}
		o := &out{f: f, w: bufio.NewWriterSize(f, 1<<20)}
		files[ff.kind] = o
		targets = append(targets, "./"+ff.file)
		if _, err := io.WriteString(o.w, header); err != nil {
			closeAll()
			return "", err
		}
	}
	counts := &Catalog{}
	err := each(b, opts, func(e Entity) error {
		o := files[e.Kind]
		if o == nil {
			return fmt.Errorf("entity of kind %s has no file", e.Kind)
		}
		if o.n > 0 {
			if _, err := io.WriteString(o.w, "---\n"); err != nil {
				return err
			}
		}
		o.n++
		counts.Entities = append(counts.Entities, Entity{Kind: e.Kind})
		return encodeYAML(o.w, e)
	})
	if err := errors.Join(err, closeAll()); err != nil {
		return "", err
	}
	name := "demarc"
	if org := strings.TrimSpace(b.Organisation.Name); org != "" {
		name = Name("demarc-" + strings.ToLower(org))
	}
	loc := Entity{APIVersion: APIVersion, Kind: "Location",
		Metadata: Metadata{Name: name, Description: "The shared responsibility model's teams, landing zones, services and tenants, written by demarc."},
		Spec:     LocationSpec{Targets: targets}}
	f, err := os.Create(filepath.Join(dir, "catalog-info.yaml"))
	if err != nil {
		return "", err
	}
	w := bufio.NewWriter(f)
	if _, err := io.WriteString(w, header); err != nil {
		f.Close()
		return "", err
	}
	if err := encodeYAML(w, loc); err != nil {
		f.Close()
		return "", err
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return "", err
	}
	return counts.Count() + ", 1 Location", nil
}
