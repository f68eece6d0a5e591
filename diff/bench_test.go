package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkCompare compares a synthetic model with itself (the resolution
// of both sides included, the check excluded).
//
//	go test ./diff -run '^$' -bench Compare -benchmem
//	go test ./diff -run '^$' -bench 'Compare/L' -cpuprofile cpu.out
func BenchmarkCompare(b *testing.B) {
	for _, size := range []synth.Size{synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			if size.Name == synth.L.Name && testing.Short() {
				b.Skip("size L is skipped with -short")
			}
			dir := filepath.Join(b.TempDir(), size.Name)
			if _, err := synth.Write(dir, size); err != nil {
				b.Fatal(err)
			}
			m1, _ := load.Dir(dir, load.Options{})
			m2, _ := load.Dir(dir, load.Options{})
			os.RemoveAll(dir)
			r1, r2 := resolve.New(m1), resolve.New(m2)
			b.ResetTimer()
			for b.Loop() {
				rep, err := Compare(Side{Resolver: r1}, Side{Resolver: r2})
				if err != nil || !rep.Empty() {
					b.Fatalf("%v, empty %v", err, rep.Empty())
				}
			}
		})
	}
}
