package check_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkCheck runs what `demarc check DIR` does on a synthetic model:
// load the files, compile the resolver, resolve every cell and check. The
// model is generated once, outside the timed loop.
//
//	go test ./check -run '^$' -bench Check -benchmem
func BenchmarkCheck(b *testing.B) {
	for _, size := range []synth.Size{synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			if size.Name == synth.L.Name && testing.Short() {
				b.Skip("size L is skipped with -short")
			}
			dir := filepath.Join(b.TempDir(), size.Name)
			if _, err := synth.Write(dir, size); err != nil {
				b.Fatal(err)
			}
			opts := check.Options{Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
			var res *check.Result
			for b.Loop() {
				m, lds := load.Dir(dir, load.Options{})
				res = check.Model(m, resolve.New(m), lds, opts)
			}
			if n, w := res.Diagnostics.Count(diag.Error), res.Diagnostics.Count(diag.Warning); n+w > 0 {
				b.Fatalf("size %s: %d errors, %d warnings; first: %v", size.Name, n, w, res.Diagnostics[0])
			}
			b.ReportMetric(float64(res.Summary.Cells), "cells/op")
		})
	}
}
