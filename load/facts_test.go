package load_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
)

// TestGenericFacts: statements written apart from their services, in YAML
// and in a CSV file, join the services' facts in file order.
func TestGenericFacts(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"model.yaml": "uses: [aws]\nfacts:\n  - {provider: aws, service: aws-rds, control: DP-5, responsibility: customer, note: from the AWS docs}\n" +
			"  - {service: aws-nope, control: DP-6, responsibility: provider}\n",
		"facts.csv": "provider,service,framework,control,responsibility,note\n" +
			"aws,aws-s3,mcsb,DP-5,Customer,Bucket keys\n" +
			"gcp,aws-s3,mcsb,DP-6,provider,\n" +
			"aws,aws-s3,mcsb,BR-1,vendor,\n" +
			"aws,aws-s3,mcsb,,customer,\n",
		"tenants.csv": "id,provider,landing_zone,owner\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, ds := load.Dir(dir, load.Options{})
	validate(t, ds, m.Sources)
	rds, s3 := m.ServiceByID["aws-rds"], m.ServiceByID["aws-s3"]
	if len(rds.Facts) != 1 || rds.Facts[0].Control != "DP-5" || rds.Facts[0].Note != "from the AWS docs" {
		t.Fatalf("aws-rds facts %+v", rds.Facts)
	}
	if len(s3.Facts) != 1 || s3.Facts[0].Responsibility != "customer" || s3.Facts[0].Note != "Bucket keys" || s3.Facts[0].Pos.Start.Line != 2 {
		t.Fatalf("aws-s3 facts %+v", s3.Facts)
	}
	want := map[diag.Code]int{diag.DanglingReference: 1, diag.InvalidValue: 2, diag.MissingRequired: 1}
	for code, n := range want {
		if got := len(only(ds, code)); got != n {
			t.Errorf("%d %s, want %d:\n%s", got, code, n, dump(ds))
		}
	}
	if len(ds) != 4 {
		t.Errorf("diagnostics:\n%s", dump(ds))
	}
}
