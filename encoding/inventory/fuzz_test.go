package inventory_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
)

// FuzzRead feeds every reader arbitrary bytes: no panic, every account
// has an id and a position inside the file, and every diagnostic a code,
// a severity and a position inside the file.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.json")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"Accounts": [{"Id": "111122223333", "Tags": [{"Key": "a\u0000", "Value": "b"}]}]}`))
	f.Add([]byte(`[{"projectId": "abcdef", "parent": 7}]`))
	f.Add([]byte(`{"data": {"x": 1}}`))
	f.Add([]byte("\xff"))
	lim := inventory.Limits{MaxFileSize: 1 << 20, MaxValue: 64, MaxTags: 4}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, p := range inventory.Providers {
			accts, ds := inventory.Read(path, p, data, lim)
			// Streaming from the file finds the same accounts at the same
			// places (the in-memory reader also checks UTF-8 up front).
			if utf8.Valid(data) {
				saccts, sds := inventory.ReadFile(path, p, lim)
				if len(saccts) != len(accts) || len(sds) != len(ds) {
					t.Fatalf("%s: streaming read %d accounts, %d diagnostics; in memory %d, %d", p, len(saccts), len(sds), len(accts), len(ds))
				}
				for i := range accts {
					if summary(accts[i]) != summary(saccts[i]) {
						t.Fatalf("%s: streaming %s\nin memory %s", p, summary(saccts[i]), summary(accts[i]))
					}
				}
			}
			for _, a := range accts {
				if a.ID == "" || a.Provider != p || a.Pos.Start.Byte > len(data) || a.Pos.Start.Line < 1 {
					t.Fatalf("%s: bad account %+v", p, a)
				}
				if a.Tags.Len() > lim.MaxTags || !utf8.ValidString(a.Name) {
					t.Fatalf("%s: account beyond the limits %+v", p, a)
				}
			}
			for _, d := range ds {
				if d.Code.Info() == nil || d.Severity == diag.SeverityInvalid || d.Subject.Start.Byte > len(data) || d.Subject.Start.Line < 1 {
					t.Fatalf("%s: bad diagnostic %+v", p, d)
				}
			}
		}
	})
}
