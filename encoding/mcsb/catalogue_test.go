package mcsb

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRealCatalogue(t *testing.T) {
	cat, err := ReadCatalogueFile(filepath.Join(sharedData(t), "Microsoft_cloud_security_benchmark_v1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// Twelve domains: NS 10, IM 9, PA 8, DP 8, AM 5, LT 7, IR 7, PV 7, ES 3, BR 4, DS 7, GS 11.
	if len(cat.Controls) != 86 {
		t.Errorf("%d controls, want 86", len(cat.Controls))
	}
	ns1 := cat.Lookup("NS-1")
	if ns1 == nil || ns1.Domain != "Network Security" || ns1.Recommendation != "Establish network segmentation boundaries" {
		t.Fatalf("NS-1: %+v", ns1)
	}
	es2 := cat.Lookup("ES-2")
	var nist, pci []string
	for _, x := range es2.Frameworks {
		switch x.Framework {
		case "nist-800-53":
			nist = x.IDs
		case "pci-dss":
			pci = x.IDs
		}
	}
	if !slices.Equal(nist, []string{"SC-3", "SI-2", "SI-3", "SI-16"}) || !slices.Equal(pci, []string{"5.1"}) {
		t.Fatalf("ES-2 crosswalk: nist %q pci %q", nist, pci)
	}
	if cat.Lookup("XX-1") != nil {
		t.Fatal("found XX-1")
	}
}

func TestCatalogueErrors(t *testing.T) {
	rows := [][]string{{"ID", "Control Domain", "NIST SP800-53 r4 ID(s)", "Recommendation"}, {"NS-1", "Network Security", "AC-4: FLOW\nSC-7", "Segment"}, {"NS-1", "Network Security", "", "Again"}}
	_, err := ReadCatalogue("c.xlsx", book(t, map[string][][]string{"Network Security": rows}, []string{"Network Security"}, nil), DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), `c.xlsx: sheet "Network Security" cell A3: control NS-1 is defined twice (first at sheet "Network Security" row 2)`) {
		t.Fatalf("error %v", err)
	}
	_, err = ReadCatalogue("c.xlsx", book(t, map[string][][]string{"Readme": {{"hello"}}}, []string{"Readme"}, nil), DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "no sheet lists controls") {
		t.Fatalf("error %v", err)
	}
}

func TestCrosswalkIDs(t *testing.T) {
	got := crosswalkIDs("16.1 - Maintain an Inventory of \nAuthentication Systems\n16.2 - Configure\nN/A\n 5.0999999999999996\nAC-2: ACCOUNT\nAC-2: again")
	if !slices.Equal(got, []string{"16.1", "16.2", "5.1", "AC-2"}) {
		t.Fatalf("%q", got)
	}
}

var update = flag.Bool("update", false, "rewrite catalogue_v1.json from the reference catalogue")

// TestBuiltinCatalogue keeps the shipped catalogue equal to what the
// reader makes of the reference workbook.
func TestBuiltinCatalogue(t *testing.T) {
	if !*update {
		if len(Builtin().Controls) != 86 || Builtin().Lookup("DP-5") == nil {
			t.Fatalf("embedded catalogue: %d controls", len(Builtin().Controls))
		}
		if got := Builtin().Crosswalk("nist-800-53", "SI-2"); !slices.Contains(got, "PV-6") {
			t.Fatalf("SI-2 maps to %v", got)
		}
	}
	cat, err := ReadCatalogueFile(filepath.Join(sharedData(t), "Microsoft_cloud_security_benchmark_v1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(catalogueJSON{Attribution: Attribution, Source: "Microsoft_cloud_security_benchmark_v1.xlsx, MicrosoftDocs/SecurityBenchmarks commit 8b9505a618cf9aa1046eb6c589008663d42f7d4f", Controls: cat.Controls}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *update {
		if err := os.WriteFile("catalogue_v1.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, builtinJSON) {
		t.Fatal("catalogue_v1.json is out of date: go test ./encoding/mcsb -run TestBuiltinCatalogue -update")
	}
}
