package site_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/site"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkBuildL publishes the synthetic L model (200 parties, 600
// services, 12 landing zones, 400 activities, 5,000 rules): about 1,200
// pages. Loading, resolving and arranging the model are not timed.
func BenchmarkBuildL(b *testing.B) {
	if testing.Short() {
		b.Skip("L model skipped in -short mode")
	}
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	benchmarkBuild(b, dir)
}

// BenchmarkBuildS is the same for the small model.
func BenchmarkBuildS(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.S); err != nil {
		b.Fatal(err)
	}
	benchmarkBuild(b, dir)
}

// BenchmarkBuildExample publishes examples/enterprise.
func BenchmarkBuildExample(b *testing.B) { benchmarkBuild(b, "../examples/enterprise") }

func benchmarkBuild(b *testing.B, dir string) {
	bk := book(b, dir)
	outs := b.TempDir()
	var st site.Stats
	start := time.Now()
	n := 0
	for b.Loop() {
		// A fresh folder each time, as for a first publication.
		out := filepath.Join(outs, strconv.Itoa(n))
		var err error
		if st, err = site.Build(bk, out, site.Options{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(st.Pages), "pages")
	b.ReportMetric(float64(st.Bytes)/1e6, "MB")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(n), "ms/build")
}

// TestSyntheticSite publishes the small synthetic model and checks it like
// the example: it has the shapes the example lacks (services listed in a
// group, all-but-a-few, rules that select by area).
func TestSyntheticSite(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.S); err != nil {
		t.Fatal(err)
	}
	out, _, st := buildSite(t, dir)
	if st.Pages < 100 {
		t.Errorf("%d pages", st.Pages)
	}
	for _, d := range crawl(t, out) {
		checkPage(t, d)
	}
}
