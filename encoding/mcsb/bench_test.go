package mcsb

import (
	"path/filepath"
	"testing"
)

// BenchmarkReadBaselines reads every reference workbook once per iteration.
func BenchmarkReadBaselines(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(sharedData(b, "mcsb-v3"), "*.xlsx"))
	if len(files) == 0 {
		b.Fatal("no workbooks")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if _, err := ReadBaselineFile(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "workbooks/op")
}
