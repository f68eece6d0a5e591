package resolve_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// Benchmarks on the synthetic models of package synth. Each size is
// generated and loaded once per test binary, outside the timed loops; the
// files are removed as soon as the model is in memory.
//
//	go test ./resolve -run '^$' -bench . -benchmem
//	go test ./resolve -run '^$' -bench 'Summarize/L' -cpuprofile cpu.out

type benchModel struct {
	once sync.Once
	m    *model.Model
	err  error
}

var benchModels sync.Map // size name → *benchModel

// synthModel returns the loaded synthetic model of size. Size L is skipped
// with -short.
func synthModel(b *testing.B, size synth.Size) *model.Model {
	b.Helper()
	if size.Name == synth.L.Name && testing.Short() {
		b.Skip("size L is skipped with -short")
	}
	v, _ := benchModels.LoadOrStore(size.Name, &benchModel{})
	e := v.(*benchModel)
	e.once.Do(func() {
		tmp, err := os.MkdirTemp("", "demarc-bench-")
		if err != nil {
			e.err = err
			return
		}
		defer os.RemoveAll(tmp)
		dir := filepath.Join(tmp, size.Name)
		if _, err := synth.Write(dir, size); err != nil {
			e.err = err
			return
		}
		m, ds := load.Dir(dir, load.Options{})
		if ds.HasErrors() {
			e.err = fmt.Errorf("synthetic model %s does not load: %v", size.Name, ds)
			return
		}
		e.m = m
	})
	if e.err != nil {
		b.Fatal(e.err)
	}
	return e.m
}

// BenchmarkSummarize resolves every cell of the model, as check does.
func BenchmarkSummarize(b *testing.B) {
	for _, size := range []synth.Size{synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			r := resolve.New(synthModel(b, size))
			var sum *resolve.Summary
			for b.Loop() {
				sum = r.Summarize()
			}
			if sum.Cells != size.Cells() || sum.GapCells != 0 || sum.ConflictCells != 0 {
				b.Fatalf("%d cells (want %d), %d gaps, %d conflicts", sum.Cells, size.Cells(), sum.GapCells, sum.ConflictCells)
			}
			b.ReportMetric(float64(sum.Cells), "cells/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sum.Cells), "ns/cell")
		})
	}
}

// BenchmarkResolveWho answers single cells of model L, as `demarc who` and
// the HTTP API do: random cells, and random tenants' cells.
func BenchmarkResolveWho(b *testing.B) {
	m := synthModel(b, synth.L)
	r := resolve.New(m)
	rnd := rand.New(rand.NewPCG(1, 2))
	byProvider := map[string][]string{}
	for _, s := range m.Services {
		byProvider[s.Provider.ID] = append(byProvider[s.Provider.ID], s.ID)
	}
	const n = 4096
	cells, tenants := make([]resolve.Query, n), make([]resolve.Query, n)
	// applicable picks one of svcs the activity applies to, or "".
	applicable := func(a *model.Activity, svcs []string) string {
		for range 64 {
			if id := svcs[rnd.IntN(len(svcs))]; a.AppliesToService(m.ServiceByID[id]) {
				return id
			}
		}
		return ""
	}
	for i := 0; i < n; {
		z := m.LandingZones[rnd.IntN(len(m.LandingZones))]
		a := m.Activities[rnd.IntN(len(m.Activities))]
		if a.EffectiveGrain() != model.GrainService {
			continue
		}
		svc := applicable(a, z.Services.IDs())
		if svc == "" {
			continue
		}
		cells[i] = resolve.Query{Activity: a.ID, Service: svc, LandingZone: z.ID}
		i++
	}
	for i := 0; i < n; {
		t := m.Tenants[rnd.IntN(len(m.Tenants))]
		a := m.Activities[rnd.IntN(len(m.Activities))]
		q := resolve.Query{Activity: a.ID, Tenant: t.ID}
		switch a.EffectiveGrain() {
		case model.GrainService:
			if q.Service = applicable(a, byProvider[t.Provider.ID]); q.Service == "" {
				continue
			}
		case model.GrainTenant:
		default:
			continue
		}
		tenants[i] = q
		i++
	}
	for _, bc := range []struct {
		name    string
		queries []resolve.Query
	}{{"cell", cells}, {"tenant", tenants}} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				a, err := r.Resolve(bc.queries[i%n])
				if err != nil {
					b.Fatal(err)
				}
				if a.Outcome != resolve.ByRule && a.Outcome != resolve.ByProvider {
					b.Fatalf("%v: %v", a.Cell, a.Outcome)
				}
				i++
			}
		})
	}
}

// BenchmarkNew compiles the resolver: indexes and rules in integer form.
func BenchmarkNew(b *testing.B) {
	for _, size := range []synth.Size{synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			m := synthModel(b, size)
			for b.Loop() {
				resolve.New(m)
			}
		})
	}
}
