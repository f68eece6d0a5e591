package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mcsbData is the folder of reference baselines beside the repository;
// missing, the test skips (and fails in CI).
func mcsbData(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../../../shared/data/mcsb-v3")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("reference data %s is missing", dir)
		}
		t.Skipf("reference data %s is missing (it lives beside the repository as ../shared/data)", dir)
	}
	return dir
}

func TestImportMCSB(t *testing.T) {
	data := mcsbData(t)
	out := filepath.Join(t.TempDir(), "azure-mcsb")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "mcsb", data, "-o", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "imported 30 services with") || !strings.Contains(stdout.String(), "30 written, 0 unchanged") {
		t.Fatalf("stdout %q", stdout.String())
	}
	kv, err := os.ReadFile(filepath.Join(out, "azure-key-vault.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CC BY 4.0", "  - id: azure-key-vault\n    name: Azure Key Vault\n", "network-controls: customer",
		"      - control: IM-1\n        framework: mcsb\n        responsibility: provider\n        feature: Azure AD Authentication Required for Data Plane Access\n        supported: true\n        enabled_by_default: true\n"} {
		if !bytes.Contains(kv, []byte(want)) {
			t.Errorf("azure-key-vault.yaml lacks %q", want)
		}
	}
	// A re-import changes nothing.
	stdout.Reset()
	if code := run([]string{"import", "mcsb", data, "-o", out}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "0 written, 30 unchanged") {
		t.Fatalf("re-import: exit %d %q %s", code, stdout.String(), stderr.String())
	}
	again, _ := os.ReadFile(filepath.Join(out, "azure-key-vault.yaml"))
	if !bytes.Equal(kv, again) {
		t.Fatal("re-import changed the file")
	}
	// The imported services load with the example model without findings.
	model := t.TempDir()
	copyTree(t, "../../examples/enterprise", model)
	if code := run([]string{"import", "mcsb", data, "-o", filepath.Join(model, "providers", "azure-mcsb")}, nil, &stdout, &stderr); code != 0 {
		t.Fatal(stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"check", model}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("check exits %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	// who names the provider's statement for the service asked about.
	stdout.Reset()
	if code := run([]string{"who", "manage-encryption-keys", model, "--service", "azure-sql-database", "--landing-zone", "regulated-data"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("who exits %d: %s", code, stderr.String())
	}
	for _, want := range []string{"What the provider states:\n", "  mcsb DP-5 for azure-sql-database: Microsoft Azure says the customer holds it — Data at Rest Encryption Using CMK (customer)\n",
		"    source: azure-sql-azure-security-benchmark-v3-latest-security-baseline.xlsx, Feature Summary row "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("who lacks %q:\n%s", want, stdout.String())
		}
	}
	stdout.Reset()
	if code := run([]string{"who", "manage-encryption-keys", model, "--service", "azure-sql-database", "--format", "json"}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), `"provider_statements": [`) {
		t.Fatalf("who --format json: exit %d %s", code, stdout.String())
	}
}

func TestImportMCSBErrors(t *testing.T) {
	data := mcsbData(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken-azure-security-benchmark-v3-latest-security-baseline.xlsx")
	if err := os.WriteFile(bad, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	kv := filepath.Join(data, "key-vault-azure-security-benchmark-v3-latest-security-baseline.xlsx")
	st := filepath.Join(data, "storage-azure-security-benchmark-v3-latest-security-baseline.xlsx")
	out := filepath.Join(dir, "out")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{kv, bad}, "broken-azure-security-benchmark-v3-latest-security-baseline.xlsx: not an .xlsx workbook"},
		{[]string{kv, st, "--map", "storage=azure-key-vault"}, `imports service "azure-key-vault" again`},
		{[]string{kv, "--map", "nope=x"}, "--map nope: no workbook named nope was given"},
		{[]string{kv}, "no output folder"},
		{[]string{filepath.Join(dir, "missing")}, "missing: no such file or directory"},
	}
	for _, c := range cases {
		args := append([]string{"import", "mcsb"}, c.args...)
		if c.want != "no output folder" {
			args = append(args, "-o", out)
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitFailure || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, stderr.String(), c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s although the import failed", c.args, out)
		}
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportMCSBControls(t *testing.T) {
	catalogue := filepath.Join(filepath.Dir(mcsbData(t)), "Microsoft_cloud_security_benchmark_v1.xlsx")
	model := t.TempDir()
	copyTree(t, "../../examples/enterprise", model)
	var stdout, stderr bytes.Buffer
	args := []string{"import", "mcsb-controls", catalogue, "-o", filepath.Join(model, "controls")}
	if code := run(args, nil, &stdout, &stderr); code != 0 || stdout.String() != "imported 86 controls into "+filepath.Join(model, "controls", "mcsb-controls.yaml")+" (written)\n" {
		t.Fatalf("exit %d %q %s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run(args, nil, &stdout, &stderr); code != 0 || !strings.HasSuffix(stdout.String(), "(unchanged)\n") {
		t.Fatalf("re-import: exit %d %q", code, stdout.String())
	}
	data, _ := os.ReadFile(filepath.Join(model, "controls", "mcsb-controls.yaml"))
	if !bytes.Contains(data, []byte("CC BY 4.0")) || !bytes.Contains(data, []byte("  - framework: mcsb\n    id: BR-1\n    title: Ensure regular automated backups\n")) {
		t.Fatalf("mcsb-controls.yaml:\n%.600s", data)
	}
	// The model's catalogue replaces the shipped one: a control it lacks is unknown.
	if err := os.WriteFile(filepath.Join(model, "controls", "extra.yaml"), []byte("facts:\n  - {service: azure-storage, control: ZZ-1, responsibility: customer}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	run([]string{"check", model}, nil, &stdout, &stderr)
	if !strings.Contains(stdout.String(), `warning[DM605]: fact of service "azure-storage" names control "ZZ-1"`) {
		t.Fatalf("check:\n%s", stdout.String())
	}
	if err := os.WriteFile(filepath.Join(model, "controls", "zz.yaml"), []byte("controls:\n  - {framework: mcsb, id: ZZ-1, title: Our own control}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run([]string{"check", model}, nil, &stdout, &stderr); code != 0 || strings.Contains(stdout.String(), "DM605") {
		t.Fatalf("check with ZZ-1 defined: exit %d\n%s", code, stdout.String())
	}
}
