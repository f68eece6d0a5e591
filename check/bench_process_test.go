package check_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/internal/testprocess"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkCheckProcesses runs `demarc check` on size L without and with
// 50 processes of 10–40 steps; the goal is that processes add less than
// 10% (compare the two ns/op).
//
//	go test ./check -run '^$' -bench CheckProcesses -benchmem
func BenchmarkCheckProcesses(b *testing.B) {
	if testing.Short() {
		b.Skip("size L is skipped with -short")
	}
	dir := filepath.Join(b.TempDir(), "L")
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	opts := check.Options{Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	run := func(b *testing.B) {
		var res *check.Result
		for b.Loop() {
			m, lds := load.Dir(dir, load.Options{})
			res = check.Model(m, resolve.New(m), lds, opts)
		}
		if n := res.Diagnostics.Count(diag.Error); n > 0 {
			b.Fatalf("%d errors; first: %v", n, res.Diagnostics[0])
		}
		b.ReportMetric(float64(res.Diagnostics.Count(diag.Warning)), "warnings")
	}
	b.Run("without", run)
	m, _ := load.Dir(dir, load.Options{})
	if err := testprocess.Write(dir, m, 50); err != nil {
		b.Fatal(err)
	}
	b.Run("with-50-processes", run)
}
