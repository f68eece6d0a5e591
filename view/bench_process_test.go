package view_test

import (
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/internal/testprocess"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
	"github.com/demarc-dev/demarc/view"
)

// lWithProcesses is size L with 50 processes of 10–40 steps, compiled.
func lWithProcesses(b *testing.B) *resolve.Resolver {
	b.Helper()
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
	return resolve.New(m)
}

// BenchmarkRunbookTenant answers one tenant's runbook of the longest
// process on size L, as `who --process` and the API do (the who goal:
// well under 10 ms).
//
//	go test ./view -run '^$' -bench RunbookTenant -benchmem
func BenchmarkRunbookTenant(b *testing.B) {
	r := lWithProcesses(b)
	var longest *model.Process
	for _, p := range r.M.Processes {
		if longest == nil || len(p.Steps) > len(longest.Steps) {
			longest = p
		}
	}
	tenant := r.M.Tenants[len(r.M.Tenants)/2].ID
	steps := 0
	for b.Loop() {
		rb, err := view.ProcessRunbook(r, longest.ID, "", tenant)
		if err != nil {
			b.Fatal(err)
		}
		steps = len(rb.Steps)
	}
	b.ReportMetric(float64(steps), "steps")
}
