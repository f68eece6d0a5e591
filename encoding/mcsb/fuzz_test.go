package mcsb

import (
	"errors"
	"strings"
	"testing"
)

// FuzzReadBaseline feeds arbitrary bytes to the workbook reader: it must
// return a baseline or an *Error, never panic, within the limits.
func FuzzReadBaseline(f *testing.F) {
	f.Add(baselineBook(f, featureRows(), nil))
	f.Add([]byte("PK\x03\x04"))
	f.Add(append([]byte{}, oleMagic...))
	lim := DefaultLimits
	lim.MaxInflatedSize = 4 << 20
	lim.MaxRows = 500
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBaseline("fuzz.xlsx", data, lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, ft := range b.Features {
			if ft.Control != "" && !controlID.MatchString(ft.Control) {
				t.Fatalf("accepted control id %q", ft.Control)
			}
		}
	})
}

// FuzzFeatureRows fuzzes the row and cell parsing of the feature sheet:
// rows are lines, cells are tab-separated.
func FuzzFeatureRows(f *testing.F) {
	var seed []string
	for _, r := range featureRows() {
		seed = append(seed, strings.Join(r, "\t"))
	}
	f.Add(strings.Join(seed, "\n"))
	f.Add("ASB Control ID\tResponsibility\nNone\tShared\n\n nS-1 \t not  applicable ")
	f.Add("Responsibility\tASB Control ID\tFeature Supported\nMicrosoft\tDP-10\tNo Related Feature")
	f.Fuzz(func(t *testing.T, text string) {
		var g [][]string
		for _, line := range strings.Split(text, "\n") {
			g = append(g, strings.Split(line, "\t"))
		}
		fs, err := parseFeatures("fuzz.xlsx", SheetFeatures, g)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Sheet != SheetFeatures {
				t.Fatalf("error %#v", err)
			}
			return
		}
		for _, ft := range fs {
			if ft.Control != "" && !controlID.MatchString(ft.Control) {
				t.Fatalf("accepted control id %q", ft.Control)
			}
			if _, ok := parseResponsibility(string(ft.Responsibility)); !ok && ft.Responsibility != Microsoft && ft.Responsibility != NotApplicable {
				t.Fatalf("responsibility %q", ft.Responsibility)
			}
			if ft.Row < 1 || ft.Row > len(g) {
				t.Fatalf("row %d of %d", ft.Row, len(g))
			}
		}
		for _, id := range crosswalkIDs(text) {
			if id == "" || strings.ContainsAny(id, " \n\t") {
				t.Fatalf("crosswalk id %q", id)
			}
		}
	})
}
