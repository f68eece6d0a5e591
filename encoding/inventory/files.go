package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"

	"github.com/demarc-dev/demarc/diag"
)

// ReadFiles reads inventory files and merges them into one inventory. With
// provider empty, each file's provider is told from its shape (Detect).
// Pages of one listing are simply several files. The files' bytes are not
// kept; SourcesFor reads those that diagnostics point into.
func ReadFiles(paths []string, provider string, lim Limits) (*Inventory, diag.Diagnostics) {
	inv := &Inventory{Sources: map[string][]byte{}}
	var ds diag.Diagnostics
	var lists [][]Account
	for _, path := range paths {
		var accts []Account
		var fds diag.Diagnostics
		if provider == "" {
			accts, fds = ReadDetected(path, lim)
		} else {
			accts, fds = ReadFile(path, provider, lim)
		}
		ds = append(ds, fds...)
		lists = append(lists, accts)
	}
	var mds diag.Diagnostics
	inv.Accounts, mds = Merge(lists...)
	return inv, append(ds, mds...)
}

// SourcesFor reads into inv.Sources the inventory files that ds point
// into, for their snippets.
func (inv *Inventory) SourcesFor(ds diag.Diagnostics, files []string, lim Limits) {
	want := map[string]bool{}
	for _, d := range ds {
		want[d.Subject.Filename] = true
		for _, rel := range d.Related {
			want[rel.Range.Filename] = true
		}
	}
	for _, f := range files {
		if _, done := inv.Sources[f]; want[f] && !done {
			if data, ok := ReadSource(f, lim); ok {
				inv.Sources[f] = data
			}
		}
	}
}

// detectPrefix is how much of a file Detect reads.
const detectPrefix = 1 << 20

// ReadDetected reads one file whose provider is told from its shape.
func ReadDetected(path string, lim Limits) ([]Account, diag.Diagnostics) {
	f, ds := openBounded(path, lim)
	if f == nil {
		return nil, ds
	}
	defer f.Close()
	head := make([]byte, detectPrefix)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		ds.Add(diag.UnreadableInput, diag.Range{Filename: path}, "cannot read inventory %s: %v", path, unwrap(err))
		return nil, ds
	}
	head = head[:n]
	p, ok := Detect(head)
	if !ok {
		ds.Add(diag.InvalidInventory, diag.Range{Filename: path, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}, "%s is not an inventory demarc knows", filepath.Base(path)).
			WithDetail("Give what `aws organizations list-accounts`, `az graph query`, `az account list` or `gcloud projects list --format=json` prints, or name the provider (demarc import tenants aws|azure|gcp).")
		return nil, ds
	}
	accts, rds := readStream(path, p, io.LimitReader(io.MultiReader(bytes.NewReader(head), f), lim.MaxFileSize+1), lim)
	return accts, append(ds, rds...)
}

// Detect tells which provider printed data, from its top-level key or the
// fields of its first record.
func Detect(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return "", false
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", false
			}
			key, _ := kt.(string)
			if p, ok := recordKeys[key]; ok {
				return p, true
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return "", false
			}
		}
	case json.Delim('['):
		var first map[string]json.RawMessage
		if !dec.More() || dec.Decode(&first) != nil {
			return "", false
		}
		switch has := func(k string) bool { _, ok := first[k]; return ok }; {
		case has("Id") || has("Arn"):
			return AWS, true
		case has("subscriptionId") || has("cloudName") || has("tenantId"):
			return Azure, true
		case has("projectId"):
			return GCP, true
		}
	}
	return "", false
}
