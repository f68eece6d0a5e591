package inventory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
)

// summary is one account in a line: what the tests compare.
func summary(a inventory.Account) string {
	var tags []string
	for k, v := range a.Tags.All() {
		tags = append(tags, k+"="+v)
	}
	return fmt.Sprintf("%s %s %q %s/%s parents=%v tags=%v at %s %s",
		a.Provider, a.ID, a.Name, a.State, a.RawState, a.Parents, tags, a.Pos, a.Path)
}

func read(t *testing.T, provider string, files ...string) ([]inventory.Account, diag.Diagnostics) {
	t.Helper()
	var lists [][]inventory.Account
	var ds diag.Diagnostics
	for _, f := range files {
		accts, fds := inventory.ReadFile(filepath.Join("testdata", f), provider, inventory.DefaultLimits)
		lists = append(lists, accts)
		ds = append(ds, fds...)
	}
	merged, mds := inventory.Merge(lists...)
	return merged, append(ds, mds...)
}

func TestProviders(t *testing.T) {
	cases := []struct {
		provider string
		files    []string
		want     []string
	}{
		{inventory.AWS, []string{"aws/accounts.json", "aws/accounts-page2.json"}, []string{
			`aws 111122223333 "shop-prod" active/ACTIVE parents=[ou-ab12-cn000001] tags=[env=prod owner=shop-team] at testdata/aws/accounts.json:4:20 Accounts[0]`,
			`aws 123412341234 "data-lake" active/ACTIVE parents=[] tags=[] at testdata/aws/accounts-page2.json:15:20 Accounts[1]`,
			`aws 444455556666 "legacy-erp" suspended/SUSPENDED parents=[ou-ab12-ls000002] tags=[owner=erp@example.com] at testdata/aws/accounts.json:19:20 Accounts[1]`,
			`aws 777788889999 "sandbox-17" closing/PENDING_CLOSURE parents=[r-ab12] tags=[] at testdata/aws/accounts-page2.json:4:20 Accounts[0]`,
		}},
		{inventory.Azure, []string{"azure/resource-graph.json"}, []string{
			`azure 0b1f6471-1bf0-4dda-aec3-111111111111 "shop-prod" active/Enabled parents=[mg-cloud-native 72f988bf-86f1-41af-91ab-2d7cd011db47] tags=[env=prod owner=shop-team] at testdata/azure/resource-graph.json:12:26 data[0]`,
			`azure 5c2d0e2a-7d3e-4f4a-9c1b-222222222222 "old-crm" suspended/Disabled parents=[mg-lift-and-shift 72f988bf-86f1-41af-91ab-2d7cd011db47] tags=[] at testdata/azure/resource-graph.json:42:26 data[2]`,
		}},
		{inventory.Azure, []string{"azure/account-list.json"}, []string{
			`azure 0b1f6471-1bf0-4dda-aec3-111111111111 "shop-prod" active/Enabled parents=[] tags=[] at testdata/azure/account-list.json:5:12 [0]`,
			`azure 9a8b7c6d-5e4f-4a3b-8c2d-333333333333 "analytics-dev" active/Warned parents=[] tags=[] at testdata/azure/account-list.json:16:12 [1]`,
		}},
		{inventory.Azure, []string{"azure/subscriptions-rest.json"}, []string{
			`azure 9a8b7c6d-5e4f-4a3b-8c2d-333333333333 "analytics-dev" active/PastDue parents=[] tags=[owner=data-team] at testdata/azure/subscriptions-rest.json:8:26 value[0]`,
		}},
		{inventory.GCP, []string{"gcp/projects-list.json", "gcp/v3-search.json"}, []string{
			`gcp ml-sandbox-0815 "ML sandbox" active/ACTIVE parents=[folders/301234567891] tags=[owner=data-team] at testdata/gcp/v3-search.json:6:21 projects[0]`,
			`gcp old-reporting-2021 "old-reporting" closing/DELETE_REQUESTED parents=[organizations/123456789012] tags=[] at testdata/gcp/projects-list.json:25:19 [1]`,
			`gcp shop-prod-4711 "Shop prod" active/ACTIVE parents=[folders/301234567890] tags=[env=prod owner=shop-team] at testdata/gcp/projects-list.json:14:19 [0]`,
		}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.files, "+"), func(t *testing.T) {
			accts, ds := read(t, c.provider, c.files...)
			for _, d := range ds {
				t.Errorf("unexpected diagnostic: %v (%s)", d, d.Path)
			}
			var got []string
			for _, a := range accts {
				got = append(got, summary(a))
			}
			if g, w := strings.Join(got, "\n"), strings.Join(c.want, "\n"); g != w {
				t.Errorf("got\n%s\nwant\n%s", g, w)
			}
		})
	}
}

// diagLines renders diagnostics as "file:line:col path: summary".
func diagLines(ds diag.Diagnostics) string {
	var out []string
	for _, d := range ds.Sort() {
		out = append(out, fmt.Sprintf("%s %s %s: %s", d.Code, d.Subject, d.Path, d.Summary))
	}
	return strings.Join(out, "\n")
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		provider, file string
		want           string
		accounts       int
	}{
		{inventory.AWS, "bad/truncated.json",
			`DM701 testdata/bad/truncated.json:3:62 : truncated.json ends in the middle of the JSON document`, 0},
		{inventory.AWS, "bad/not-json.json",
			`DM701 testdata/bad/not-json.json:1:1 : not-json.json is not valid JSON: invalid character 'I' looking for beginning of value`, 0},
		{inventory.Azure, "aws/accounts.json",
			`DM701 testdata/aws/accounts.json:2:5 Accounts: accounts.json looks like an AWS Organizations list-accounts output, not an Azure Resource Graph or subscription list`, 0},
		{inventory.AWS, "gcp/projects-list.json",
			"DM701 testdata/gcp/projects-list.json:2:3 [0]: record [0] is a Google Cloud record, not an AWS account\n" +
				"DM701 testdata/gcp/projects-list.json:17:3 [1]: record [1] is a Google Cloud record, not an AWS account", 0},
		{inventory.GCP, "azure/account-list.json",
			"DM701 testdata/azure/account-list.json:2:3 [0].projectId: [0].projectId \"\" is not a Google Cloud project id\n" +
				"DM701 testdata/azure/account-list.json:13:3 [1].projectId: [1].projectId \"\" is not a Google Cloud project id", 0},
		{inventory.AWS, "bad/wrong-records.json",
			"DM701 testdata/bad/wrong-records.json:3:5 Accounts[0].Id: Accounts[0].Id \"12345\" is not an AWS account id\n" +
				"DM701 testdata/bad/wrong-records.json:4:5 Accounts[1].Name: Accounts[1].Name contains a control character\n" +
				"DM701 testdata/bad/wrong-records.json:5:43 Accounts[2].Name: Accounts[2].Name is a JSON number, not a string\n" +
				"DM701 testdata/bad/wrong-records.json:6:5 Accounts[3].Parents: Accounts[3].Parents[0].Id \"folders/1\" is not an OU or root id", 3},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			accts, ds := read(t, c.provider, c.file)
			if got := diagLines(ds); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
			if len(accts) != c.accounts {
				t.Errorf("%d accounts read, want %d", len(accts), c.accounts)
			}
		})
	}
}

func TestDuplicatesAcrossFiles(t *testing.T) {
	accts, ds := read(t, inventory.AWS, "aws/accounts.json", "aws/accounts.json")
	if len(accts) != 2 || len(ds) != 2 {
		t.Fatalf("%d accounts, %d diagnostics: %s", len(accts), len(ds), diagLines(ds))
	}
	for _, d := range ds {
		if d.Code != diag.DuplicateAccount || len(d.Related) != 1 {
			t.Errorf("want DM702 with the first listing related: %v", d)
		}
	}
}

func TestLimits(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	data := `{"Accounts": [{"Id": "111122223333", "Name": "big", "Tags": [{"Key": "owner", "Value": "` + long + `"}]}]}`
	accts, ds := inventory.Read("big.json", inventory.AWS, []byte(data), inventory.DefaultLimits)
	if got := diagLines(ds); got != "DM701 big.json:1:15 Accounts[0].Tags[0].Value: Accounts[0].Tags[0].Value is 10485760 bytes long; demarc accepts 4096" {
		t.Errorf("got %s", got)
	}
	if len(accts) != 1 {
		t.Errorf("the account is kept so a check still sees it; got %d", len(accts))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ds = inventory.ReadFile(path, inventory.AWS, inventory.Limits{MaxFileSize: 1 << 20, MaxValue: 4096, MaxTags: 50})
	if len(ds) != 1 || ds[0].Code != diag.InputLimit {
		t.Errorf("a file over the limit: got %s", diagLines(ds))
	}
	_, ds = inventory.ReadFile(filepath.Join(dir, "missing.json"), inventory.AWS, inventory.DefaultLimits)
	if len(ds) != 1 || ds[0].Code != diag.UnreadableInput {
		t.Errorf("a missing file: got %s", diagLines(ds))
	}
}

func TestFind(t *testing.T) {
	accts, _ := read(t, inventory.AWS, "aws/accounts.json", "aws/accounts-page2.json")
	inv := &inventory.Inventory{Accounts: accts}
	if a := inv.Find("aws", "444455556666"); a == nil || a.Name != "legacy-erp" {
		t.Errorf("Find: %v", a)
	}
	if inv.Find("aws", "000000000000") != nil || inv.Find("gcp", "111122223333") != nil {
		t.Error("Find found what is not there")
	}
	if !inv.Covers("aws") || inv.Covers("azure") {
		t.Error("Covers")
	}
}

func TestDetect(t *testing.T) {
	for file, want := range map[string]string{
		"aws/accounts.json": "aws", "azure/resource-graph.json": "azure", "azure/account-list.json": "azure",
		"azure/subscriptions-rest.json": "azure", "gcp/projects-list.json": "gcp", "gcp/v3-search.json": "gcp",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := inventory.Detect(data); !ok || got != want {
			t.Errorf("%s: detected %q, want %q", file, got, want)
		}
	}
	inv, ds := inventory.ReadFiles([]string{"testdata/aws/accounts.json", "testdata/gcp/projects-list.json", "testdata/bad/not-json.json"}, "", inventory.DefaultLimits)
	if len(inv.Accounts) != 4 || len(ds) != 1 || ds[0].Code != diag.InvalidInventory {
		t.Errorf("%d accounts, %s", len(inv.Accounts), diagLines(ds))
	}
}
