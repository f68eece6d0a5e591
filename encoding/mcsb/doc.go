// Package mcsb reads the Microsoft cloud security benchmark: the per-service
// security baseline workbooks of the v3 format ("Azure Offer Security
// Baselines/3.0" in MicrosoftDocs/SecurityBenchmarks) and the control
// catalogue (Microsoft_cloud_security_benchmark_v1.xlsx) with its crosswalk
// to CIS, NIST SP 800-53 and PCI DSS.
//
// The reader finds sheets and columns by their names, not their positions,
// so extra columns, empty rows, merged cells and shared or inline strings
// are all read the same. Input is bounded (file size, inflated size, rows
// and columns); every error names the file, the sheet and the cell.
//
// The benchmark is published by Microsoft under the Creative Commons
// Attribution 4.0 International licence; anything derived from it carries
// Attribution.
package mcsb

// Attribution is the licence notice for data derived from the benchmark.
const Attribution = "Derived from the Microsoft cloud security benchmark " +
	"(https://github.com/MicrosoftDocs/SecurityBenchmarks), © Microsoft, " +
	"licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
