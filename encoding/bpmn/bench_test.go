package bpmn_test

import (
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/encoding/bpmn"
	"github.com/demarc-dev/demarc/internal/testprocess"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
	"github.com/demarc-dev/demarc/view"
)

// BenchmarkExportL exports all 50 processes of size L with processes in
// every landing zone, as `demarc export bpmn` does after loading (the goal:
// under 2 s for all of them).
//
//	go test ./encoding/bpmn -run '^$' -bench ExportL -benchmem
func BenchmarkExportL(b *testing.B) {
	if testing.Short() {
		b.Skip("size L is skipped with -short")
	}
	dir := filepath.Join(b.TempDir(), "L")
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	m, _ := load.Dir(dir, load.Options{})
	if err := testprocess.Write(dir, m, 50); err != nil {
		b.Fatal(err)
	}
	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	r := resolve.New(m)
	files, bytes := 0, 0
	for b.Loop() {
		files, bytes = 0, 0
		for _, p := range m.Processes {
			for _, z := range view.ProcessZones(m, p) {
				rb, err := view.ProcessRunbook(r, p.ID, z, "")
				if err != nil {
					b.Fatal(err)
				}
				bytes += len(bpmn.Encode(rb))
				files++
			}
		}
	}
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(bytes), "bytes")
}
