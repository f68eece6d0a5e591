package inventory_test

import (
	"bytes"
	"testing"

	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkReadAWS reads 100,000 AWS accounts with ten tags and a parent
// each, as `aws organizations list-accounts` (with tags and parents merged
// in) prints them. The goal is < 1 s and < 300 MB for the whole import;
// bench/inventory.sh measures the command end to end.
//
//	go test ./encoding/inventory -run '^$' -bench ReadAWS -benchmem
func BenchmarkReadAWS(b *testing.B) {
	var buf bytes.Buffer
	if err := synth.WriteInventory(&buf, "aws", nil, []string{"cloud-native", "lift"}, 100_000); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	var accts []inventory.Account
	for b.Loop() {
		accts, _ = inventory.Read("aws.json", inventory.AWS, data, inventory.DefaultLimits)
	}
	if len(accts) != 100_000 {
		b.Fatalf("%d accounts", len(accts))
	}
	b.ReportMetric(float64(len(data))/(1<<20), "MB-input")
}
