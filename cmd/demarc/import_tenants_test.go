package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/load"
)

const importModel = `uses: [aws]
parties:
  - {id: cft, kind: foundation, name: Cloud Foundation, contacts: [{email: cft@example.com}]}
  - {id: shop-team, kind: application, name: Shop team, members: [dana@example.com], contacts: [{email: shop@example.com}]}
  - {id: erp-team, kind: application, name: ERP team, members: [erp@example.com]}
activities:
  - {id: decommission, name: Decommission a tenant, grain: tenant}
landing_zones:
  - {id: cloud-native, name: Cloud native, owner: cft, services: [aws-ec2]}
  - {id: lift, name: Lift and shift, owner: cft, services: [aws-ec2]}
rules:
  - {id: decom, activity: decommission, responsible: [tenant-owner, cft], accountable: cft, rationale: Only the foundation team can close accounts.}
tenants:
  - {id: "123412341234", name: data-lake, provider: aws, landing_zone: cloud-native, owner: shop-team}
`

const importConfig = `inventory:
  owner_tag: owner
  landing_zones: {ou-ab12-cn000001: cloud-native, ou-ab12-ls000002: lift}
`

const importInventory = `{"Accounts": [
  {"Id": "777788889999", "Name": "=HYPERLINK(\"http://evil.example\")", "State": "ACTIVE",
   "Tags": [{"Key": "cost-center", "Value": "-4711"}, {"Key": "owner", "Value": "Dana@example.com"}],
   "Parents": [{"Id": "ou-ab12-ls000002", "Type": "ORGANIZATIONAL_UNIT"}]},
  {"Id": "111122223333", "Name": "shop-prod", "State": "ACTIVE",
   "Tags": [{"Key": "owner", "Value": "shop-team"}, {"Key": "env", "Value": "prod"}],
   "Parents": [{"Id": "ou-ab12-cn000001", "Type": "ORGANIZATIONAL_UNIT"}]},
  {"Id": "222233334444", "Name": "unmapped", "State": "ACTIVE", "Tags": [{"Key": "owner", "Value": "nobody@example.com"}]},
  {"Id": "444455556666", "Name": "legacy-erp", "State": "SUSPENDED", "Tags": [{"Key": "owner", "Value": "erp-team"}]},
  {"Id": "123412341234", "Name": "data-lake", "State": "ACTIVE"}
]}
`

const importWant = `id,name,provider,landing_zone,owner,tags
111122223333,shop-prod,aws,cloud-native,shop-team,env=prod
222233334444,unmapped,aws,,,
777788889999,"'=HYPERLINK(""http://evil.example"")",aws,lift,shop-team,cost-center=-4711
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportTenants(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"model.yaml": importModel, ".demarc.yaml": importConfig, "inv/aws.json": importInventory})
	out := filepath.Join(dir, "tenants", "aws.csv")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"import", "tenants", "aws", filepath.Join(dir, "inv/aws.json"), "-m", dir, "-o", out}
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != importWant {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, importWant)
	}
	for _, want := range []string{
		`names no party: "nobody@example.com"; imported without owner`,
		"3 tenants written to " + out + " (1 without owner, 1 without landing zone); left out: 1 suspended or closed (--include-closed imports them); 1 written in model.yaml.",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	// The file loads; the neutralised formula stays text.
	m, ds := load.Dir(dir, load.Options{})
	if ds.HasErrors() {
		t.Fatalf("the imported CSV does not load: %v", ds)
	}
	if tn := m.TenantByID("777788889999"); tn == nil || !strings.HasPrefix(tn.Name, "'=") || tn.Owner.ID != "shop-team" {
		t.Errorf("imported tenant: %+v", tn)
	}

	// A re-import over its own output changes nothing.
	stdout.Reset()
	stderr.Reset()
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("re-import exit %d: %s", code, stderr.String())
	}
	again, _ := os.ReadFile(out)
	if !bytes.Equal(again, got) {
		t.Errorf("re-import differs:\n%s", again)
	}
}

func TestImportTenantsRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"model.yaml": importModel, "bad.json": `{"Accounts": [{"Id": "12"`, "gcp.json": `[{"projectId": "shop-prod-4711"}]`})
	out := filepath.Join(dir, "aws.csv")
	if err := os.WriteFile(out, []byte("id,name,provider,landing_zone,owner,tags\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"bad.json", "gcp.json"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"import", "tenants", "aws", filepath.Join(dir, file), "-m", dir, "-o", out}, strings.NewReader(""), &stdout, &stderr)
		if code != exitFailure || !strings.Contains(stderr.String(), "nothing was written") || !strings.Contains(stderr.String(), "DM701") {
			t.Errorf("%s: exit %d, stderr:\n%s", file, code, stderr.String())
		}
		if data, _ := os.ReadFile(out); string(data) != "id,name,provider,landing_zone,owner,tags\n" {
			t.Errorf("%s: the output was touched: %q", file, data)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "tenants", "oracle", "x.json", "-m", dir}, strings.NewReader(""), &stdout, &stderr); code != exitFailure {
		t.Errorf("unknown provider: exit %d", code)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".aws.csv") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

func TestCheckInventory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"model.yaml": importModel, ".demarc.yaml": importConfig, "inv/aws.json": importInventory})
	inv := filepath.Join(dir, "inv/aws.json")
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", dir, "--inventory", inv, "--format", "json"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1: %s%s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{`"code": "DM703"`, `aws account 111122223333 (shop-prod) is covered by no tenant`, `"filename": "` + inv + `"`} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, stdout.String())
		}
	}
	// An unreadable inventory is reported, not reconciled.
	stdout.Reset()
	code = run([]string{"check", dir, "--inventory", filepath.Join(dir, "missing.json")}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFindings || !strings.Contains(stdout.String(), "DM003") || strings.Contains(stdout.String(), "DM704") {
		t.Errorf("missing inventory: exit %d:\n%s", code, stdout.String())
	}
}
