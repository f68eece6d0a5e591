package oscal_test

import (
	"io"
	"testing"

	"github.com/demarc-dev/demarc/encoding/oscal"
	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkExportL exports the synthetic L model (200 parties, 600
// services, 12 landing zones, 400 activities): every document written to
// a discarding writer. Loading, resolving and arranging are not timed.
// The figures with the command's peak memory: bench/exports.sh.
func BenchmarkExportL(b *testing.B) {
	if testing.Short() {
		b.Skip("L model skipped in -short mode")
	}
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	benchmarkExport(b, dir)
}

// BenchmarkExportExample exports examples/enterprise.
func BenchmarkExportExample(b *testing.B) { benchmarkExport(b, example) }

func benchmarkExport(b *testing.B, dir string) {
	bk := testbook.LoadAny(b, dir)
	var size int64
	for b.Loop() {
		x, err := oscal.Build(bk, oscal.Options{})
		if err != nil {
			b.Fatal(err)
		}
		w := &counter{}
		for _, d := range x.Documents {
			if err := d.Encode(w); err != nil {
				b.Fatal(err)
			}
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)
