// Command geninventory writes synthetic cloud inventories, in the shapes
// the providers' CLIs print, for benchmarks:
//
//	go run ./bench/geninventory -untracked 100000 -o /tmp/inv          # aws.json only
//	go run ./bench/geninventory -model /tmp/model-l -o /tmp/inv        # one account per tenant
//
// With -model it writes aws.json, azure.json and gcp.json with one account
// per tenant of the model (owner tag and the container of its landing
// zone), and appends the mapping to the model's .demarc.yaml so that
// `demarc check MODEL --inventory …` reconciles them without findings.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/synth"
)

func main() {
	modelDir := flag.String("model", "", "write one account per tenant of this model, and the mapping into its .demarc.yaml")
	untracked := flag.Int("untracked", 0, "write this many AWS accounts that no tenant covers")
	out := flag.String("o", "", "directory to write the inventory files to")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || (*modelDir == "") == (*untracked == 0) {
		fmt.Fprintln(os.Stderr, "usage: geninventory (-model DIR | -untracked N) -o DIR")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	if *untracked > 0 {
		write(filepath.Join(*out, "aws.json"), "aws", nil, []string{"cloud-native"}, *untracked)
		return
	}
	m, ds := load.Dir(*modelDir, load.Options{})
	if ds.HasErrors() {
		fail(fmt.Errorf("the model does not load: %v", ds))
	}
	var zones []string
	for _, z := range m.LandingZones {
		zones = append(zones, z.ID)
	}
	for _, p := range []string{"aws", "azure", "gcp"} {
		write(filepath.Join(*out, p+".json"), p, m.Tenants, zones, 0)
	}
	cfg := filepath.Join(*modelDir, load.ConfigFile)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fail(err)
	}
	if _, err := f.WriteString(synth.InventoryMapping(zones)); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func write(path, provider string, tenants []*model.Tenant, zones []string, extra int) {
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := synth.WriteInventory(f, provider, tenants, zones, extra); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	st, _ := os.Stat(path)
	fmt.Printf("%s: %d MB\n", path, st.Size()>>20)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "geninventory:", err)
	os.Exit(1)
}
