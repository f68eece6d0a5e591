package check_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/resolve"
)

// explainContext defines what the examples of `demarc explain` refer to
// without defining it, as a real model around them would: the parties,
// activities and landing zones they name. An example's own definitions
// replace the context's elements of the same id.
const explainContext = `
uses: [aws]
parties:
  - {id: central-it-operations, kind: shared, name: Central IT Operations}
  - {id: cloud-foundation, kind: foundation, name: Cloud Foundation}
  - {id: platform-team, kind: foundation, name: Platform team}
  - {id: network-team, kind: shared, name: Network team}
  - {id: iam-team, kind: shared, name: IAM team}
  - {id: it-security, kind: shared, name: IT security}
  - {id: database-team, kind: shared, name: Database team}
  - {id: app-team, kind: application, name: Application team}
activities:
  - {id: patch-guest-os, name: Patch the guest operating system, layer: operating-system}
  - {id: harden-guest-os, name: Harden the guest operating system, layer: operating-system}
  - {id: configure-backup, name: Configure backups, layer: information-and-data}
  - {id: test-backup-restore, name: Test restores, layer: information-and-data}
  - {id: change-firewall-rules, name: Change firewall rules, layer: network-controls}
  - {id: operate-hub-network, name: Operate the hub network, grain: landing-zone, layer: network-controls}
  - {id: decommission-tenant, name: Decommission a tenant, grain: tenant}
  - {id: review-privileged-access, name: Review privileged access, grain: tenant, layer: accounts-and-identities}
landing_zones:
  - {id: cloud-native, name: Cloud-native, owner: cloud-foundation, services: [aws-ec2, aws-eks, aws-rds, aws-s3]}
  - {id: lift-and-shift, name: Lift and shift, owner: central-it-operations, services: [aws-ec2]}
  - {id: container-platform, name: Container platform, owner: platform-team, services: [aws-eks]}
`

// notRunnable are the codes whose example cannot show the diagnostic by
// itself, and why.
var notRunnable = map[diag.Code]string{
	diag.InputLimit:     "the alias bomb is drawn small; fixture DM002-input-limit holds one that trips the limit",
	diag.Unacknowledged: "needs acknowledgements in a store; fixture DM305 records them",
}

var (
	codeComment = regexp.MustCompile(`#\s*(DM\d{3})\b`)
	fileComment = regexp.MustCompile(`^# ([\w./-]+\.(?:yaml|json))\s*$`)
	// jsonComment is the "# DM703" mark on a line of an inventory file in
	// an example; JSON has no comments, so it is removed before reading.
	jsonComment = regexp.MustCompile(`(?m)\s+#.*$`)
)

// TestExplainExamples loads every example of `demarc explain` that marks
// its own code, inside explainContext, and checks that demarc reports that
// code there and refers to nothing that does not exist: an explanation must
// show the diagnostic it explains, on ids a real model has.
func TestExplainExamples(t *testing.T) {
	ran := 0
	for _, info := range diag.All() {
		for i, block := range yamlBlocks(info.Explain) {
			if !marks(block, info.Code) {
				continue
			}
			if why, ok := notRunnable[info.Code]; ok {
				t.Logf("%s: not run: %s", info.Code, why)
				continue
			}
			ran++
			dir := t.TempDir()
			files := splitFiles(block)
			defined := map[string]bool{}
			var inventories []string
			for name, text := range files {
				if strings.HasSuffix(name, ".json") {
					text = jsonComment.ReplaceAllString(text, "")
					inventories = append(inventories, filepath.Join(dir, name))
				} else {
					for _, id := range definedIDs(t, info.Code, text) {
						defined[id] = true
					}
				}
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "zz-context.yaml"), contextWithout(t, defined), 0o644); err != nil {
				t.Fatal(err)
			}
			m, lds := load.Dir(dir, load.Options{})
			res := check.Model(m, resolve.New(m), lds, check.Options{Today: today})
			all := res.Diagnostics
			if len(inventories) > 0 {
				// An example with inventory files is checked as
				// `demarc check --inventory` does.
				slices.Sort(inventories)
				project, cds := load.ReadConfig(dir)
				inv, ids := inventory.ReadFiles(inventories, "", inventory.DefaultLimits)
				all = append(append(all, cds...), ids...)
				if !ids.HasErrors() {
					all = append(all, check.Inventory(m, inv, mappingOf(project.Inventory), check.Options{})...)
				}
			}
			var got []string
			found := false
			for _, d := range all {
				got = append(got, string(d.Code)+" "+d.Summary)
				if d.Code == info.Code {
					found = true
				}
				// The examples of other codes must not trip over ids that
				// do not exist (such as a layer demarc does not have).
				if d.Code == diag.DanglingReference && info.Code != diag.DanglingReference && info.Code != diag.UnknownKey && info.Code != diag.WrongType {
					t.Errorf("%s example %d refers to something that does not exist: %s", info.Code, i+1, d.Summary)
				}
			}
			if !found {
				t.Errorf("%s example %d does not show %s; demarc reports:\n  %s", info.Code, i+1, info.Code, strings.Join(got, "\n  "))
			}
		}
	}
	if ran < 20 {
		t.Fatalf("only %d examples ran", ran)
	}
}

func yamlBlocks(text string) []string {
	var out, cur []string
	in := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "~~~yaml"):
			in, cur = true, nil
		case strings.HasPrefix(line, "~~~") && in:
			in = false
			out = append(out, strings.Join(cur, "\n")+"\n")
		case in:
			cur = append(cur, line)
		}
	}
	return out
}

func marks(block string, code diag.Code) bool {
	for _, m := range codeComment.FindAllStringSubmatch(block, -1) {
		if m[1] == string(code) {
			return true
		}
	}
	return false
}

// splitFiles splits a block at "# path.yaml" lines into files; a block
// without them is one file.
func splitFiles(block string) map[string]string {
	files := map[string]string{}
	name := "model.yaml"
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			files[name] += strings.Join(cur, "\n") + "\n"
		}
		cur = nil
	}
	for _, line := range strings.Split(block, "\n") {
		if m := fileComment.FindStringSubmatch(line); m != nil {
			flush()
			name = m[1]
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return files
}

// definedIDs lists "kind/id" for the elements a file defines.
func definedIDs(t *testing.T, code diag.Code, text string) []string {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		if code == diag.YAMLSyntax {
			return nil
		}
		t.Fatalf("%s example: %v", code, err)
	}
	var out []string
	for kind, v := range doc {
		list, _ := v.([]any)
		for _, el := range list {
			if mm, ok := el.(map[string]any); ok {
				if id, ok := mm["id"].(string); ok {
					out = append(out, kind+"/"+id)
				}
			}
		}
	}
	return out
}

func contextWithout(t *testing.T, defined map[string]bool) []byte {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(explainContext), &doc); err != nil {
		t.Fatal(err)
	}
	for kind, v := range doc {
		if list, ok := v.([]any); ok && kind != "uses" {
			doc[kind] = slices.DeleteFunc(list, func(el any) bool {
				id, _ := el.(map[string]any)["id"].(string)
				return defined[kind+"/"+id]
			})
		}
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
