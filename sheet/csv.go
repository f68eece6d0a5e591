package sheet

import (
	"encoding/csv"
	"os"
	"path/filepath"

	"github.com/demarc-dev/demarc/view"
)

// WriteCSV writes one CSV file per sheet of the workbook into dir:
// overview.csv, matrix-<landing zone id>.csv for each landing zone (whole,
// as CSV has no row limit), parties.csv, decisions.csv and tenants.csv. The
// files are UTF-8 with a header row and CRLF line ends (RFC 4180), and
// their cells are neutralised like the workbook's. It returns the paths
// written, in workbook order.
func WriteCSV(dir string, b *view.Book) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, t := range tables(b) {
		path := filepath.Join(dir, t.file)
		if err := writeCSV(path, t); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeCSV(path string, t *table) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := csv.NewWriter(f)
	w.UseCRLF = true
	rec := make([]string, len(t.header))
	for i, h := range t.header {
		rec[i] = Neutralise(h)
	}
	if err := w.Write(rec); err != nil {
		return err
	}
	t.rows(func(r []string) bool {
		for i := range rec {
			rec[i] = ""
			if i < len(r) {
				rec[i] = Neutralise(r[i])
			}
		}
		err = w.Write(rec)
		return err == nil
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}
