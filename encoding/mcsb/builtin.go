package mcsb

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// builtinJSON is the control catalogue of the benchmark v1
// (Microsoft_cloud_security_benchmark_v1.xlsx, MicrosoftDocs/
// SecurityBenchmarks commit 8b9505a), read by ReadCatalogue and written by
// `go test ./encoding/mcsb -run TestBuiltinCatalogue -update`. It carries
// the licence attribution.
//
//go:embed catalogue_v1.json
var builtinJSON []byte

// catalogueJSON is the shipped form of a catalogue.
type catalogueJSON struct {
	Attribution string    `json:"attribution"`
	Source      string    `json:"source"`
	Controls    []Control `json:"controls"`
}

var builtin = sync.OnceValue(func() *Catalogue {
	var c catalogueJSON
	if err := json.Unmarshal(builtinJSON, &c); err != nil {
		panic("mcsb: the embedded catalogue is broken: " + err.Error()) // a build defect, caught by the tests
	}
	return &Catalogue{File: c.Source, Controls: c.Controls}
})

// Builtin returns the benchmark's control catalogue that demarc ships.
func Builtin() *Catalogue { return builtin() }

// Crosswalk returns the MCSB controls that map to control id of framework
// (nist-800-53 SI-2 → ES-1, ES-2, PV-6, …), sorted.
func (c *Catalogue) Crosswalk(framework, id string) []string {
	var out []string
	for _, ctl := range c.Controls {
		for _, x := range ctl.Frameworks {
			if x.Framework != framework {
				continue
			}
			for _, v := range x.IDs {
				if v == id {
					out = append(out, ctl.ID)
				}
			}
		}
	}
	return out
}
