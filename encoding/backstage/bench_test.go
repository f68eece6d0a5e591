package backstage_test

import (
	"testing"

	"github.com/demarc-dev/demarc/encoding/backstage"
	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkExportL writes the catalog of the synthetic L model (200
// parties, 12 landing zones, 100,000 tenants) to a discarding writer.
// Loading, resolving and arranging are not timed; bench/exports.sh
// measures the command with its peak memory.
func BenchmarkExportL(b *testing.B) {
	if testing.Short() {
		b.Skip("L model skipped in -short mode")
	}
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	bk := testbook.LoadAny(b, dir)
	var w counter
	for b.Loop() {
		w.n = 0
		if _, err := backstage.Write(&w, bk, backstage.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.n)/1e6, "MB")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
